import { describe, expect, it } from 'vitest';
import { TRIGGER_KINDS } from '../../src/triggers/matchTriggers';
import { engineClient, onScreen } from '../engineClient';

describe('click trigger', () => {
  it('fires on a click on (or inside) an element matching the selector', async () => {
    const { client, page } = engineClient({ surveys: [{ id: 'exp', kind: 'ces', triggers: [{ on: 'click', selector: '#export' }] }] });
    await client.ready;
    page.click('.other');
    expect(onScreen(client)).toBeNull();
    page.click('#export', 'button');
    expect(onScreen(client)).toBe('exp');
    expect(client.getState().activePrompt?.trigger).toEqual({ on: 'click', selector: '#export' });
    client.destroy();
  });

  it('uses one delegated listener for every click trigger, and none without one', async () => {
    const two = engineClient({
      surveys: [
        { id: 'a', kind: 'ces', triggers: [{ on: 'click', selector: '#a' }] },
        { id: 'b', kind: 'ces', triggers: [{ on: 'click', selector: '#b' }] },
      ],
    });
    await two.client.ready;
    expect(two.page.listeners('click')).toBe(1);
    two.client.destroy();
    expect(two.page.listeners('click')).toBe(0);

    const none = engineClient({ surveys: [{ id: 'e', kind: 'nps', triggers: [{ on: 'event', event: 'x' }] }] });
    await none.client.ready;
    expect((['navigate', 'click', 'exit', 'scroll', 'visibility'] as const).map((kind) => none.page.listeners(kind))).toEqual([0, 0, 0, 0, 0]);
    none.client.destroy();
  });

  it('treats a selector the browser rejects as no match instead of throwing', () => {
    const click = TRIGGER_KINDS.find((kind) => kind.on === 'click')!;
    const closest = () => {
      throw new SyntaxError("'#[' is not a valid selector");
    };
    const trigger = { on: 'click', selector: '#[' } as const;
    expect(click.match(trigger as never, { type: 'click', closest }, { count: () => 1 })).toBe(false);
  });
});
