import type { HarkClient, HarkError } from '@hark/core';
import { render } from 'preact';
import type { LoadLocale } from './i18n/importLocale.js';
import { localeStrings } from './i18n/localeStrings.js';
import type { WidgetStrings } from './i18n/strings.js';
import { STYLES } from './styles.css.js';
import { WidgetRoot, type SelectPrompt } from './WidgetRoot.js';

/** Options for `mountWidget`. Position and theme default to the client's config. */
export interface WidgetOptions {
  /** Render inline inside this element instead of floating over the page (placement `inline`). */
  readonly container?: Element;
  /** Override built-in strings for every survey (a survey's own `strings` win over these). */
  readonly strings?: Partial<WidgetStrings>;
  /** A CSP nonce for the `<style>` fallback where constructable stylesheets are missing. */
  readonly nonce?: string;
  /** `light` or `dark`. Default: follow `prefers-color-scheme`. */
  readonly scheme?: 'light' | 'dark' | 'auto';
  /**
   * Fetches the strings of a built-in language other than English, once per
   * language, when the client's locale needs it. Default (`@hark/widget/ui`'s
   * `mountSurfaces`): `importLocale`, a dynamic `import()` that a bundler
   * splits into one small chunk per language.
   */
  readonly loadLocale?: LoadLocale;
  /**
   * Told when something the widget needs cannot be loaded (a language's
   * strings: the prompt is then shown in English). Default: `console.error`.
   */
  readonly onError?: (error: HarkError) => void;
}

/** Widget options with the way another language's strings are fetched chosen: what an entry passes. */
export type SurfaceOptions = WidgetOptions & { readonly loadLocale: LoadLocale };

/** The `localeStrings` for these options: what `renderSurfaces` shares between its surfaces. */
export function stringsLoader(options: SurfaceOptions): (lang: string) => Promise<WidgetStrings> {
  return localeStrings(options.loadLocale, options.onError ?? ((error) => console.error(error)));
}

function applyStyles(shadow: ShadowRoot, nonce: string | undefined) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    shadow.adoptedStyleSheets = [sheet];
    return;
  } catch {
    // Older engines: fall back to a <style> element, which a strict CSP allows only with a nonce.
  }
  const style = shadow.ownerDocument.createElement('style');
  if (nonce) style.setAttribute('nonce', nonce);
  style.textContent = STYLES;
  shadow.appendChild(style);
}

/** The topmost open modal `<dialog>` of the page, if any. */
function topModal(doc: Document): Element | null {
  try {
    const modals = doc.querySelectorAll('dialog:modal');
    return modals[modals.length - 1] ?? null;
  } catch {
    // Engines without `:modal` have no top-layer modals to escape either.
    return null;
  }
}

/**
 * A host modal dialog makes everything outside it inert, top layer included.
 * So while one is open, the floating host lives inside it (and its popover is
 * shown again, which also puts it above the dialog); afterwards, back in body.
 */
function followHostModals(doc: Document, host: HTMLElement, shadow: ShadowRoot): () => void {
  const place = () => {
    const target = topModal(doc) ?? doc.body;
    if (host.parentElement === target) return;
    target.appendChild(host);
    for (const el of shadow.querySelectorAll<HTMLElement>('[popover]')) {
      try {
        el.showPopover();
      } catch {
        // Already open: nothing to do.
      }
    }
  };
  const observer = new MutationObserver(place);
  observer.observe(doc.documentElement, { subtree: true, attributes: true, attributeFilter: ['open'] });
  place();
  return () => observer.disconnect();
}

const floating: SelectPrompt = (state) => state.activePrompt;

/**
 * `mountWidget` with the strings loader given, so several surfaces fetch (and
 * report) each language once, and `select` naming the prompt this surface
 * renders (default: the floating one).
 */
export function renderWidget(
  client: HarkClient,
  options: WidgetOptions,
  loadStrings: (lang: string) => Promise<WidgetStrings>,
  select: SelectPrompt = floating,
): () => void {
  const doc = options.container?.ownerDocument ?? document;
  const host = doc.createElement('hark-root');
  host.setAttribute('data-hark', '');
  // Set through CSSOM, which a strict style-src allows (a style attribute in markup it would not).
  for (const [name, value] of Object.entries(client.config.theme ?? {})) {
    host.style.setProperty(name.startsWith('--') ? name : `--hark-${name}`, value);
  }
  (options.container ?? doc.body).appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  applyStyles(shadow, options.nonce);
  const mountPoint = doc.createElement('div');
  shadow.appendChild(mountPoint);
  const position = options.container ? 'inline' : (client.config.position ?? 'bottom-right');
  const scheme = options.scheme === 'light' || options.scheme === 'dark' ? options.scheme : undefined;
  render(<WidgetRoot client={client} select={select} appStrings={options.strings ?? {}} position={position} scheme={scheme} loadStrings={loadStrings} />, mountPoint);
  const stopFollowing = options.container ? () => undefined : followHostModals(doc, host, shadow);
  return () => {
    stopFollowing();
    render(null, mountPoint);
    host.remove();
  };
}
