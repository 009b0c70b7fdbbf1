// The `shown` record is written after the prompt is painted (the frame that laid it out, and the next one begun), never on the way to its first frame:
// the write must not compete with the paint a visitor waits for.
import { describe, expect, it } from 'vitest';
import { useChromium } from './fixture';
import { openHostPage, useCountingServer, waitFor } from './hostPage';

const fixture = useChromium();
const counting = useCountingServer(fixture, { settleMs: 0 });

/**
 * Page code that runs before hark.min.js: notes every animation frame and the
 * first one that finds the prompt laid out.
 */
const WATCH = `
window.__frames = []; window.__visibleAt = null; window.__shownAt = null;
const tick = () => {
  window.__frames.push(performance.now());
  const dialog = document.querySelector('hark-root')?.shadowRoot?.querySelector('[role=dialog]');
  if (window.__visibleAt === null && dialog && dialog.getBoundingClientRect().height > 0) window.__visibleAt = performance.now();
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);`;

type Watched = { __frames: number[]; __visibleAt: number | null; __shownAt: number | null };

describe('the shown record', () => {
  it('is written after the frame that first painted the prompt', async () => {
    const context = await counting.newContext();
    const { page, pageErrors } = await openHostPage(context, counting.server, { before: WATCH });
    // Core tells 'shown' listeners as it writes the record.
    await page.evaluate(() => {
      const w = window as unknown as Watched & { hark: { on(event: string, fn: () => void): void; track(event: string): void } };
      w.hark.on('shown', () => (w.__shownAt ??= performance.now()));
      w.hark.track('done');
    });
    await page.getByRole('dialog').filter({ has: page.getByRole('radiogroup') }).waitFor();
    await waitFor(() => page.evaluate(() => (window as unknown as Watched).__shownAt !== null), 'the shown record');
    const { frames, visibleAt, shownAt } = await page.evaluate(() => {
      const w = window as unknown as Watched;
      return { frames: w.__frames, visibleAt: w.__visibleAt!, shownAt: w.__shownAt! };
    });
    expect(shownAt).toBeGreaterThan(visibleAt);
    // At least one more frame began between the one that laid the prompt out (and painted it) and the write.
    expect(frames.filter((at) => at > visibleAt && at < shownAt).length).toBeGreaterThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  });
});
