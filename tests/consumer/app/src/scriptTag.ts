// The script tag's `window.hark`, typed from @hark/browser: the config is checked, surveys included.
import type { BrowserConfig, Hark } from '@hark/browser';

declare const hark: Hark;

export const config: BrowserConfig = {
  endpoint: 'https://api.example.com/v1/records',
  headers: () => ({ Authorization: 'Bearer token' }),
  user: { id: 'u_123', attributes: { plan: 'pro' } },
  position: 'bottom-left',
  surveys: [
    {
      id: 'checkout-nps',
      kind: 'nps',
      question: 'How likely are you to recommend Acme?',
      followUp: { byScore: { low: 'What went wrong?' } },
      triggers: [{ on: 'event', event: 'checkout_completed', nth: 2 }, { on: 'pageview', url: '/reports/**' }],
      frequency: { recontactDays: 90 },
    },
  ],
};
hark.init(config);
hark.track('checkout_completed', { plan: 'pro' });
const off: () => void = hark.on('answered', ({ survey, record }) => console.log(survey.id, record.score));
off();

hark.init({
  endpoint: 'https://api.example.com/v1/records',
  surveys: [
    {
      id: 'wrong-kind',
      // @ts-expect-error -- 'stars' is a CSAT display, not a survey kind
      kind: 'stars',
      triggers: [{ on: 'event', event: 'x' }],
    },
  ],
});

hark.init({
  endpoint: 'https://api.example.com/v1/records',
  // @ts-expect-error -- a trigger that does not exist
  surveys: [{ id: 'wrong-trigger', kind: 'csat', triggers: [{ on: 'hover', selector: '#export' }] }],
});

// @ts-expect-error -- endpoint is required
hark.init({ surveys: [] });

// @ts-expect-error -- events are named by strings
hark.track(42);

// @ts-expect-error -- not a position
hark.init({ endpoint: 'https://api.example.com/v1/records', position: 'middle' });

// The global, typed by @hark/browser/global (src/global.ts imports it): a wrong call does not compile.
// @ts-expect-error -- events are named by strings
window.hark.track(42);
