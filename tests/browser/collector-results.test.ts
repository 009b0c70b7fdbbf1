import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WireRecord } from '@hark/core';
import { categorize } from '@hark/core/schema';
import { openSqlite } from '@hark/collector';
import { storedRows, until } from './demo';
import { useChromiumDemo } from './fixture';

const fixture = useChromiumDemo();

const WEEK = 7 * 86_400_000;
let n = 0;
const id = () => `01a20e35-c721-73ca-8e6e-${(++n).toString(16).padStart(12, '0')}`;

/** Four earlier weeks of answers, so the page has a history to chart (received, as far as reports go, when they were made). */
function history() {
  const now = Date.now();
  const weeks: Array<[number, number[]]> = [
    [4, [9, 10, 6, 8]],
    [3, [7, 9, 3]],
    [2, [10, 10, 9, 5]],
    [1, [8, 2, 9]],
  ];
  const comments: Record<number, string> = { 3: 'Shipping options were confusing', 8: 'Pretty smooth overall' };
  const records: unknown[] = [];
  for (const [ago, scores] of weeks) {
    scores.forEach((score, i) => {
      const createdAt = new Date(now - ago * WEEK + i * 3_600_000).toISOString();
      records.push({
        id: id(), type: 'response', surveyId: 'checkout-nps', kind: 'nps', score, scale: { min: 0, max: 10 }, category: categorize('nps', score),
        question: 'How likely are you to recommend Acme to a friend or colleague?', anonymousId: `a_${ago}_${i}`, createdAt,
        ...(comments[score] ? { comment: comments[score] } : {}),
      });
    });
  }
  // 19 earlier prompts shown; the person's own prompt makes 20.
  for (let i = 0; i < 19; i++) records.push({ id: id(), type: 'shown', surveyId: 'checkout-nps', kind: 'nps', anonymousId: `a_${i}`, createdAt: new Date(now - 4 * WEEK + i * 3_600_000).toISOString() });
  return records as WireRecord[];
}

describe('collector results page in Chromium', () => {
  it('shows a person their answer: the score, the charts and their comment; filters; exports CSV', async () => {
    // Reports go by receive time, so earlier weeks can only come from the store itself, as an import would.
    const store = openSqlite(fixture.demo.dbPath);
    expect(await store.insert(history(), { receivedAt: (record) => new Date(record.createdAt) })).toBe(33);
    await store.close();

    const context = await fixture.browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // A person answers the prompt in the example app.
    await page.goto(fixture.demo.exampleUrl);
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Acme to a friend or colleague?' });
    await dialog.getByRole('radio', { name: '10' }).click();
    await dialog.getByRole('textbox').fill('Loved the one-click checkout');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await until(() => storedRows(fixture.demo.dbPath), (rows) => rows.some((row) => row.comment === 'Loved the one-click checkout'));

    // …then opens the results page: a stranger (this browser, not signed in) is sent to sign in first.
    await page.goto(`${fixture.demo.collector.url}/`);
    await page.waitForURL(/\/login\?next=/);
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').innerText()).toBe('Wrong password.');
    await page.screenshot({ path: 'tests/artifacts/collector-login.png' });
    await page.getByLabel('Password').fill(fixture.demo.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${fixture.demo.collector.url}/`);
    const survey = page.getByRole('region', { name: /^checkout-nps NPS/ });
    // 15 answers: 8 promoters, 3 passives, 4 detractors → (8 − 4) / 15 = 26.7; 15 of 20 shown prompts answered.
    const nps = survey.getByRole('definition').first();
    expect(await nps.innerText()).toMatch(/^27\s+95% interval −\d+ to \d+\s+8 promoters · 3 passives · 4 detractors$/);
    const rate = survey.locator('div', { has: page.getByRole('term').filter({ hasText: 'Response rate' }) }).getByRole('definition');
    expect(await rate.innerText()).toMatch(/^75%\s+answered \/ shown$/);
    const bars = survey.getByRole('img', { name: 'checkout-nps: how many answered each score' });
    const line = survey.getByRole('img', { name: 'checkout-nps: NPS by week' });
    expect((await bars.boundingBox())!.height).toBeGreaterThan(150);
    expect(await bars.locator('rect').count()).toBe(11);
    expect(await line.locator('circle').count()).toBeGreaterThanOrEqual(5);
    const comments = survey.getByRole('table', { name: 'Latest comments on checkout-nps' });
    const newest = comments.getByRole('row').nth(1);
    expect(await newest.getByRole('cell').nth(0).innerText()).toBe('10');
    expect(await newest.getByRole('cell').nth(1).innerText()).toBe('Loved the one-click checkout');
    await page.screenshot({ path: 'tests/artifacts/collector-results.png', fullPage: true });

    // Filter to today: only the person's own answer is left.
    const today = new Date().toISOString().slice(0, 10);
    await page.getByRole('combobox', { name: 'Survey' }).fill('checkout-nps');
    await page.getByLabel('From').fill(today);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/from=/);
    expect(new URL(page.url()).searchParams.get('survey')).toBe('checkout-nps');
    expect(await page.getByRole('region', { name: /checkout-nps/ }).getByRole('definition').first().innerText()).toMatch(/^100\s+too few answers for an interval \(1 of 10\)\s+1 promoter · 0 passives · 0 detractors$/);
    await page.screenshot({ path: 'tests/artifacts/collector-results-filtered.png', fullPage: true });

    // CSV export of the same selection.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('hark-records-checkout-nps.csv');
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^id,type,surveyId,kind,score,/);
    expect(csv.filter((row) => row.includes(',response,'))).toEqual([expect.stringContaining(',Loved the one-click checkout,')]);

    // Signing out ends it: the page sends the browser back to sign in.
    await page.goto(`${fixture.demo.collector.url}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${fixture.demo.collector.url}/`);
    await page.waitForURL(/\/login\?next=/);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
