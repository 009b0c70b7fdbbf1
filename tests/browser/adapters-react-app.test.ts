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
  it('the floating NPS prompt shows while an inline survey is on the page; both answers reach the collector once; the inline one stays answered after a reload', async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const failedPosts: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    // A POST whose response is cancelled shows as net::ERR_ABORTED: none may.
    page.on('requestfailed', (request) => request.method() === 'POST' && failedPosts.push(`${request.url()} ${request.failure()?.errorText}`));
    const url = `${fixture.demo.pageUrl}/react/?endpoint=${encodeURIComponent(fixture.demo.collector.endpoint)}`;
    await page.goto(url);

    // The Reports page: an inline survey in the page, asking from the start, taking no focus.
    await page.getByRole('status').filter({ hasText: 'Hark: ready, no prompt on screen' }).waitFor();
    const report = page.locator('.inline-survey').getByRole('dialog', { name: 'How useful is this report?' });
    await report.waitFor();
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

    // The README's example: the event-triggered NPS prompt floats while the inline survey is on the page.
    await page.getByRole('button', { name: 'Export report' }).click();
    const dialog = page.locator('hark-root').last().getByRole('dialog', { name: 'How likely are you to recommend Acme Reports to a colleague?' });
    await dialog.waitFor();
    await page.getByRole('status').filter({ hasText: 'showing “export-nps” (asking)' }).waitFor();
    expect(await report.isVisible()).toBe(true);
    await dialog.getByRole('radio', { name: '8' }).click();
    await dialog.getByRole('textbox', { name: 'What would make it a 10?' }).fill('PDF export');
    await page.screenshot({ path: 'tests/artifacts/adapters-react-prompt.png' });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();

    const [nps] = await until(() => rowsFor('export-nps'), (rows) => rows.length > 0);
    expect(nps).toMatchObject({ score: 8, comment: 'PDF export' });
    expect(JSON.parse(nps!.json)).toMatchObject({ category: 'passive', userId: 'react-demo-user', attributes: { plan: 'team' }, trigger: { event: 'report_exported' } });

    // The inline survey, answered: its thank-you stays in the page.
    await report.getByRole('radio', { name: '4' }).click();
    await report.getByRole('button', { name: 'Send' }).click();
    const reportThanks = page.locator('.inline-survey').getByRole('dialog', { name: 'Thanks! Your answer shapes our next reports.' });
    await reportThanks.waitFor();
    await until(() => rowsFor('report-csat'), (rows) => rows.length > 0);

    // The settings page's <Survey inline /> asks inside the page.
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

    // Back to Reports (a remount), then a reload: answered, it shows its thank-you and asks nothing.
    await page.getByRole('button', { name: 'Reports' }).click();
    await reportThanks.waitFor();
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Hark: ready' }).waitFor();
    await reportThanks.waitFor();
    expect(await page.locator('.inline-survey').getByRole('radio').count()).toBe(0);
    await page.screenshot({ path: 'tests/artifacts/adapters-react-answered-after-reload.png', fullPage: true });

    // StrictMode, remounts and a reload: one "shown" per survey and one response each.
    await page.waitForTimeout(500);
    for (const survey of ['export-nps', 'report-csat', 'settings-csat']) {
      expect(rowsFor(survey, 'shown'), survey).toHaveLength(1);
      expect(rowsFor(survey), survey).toHaveLength(1);
    }
    expect(errors).toEqual([]);
    expect(failedPosts).toEqual([]);
    await context.close();
  });
});
