import type { HarkReactConfig } from '@hark/react';

// The demo passes the collector's URL in `?endpoint=`; a real app hard-codes its own endpoint.
const endpoint = new URLSearchParams(location.search).get('endpoint') ?? `http://${location.hostname}:8787/v1/records`;

/** Hark's config for this app: typed, so a wrong `kind` or trigger is a compile error. */
export const harkConfig: HarkReactConfig = {
  endpoint,
  user: { id: 'react-demo-user', attributes: { plan: 'team' } },
  surveys: [
    {
      id: 'export-nps',
      kind: 'nps',
      question: 'How likely are you to recommend Acme Reports to a colleague?',
      followUp: { byScore: { low: 'What went wrong?', mid: 'What would make it a 10?', high: 'What do you like most?' } },
      triggers: [{ on: 'event', event: 'report_exported' }],
    },
    {
      id: 'report-csat',
      kind: 'csat',
      question: 'How useful is this report?',
      thankYou: 'Thanks! Your answer shapes our next reports.',
      triggers: [{ on: 'event', event: 'report_feedback_requested' }],
    },
    {
      id: 'settings-csat',
      kind: 'csat',
      question: 'How satisfied are you with the settings page?',
      thankYou: 'Thanks, that helps us improve settings.',
      triggers: [{ on: 'event', event: 'settings_feedback_requested' }],
    },
  ],
};
