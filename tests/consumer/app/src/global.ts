import type {} from '@hark/browser/global';

window.hark.init({
  endpoint: 'https://api.example.com/v1/records',
  surveys: [{ id: 'checkout-nps', kind: 'nps', triggers: [{ on: 'event', event: 'checkout_completed' }] }],
});
hark.track('checkout_completed');
