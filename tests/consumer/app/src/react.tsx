// @hark/react as an app writes it; a wrong survey is a compile error.
import { HarkProvider, Survey, useHark, useSurveyState, type HarkReactConfig } from '@hark/react';

export const config: HarkReactConfig = {
  endpoint: 'https://api.example.com/v1/records',
  surveys: [{ id: 'export-nps', kind: 'nps', triggers: [{ on: 'event', event: 'report_exported' }] }],
};

export const wrong: HarkReactConfig = {
  endpoint: 'https://api.example.com/v1/records',
  surveys: [
    {
      id: 'settings-csat',
      // @ts-expect-error -- not a survey kind
      kind: 'rating',
      triggers: [{ on: 'event', event: 'settings_feedback' }],
    },
  ],
};

function ExportButton() {
  const hark = useHark();
  const state = useSurveyState();
  // @ts-expect-error -- track takes the event's name
  hark.track({ event: 'report_exported' });
  return (
    <button type="button" onClick={() => hark.track('report_exported', { format: 'csv' })}>
      Export {state?.activePrompt?.survey.id ?? ''}
    </button>
  );
}

export function App() {
  return (
    <HarkProvider config={config} widget={{ nonce: 'abc' }}>
      <ExportButton />
      <Survey id="settings-csat" inline className="inline-survey" />
      {/* @ts-expect-error -- a Survey needs the survey's id */}
      <Survey inline />
    </HarkProvider>
  );
}
