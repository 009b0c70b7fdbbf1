// app/ExportButton.tsx: hooks need a client component.
'use client';
import { useHark } from '@hark/react';

export function ExportButton() {
  const hark = useHark();
  return <button onClick={() => hark.track('report_exported')}>Export</button>;
}
