import { describe, expect, it, vi } from 'vitest';
import { createDeferredClient, HarkError, type HarkClient } from '@hark/core';

/** A client that records what reaches it. */
function fakeClient(calls: unknown[][], name = 'a'): HarkClient {
  return {
    track: (...args: unknown[]) => void calls.push([name, 'track', ...args]),
    show: (...args: unknown[]) => void calls.push([name, 'show', ...args]),
    flush: async () => ({ status: 'empty' }),
    explain: (id: string) => ({ surveyId: id }),
    on: (...args: unknown[]) => {
      calls.push([name, 'on', args[0]]);
      return () => calls.push([name, 'off', args[0]]);
    },
    identify: () => {
      throw new Error('boom');
    },
  } as unknown as HarkClient;
}

const TABLE = { track: 'queue', show: 'queue', identify: 'queue', flush: 'promise', on: 'listener', explain: 'read' } as const;

describe('createDeferredClient', () => {
  it('queues calls made before a client exists and replays them in call order', async () => {
    const calls: unknown[][] = [];
    const deferred = createDeferredClient(TABLE);
    deferred.verbs.track!('first');
    deferred.verbs.show!('s1');
    const flushed = deferred.verbs.flush!() as Promise<unknown>;
    deferred.verbs.track!('second');
    expect(deferred.verbs.explain!('s1')).toBeNull();
    expect(calls).toEqual([]);

    deferred.attach(fakeClient(calls));
    expect(calls).toEqual([['a', 'track', 'first'], ['a', 'show', 's1'], ['a', 'track', 'second']]);
    await expect(flushed).resolves.toEqual({ status: 'empty' });
    expect(deferred.verbs.explain!('s1')).toEqual({ surveyId: 's1' });
    deferred.verbs.track!('now');
    expect(calls.at(-1)).toEqual(['a', 'track', 'now']);
  });

  it('keeps listeners across clients and unhooks them on detach', () => {
    const calls: unknown[][] = [];
    const deferred = createDeferredClient(TABLE);
    const off = deferred.verbs.on!('shown', () => undefined) as () => void;
    expect(deferred.listeners('on')).toHaveLength(1);
    deferred.attach(fakeClient(calls, 'a'));
    deferred.detach('gone');
    deferred.attach(fakeClient(calls, 'b'));
    off();
    expect(calls).toEqual([['a', 'on', 'shown'], ['a', 'off', 'shown'], ['b', 'on', 'shown'], ['b', 'off', 'shown']]);
    expect(deferred.listeners('on')).toEqual([]);
  });

  it('rejects queued promises with a destroyed error on detach, and drops queued calls', async () => {
    const calls: unknown[][] = [];
    const deferred = createDeferredClient(TABLE);
    const flushed = deferred.verbs.flush!() as Promise<unknown>;
    deferred.verbs.track!('lost');
    deferred.detach('the provider unmounted');
    await expect(flushed).rejects.toMatchObject({ code: 'destroyed', message: '[hark] the provider unmounted' });
    deferred.attach(fakeClient(calls));
    expect(calls).toEqual([]);
  });

  it('tells on("error") listeners about an adapter fault, or onFault when nobody listens', () => {
    const faults: HarkError[] = [];
    const deferred = createDeferredClient(TABLE, { onFault: (error) => faults.push(error) });
    const lost = new HarkError('ui_unavailable', 'the UI did not load');
    deferred.reportError(lost);
    expect(faults).toEqual([lost]);
    const heard: HarkError[] = [];
    deferred.verbs.on!('error', (error: HarkError) => heard.push(error));
    deferred.verbs.on!('shown', () => {
      throw new Error('not an error listener');
    });
    deferred.reportError(lost);
    expect(heard).toEqual([lost]);
    expect(faults).toHaveLength(1);
  });

  it('reports a verb that throws instead of throwing into the page, and tells afterCall', () => {
    const faults: HarkError[] = [];
    const afterCall = vi.fn();
    const deferred = createDeferredClient(TABLE, { onFault: (error) => faults.push(error), afterCall });
    deferred.attach(fakeClient([]));
    expect(() => deferred.verbs.identify!('u')).not.toThrow();
    expect(faults).toHaveLength(1);
    expect(faults[0]).toBeInstanceOf(HarkError);
    expect(faults[0]!.message).toContain('boom');
    expect(afterCall).toHaveBeenCalledWith('identify');
  });
});
