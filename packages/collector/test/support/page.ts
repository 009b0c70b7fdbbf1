import { within } from '@testing-library/dom';
import { Window } from 'happy-dom';

/** Parses a server-rendered page into a DOM and returns Testing Library queries bound to its body. */
export function renderHtml(html: string) {
  const window = new Window({ url: 'http://collector.test/' });
  window.document.write(html);
  const body = window.document.body as unknown as HTMLElement;
  return { window, document: window.document as unknown as Document, screen: within(body) };
}
