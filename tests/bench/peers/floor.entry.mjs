// The floor: the least a page can run to put an NPS prompt on screen with
// Preact. A dialog, the question, eleven radio buttons and a close button.
import { h, render } from 'preact';
import { useState } from 'preact/hooks';

const CSS = `.p{position:fixed;right:16px;bottom:16px;max-width:420px;background:#fff;color:#111;border:1px solid #ddd;border-radius:8px;padding:16px;font:14px system-ui,sans-serif;box-shadow:0 4px 16px #0002}
.s{display:flex;gap:4px}.s button{min-width:32px;min-height:32px;border:1px solid #bbb;border-radius:4px;background:#fff}.s button[aria-checked=true]{background:#111;color:#fff}`;

function Prompt() {
  const [score, setScore] = useState(null);
  return h('div', { class: 'p', role: 'dialog', 'aria-label': 'Feedback' }, [
    h('p', null, 'How likely are you to recommend us to a friend or colleague?'),
    h(
      'div',
      { class: 's', role: 'radiogroup' },
      Array.from({ length: 11 }, (_, i) => h('button', { role: 'radio', 'aria-checked': score === i, onClick: () => setScore(i) }, String(i))),
    ),
    h('button', { 'aria-label': 'Close' }, '×'),
  ]);
}

const style = document.createElement('style');
style.textContent = CSS;
document.head.appendChild(style);
const root = document.createElement('div');
root.id = 'floor';
document.body.appendChild(root);
render(h(Prompt), root);
