import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { HarkError, SDK_VERSION } from '@hark/core';
import { importLocale } from '@hark/widget/ui';
import { LOCALE_WAIT_MS } from '../src/i18n/localeStrings';
import { registerDelivery, registerLocale, registerUi } from '../src/script/uiChunk';
import { DELIVERY_WAIT_MS, scriptDeliveryLoader, scriptLocaleLoader, scriptQuestions, scriptUiLoader, uiUrlNextTo } from '../src/script/scriptUiLoader';
import { DELIVERY_GLOBAL, LOCALE_GLOBAL, QUESTIONS_GLOBAL, UI_GLOBAL, type ScriptFor, type UiChunk as UiModule } from '../src/script/uiChunk';

// Nothing listens on the discard port: a load there fails fast and stays on this machine.
const CDN = 'http://127.0.0.1:9/npm/@hark/browser@0.1/dist/';

function coreTag(attributes: Record<string, string>): HTMLScriptElement {
  const tag = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) tag.setAttribute(name, value);
  return tag;
}

/** A UI module as the chunk registers it, whose mount the tests watch. */
const fakeUi = () => ({ mountSurfaces: vi.fn(() => ({ addInline: () => () => undefined, destroy: () => undefined })) }) as unknown as UiModule & { mountSurfaces: ReturnType<typeof vi.fn> };

/** The module the loader resolved with mounts through the registered one, with the same client and options. */
function expectMountsThrough(loaded: UiModule, ui: ReturnType<typeof fakeUi>) {
  const client = {} as never;
  loaded.mountSurfaces(client, { nonce: 'x' });
  expect(ui.mountSurfaces.mock.calls[0]!.slice(0, 2)).toEqual([client, { nonce: 'x' }]);
}

const injected = () => [...document.querySelectorAll<HTMLScriptElement>('script[src*="hark-ui"]')];
// Every tag the loader appended, kept even after a failed one removed itself (happy-dom may fail it at once).
let appended: HTMLScriptElement[] = [];

