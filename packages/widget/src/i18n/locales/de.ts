import type { WidgetStrings } from '../strings.js';

/** German, fetched only when a prompt needs it (see ../importLocale.ts). */
export const de: WidgetStrings = {
  send: 'Senden',
  sending: 'Wird gesendet…',
  close: 'Schließen',
  thankYou: 'Vielen Dank für Ihr Feedback!',
  followUp: 'Was ist der wichtigste Grund für Ihre Bewertung?',
  counter: 'Noch {n} Zeichen',
  saveFailed: 'Ihre Antwort konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.',
  announce: 'Feedback-Anfrage',
  labels: {
    nps: { low: 'Überhaupt nicht wahrscheinlich', high: 'Äußerst wahrscheinlich' },
    ces: { low: 'Stimme überhaupt nicht zu', high: 'Stimme voll und ganz zu' },
    csat: { low: 'Sehr unzufrieden', high: 'Sehr zufrieden' },
  },
  choices: ['Sehr unzufrieden', 'Unzufrieden', 'Neutral', 'Zufrieden', 'Sehr zufrieden'],
};
