import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import type { Demo } from './demo';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What the prompt gallery (examples/script-tag/widget.html) can be set to. */
export interface GalleryOptions {
  readonly kind?: 'nps' | 'ces' | 'csat' | 'csat-stars' | 'csat-faces';
  readonly position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'center' | 'inline';
  readonly scheme?: 'auto' | 'light' | 'dark';
  readonly lang?: string;
}

/** The gallery page URL for these options, posting to the demo's collector. */
export function galleryUrl(demo: Demo, options: GalleryOptions = {}): string {
  const params = new URLSearchParams({ ...options, endpoint: demo.collector.endpoint });
  return `${demo.pageUrl}/widget.html?${params}`;
}

/** The prompt dialog inside Hark's host element (Playwright's role queries pierce open shadow roots). */
export function promptDialog(page: Page, name?: string): Locator {
  const root = page.locator('hark-root');
  return name === undefined ? root.getByRole('dialog') : root.getByRole('dialog', { name });
}

/** A description of what has focus, looking inside the widget's shadow root. */
export function focusedElement(page: Page): Promise<{ role: string | null; name: string; tag: string; inWidget: boolean }> {
  return page.evaluate(() => {
    const host = document.querySelector('hark-root');
    const inner = host?.shadowRoot?.activeElement ?? null;
    const el = (inner ?? document.activeElement) as HTMLElement | null;
    return {
      role: el?.getAttribute('role') ?? null,
      name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
      tag: el?.tagName ?? '',
      inWidget: inner !== null,
    };
  });
}

/** Runs axe-core (injected as a script, so it sees the open shadow root) and returns the violations. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string | null; targets: string[] }>> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    // Mid-fade, text is drawn at part opacity and fails contrast: judge the page as it settles
    // (finite animations and transitions only, shadow roots included).
    const settling = document.getAnimations().filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
    await Promise.all(settling.map((a) => a.finished.catch(() => undefined)));
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}