beforeEach(() => {
  appended = [];
  const append = document.head.appendChild.bind(document.head);
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    if (node instanceof HTMLScriptElement) appended.push(node);
    return append(node);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  delete (window as unknown as Record<symbol, unknown>)[UI_GLOBAL];
  delete (window as unknown as Record<symbol, unknown>)[LOCALE_GLOBAL];
  delete (window as unknown as Record<symbol, unknown>)[QUESTIONS_GLOBAL];
  delete (window as unknown as Record<symbol, unknown>)[DELIVERY_GLOBAL];
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('where the UI chunk is looked for', () => {
  it('sits next to the core bundle, wherever that was served from', () => {
    expect(uiUrlNextTo(coreTag({ src: `${CDN}hark.min.js?v=1` }), document)).toBe(`${CDN}hark-ui.min.js`);
  });

  it('without currentScript, falls back to the page’s own hark.min.js tag, or to nothing', () => {
    expect(uiUrlNextTo(null, document)).toBeNull();
    document.head.append(coreTag({ src: '/static/vendor/hark.min.js' }));
    expect(uiUrlNextTo(null, document)).toBe(new URL('/static/vendor/hark-ui.min.js', document.baseURI).href);
  });
});

describe('scriptUiLoader', () => {
  it('injects one tag carrying the CSP nonce and the core tag’s crossorigin, and reports a failed load as a HarkError', async () => {
    const load = scriptUiLoader(window, coreTag({ src: `${CDN}hark.min.js`, crossorigin: 'anonymous' }));
    const first = load({ nonce: 'n0nce' });
    const second = load({ nonce: 'n0nce' });
    expect(second).toBe(first);
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ src: `${CDN}hark-ui.min.js`, nonce: 'n0nce', crossOrigin: 'anonymous', async: true });

    const error = await first.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(HarkError);
    expect(error).toMatchObject({ code: 'ui_unavailable', field: 'uiUrl' });
    // The failed tag is gone and the attempt forgotten: the next call tries again.
    expect(injected()).toHaveLength(0);
    const retry = load({});
    expect(retry).not.toBe(first);
    expect(appended).toHaveLength(2);
    await retry.catch(() => undefined);
  });

  it('names uiUrl when it cannot tell where the chunk is, and uses uiUrl when given', async () => {
    const load = scriptUiLoader(window, null);
    await expect(load({})).rejects.toMatchObject({ code: 'ui_unavailable', field: 'uiUrl' });
    expect(appended).toHaveLength(0);
    const attempt = load({ url: `${CDN}custom/hark-ui.min.js` });
    expect(appended.map((tag) => tag.src)).toEqual([`${CDN}custom/hark-ui.min.js`]);
    await attempt.catch(() => undefined);
  });

  it('preloads the language file the prompt will need alongside the chunk, with the same nonce and crossorigin, and nothing for English', async () => {
    const links: HTMLLinkElement[] = [];
    const append = vi.mocked(document.head.appendChild).getMockImplementation()!;
    vi.mocked(document.head.appendChild).mockImplementation(<T extends Node>(node: T): T => {
      if (node instanceof HTMLLinkElement) links.push(node);
      return node instanceof HTMLLinkElement ? node : (append(node) as T);
    });
    const core = coreTag({ src: `${CDN}hark.min.js`, crossorigin: 'use-credentials' });
    const attempts = [scriptUiLoader(window, core)({ nonce: 'n0nce', lang: 'de' })];
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ rel: 'preload', as: 'script', href: `${CDN}hark-locale-de.min.js`, nonce: 'n0nce', crossOrigin: 'use-credentials' });
    expect(appended.map((tag) => tag.src)).toEqual([`${CDN}hark-ui.min.js`]);

    // One preload per language, however often the chunk is asked for again.
    const again = scriptUiLoader(window, core);
    attempts.push(again({ lang: 'de' }));
    await attempts.at(-1)!.catch(() => undefined);
    attempts.push(again({ lang: 'de' }));
    expect(links).toHaveLength(2);
    links.pop();

    attempts.push(scriptUiLoader(window, core)({ lang: 'en' }));
    (window as unknown as Record<symbol, unknown>)[LOCALE_GLOBAL] = { fr: {} };
    attempts.push(scriptUiLoader(window, core)({ lang: 'fr' }), scriptUiLoader(window, core)({}));
    expect(links).toHaveLength(1);
    expect(appended).toHaveLength(6);

    await Promise.allSettled(attempts);

    // A UI URL that cannot be a base for the language file (data:) loses the preload, not the UI.
    // The tag stays off the page here, so this test plays the browser and fires its load.
    vi.mocked(document.head.appendChild).mockImplementation(<T extends Node>(node: T): T => {
      if (node instanceof HTMLScriptElement) appended.push(node);
      if (node instanceof HTMLLinkElement) links.push(node);
      return node;
    });
    const odd = scriptUiLoader(window, core)({ url: 'data:text/javascript,', lang: 'de' });
    expect(links).toHaveLength(1);
    expect(appended.at(-1)?.getAttribute('src')).toBe('data:text/javascript,');
    const ui = fakeUi();
    registerUi(window, ui);
    appended.at(-1)!.onload!(new Event('load'));
    expectMountsThrough(await odd, ui);
  });

  it('uses a UI chunk already on the page without fetching, and a second registration keeps the first', async () => {
    const ui = fakeUi();
    expect(registerUi(window, ui)).toBe(ui);
    expect(registerUi(window, { ...ui })).toBe(ui);
    expectMountsThrough(await scriptUiLoader(window, null)({}), ui);
    expect(appended).toHaveLength(0);
  });
});

