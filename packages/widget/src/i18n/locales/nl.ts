import type { WidgetStrings } from '../strings.js';

/** Dutch, fetched only when a prompt needs it (see ../importLocale.ts). */
export const nl: WidgetStrings = {
  send: 'Versturen',
  sending: 'Bezig met versturen…',
  close: 'Sluiten',
  thankYou: 'Bedankt voor uw feedback!',
  followUp: 'Wat is de belangrijkste reden voor uw score?',
  counter: 'Nog {n} tekens',
  saveFailed: 'Uw antwoord kon niet worden opgeslagen. Probeer het opnieuw.',
  announce: 'Feedbackverzoek',
  labels: {
    nps: { low: 'Helemaal niet waarschijnlijk', high: 'Zeer waarschijnlijk' },
    ces: { low: 'Helemaal mee oneens', high: 'Helemaal mee eens' },
    csat: { low: 'Zeer ontevreden', high: 'Zeer tevreden' },
  },
  choices: ['Zeer ontevreden', 'Ontevreden', 'Neutraal', 'Tevreden', 'Zeer tevreden'],
};
