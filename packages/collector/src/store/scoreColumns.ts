/**
 * The columns the results page counts records by (the UTC day comes after
 * them), in the order of the `records_scores` index, so both backends group in
 * one pass over that index.
 */
export const SCORE_COLUMNS = 'survey_id, kind, type, score, scale_min, scale_max';

/** `SCORE_COLUMNS` selected under the names of `ScoreGroup`'s fields. */
export const SCORE_FIELDS = 'survey_id AS "surveyId", kind, type, score, scale_min AS "scaleMin", scale_max AS "scaleMax"';
