// The prompt gallery: re-initialises Hark with the chosen kind, placement,
// theme and language. Options can also come from the URL
// (?kind=csat-faces&position=center&scheme=dark&lang=ar&endpoint=…).
const params = new URLSearchParams(location.search);
const endpoint = params.get('endpoint') ?? `http://${location.hostname}:8787/v1/records`;
const form = document.getElementById('options');
const log = document.getElementById('log');

const SURVEYS = {
  nps: { kind: 'nps' },
  ces: { kind: 'ces' },
  csat: { kind: 'csat', display: 'numbers' },
  'csat-stars': { kind: 'csat', display: 'stars' },
  'csat-faces': { kind: 'csat', display: 'faces' },
};

for (const name of ['kind', 'position', 'scheme', 'lang']) {
  const value = params.get(name);
  const field = value && form.elements[name];
  if (field) field.value = value;
}

function options() {
  const data = new FormData(form);
  return { kind: data.get('kind'), position: data.get('position'), scheme: data.get('scheme'), lang: data.get('lang') };
}

function start() {
  const { kind, position, scheme, lang } = options();
  hark.destroy();
  hark.init({
    endpoint,
    locale: lang,
    ...(position === 'inline' ? {} : { position }),
    user: { id: 'gallery-user' },
    surveys: [{ id: `gallery-${kind}`, ...SURVEYS[kind], followUp: { maxLength: 280 }, triggers: [{ on: 'event', event: 'gallery_event' }] }],
    widget: {
      scheme,
      ...(position === 'inline' ? { container: document.getElementById('inline-slot') } : {}),
    },
  });
}

hark.on('answered', ({ record }) => {
  log.textContent = `Saved: score ${record.score}${record.comment ? `, “${record.comment}”` : ''}.`;
});
hark.on('error', (error) => console.warn(error.code, error.message));
form.addEventListener('change', start);
document.getElementById('show').addEventListener('click', () => hark.show(`gallery-${options().kind}`));
document.getElementById('track').addEventListener('click', () => hark.track('gallery_event'));
const overlay = document.getElementById('host-overlay');
document.getElementById('overlay').addEventListener('click', () => {
  overlay.hidden = false;
  hark.track('gallery_event');
});
document.getElementById('overlay-close').addEventListener('click', () => {
  overlay.hidden = true;
});
start();
