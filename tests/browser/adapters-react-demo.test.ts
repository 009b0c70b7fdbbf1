import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { useChromiumDemo } from './fixture';

// `npm start` builds examples/react-app against the workspace packages (`npm run build:examples`), so the
// demo needs no install of its own; tests/consumer/react-app.test.ts drives the same app installed from the
// packed tarballs. Registered before the fixture so that the build runs before Chromium and the demo start.
beforeAll(async () => {
  await build({ configFile: 'examples/react-app/vite.config.ts', logLevel: 'silent' });
}, 120_000);
const fixture = useChromiumDemo();

describe('the React example as `npm start` serves it', () => {
  it('builds from the workspace packages and starts Hark at /react/', async () => {
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${fixture.demo.pageUrl}/react/?endpoint=${encodeURIComponent(fixture.demo.collector.endpoint)}`);
    await page.getByRole('status').filter({ hasText: 'Hark: ready, no prompt on screen' }).waitFor();
    await page.getByRole('button', { name: 'Export report' }).click();
    await page.getByRole('dialog', { name: 'How likely are you to recommend Acme Reports to a colleague?' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
