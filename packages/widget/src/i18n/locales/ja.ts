import type { WidgetStrings } from '../strings.js';

/** Japanese, fetched only when a prompt needs it (see ../importLocale.ts). */
export const ja: WidgetStrings = {
  send: '送信',
  sending: '送信中…',
  close: '閉じる',
  thankYou: 'ご意見ありがとうございました！',
  followUp: 'このスコアを付けた主な理由は何ですか？',
  counter: '残り{n}文字',
  saveFailed: '回答を保存できませんでした。もう一度お試しください。',
  announce: 'フィードバックのお願い',
  labels: {
    nps: { low: 'まったく可能性がない', high: '非常に可能性が高い' },
    ces: { low: 'まったくそう思わない', high: '非常にそう思う' },
    csat: { low: 'とても不満', high: 'とても満足' },
  },
  choices: ['とても不満', '不満', 'どちらでもない', '満足', 'とても満足'],
};
