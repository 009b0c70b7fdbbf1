/** @jsxImportSource react */
import { Survey } from '@hark/react';

/** The settings page: an inline CSAT survey sits in the page, not floating over it. */
export function SettingsPage() {
  return (
    <section className="card">
      <h1>Settings</h1>
      <label>
        Display name <input defaultValue="Dana" />
      </label>
      <label>
        <input type="checkbox" defaultChecked /> Email me a weekly summary
      </label>
      <h2>Tell us about this page</h2>
      <Survey id="settings-csat" inline className="inline-survey" />
    </section>
  );
}
