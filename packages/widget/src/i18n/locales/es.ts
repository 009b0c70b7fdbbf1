import type { WidgetStrings } from '../strings.js';

/** Spanish, fetched only when a prompt needs it (see ../importLocale.ts). */
export const es: WidgetStrings = {
  send: 'Enviar',
  sending: 'Enviando…',
  close: 'Cerrar',
  thankYou: '¡Gracias por sus comentarios!',
  followUp: '¿Cuál es el motivo principal de su puntuación?',
  counter: 'Quedan {n} caracteres',
  saveFailed: 'No se pudo guardar su respuesta. Inténtelo de nuevo.',
  announce: 'Solicitud de opinión',
  labels: {
    nps: { low: 'Nada probable', high: 'Extremadamente probable' },
    ces: { low: 'Totalmente en desacuerdo', high: 'Totalmente de acuerdo' },
    csat: { low: 'Muy insatisfecho', high: 'Muy satisfecho' },
  },
  choices: ['Muy insatisfecho', 'Insatisfecho', 'Neutral', 'Satisfecho', 'Muy satisfecho'],
};