describe('scriptDeliveryLoader (the client’s delivery code, fetched beside the UI chunk)', () => {
  it('injects hark-delivery.min.js from the UI chunk’s folder, as the chunk is injected; a failed load is forgotten; one on the page is used as is', async () => {
    const load = scriptDeliveryLoader(window, coreTag({ src: `${CDN}hark.min.js`, crossorigin: 'anonymous' }));
    const first = load({ nonce: 'n0nce' });
    expect(load({ nonce: 'n0nce' })).toBe(first);
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ src: `${CDN}hark-delivery.min.js`, nonce: 'n0nce', crossOrigin: 'anonymous', async: true });
    await expect(first).rejects.toMatchObject({ code: 'ui_unavailable', field: 'uiUrl', message: expect.stringContaining('hark-delivery.min.js') });
    expect(document.querySelectorAll('script[src*="hark-delivery"]')).toHaveLength(0);

    // uiUrl (the UI chunk's, as init() was given it) moves the delivery file with it; the debug build names its own file.
    const moved = scriptDeliveryLoader(window, null, undefined, 'hark-delivery.debug.min.js')({ url: `${CDN}custom/hark-ui.min.js` });
    expect(appended.at(-1)!.src).toBe(`${CDN}custom/hark-delivery.debug.min.js`);
    await moved.catch(() => undefined);
    await expect(scriptDeliveryLoader(window, null)({})).rejects.toMatchObject({ code: 'ui_unavailable', field: 'uiUrl' });

    const delivery = { wireDelivery: vi.fn(), createRecordKeeper: vi.fn() } as never;
    expect(registerDelivery(window, delivery)).toBe(delivery);
    expect(registerDelivery(window, { ...(delivery as object) } as never)).toBe(delivery);
    const count = appended.length;
    expect(await load({})).toBe(delivery);
    expect(appended).toHaveLength(count);
  });

  it('gives up on a file that neither loads nor fails after DELIVERY_WAIT_MS (a hung request); if it comes after all, says so once, and the next need takes up its code', async () => {
    // The tag is never appended, so it never loads nor fails: a request that hangs.
    const tags: HTMLScriptElement[] = [];
    vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => (tags.push(node as unknown as HTMLScriptElement), node));
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const load = scriptDeliveryLoader(window, coreTag({ src: `${CDN}hark.min.js` }));
    const late = vi.fn();
    const outcome = load({ late }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(DELIVERY_WAIT_MS - 1);
    expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ code: 'ui_unavailable', field: 'uiUrl', message: expect.stringContaining('took longer than 20 s') });
    expect(late).not.toHaveBeenCalled();
    // The file comes late after all: it registers its code and its tag loads.
    const delivery = { wireDelivery: vi.fn(), createRecordKeeper: vi.fn() } as never;
    registerDelivery(window, delivery);
    tags[0]!.onload!(new Event('load'));
    await vi.advanceTimersByTimeAsync(0);
    expect(late).toHaveBeenCalledTimes(1);
    expect(await load({ late })).toBe(delivery);
    expect(tags).toHaveLength(1);
  });
});

describe('files of another release', () => {
  it('are not taken up: the UI chunk and the delivery file register under their release, and a load that finds nothing under this one says so', async () => {
    expect([UI_GLOBAL.description, DELIVERY_GLOBAL.description]).toEqual([`hark.ui@${SDK_VERSION}`, `hark.delivery@${SDK_VERSION}`]);
    const other = [Symbol.for('hark.ui@0.0.1'), Symbol.for('hark.delivery@0.0.1')];
    onTestFinished(() => other.forEach((key) => delete (window as unknown as Record<symbol, unknown>)[key]));
    // Each file as another release builds it: it runs, and registers under its own release.
    vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
      if (node instanceof HTMLScriptElement) {
        const key = node.src.includes('delivery') ? other[1]! : other[0]!;
        Object.defineProperty(window, key, { value: { mountSurfaces: vi.fn(), wireDelivery: vi.fn() }, configurable: true });
        queueMicrotask(() => node.onload?.(new Event('load')));
      }
      return node;
    });
    const core = coreTag({ src: `${CDN}hark.min.js` });
    await expect(scriptUiLoader(window, core)({})).rejects.toMatchObject({ code: 'ui_unavailable', message: expect.stringContaining('did not register') });
    await expect(scriptDeliveryLoader(window, core)({})).rejects.toMatchObject({ code: 'ui_unavailable', message: expect.stringContaining('did not register') });
  });
});

/** Default questions as a language file registers them beside its strings. */
const QUESTIONS = { nps: 'Wie wahrscheinlich …?', ces: 'Das Unternehmen …', csat: 'Wie zufrieden …?' };

