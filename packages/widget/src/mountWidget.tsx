import type { HarkClient } from '@hark/core';
import { render } from 'preact';
import { Prompt } from './Prompt';
import { EN, type WidgetStrings } from './strings';
import { STYLES } from './styles.css';
import { useClientState } from './useClientState';

/** Options for `mountWidget`. Position and theme default to the client's config. */
export interface WidgetOptions {
  /** Render inline inside this element instead of floating over the page. */
  readonly container?: Element;
  /** Override any of the built-in strings. */
  readonly strings?: Partial<WidgetStrings>;
  /** A CSP nonce for the `<style>` fallback where constructable stylesheets are missing. */
  readonly nonce?: string;
}

function Root({ client, strings, position }: { client: HarkClient; strings: WidgetStrings; position: string }) {
  const state = useClientState(client);
  const prompt = state.activePrompt;
  return (
    <>
      {prompt && <Prompt key={prompt.shownAt + prompt.survey.id} client={client} prompt={prompt} strings={strings} position={position} />}
      <div class="sr-only" aria-live="polite">
        {prompt ? (prompt.phase === 'thanks' ? prompt.survey.thankYou ?? strings.thankYou : `${strings.announce}: ${prompt.question}`) : ''}
      </div>
    </>
  );
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

/**
 * Renders the client's prompts into an open shadow root of one host element
 * (appended to `document.body`, or inside `options.container`). Returns the
 * cleanup, which removes the element.
 */
export function mountWidget(client: HarkClient, options: WidgetOptions = {}): () => void {
  const doc = options.container?.ownerDocument ?? document;
  const host = doc.createElement('hark-root');
  host.setAttribute('data-hark', '');
  for (const [name, value] of Object.entries(client.config.theme ?? {})) {
    host.style.setProperty(name.startsWith('--') ? name : `--hark-${name}`, value);
  }
  (options.container ?? doc.body).appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  applyStyles(shadow, options.nonce);
  const mountPoint = doc.createElement('div');
  shadow.appendChild(mountPoint);
  const strings = { ...EN, ...options.strings };
  const position = options.container ? 'inline' : (client.config.position ?? 'bottom-right');
  render(<Root client={client} strings={strings} position={position} />, mountPoint);
  return () => {
    render(null, mountPoint);
    host.remove();
  };
}
