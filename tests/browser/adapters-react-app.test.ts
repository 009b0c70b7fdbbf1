import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { storedRows, until } from './demo';
import { useChromiumDemo } from './fixture';

// Registered before the fixture so that, as before, the build (which the demo serves at /react/) runs before Chromium and the demo start.
beforeAll(async () => {
  // The example app as `npm start` serves it: a Vite production build of examples/react-app.
  await build({ configFile: 'examples/react-app/vite.config.ts', logLevel: 'silent' });
}, 120_000);
const fixture = useChromiumDemo();

const rowsFor = (surveyId: string, type = 'response') => storedRows(fixture.demo.dbPath).filter((row) => row.survey_id === surveyId && row.type === type);

describe('the React example app in Chromium', () => {
  it('prompts after an in-app action and shows an inline survey on the settings page; both answers reach the collector once', async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${fixture.demo.pageUrl}/react/?endpoint=${encodeURIComponent(fixture.demo.collector.endpoint)}`);

    await page.getByRole('status').filter({ hasText: 'Hark: ready, no prompt on screen' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Export report' }).click();

    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme Reports to a colleague?' });
    await dialog.waitFor();
    await page.getByRole('status').filter({ hasText: 'showing “export-nps” (asking)' }).waitFor();
    await dialog.getByRole('radio', { name: '8' }).click();
    await dialog.getByRole('textbox', { name: 'What would make it a 10?' }).fill('PDF export');
    await page.screenshot({ path: 'tests/artifacts/adapters-react-prompt.png' });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();

    const [nps] = await until(() => rowsFor('export-nps'), (rows) => rows.length > 0);
    expect(nps).toMatchObject({ score: 8, comment: 'PDF export' });
    expect(JSON.parse(nps!.json)).toMatchObject({ category: 'passive', userId: 'react-demo-user', attributes: { plan: 'team' }, trigger: { event: 'report_exported' } });

    // The settings page's <Survey inline /> renders inside the page once the floating prompt has closed.
    await page.getByRole('button', { name: 'Settings' }).click();
    const inline = page.locator('.inline-survey').getByRole('dialog', { name: 'How satisfied are you with the settings page?' });
    await inline.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: 'tests/artifacts/adapters-react-inline.png', fullPage: true });
    await inline.getByRole('radio', { name: '5' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    await page.locator('.inline-survey').getByText('Thanks, that helps us improve settings.').first().waitFor();

    const [csat] = await until(() => rowsFor('settings-csat'), (rows) => rows.length > 0);
    expect(csat).toMatchObject({ score: 5 });
    expect(JSON.parse(csat!.json)).toMatchObject({ kind: 'csat', category: 'high', scale: { min: 1, max: 5 } });
    // StrictMode in the app: still one client, so one "shown" per survey and one response each.
    expect(rowsFor('export-nps', 'shown')).toHaveLength(1);
    expect(rowsFor('settings-csat', 'shown')).toHaveLength(1);
    expect(rowsFor('export-nps')).toHaveLength(1);
    expect(rowsFor('settings-csat')).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
