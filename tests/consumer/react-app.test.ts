import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium';
import { startTestDemo, storedRows, until, type Demo } from '../browser/demo';
import { consumerApp, run, serveDir, type ConsumerApp } from './consumerApp';
import { openPage, untilDelivered } from './pages';

// examples/react-app as a user has it: copied out of the repository, @hark/react installed from its
// packed tarball, built by the app's own Vite, and served as static files.
let app: ConsumerApp | undefined;
let site: Awaited<ReturnType<typeof serveDir>> | undefined;
let demo: Demo | undefined;
let browser: Browser | undefined;
let buildOutput = '';

beforeAll(async () => {
  app = consumerApp('examples/react-app');
  buildOutput = await run(join(app.dir, 'node_modules/.bin/vite'), ['build'], { cwd: app.dir });
  site = await serveDir(join(app.dir, 'dist'));
  demo = await startTestDemo();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await site?.close();
  app?.remove();
});

const rowsFor = (surveyId: string, type = 'response') => storedRows(demo!.dbPath).filter((row) => row.survey_id === surveyId && row.type === type);

describe('the React example app (Vite), installed from the packed tarballs', () => {
  it('builds with the app’s own Vite and @vitejs/plugin-react, without a warning', async () => {
    // The config sets logLevel 'warn': anything printed is a warning or an error.
    expect(buildOutput.trim()).toBe('');
    expect(readFileSync(join(app!.dir, 'dist/index.html'), 'utf8')).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js">/);
  });

  it('prompts after an in-app action and shows an inline survey on the settings page; both answers reach the collector once', async () => {
    const { page, context, errors } = await openPage(browser!);
    await page.goto(`${site!.url}/?endpoint=${encodeURIComponent(demo!.collector.endpoint)}`);

    await page.getByRole('status').filter({ hasText: 'Hark: ready, no prompt on screen' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Export report' }).click();

    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme Reports to a colleague?' });
    await dialog.waitFor();
    await page.getByRole('status').filter({ hasText: 'showing “export-nps” (asking)' }).waitFor();
    await dialog.getByRole('radio', { name: '8' }).click();
    await dialog.getByRole('textbox', { name: 'What would make it a 10?' }).fill('PDF export');
    await page.screenshot({ path: 'tests/artifacts/consumer-react-prompt.png' });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();

    const [nps] = await until(() => rowsFor('export-nps'), (rows) => rows.length > 0);
    expect(nps).toMatchObject({ score: 8, comment: 'PDF export' });
    expect(JSON.parse(nps!.json)).toMatchObject({ category: 'passive', userId: 'react-demo-user', attributes: { plan: 'team' }, trigger: { event: 'report_exported' } });

    // The settings page's <Survey inline /> renders inside the page once the floating prompt has closed.
    await page.getByRole('button', { name: 'Settings' }).click();
    const inline = page.locator('.inline-survey').getByRole('dialog', { name: 'How satisfied are you with the settings page?' });
    await inline.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: 'tests/artifacts/consumer-react-inline.png', fullPage: true });
    await inline.getByRole('radio', { name: '5' }).click();
    await inline.getByRole('button', { name: 'Send' }).click();
    await page.locator('.inline-survey').getByText('Thanks, that helps us improve settings.').first().waitFor();

    const [csat] = await until(() => rowsFor('settings-csat'), (rows) => rows.length > 0);
    expect(csat).toMatchObject({ score: 5 });
    expect(JSON.parse(csat!.json)).toMatchObject({ kind: 'csat', category: 'high', scale: { min: 1, max: 5 } });
    // StrictMode in the app: still one client, so one "shown" per survey and one response each.
    await untilDelivered(page);
    expect(rowsFor('export-nps', 'shown')).toHaveLength(1);
    expect(rowsFor('settings-csat', 'shown')).toHaveLength(1);
    expect(rowsFor('export-nps')).toHaveLength(1);
    expect(rowsFor('settings-csat')).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
