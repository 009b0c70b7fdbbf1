import type { WidgetStrings } from '../strings.js';

/** Portuguese, fetched only when a prompt needs it (see ../importLocale.ts). */
export const pt: WidgetStrings = {
  send: 'Enviar',
  sending: 'Enviando…',
  close: 'Fechar',
  thankYou: 'Obrigado pelo seu feedback!',
  followUp: 'Qual é o principal motivo da sua nota?',
  counter: '{n} caracteres restantes',
  saveFailed: 'Não foi possível salvar sua resposta. Tente novamente.',
  announce: 'Pedido de feedback',
  labels: {
    nps: { low: 'Nada provável', high: 'Extremamente provável' },
    ces: { low: 'Discordo totalmente', high: 'Concordo totalmente' },
    csat: { low: 'Muito insatisfeito', high: 'Muito satisfeito' },
  },
  choices: ['Muito insatisfeito', 'Insatisfeito', 'Neutro', 'Satisfeito', 'Muito satisfeito'],
};
