/** @jsxImportSource react */
import { useState } from 'react';
import { Survey, useHark } from '@hark/react';

/**
 * A page with an in-app action (exporting a report asks for an NPS score,
 * floating) and an inline survey in the page: page content, which neither
 * waits for nor blocks the floating prompt.
 */
export function ReportsPage() {
  const hark = useHark();
  const [exported, setExported] = useState(false);
  function exportReport() {
    setExported(true);
    // The app reports what happened; the survey's trigger decides whether to ask.
    hark.track('report_exported', { format: 'csv' });
  }
  return (
    <section className="card">
      <h1>Quarterly revenue</h1>
      <table>
        <thead>
          <tr><th>Quarter</th><th>Revenue</th></tr>
        </thead>
        <tbody>
          <tr><td>Q1</td><td>$120k</td></tr>
          <tr><td>Q2</td><td>$134k</td></tr>
          <tr><td>Q3</td><td>$151k</td></tr>
        </tbody>
      </table>
      <button type="button" onClick={exportReport}>Export report</button>
      {exported && <p>Report exported as CSV.</p>}
      <h2>Is this report useful?</h2>
      <Survey id="report-csat" inline className="inline-survey" />
    </section>
  );
}
