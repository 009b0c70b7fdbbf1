/** @jsxImportSource react */
// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HarkProvider, Survey, useHark, useSurveyState } from '@hark/react';
import { config } from './fixtures';

function Status() {
  const state = useSurveyState();
  const hark = useHark();
  return <p>{`state: ${state === null ? 'none' : state.status}; verbs: ${typeof hark.track === 'function' ? 'yes' : 'none'}`}</p>;
}

describe(`server rendering on React ${process.env.REACT_MAJOR}`, () => {
  it('has no window, renders the children, and nothing of Hark until hydration', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      <HarkProvider config={config}>
        <Status />
        <Survey id="settings-csat" inline />
        <Survey id="checkout-nps" />
      </HarkProvider>,
    );
    expect(html).toContain('state: none; verbs: yes');
    expect(html).toContain('<div data-hark-survey="settings-csat"></div>');
    expect(html).not.toContain('hark-root');
  });
});