describe('scriptLocaleLoader (the UI chunk fetching a language file with the tags hark.min.js makes)', () => {
  /** The `scriptFor` hark.min.js hands the UI chunk's mount, for a core tag served from the CDN. */
  async function scriptForFromCore(core = coreTag({ src: `${CDN}hark.min.js`, crossorigin: 'anonymous' })) {
    let given: ScriptFor | undefined;
    registerUi(window, {
      mountSurfaces: (_client, _options, scriptFor) => ((given = scriptFor), { addInline: () => () => undefined, destroy: () => undefined }),
      questions: () => Promise.reject(new Error('not asked here')),
    });
    const ui = await scriptUiLoader(window, core)({ nonce: 'n0nce' });
    ui.mountSurfaces({} as never, {});
    delete (window as unknown as Record<symbol, unknown>)[UI_GLOBAL];
    return given!;
  }

  beforeEach(() => {
    // Tags are kept off the page: each test plays the browser and fires load or error itself.
    vi.mocked(document.head.appendChild).mockImplementation(<T extends Node>(node: T): T => {
      if (node instanceof HTMLScriptElement) appended.push(node);
      return node;
    });
  });

  it('fetches hark-locale-<lang>.min.js once, next to the UI chunk, with its nonce and crossorigin, and resolves with what it registered', async () => {
    const load = scriptLocaleLoader(window, await scriptForFromCore());
    const first = load('de');
    expect(load('de')).toBe(first);
    await vi.waitFor(() => expect(appended).toHaveLength(1));
    expect(appended[0]).toMatchObject({ src: `${CDN}hark-locale-de.min.js`, nonce: 'n0nce', crossOrigin: 'anonymous', async: true, integrity: '' });
    const de = await importLocale('de');
    registerLocale(window, 'de', de, QUESTIONS);
    appended[0]!.onload?.(new Event('load'));
    await expect(first).resolves.toBe(de);
    expect(appended).toHaveLength(1);
  });

  it('rejects with a HarkError naming the file and saying the prompt is in English, once: a failed language is not fetched again', async () => {
    const load = scriptLocaleLoader(window, await scriptForFromCore());
    const first = load('ar');
    await vi.waitFor(() => expect(appended).toHaveLength(1));
    appended[0]!.onerror?.(new Event('error'));
    const error = await first.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(HarkError);
    expect(error).toMatchObject({ code: 'ui_unavailable', field: 'uiUrl' });
    expect((error as Error).message).toContain(`${CDN}hark-locale-ar.min.js`);
    expect((error as Error).message).toContain('English');
    expect(load('ar')).toBe(first);
    expect(appended).toHaveLength(1);
  });

  it('gives each file the hash from the table the build passed in, when the page loaded hark.min.js with an integrity: the UI chunk is then the one carrying the language files’ hashes', async () => {
    const sri = new Map([
      ['hark-ui.sri.min.js', 'sha384-ui'],
      ['hark-locale-de.min.js', 'sha384-de'],
    ]);
    const core = coreTag({ src: `${CDN}hark.min.js`, crossorigin: 'anonymous', integrity: 'sha384-core' });
    void scriptUiLoader(window, core, sri)({ lang: 'de' });
    await vi.waitFor(() => expect(appended).toHaveLength(1));
    expect(appended[0]).toMatchObject({ src: `${CDN}hark-ui.sri.min.js`, integrity: 'sha384-ui' });
    void scriptLocaleLoader(window, await scriptForFromCore(core), sri)('de');
    await vi.waitFor(() => expect(appended).toHaveLength(2));
    expect(appended[1]).toMatchObject({ src: `${CDN}hark-locale-de.min.js`, integrity: 'sha384-de' });
  });

  it('under SRI, takes the hashed UI chunk beside the hark-ui.min.js uiUrl names (its query kept), and a renamed file as named; without SRI, uiUrl as given', async () => {
    const sri = new Map([['hark-ui.sri.min.js', 'sha384-ui']]);
    const core = coreTag({ src: `${CDN}hark.min.js`, crossorigin: 'anonymous', integrity: 'sha384-core' });
    const load = (tag: HTMLScriptElement, url: string) => void scriptUiLoader(window, tag, sri)({ url }).catch(() => undefined);
    load(core, `${CDN}self/hark-ui.min.js?v=2`);
    load(core, '/assets/hark-ui.3f2a.js');
    load(coreTag({ src: `${CDN}hark.min.js` }), `${CDN}self/hark-ui.min.js?v=2`);
    await vi.waitFor(() => expect(appended).toHaveLength(3));
    expect(appended.map(({ src, integrity }) => ({ src, integrity }))).toEqual([
      { src: `${CDN}self/hark-ui.sri.min.js?v=2`, integrity: 'sha384-ui' },
      { src: new URL('/assets/hark-ui.3f2a.js', document.baseURI).href, integrity: 'sha384-ui' },
      { src: `${CDN}self/hark-ui.min.js?v=2`, integrity: '' },
    ]);
    // A uiUrl that is no URL is reported as such, naming it, not thrown.
    await expect(scriptUiLoader(window, core, sri)({ url: 'http://[bad' })).rejects.toMatchObject({ code: 'ui_unavailable', field: 'uiUrl', details: { url: 'http://[bad' } });
  });

  it('uses a language file already on the page, and rejects a file that registered nothing or a chunk hark.min.js did not load', async () => {
    const he = await importLocale('he');
    expect(registerLocale(window, 'he', he, QUESTIONS)).toBe(he);
    expect(registerLocale(window, 'he', { ...he }, QUESTIONS)).toBe(he);
    await expect(scriptLocaleLoader(window, undefined)('he')).resolves.toBe(he);
    expect(appended).toHaveLength(0);

    await expect(scriptLocaleLoader(window, undefined)('ja')).rejects.toMatchObject({ code: 'ui_unavailable', cause: expect.stringContaining('folder is unknown') });
    const silent = scriptLocaleLoader(window, await scriptForFromCore())('ja');
    await vi.waitFor(() => expect(appended).toHaveLength(1));
    appended[0]!.onload?.(new Event('load'));
    await expect(silent).rejects.toMatchObject({ code: 'ui_unavailable', cause: expect.stringContaining('registered no "ja" strings and questions') });
  });

  it('a language file that registers strings but no default questions (another release) counts as failed: strings and question both fall back', async () => {
    const load = scriptLocaleLoader(window, await scriptForFromCore());
    const strings = load('fr');
    const questions = scriptQuestions(window, load)('fr');
    await vi.waitFor(() => expect(appended).toHaveLength(1));
    (window as unknown as Record<symbol, Record<string, unknown>>)[LOCALE_GLOBAL] = { fr: await importLocale('fr') };
    appended[0]!.onload?.(new Event('load'));
    await expect(strings).rejects.toMatchObject({ code: 'ui_unavailable', cause: expect.stringContaining('registered no "fr" strings and questions') });
    await expect(questions).rejects.toMatchObject({ code: 'ui_unavailable' });
  });

  it('gives up after LOCALE_WAIT_MS, as the widget does for the strings, so a slow file does not hold the prompt back', async () => {
    // A file that never loads, fetched by the client's language loader.
    const load = scriptLocaleLoader(window, await scriptForFromCore());
    vi.useFakeTimers();
    const asked = scriptQuestions(window, load)('ja');
    onTestFinished(() => void vi.useRealTimers());
    const outcome = asked.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(LOCALE_WAIT_MS - 1);
    expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ code: 'ui_unavailable', field: 'locale' });
  });
});

describe('scriptQuestions (the default questions from a language file, for the client)', () => {
  it('resolves with the questions the file registered beside its strings', async () => {
    let arrive!: () => void;
    const load = vi.fn((lang: string) => new Promise<never>((resolve) => (arrive = () => resolve(registerLocale(window, lang, {} as never, QUESTIONS) as never))));
    const asked = scriptQuestions(window, load)('de');
    expect(load).toHaveBeenCalledWith('de');
    arrive();
    await expect(asked).resolves.toEqual(QUESTIONS);
  });
});
