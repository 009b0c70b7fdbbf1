const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and SVG, in content and in quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** A number for people: at most `digits` decimals, no trailing zeros, a true minus sign. */
export function formatNumber(value: number, digits = 1): string {
  const text = (Math.round(value * 10 ** digits) / 10 ** digits).toString();
  return text.replace('-', '−');
}

/** `2026-11-23` → `Nov 23`, in UTC. */
export function shortDate(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

