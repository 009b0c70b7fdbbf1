import type { WidgetStrings } from '../strings.js';

/** Arabic, fetched only when a prompt needs it (see ../importLocale.ts). */
export const ar: WidgetStrings = {
  send: 'إرسال',
  sending: 'جارٍ الإرسال…',
  close: 'إغلاق',
  thankYou: 'شكرًا على ملاحظاتك!',
  followUp: 'ما السبب الرئيسي لتقييمك؟',
  counter: 'الأحرف المتبقية: {n}',
  saveFailed: 'تعذّر حفظ إجابتك. يُرجى المحاولة مرة أخرى.',
  announce: 'طلب رأي',
  labels: {
    nps: { low: 'غير محتمل إطلاقًا', high: 'محتمل جدًا' },
    ces: { low: 'لا أوافق بشدة', high: 'أوافق بشدة' },
    csat: { low: 'غير راضٍ جدًا', high: 'راضٍ جدًا' },
  },
  choices: ['غير راضٍ جدًا', 'غير راضٍ', 'محايد', 'راضٍ', 'راضٍ جدًا'],
};
