// The host app's own code. Everything Hark needs is in `hark.init` and `hark.track`.
const params = new URLSearchParams(location.search);
const endpoint = params.get('endpoint') ?? `http://${location.hostname}:8787/v1/records`;

hark.init({
  endpoint,
  user: { id: 'demo-user', attributes: { plan: 'pro' } },
  surveys: [
    {
      id: 'checkout-nps',
      kind: 'nps',
      question: 'How likely are you to recommend Acme to a friend or colleague?',
      followUp: { byScore: { low: 'What disappointed you?', mid: 'What would make it a 10?', high: 'What did you like most?' } },
      triggers: [{ on: 'event', event: 'checkout_completed' }],
    },
  ],
});

hark.on('error', (error) => console.warn(error.code, error.message));

const status = document.getElementById('status');
document.getElementById('checkout').addEventListener('click', () => {
  status.textContent = 'Order placed. Thank you!';
  hark.track('checkout_completed', { plan: 'pro' });
});

const text = (value) => document.createTextNode(value == null ? '' : String(value));
async function refresh() {
  const body = document.querySelector('#records tbody');
  try {
    const response = await fetch(`${endpoint}?limit=20`);
    const { records } = await response.json();
    body.replaceChildren(
      ...records.map((row) => {
        const tr = document.createElement('tr');
        for (const value of [row.type, row.surveyId, row.score, row.comment, row.createdAt]) {
          const td = document.createElement('td');
          td.append(text(value));
          tr.append(td);
        }
        return tr;
      }),
    );
  } catch {
    body.replaceChildren(text('The collector is not reachable.'));
  }
}
document.getElementById('refresh').addEventListener('click', refresh);
document.getElementById('json-link').href = endpoint;
hark.on('sent', refresh);
refresh();
