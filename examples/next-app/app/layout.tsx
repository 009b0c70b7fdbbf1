// app/layout.tsx: a Server Component. <HarkProvider> is a client component; the config is a plain object.
import type { ReactNode } from 'react';
import { HarkProvider, type HarkReactConfig } from '@hark/react';

const config: HarkReactConfig = {
  endpoint: process.env.NEXT_PUBLIC_HARK_ENDPOINT ?? 'https://api.example.com/v1/records',
  surveys: [
    { id: 'export-nps', kind: 'nps', triggers: [{ on: 'event', event: 'report_exported' }] },
    { id: 'page-csat', kind: 'csat', question: 'How useful is this report?', triggers: [{ on: 'event', event: 'page_feedback' }] },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <HarkProvider config={config}>{children}</HarkProvider>
      </body>
    </html>
  );
}
