import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryModule, HarkEnvironment, HarkError } from '@hark/core';
import { createClient } from '@hark/core/boot';
import * as delivery from '@hark/core/delivery';
import { IDBFactory } from 'fake-indexeddb';
import { openIdbStorage } from '../src/storage/idbStorage';
import { fakeLocalStorage } from '../../../tests/delivery/fakeLocalStorage';
import { faultyStorage, newCommitLog } from '../../../tests/delivery/faultyStorage';
import { ENDPOINT, fakePlatform, npsSurvey, settle, testClient, useCollectorMock } from './helpers';

// The code that stores and sends records is not in the boot code: the client fetches it
// (`loadDelivery`) when a record is first written (a prompt's `shown`, once it is on screen) or
// a send is asked for, and at start when the outbox holds records an earlier page left.

const mock = useCollectorMock();
afterEach(() => vi.restoreAllMocks());

const loader = () => vi.fn((): Promise<DeliveryModule> => Promise.resolve(delivery));
/** A loader the test lets through: its code comes once `open()` is called. */
function gatedLoader() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { loadDelivery: vi.fn((): Promise<DeliveryModule> => gate.then(() => delivery)), open };
}
const idsPosted = () => mock.records().map((record) => `${record.type}:${record.id}`);

describe('the delivery code, fetched when first needed', () => {
  it('is not fetched on a first visit where nothing prompts', async () => {
    const loadDelivery = loader();
    const { client, page } = testClient({}, { loadDelivery });
    await client.ready;
    client.track('page_opened');
    await settle();
    expect(client.getState().activePrompt).toBeNull();
    expect(loadDelivery).not.toHaveBeenCalled();
    // Nothing of delivery listens to the page either.
    expect(page.listeners()).toBe(0);
    client.destroy();
  });

  it('is fetched once the prompt is on screen, not before its first frame, and the prompt’s records each reach the endpoint once', async () => {
    const loadDelivery = loader();
    const { client } = testClient({}, { loadDelivery });
    await client.ready;
    client.track('checkout_completed');
    await settle();
    expect(client.getState().activePrompt).not.toBeNull();
    expect(loadDelivery).not.toHaveBeenCalled();
    client.displayed(client.getState().activePrompt!.id);
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    await client.submit({ score: 9 });
    await client.flush();
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    const posted = idsPosted();
    expect(posted.map((id) => id.split(':')[0])).toEqual(['shown', 'response']);
    expect(new Set(posted).size).toBe(posted.length);
    client.destroy();
  });

  it('is fetched at the start of a return visit whose outbox holds what the earlier page could not send, and sends it once', async () => {
    // The earlier page never reached the endpoint: its records stay queued, waiting out a backoff.
    const first = testClient({}, { fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await first.client.ready;
    first.client.track('checkout_completed');
    await first.client.submit({ score: 3 });
    await first.client.flush();
    expect((await first.stored()).outbox).toHaveLength(2);
    first.client.destroy();
    expect(mock.records()).toEqual([]);

    const loadDelivery = loader();
    const next = testClient({}, { loadDelivery, openStorage: () => openIdbStorage({ factory: first.factory }) });
    await next.client.ready;
    await vi.waitFor(() => expect(loadDelivery).toHaveBeenCalledTimes(1));
    await next.clock.advance(5 * 60_000);
    await vi.waitFor(() => expect(mock.records().map((record) => record.type)).toEqual(['shown', 'response']));
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    expect(next.client.getState().activePrompt).toBeNull();
    next.client.destroy();
  });

  it('is not fetched at the start of a return visit whose outbox is empty, until its own prompt is on screen', async () => {
    const first = testClient();
    await first.client.ready;
    first.client.track('checkout_completed');
    await first.client.submit({ score: 9 });
    await first.client.flush();
    expect((await first.stored()).outbox).toHaveLength(0);
    first.client.destroy();

    const loadDelivery = loader();
    const next = testClient({ recontactDays: 0, surveys: [{ ...npsSurvey, id: 'csat-next', kind: 'csat' }] }, { loadDelivery, openStorage: () => openIdbStorage({ factory: first.factory }) });
    await next.client.ready;
    await next.clock.advance(60_000);
    await settle();
    expect(loadDelivery).not.toHaveBeenCalled();
    expect(next.page.listeners()).toBe(0);
    // Its own prompt's shown record asks for it.
    next.client.track('checkout_completed');
    await settle();
    next.client.displayed(next.client.getState().activePrompt!.id);
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    next.client.destroy();
  });

  it('a failed fetch is reported, once while it fails the same way; a flush says the code is unavailable; the next need fetches it again: the shown it could not write and the answer arrive', async () => {
    let refusals = 2;
    const loadDelivery = vi.fn((): Promise<DeliveryModule> => (refusals-- > 0 ? Promise.reject(new Error('the chunk could not be fetched')) : Promise.resolve(delivery)));
    const { client, stored } = testClient({}, { loadDelivery });
    const errors: HarkError[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready;
    client.track('checkout_completed');
    client.displayed(client.getState().activePrompt!.id);
    await settle();
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('the chunk could not be fetched')]);
    expect(await client.flush()).toEqual({ status: 'unavailable', reason: expect.stringContaining('the chunk could not be fetched') });
    expect(errors).toHaveLength(1);
    expect(mock.records()).toEqual([]);

    await client.submit({ score: 6 });
    await client.flush();
    expect(loadDelivery).toHaveBeenCalledTimes(3);
    expect(mock.records().map((record) => [record.type, record.type === 'response' ? record.score : null])).toEqual([
      ['shown', null],
      ['response', 6],
    ]);
    expect((await stored()).outbox).toEqual([]);
    client.destroy();
  });

  it('a refusal for another reason is reported again', async () => {
    const reasons = ['offline', 'offline', 'blocked by the CSP'];
    const loadDelivery = vi.fn((): Promise<DeliveryModule> => Promise.reject(new Error(reasons.shift() ?? 'gone')));
    const { client } = testClient({}, { loadDelivery });
    const errors: string[] = [];
    client.on('error', (error) => errors.push(error.message));
    await client.ready;
    for (let i = 0; i < 3; i++) await client.flush();
    expect(loadDelivery).toHaveBeenCalledTimes(3);
    expect(errors).toEqual([expect.stringContaining('offline'), expect.stringContaining('blocked by the CSP')]);
    client.destroy();
  });

  it('code that cannot be wired (another release’s) is refused as a failed fetch is: reported once, a flush says it is unavailable, and the next need asks again', async () => {
    const other = { ...delivery, wireDelivery: () => { throw new TypeError("Cannot read properties of undefined (reading 'record')"); } } as DeliveryModule;
    const loadDelivery = vi.fn((): Promise<DeliveryModule> => Promise.resolve(loadDelivery.mock.calls.length > 2 ? delivery : other));
    const { client } = testClient({}, { loadDelivery });
    const errors: string[] = [];
    client.on('error', (error) => errors.push(error.message));
    await client.ready;
    expect(await client.flush()).toEqual({ status: 'unavailable', reason: expect.stringContaining('reading') });
    expect(await client.flush()).toEqual({ status: 'unavailable', reason: expect.stringContaining('reading') });
    expect(errors).toEqual([expect.stringContaining('reading')]);
    expect(await client.flush()).toMatchObject({ status: 'empty' });
    expect(loadDelivery).toHaveBeenCalledTimes(3);
    client.destroy();
  });

  it('destroyed while the code is on its way: it is wired for the call that asked, then stopped, and nothing is left listening', async () => {
    let arrive = (_: DeliveryModule) => undefined as void;
    const loadDelivery = vi.fn(() => new Promise<DeliveryModule>((resolve) => (arrive = resolve)));
    const { client, page } = testClient({}, { loadDelivery });
    await client.ready;
    client.track('checkout_completed');
    client.displayed(client.getState().activePrompt!.id);
    await settle();
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    client.destroy();
    arrive(delivery);
    await settle();
    expect(page.totalListeners()).toBe(0);
  });

  it('@hark/core/boot with the delivery code as a dynamic import, as a bundler splits it', async () => {
    const { platform } = fakePlatform({ url: 'https://app.example/checkout' });
    const { IDBFactory } = await import('fake-indexeddb');
    const factory = new IDBFactory();
    const client = createClient(
      { endpoint: ENDPOINT, surveys: [npsSurvey] },
      { platform, random: () => 0.5, openStorage: () => openIdbStorage({ factory }), loadDelivery: () => import('@hark/core/delivery') },
    );
    await client.ready;
    client.track('checkout_completed');
    await client.submit({ score: 10 });
    await client.flush();
    expect(mock.records().map((record) => record.type)).toEqual(['shown', 'response']);
    client.destroy();
  });
});

// The storage fallbacks (localStorage, memory, the way back) come with the delivery code too: the
// boot code opens IndexedDB alone and fetches them only when IndexedDB fails them.
describe('the storage fallbacks, fetched with the delivery code when IndexedDB fails', () => {
  const refusing = (factory: IDBFactory) => async () =>
    faultyStorage(await openIdbStorage({ factory }), { failPut: () => new DOMException('', 'QuotaExceededError') }, newCommitLog());

  it('IndexedDB refuses a write before the code is there: the code is fetched, the write and the prompt’s records go to localStorage, and each record arrives once', async () => {
    const local = fakeLocalStorage();
    const { loadDelivery, open } = gatedLoader();
    const { platform } = fakePlatform({ url: 'https://app.example/checkout', localStorage: () => local });
    const client = createClient(
      { endpoint: ENDPOINT, surveys: [npsSurvey] },
      { platform, random: () => 0.5, openStorage: refusing(new IDBFactory()), loadDelivery },
    );
    const errors: HarkError[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready;
    // The new anonymous id's write is refused: the chain it needs is asked for, and the write waits for it.
    await vi.waitFor(() => expect(loadDelivery).toHaveBeenCalledTimes(1));
    expect([...local.map.keys()].filter((key) => key.startsWith('hark:meta:'))).toEqual([]);
    open();
    await vi.waitFor(() => expect(local.getItem('hark:meta:anonymousId')).toMatch(/^"[0-9a-f-]{36}"$/));
    expect(errors.map((error) => [error.code, error.message])).toEqual([['storage_unavailable', expect.stringMatching(/IndexedDB failed \(QuotaExceededError\); answers are kept in localStorage/)]]);

    client.track('checkout_completed');
    client.displayed(client.getState().activePrompt!.id);
    await client.submit({ score: 8 });
    expect([...local.map.keys()].filter((key) => key.startsWith('hark:outbox:'))).toHaveLength(2);
    await client.flush();
    const posted = idsPosted();
    expect(posted.map((id) => id.split(':')[0])).toEqual(['shown', 'response']);
    expect(new Set(posted).size).toBe(2);
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    client.destroy();
  });

  it('IndexedDB cannot open and the code cannot be fetched at the start: memory, reported, and the prompt still shows; once the code comes, the answer is sent at once, and what memory held moves to localStorage', async () => {
    let refusals = 1;
    const loadDelivery = vi.fn((): Promise<DeliveryModule> => (refusals-- > 0 ? Promise.reject(new Error('the chunk could not be fetched')) : Promise.resolve(delivery)));
    const local = fakeLocalStorage();
    const { platform } = fakePlatform({ url: 'https://app.example/checkout', localStorage: () => local });
    const client = createClient(
      { endpoint: ENDPOINT, surveys: [npsSurvey] },
      { platform, random: () => 0.5, openStorage: () => Promise.reject(new DOMException('blocked', 'UnknownError')), loadDelivery },
    );
    const errors: HarkError[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready;
    expect(client.getState().storage).toBe('memory');
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      ['storage_unavailable', expect.stringContaining('the storage fallbacks could not be fetched (the chunk could not be fetched)')],
      ['storage_unavailable', expect.stringMatching(/IndexedDB failed \(UnknownError: blocked\); answers are kept in memory/)],
    ]);
    client.track('checkout_completed');
    expect(client.getState().activePrompt).not.toBeNull();
    client.displayed(client.getState().activePrompt!.id);
    // Kept in memory only: the answer is sent before it is thanked.
    await client.submit({ score: 7 });
    expect(mock.records().map((record) => record.type)).toContain('response');
    await client.flush();
    expect((await client.getDeliveryState()).storage).toBe('localstorage');
    expect(new Set(idsPosted()).size).toBe(idsPosted().length);
    client.destroy();
  });

  it('an earlier page’s records in localStorage: the code is fetched at start, they move into IndexedDB and are sent once', async () => {
    const local = fakeLocalStorage();
    const factory = new IDBFactory();
    // The earlier page: IndexedDB refused its writes and it could not send.
    const first = createClient(
      { endpoint: ENDPOINT, surveys: [npsSurvey] },
      {
        platform: fakePlatform({ url: 'https://app.example/checkout', localStorage: () => local }).platform,
        random: () => 0.5,
        openStorage: refusing(factory),
        fetch: () => Promise.reject(new TypeError('Failed to fetch')),
        loadDelivery: loader(),
      },
    );
    await first.ready;
    first.track('checkout_completed');
    await first.submit({ score: 2 });
    first.destroy();
    expect([...local.map.keys()].filter((key) => key.startsWith('hark:outbox:'))).toHaveLength(2);

    const loadDelivery = loader();
    const page = fakePlatform({ url: 'https://app.example/', localStorage: () => local });
    const next = createClient({ endpoint: ENDPOINT, surveys: [] }, { platform: page.platform, random: () => 0.5, openStorage: () => openIdbStorage({ factory }), loadDelivery });
    await next.ready;
    expect(loadDelivery).toHaveBeenCalled();
    expect(next.getState().storage).toBe('indexeddb');
    expect([...local.map.keys()].filter((key) => key.startsWith('hark:outbox:'))).toEqual([]);
    // The earlier page's failed sends left a backoff to wait out.
    await page.clock.advance(5 * 60_000);
    await vi.waitFor(() => expect(mock.records().map((record) => record.type)).toEqual(['shown', 'response']));
    next.destroy();
  });
});

// The default questions in languages other than English come with the delivery code (the boot
// code has English only): a prompt without a question of its own, in such a language, waits for it.
describe('default questions in other languages, fetched with the delivery code', () => {
  const GERMAN_NPS = 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?';
  const ENGLISH_NPS = 'How likely are you to recommend us to a friend or colleague?';
  const unworded = { id: 'nps-default', kind: 'nps', triggers: [{ on: 'event', event: 'checkout_completed' }] } as const;

  it('a German prompt waits for the code, then asks in German, and its records carry that question; the code is fetched once', async () => {
    const { loadDelivery, open } = gatedLoader();
    const { client } = testClient({ locale: 'de-DE', surveys: [unworded] }, { loadDelivery });
    await client.ready;
    client.track('checkout_completed');
    await settle();
    expect(client.getState().activePrompt).toBeNull();
    expect(client.explain('nps-default').message).toContain('waiting for its default question');
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    // Another trigger meanwhile does not show a second prompt.
    client.track('checkout_completed');
    open();
    await settle();
    const prompt = client.getState().activePrompt!;
    expect(prompt.question).toBe(GERMAN_NPS);
    client.displayed(prompt.id);
    await client.submit({ score: 9 });
    await client.flush();
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    expect(mock.records().map((record) => [record.type, record.type === 'response' ? record.question : null])).toEqual([
      ['shown', null],
      ['response', GERMAN_NPS],
    ]);
    client.destroy();
  });

  it('English, or a survey’s own question, needs nothing fetched: the prompt shows at once', async () => {
    const english = testClient({ surveys: [unworded] }, { loadDelivery: gatedLoader().loadDelivery });
    const own = testClient({ locale: 'de' }, { loadDelivery: gatedLoader().loadDelivery });
    for (const { client } of [english, own]) {
      await client.ready;
      client.track('checkout_completed');
      await settle();
      expect(client.getState().activePrompt).not.toBeNull();
    }
    expect(english.client.getState().activePrompt!.question).toBe(ENGLISH_NPS);
    expect(own.client.getState().activePrompt!.question).toBe(npsSurvey.question);
    expect(english.client.config.surveys[0]!.question).toBeUndefined();
    english.client.destroy();
    own.client.destroy();
  });

  it('when the code cannot be fetched, the prompt asks in English and the refusal is reported; the next prompt asks for it again', async () => {
    let refusals = 1;
    const loadDelivery = vi.fn((): Promise<DeliveryModule> => (refusals-- > 0 ? Promise.reject(new Error('the chunk could not be fetched')) : Promise.resolve(delivery)));
    const { client } = testClient({ locale: 'fr', surveys: [unworded] }, { loadDelivery });
    const errors: HarkError[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready;
    client.track('checkout_completed');
    await settle();
    expect(client.getState().activePrompt?.question).toBe(ENGLISH_NPS);
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('the chunk could not be fetched')]);
    client.dismiss();
    client.show('nps-default');
    await settle();
    expect(client.getState().activePrompt?.question).toBe('Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?');
    client.destroy();
  });

  it('show() and an inline survey wait for the question too; destroy() while waiting shows nothing', async () => {
    const { loadDelivery, open } = gatedLoader();
    const { client } = testClient({ locale: 'ja', surveys: [unworded, { ...unworded, id: 'docs', kind: 'csat' }] }, { loadDelivery });
    await client.ready;
    client.place('docs');
    client.show('nps-default');
    await settle();
    expect(client.getState().activePrompt).toBeNull();
    expect(client.getState().inlinePrompts).toEqual({});
    open();
    await settle();
    expect(client.getState().activePrompt?.question).toBe('友人や同僚に当社を薦める可能性はどのくらいありますか？');
    expect(client.getState().inlinePrompts.docs?.question).toBe('今回のご利用にどの程度満足していますか？');
    client.destroy();

    const later = gatedLoader();
    const gone = testClient({ locale: 'ja', surveys: [unworded] }, { loadDelivery: later.loadDelivery });
    await gone.client.ready;
    gone.client.show('nps-default');
    await settle();
    gone.client.destroy();
    later.open();
    await settle();
    expect(gone.client.getState().activePrompt).toBeNull();
  });
});

