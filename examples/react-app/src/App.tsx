/** @jsxImportSource react */
import { useState } from 'react';
import { useSurveyState } from '@hark/react';
import { ReportsPage } from './ReportsPage';
import { SettingsPage } from './SettingsPage';

type PageName = 'reports' | 'settings';

/** The host app: two pages, a nav, and a line showing what Hark is doing. */
export function App() {
  const [page, setPage] = useState<PageName>('reports');
  const state = useSurveyState();
  const prompt = state?.activePrompt;
  return (
    <>
      <header>
        <strong>Acme Reports</strong>
        <nav aria-label="Main">
          <button type="button" aria-current={page === 'reports' ? 'page' : undefined} onClick={() => setPage('reports')}>
            Reports
          </button>
          <button type="button" aria-current={page === 'settings' ? 'page' : undefined} onClick={() => setPage('settings')}>
            Settings
          </button>
        </nav>
      </header>
      <main>
        {page === 'reports' ? <ReportsPage /> : <SettingsPage />}
        <p className="hark-status" role="status">
          Hark: {state === null || state.status === 'starting' ? 'starting…' : prompt ? `showing “${prompt.survey.id}” (${prompt.phase})` : `ready, no prompt on screen`}
        </p>
      </main>
    </>
  );
}
