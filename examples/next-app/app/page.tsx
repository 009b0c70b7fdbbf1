// app/page.tsx: a Server Component too; <Survey> renders on the client.
import { Survey } from '@hark/react';
import { ExportButton } from './ExportButton';

export default function Page() {
  return (
    <main>
      <h1>Quarterly report</h1>
      <ExportButton />
      <Survey id="page-csat" inline />
    </main>
  );
}