describe('default questions from the environment (the script tag reads them from its language files)', () => {
  const unworded = { id: 'nps-default', kind: 'nps', triggers: [{ on: 'event', event: 'checkout_completed' }] } as const;
  const DUTCH = { nps: 'Hoe waarschijnlijk …?', ces: 'Het bedrijf …', csat: 'Hoe tevreden …?' };
  // The script tag's delivery file has no questions of its own (BootClientOptions pairs such code with a loadQuestions).
  const { questionsIn: _, ...withoutQuestions } = delivery;
  const loadDelivery = (() => Promise.resolve(withoutQuestions)) as HarkEnvironment['loadDelivery'];

  it('a Dutch prompt waits for loadQuestions and asks with what it gives; they are asked for once', async () => {
    let open!: () => void;
    const loadQuestions = vi.fn(() => new Promise<typeof DUTCH>((resolve) => (open = () => resolve(DUTCH))));
    const { client } = testClient({ locale: 'nl-BE', surveys: [unworded] }, { loadDelivery, loadQuestions });
    await client.ready;
    client.track('checkout_completed');
    await settle();
    expect(client.getState().activePrompt).toBeNull();
    expect(loadQuestions).toHaveBeenCalledWith('nl');
    open();
    await settle();
    expect(client.getState().activePrompt?.question).toBe(DUTCH.nps);
    client.dismiss();
    client.show('nps-default');
    await settle();
    expect(client.getState().activePrompt?.question).toBe(DUTCH.nps);
    expect(loadQuestions).toHaveBeenCalledTimes(1);
    client.destroy();
  });

  it('when they cannot be fetched, the prompt asks in English, unreported by the client (the file’s loader reports it), and the next prompt asks again', async () => {
    let refusals = 1;
    const loadQuestions = vi.fn(() => (refusals-- > 0 ? Promise.reject(new Error('hark-locale-nl.min.js could not be fetched')) : Promise.resolve(DUTCH)));
    const { client } = testClient({ locale: 'nl', surveys: [unworded] }, { loadDelivery, loadQuestions });
    const errors: HarkError[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready;
    client.track('checkout_completed');
    await settle();
    expect(client.getState().activePrompt?.question).toBe('How likely are you to recommend us to a friend or colleague?');
    client.dismiss();
    client.show('nps-default');
    await settle();
    expect(client.getState().activePrompt?.question).toBe(DUTCH.nps);
    expect(loadQuestions).toHaveBeenCalledTimes(2);
    expect(errors).toEqual([]);
    client.destroy();
  });
});

// Answering (choose, submit, a held score released) comes with the delivery code too: a prompt's UI
// waits for it, so only a headless client can answer before it is there.
describe('the answer path, fetched with the delivery code', () => {
  it('a headless client’s choose() before the code is there takes effect once it arrives; the comment joins that answer: one response, once on the wire', async () => {
    const { loadDelivery, open } = gatedLoader();
    const { client } = testClient({}, { loadDelivery });
    await client.ready;
    client.track('checkout_completed');
    const chosen = client.choose(7);
    const sent = client.submit({ score: 7, comment: 'Fast checkout' });
    await settle();
    expect(client.getState().activePrompt).toMatchObject({ chosen: null, phase: 'asking' });
    open();
    await chosen;
    await sent;
    expect(client.getState().activePrompt).toMatchObject({ chosen: 7, phase: 'thanks' });
    await client.flush();
    const responses = mock.records().filter((record) => record.type === 'response');
    expect(responses).toEqual([expect.objectContaining({ score: 7, comment: 'Fast checkout' })]);
    expect(idsPosted().filter((id) => id.startsWith('response:'))).toHaveLength(1);
    expect(loadDelivery).toHaveBeenCalledTimes(1);
    client.destroy();
  });

  it('a close right after a score chosen before the code is there waits for it: the score is the answer, no dismissal', async () => {
    const { loadDelivery, open } = gatedLoader();
    const { client } = testClient({}, { loadDelivery });
    await client.ready;
    client.track('checkout_completed');
    const { id } = client.getState().activePrompt!;
    client.displayed(id);
    void client.choose(9, id);
    client.dismiss(id);
    await settle();
    // Still on screen while the choice waits for the code.
    expect(client.getState().activePrompt).toMatchObject({ id, chosen: null });
    open();
    await vi.waitFor(() => expect(client.getState().activePrompt).toBeNull());
    await client.flush();
    expect(mock.records().map((record) => [record.type, record.type === 'response' ? record.score : null])).toEqual([
      ['shown', null],
      ['response', 9],
    ]);
    client.destroy();
  });

  it('an inline score chosen before the code is there survives a route change: its prompt stays, and on Close the score is the answer, once on the wire', async () => {
    const { loadDelivery, open } = gatedLoader();
    const inline = { id: 'docs', kind: 'csat', triggers: [{ on: 'event', event: 'never' }] } as const;
    const { client, page } = testClient({ surveys: [inline] }, { loadDelivery });
    await client.ready;
    client.place('docs');
    const { id } = client.getState().inlinePrompts.docs!;
    client.displayed(id);
    const chosen = client.choose(4, id);
    await settle();
    page.navigate('https://app.example/next');
    // The page view changed while the choice waited for the code: the prompt holding it stays.
    expect(client.getState().inlinePrompts.docs).toMatchObject({ id, phase: 'asking' });
    open();
    await chosen;
    expect(client.getState().inlinePrompts.docs).toMatchObject({ id, chosen: 4 });
    // Close sends the held score as the answer.
    client.dismiss(id);
    await client.flush();
    expect(mock.records().map((record) => [record.type, record.type === 'response' ? record.score : null])).toEqual([
      ['shown', null],
      ['response', 4],
    ]);
    expect(idsPosted().filter((posted) => posted.startsWith('response:'))).toHaveLength(1);
    // The answer says the page it was given on, not the one the code came on.
    expect(mock.records().find((record) => record.type === 'response')?.context?.url).toBe('https://app.example/checkout');
    client.destroy();
  });

  it('an inline score chosen before the code is there survives the survey’s unmount: it is taken, and the next page view sends it once', async () => {
    const { loadDelivery, open } = gatedLoader();
    const inline = { id: 'docs', kind: 'csat', triggers: [{ on: 'event', event: 'never' }] } as const;
    const { client, page } = testClient({ surveys: [inline] }, { loadDelivery });
    await client.ready;
    const release = client.place('docs');
    const { id } = client.getState().inlinePrompts.docs!;
    client.displayed(id);
    const chosen = client.choose(5, id);
    await settle();
    release();
    // Still there for the answer path to find, until the answer is taken.
    await settle();
    expect(client.getState().inlinePrompts.docs).toMatchObject({ id });
    open();
    await chosen;
    // Unplaced once the answer was taken.
    await vi.waitFor(() => expect(client.getState().inlinePrompts.docs).toBeUndefined());
    page.navigate('https://app.example/next');
    await client.flush();
    expect(mock.records().map((record) => [record.type, record.type === 'response' ? record.score : null])).toEqual([
      ['shown', null],
      ['response', 5],
    ]);
    client.destroy();
  });

  it('a score chosen before the code came, then the page left: the prompt counts as seen (left unanswered), not as one that never reached the screen', async () => {
    const { loadDelivery } = gatedLoader();
    const { client, page, factory } = testClient({}, { loadDelivery });
    await client.ready;
    client.track('checkout_completed');
    // A headless UI that never said the prompt was on screen; the person answered all the same.
    void client.choose(8).catch(() => undefined);
    page.leave();
    client.destroy();
    await settle();
    const storage = await openIdbStorage({ factory });
    const stored = (await storage.meta.entries<{ outcome: string }>()).filter(([key]) => key.startsWith('history:imp:')).map(([, value]) => value.outcome);
    storage.close();
    expect(stored).toEqual(['ignored']);
  });

  it('a Close after a choice the code never came for closes at once: nothing waits for a refused fetch', async () => {
    const loadDelivery = vi.fn((): Promise<DeliveryModule> => Promise.reject(new Error('the chunk took too long')));
    const { client } = testClient({}, { loadDelivery });
    await client.ready;
    client.track('checkout_completed');
    const { id } = client.getState().activePrompt!;
    await expect(client.choose(6, id)).rejects.toThrow('the chunk took too long');
    client.dismiss(id);
    expect(client.getState().activePrompt).toBeNull();
    client.destroy();
  });

  it('when the code cannot be fetched, choose() rejects with the reason and nothing changes; once it can, the answer is kept', async () => {
    let refusals = 1;
    const loadDelivery = vi.fn((): Promise<DeliveryModule> => (refusals-- > 0 ? Promise.reject(new Error('the chunk could not be fetched')) : Promise.resolve(delivery)));
    const { client } = testClient({}, { loadDelivery });
    await client.ready;
    client.track('checkout_completed');
    await expect(client.choose(4)).rejects.toThrow('the chunk could not be fetched');
    expect(client.getState().activePrompt).toMatchObject({ chosen: null, phase: 'asking' });

    await client.submit({ score: 4 });
    await client.flush();
    expect(mock.records().map((record) => [record.type, record.type === 'response' ? record.score : null])).toEqual([
      ['shown', null],
      ['response', 4],
    ]);
    client.destroy();
  });
});
