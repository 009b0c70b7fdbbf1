import type { SurveyKind } from '../schema/survey.js';
import { ENGLISH_QUESTIONS, type Questions } from './english.js';
import { languageOf, type Language } from './languages.js';

/**
 * Default question per kind and language. The question is stored on each
 * record, so it lives in core; not in the client's boot code, which has
 * English only (`english.ts`), but beside the delivery code, and copied into
 * the script tag's language files by its build.
 */
const QUESTIONS: Readonly<Record<Language, Questions>> = {
  en: ENGLISH_QUESTIONS,
  de: {
    nps: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?',
    ces: 'Das Unternehmen hat es mir leicht gemacht, mein Anliegen zu erledigen.',
    csat: 'Wie zufrieden sind Sie mit Ihrer Erfahrung?',
  },
  fr: {
    nps: 'Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?',
    ces: 'L’entreprise m’a facilité le traitement de ma demande.',
    csat: 'Dans quelle mesure êtes-vous satisfait de votre expérience ?',
  },
  es: {
    nps: '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?',
    ces: 'La empresa me facilitó la gestión de mi problema.',
    csat: '¿Qué tan satisfecho está con su experiencia?',
  },
  nl: {
    nps: 'Hoe waarschijnlijk is het dat u ons aanbeveelt bij een vriend of collega?',
    ces: 'Het bedrijf maakte het mij gemakkelijk om mijn probleem op te lossen.',
    csat: 'Hoe tevreden bent u over uw ervaring?',
  },
  pt: {
    nps: 'Qual a probabilidade de você nos recomendar a um amigo ou colega?',
    ces: 'A empresa facilitou a resolução do meu problema.',
    csat: 'Qual o seu nível de satisfação com a sua experiência?',
  },
  ja: {
    nps: '友人や同僚に当社を薦める可能性はどのくらいありますか？',
    ces: '会社のおかげで、問題を簡単に解決できた。',
    csat: '今回のご利用にどの程度満足していますか？',
  },
  ar: {
    nps: 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟',
    ces: 'سهّلت الشركة عليّ حل مشكلتي.',
    csat: 'ما مدى رضاك عن تجربتك؟',
  },
  he: {
    nps: 'עד כמה סביר שתמליצו עלינו לחבר או לעמית?',
    ces: 'החברה הקלה עליי לטפל בבעיה שלי.',
    csat: 'עד כמה אתם מרוצים מהחוויה שלכם?',
  },
};

/** The default questions in one of `LANGUAGES`. */
export const questionsIn = (language: Language): Questions => QUESTIONS[language];

/** The default question for a kind in a locale (English for languages Hark has no strings for). */
export function defaultQuestion(kind: SurveyKind, locale: string | undefined): string {
  return QUESTIONS[languageOf(locale)][kind];
}
