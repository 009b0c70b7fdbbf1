import type { WidgetStrings } from '../strings.js';

/** Hebrew, fetched only when a prompt needs it (see ../importLocale.ts). */
export const he: WidgetStrings = {
  send: 'שליחה',
  sending: 'שולח…',
  close: 'סגירה',
  thankYou: 'תודה על המשוב!',
  followUp: 'מה הסיבה העיקרית לציון שנתתם?',
  counter: 'נותרו {n} תווים',
  saveFailed: 'לא ניתן היה לשמור את התשובה. נסו שוב.',
  announce: 'בקשת משוב',
  labels: {
    nps: { low: 'בכלל לא סביר', high: 'סביר מאוד' },
    ces: { low: 'מאוד לא מסכים', high: 'מסכים מאוד' },
    csat: { low: 'מאוד לא מרוצה', high: 'מרוצה מאוד' },
  },
  choices: ['מאוד לא מרוצה', 'לא מרוצה', 'ניטרלי', 'מרוצה', 'מרוצה מאוד'],
};
