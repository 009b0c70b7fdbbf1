// The collector closes the loop, driven in Chromium against the demo: a detractor answered in the
// example app reaches the example webhook receiver signed, even though the receiver was down for a
// while, exactly once; it waits in the inbox, is marked contacted, and the results show it. The
// results show NPS with its interval and a breakdown by plan; the survey's question is changed on the
// admin page, previewed with the real widget, and the next page load of the app asks the new one.
// Every new page passes axe-core in light and dark, at 390 and 1280 px (screenshots in tests/artifacts).
import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { categorize, type WireRecord } from '@hark/core/schema';
import { openSqlite } from '@hark/collector';
import { startReceiver, until, type WebhookReceiver } from './demo';
import { ARTIFACTS, useChromiumDemo } from './fixture';
import { axeViolations } from './widget-page';

declare const hark: { explain(surveyId: string): { status: string } | null };

const fixture = useChromiumDemo();
const contexts: BrowserContext[] = [];
let receiver: WebhookReceiver | null = null;
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
  await receiver?.close();
});

async function newPage(options: { bypassCSP?: boolean; width?: number } = {}): Promise<Page> {
  const context = await fixture.browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, bypassCSP: options.bypassCSP ?? false });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

async function signIn(page: Page, name = 'Ada'): Promise<void> {
  await page.goto(`${fixture.demo.collector.url}/login`);
  await page.getByLabel('Password').fill(fixture.demo.adminPassword);
  await page.getByLabel(/Your name/).fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${fixture.demo.collector.url}/`);
}

/** The demo database's webhook events, read straight from SQLite. */
function alertRows(): Array<{ event_id: string; status: string; attempts: number; last_error: string | null }> {
  const db = new Database(fixture.demo.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT event_id, status, attempts, last_error FROM alert_events').all() as never;
  } finally {
    db.close();
  }
}

async function answerCheckout(page: Page, question: string, score: string, comment: string): Promise<void> {
  await page.goto(fixture.demo.exampleUrl);
  await page.getByRole('button', { name: 'Complete checkout' }).click();
  const dialog = page.getByRole('dialog', { name: question });
  await dialog.getByRole('radio', { name: score }).click();
  await dialog.getByRole('textbox').fill(comment);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor();
}

describe('closing the loop in Chromium', () => {
  it('a detractor’s answer reaches the receiver signed once, though it was down a while, then is marked contacted in the inbox', { timeout: 150_000 }, async () => {
    const port = fixture.demo.receiver.port;
    await fixture.demo.receiver.close();
    const page = await newPage();
    await answerCheckout(page, 'How likely are you to recommend Acme to a friend or colleague?', '3', 'The card form rejected my card');

    // Down: the collector keeps the event and tries again with backoff.
    const failing = await until(alertRows, (rows) => rows.length === 1 && rows[0]!.attempts >= 2, 30_000);
    expect(failing[0]).toMatchObject({ status: 'pending' });
    expect(failing[0]!.last_error).toMatch(/ECONNREFUSED/);

    // Up again (the same address): the next try delivers it, once.
    receiver = await startReceiver(port, fixture.demo.webhookSecret);
    await until(() => receiver!.events.length, (count) => count === 1, 30_000);
    await until(alertRows, (rows) => rows[0]!.status === 'delivered', 15_000);
    const [event] = receiver.events;
    expect(event!.rules).toEqual(['low']);
    expect(event!.record).toMatchObject({ surveyId: 'checkout-nps', score: 3, category: 'detractor', comment: 'The card form rejected my card', userId: 'demo-user' });
    // One request reached it: signed, with the event's id, a later attempt than those that failed.
    expect(receiver.requests).toEqual([{ id: event!.id, signed: true, attempt: expect.any(Number) }]);
    expect(receiver.requests[0]!.attempt).toBeGreaterThan(failing[0]!.attempts);
    expect(event!.link).toBe(`${fixture.demo.collector.url}/inbox/${event!.record.id as string}`);

    // The link leads (after signing in) to the answer; the inbox lists it as new.
    await signIn(page, 'Grace');
    await page.goto(`${fixture.demo.collector.url}/inbox`);
    const item = page.getByRole('list', { name: 'Answers to follow up' }).getByRole('listitem').filter({ hasText: 'The card form rejected my card' });
    await expect.poll(() => item.getByRole('heading').innerText()).toBe('NPS 3 on checkout-nps New');
    expect(await item.innerText()).toContain('plan: pro');
    await page.screenshot({ path: `${ARTIFACTS}/collector-inbox.png`, fullPage: true });

    // Keyboard only: Tab to "Mark contacted" and press Enter.
    const button = item.getByRole('button', { name: /^Mark contacted/ });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/inbox/);
    await expect.poll(() => page.getByRole('list', { name: 'Answers to follow up' }).getByRole('heading').first().innerText()).toBe('NPS 3 on checkout-nps Contacted');

    // The results count it: one detractor, contacted.
    await page.goto(`${fixture.demo.collector.url}/?survey=checkout-nps`);
    const loop = page.getByRole('region', { name: /^checkout-nps NPS/ }).locator('div', { has: page.getByRole('term').filter({ hasText: 'Close the loop' }) }).getByRole('definition');
    expect(await loop.innerText()).toMatch(/^100%\s+1 of 1 detractor contacted$/);
  });

  it('shows NPS with its 95% interval, and breaks it down by plan', async () => {
    // Earlier weeks of answers, as an import would store them.
    const store = openSqlite(fixture.demo.dbPath);
    const now = Date.now();
    const records = Array.from({ length: 24 }, (_, i) => {
      const score = [10, 9, 9, 8, 7, 3, 10, 6, 9, 10, 2, 9][i % 12]!;
      return {
        id: `01a20e35-c721-73ca-8e6e-${(0xa000 + i).toString(16).padStart(12, '0')}`, type: 'response', surveyId: 'checkout-nps', kind: 'nps', score, scale: { min: 0, max: 10 },
        category: categorize('nps', score), question: 'How likely?', anonymousId: `a_${i}`, attributes: { plan: i % 3 ? 'pro' : 'free' }, trigger: { event: 'checkout_completed' },
        createdAt: new Date(now - (1 + (i % 4)) * 7 * 86_400_000).toISOString(),
      };
    }) as WireRecord[];
    expect(await store.insert(records, { receivedAt: (record) => new Date(record.createdAt) })).toBe(24);
    await store.close();

    const page = await newPage();
    await signIn(page);
    await page.goto(`${fixture.demo.collector.url}/?survey=checkout-nps`);
    const section = page.getByRole('region', { name: /^checkout-nps NPS/ });
    expect(await section.getByRole('definition').first().innerText()).toMatch(/^−?\d+\s+95% interval −?\d+ to −?\d+\s+\d+ promoters/);
    await section.getByRole('combobox', { name: 'Break down by' }).selectOption({ label: 'plan (attribute)' });
    await section.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/by=attr%3Aplan/);
    const table = page.getByRole('region', { name: /^checkout-nps NPS/ }).getByRole('table', { name: /NPS by plan/ });
    const rows = await table.getByRole('row').allInnerTexts();
    expect(rows.slice(1).map((row) => row.split('\t')[0])).toEqual(['pro', 'free']);
    expect(rows[1]).toMatch(/^pro\t17\t/);
    await page.getByRole('img', { name: 'checkout-nps: NPS by plan (attribute), with 95% intervals' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/collector-breakdown.png`, fullPage: true });
  });

  it('changes the question on the admin page, previews it with the real widget, and the next page load asks it', async () => {
    // A visitor's app has loaded the surveys (and cached them, with their ETag) before the change.
    const app = await newPage();
    await app.goto(fixture.demo.exampleUrl);
    await expect.poll(() => app.evaluate(() => hark.explain('checkout-nps')?.status)).not.toBe('held');
    const admin = await newPage();
    await signIn(admin, 'Ada');
    await admin.goto(`${fixture.demo.collector.url}/surveys`);
    await admin.getByRole('link', { name: 'checkout-nps' }).click();
    const question = admin.getByLabel(/^Question/);
    await question.fill('What is one thing we could do better?');
    await admin.getByRole('button', { name: 'Preview', exact: true }).click();
    // The draft, drawn by the SDK's own widget inside the preview frame; nothing saved yet.
    const preview = admin.frameLocator('iframe[title="Preview of the prompt"]');
    await preview.getByText('What is one thing we could do better?').first().waitFor();
    expect(await preview.getByRole('radio').count()).toBe(11);
    await admin.screenshot({ path: `${ARTIFACTS}/collector-survey-editor.png`, fullPage: true });
    await admin.getByRole('button', { name: 'Save as version 2' }).click();
    await admin.waitForURL(/saved=2/);
    expect(await admin.getByRole('status').innerText()).toMatch(/Saved as version 2/);
    expect(await admin.getByRole('table', { name: 'Versions' }).getByRole('row').nth(1).innerText()).toMatch(/^2\tAda\t/);

    // The app's next page load asks the new question.
    await app.reload();
    await app.getByRole('button', { name: 'Complete checkout' }).click();
    await app.getByRole('dialog', { name: 'What is one thing we could do better?' }).waitFor();
  });

  it('every new page passes axe-core in light and dark, on a phone and a desktop', { timeout: 240_000 }, async () => {
    for (const width of [390, 1280]) {
      const page = await newPage({ bypassCSP: true, width });
      await signIn(page);
      const db = new Database(fixture.demo.dbPath, { readonly: true });
      const { id } = db.prepare('SELECT record_id AS id FROM followups LIMIT 1').get() as { id: string };
      db.close();
      const pages: Array<[string, string]> = [
        ['results', '/?survey=checkout-nps&by=attr%3Aplan'],
        ['results-month', '/?trend=month'],
        ['inbox', '/inbox'],
        ['inbox-item', `/inbox/${id}`],
        ['surveys', '/surveys'],
        ['survey-editor', '/surveys/checkout-nps'],
        ['survey-new', '/surveys/new'],
        ['webhooks', '/webhooks'],
        ['preview', '/surveys/checkout-nps/preview'],
        ['login', '/login'],
      ];
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const [name, path] of pages) {
          await page.goto(`${fixture.demo.collector.url}${path}`);
          if (name === 'preview' || name === 'survey-editor') await page.waitForLoadState('load');
          // The preview draws the prompt with the real widget, which loads after the page: judge it once it is there.
          if (name === 'preview') await page.getByRole('radio').first().waitFor();
          expect(await axeViolations(page), `${name} at ${width} px, ${scheme}`).toEqual([]);
          await page.screenshot({ path: `${ARTIFACTS}/collector-${name}-${width}-${scheme}.png`, fullPage: true });
        }
      }
      // The editor showing a problem next to its field.
      await page.goto(`${fixture.demo.collector.url}/surveys/checkout-nps`);
      await page.getByLabel(/^Display/).selectOption('stars');
      await page.getByRole('button', { name: /^Save as version/ }).click();
      await page.getByRole('alert').waitFor();
      expect(await axeViolations(page), `editor with a problem at ${width} px`).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}/collector-survey-editor-problem-${width}.png`, fullPage: true });
    }
  });
});
