import type { WidgetStrings } from '../strings.js';

/** French, fetched only when a prompt needs it (see ../importLocale.ts). */
export const fr: WidgetStrings = {
  send: 'Envoyer',
  sending: 'Envoi…',
  close: 'Fermer',
  thankYou: 'Merci pour votre avis !',
  followUp: 'Quelle est la principale raison de votre note ?',
  counter: '{n} caractères restants',
  saveFailed: 'Votre réponse n’a pas pu être enregistrée. Veuillez réessayer.',
  announce: 'Demande d’avis',
  labels: {
    nps: { low: 'Pas du tout probable', high: 'Extrêmement probable' },
    ces: { low: 'Pas du tout d’accord', high: 'Tout à fait d’accord' },
    csat: { low: 'Très insatisfait', high: 'Très satisfait' },
  },
  choices: ['Très insatisfait', 'Insatisfait', 'Neutre', 'Satisfait', 'Très satisfait'],
};
