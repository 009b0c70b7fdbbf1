import type { Row } from './readRow.js';
import { num, type Sql } from './sql.js';

/** One saved version of a survey definition. */
export interface SurveyVersion {
  readonly surveyId: string;
  /** 1, 2, … per survey. */
  readonly version: number;
  /** The definition as saved (JSON text, checked against `SurveySchema` before saving). */
  readonly definition: string;
  /** Taken out of `GET /v1/surveys` (its history stays). */
  readonly archived: boolean;
  /** Who saved it: the name given at sign-in, a token's fingerprint, or `config`. */
  readonly author: string;
  readonly createdAt: string;
}

/** What `save` did: the new version, or the version someone else saved first. */
export type SaveResult = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly current: number };

/** Survey definitions with their history: every save is a new version, the latest one is live. */
export interface SurveyStore {
  /** The latest version of every survey that is not archived, sorted by id: what `GET /v1/surveys` serves. */
  published(): Promise<SurveyVersion[]>;
  /** The latest version of every survey, archived ones included, sorted by id. */
  latest(): Promise<SurveyVersion[]>;
  /** A survey's versions, newest first (at most `limit`). */
  versions(surveyId: string, limit: number): Promise<SurveyVersion[]>;
  /**
   * Saves a new version, if the latest is still `baseVersion` (0 for a new
   * survey): two people editing at once cannot overwrite each other unseen.
   */
  save(version: { readonly surveyId: string; readonly definition: string; readonly archived: boolean; readonly author: string; readonly at: Date }, baseVersion: number): Promise<SaveResult>;
}

const toVersion = (row: Row): SurveyVersion => ({
  surveyId: row.survey_id as string,
  version: num(row.version),
  definition: row.definition as string,
  archived: num(row.archived) === 1,
  author: row.author as string,
  createdAt: row.created_at as string,
});

const LATEST = 'SELECT v.* FROM survey_versions v WHERE v.version = (SELECT MAX(version) FROM survey_versions w WHERE w.survey_id = v.survey_id)';

/** The survey definitions over either backend. */
export function createSurveyStore(sql: Sql): SurveyStore {
  const current = async (surveyId: string) => num((await sql.read('SELECT MAX(version) AS v FROM survey_versions WHERE survey_id = ?', [surveyId]))[0]?.v);
  return {
    async published() {
      return (await sql.read(`${LATEST} AND v.archived = 0 ORDER BY v.survey_id`)).map(toVersion);
    },
    async latest() {
      return (await sql.read(`${LATEST} ORDER BY v.survey_id`)).map(toVersion);
    },
    async versions(surveyId, limit) {
      return (await sql.read('SELECT * FROM survey_versions WHERE survey_id = ? ORDER BY version DESC LIMIT ?', [surveyId, limit])).map(toVersion);
    },
    async save({ surveyId, definition, archived, author, at }, baseVersion) {
      // The version is computed inside the statement; a concurrent save of the same number fails on the key.
      try {
        const rows = await sql.write(
          `INSERT INTO survey_versions (survey_id, version, definition, archived, author, created_at)
           SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ? FROM survey_versions WHERE survey_id = ? HAVING COALESCE(MAX(version), 0) = ?
           RETURNING version`,
          [surveyId, definition, archived ? 1 : 0, author, at.toISOString(), surveyId, baseVersion],
        );
        if (rows[0]) return { ok: true, version: num(rows[0].version) };
      } catch (error) {
        if (!/unique|duplicate|constraint/i.test(error instanceof Error ? error.message : '')) throw error;
      }
      return { ok: false, current: await current(surveyId) };
    },
  };
}
