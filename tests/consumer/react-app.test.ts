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

  it('the floating NPS prompt shows while an inline survey is on the page; both answers reach the collector once; the inline one stays answered after a reload', async () => {
    const { page, context, errors } = await openPage(browser!);
    const failedPosts: string[] = [];
    // A POST whose response is cancelled shows as net::ERR_ABORTED: none may.
    page.on('requestfailed', (request) => request.method() === 'POST' && failedPosts.push(`${request.url()} ${request.failure()?.errorText}`));
    await page.goto(`${site!.url}/?endpoint=${encodeURIComponent(demo!.collector.endpoint)}`);

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
    await page.screenshot({ path: 'tests/artifacts/consumer-react-prompt.png' });
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
    await page.screenshot({ path: 'tests/artifacts/consumer-react-inline.png', fullPage: true });
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
    await page.screenshot({ path: 'tests/artifacts/consumer-react-answered-after-reload.png', fullPage: true });

    // StrictMode, remounts and a reload: one "shown" per survey and one response each.
    await untilDelivered(page);
    for (const survey of ['export-nps', 'report-csat', 'settings-csat']) {
      expect(rowsFor(survey, 'shown'), survey).toHaveLength(1);
      expect(rowsFor(survey), survey).toHaveLength(1);
    }
    expect(errors).toEqual([]);
    expect(failedPosts).toEqual([]);
    await context.close();
  });
});
