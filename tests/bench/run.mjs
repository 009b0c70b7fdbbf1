// `npm run bench`: every figure the README quotes, in one run. Sizes per
// entry, the prompt's runtime in Chromium (1× and 4× CPU), then the delivery
// and collector benches when their scripts exist. Writes tests/artifacts/bench.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { sizeTable } from '../size/budgets.mjs';
import { benchFirstPrompt, firstPromptTable } from './firstPrompt.mjs';
import { benchNoPrompt, noPromptTable } from './noPrompt.mjs';
import { benchPrompt, promptTable } from './prompt.mjs';

const date = new Date().toISOString().slice(0, 10);
const sections = [`Measured ${date} on ${process.platform}/${process.arch}, Node ${process.version}, headless Chromium.`];

sections.push('### Bytes\n\n' + sizeTable());
sections.push('### First prompt, from script insertion, beside the floor and the peers\n\n' + firstPromptTable(await benchFirstPrompt()));
sections.push('### A page where no survey can prompt\n\n' + noPromptTable(await benchNoPrompt()));
sections.push('### Prompt runtime after load (median of runs)\n\n' + promptTable(await benchPrompt()));

const scripts = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts ?? {};
for (const [name, title] of [
  ['bench:delivery', 'Outbox and delivery'],
  ['bench:collector', 'Reference collector under load'],
]) {
  if (!scripts[name]) continue;
  const result = spawnSync('npm', ['run', '--silent', name], { encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stderr);
    throw new Error(`${name} failed`);
  }
  const text = result.stdout.trim();
  // Tables and lists stay markdown; plain report lines go in a code block.
  sections.push(`### ${title}\n\n${/^[|-]/.test(text) ? text : `\`\`\`\n${text}\n\`\`\``}`);
}

const report = sections.join('\n\n');
mkdirSync('tests/artifacts', { recursive: true });
writeFileSync('tests/artifacts/bench.md', `${report}\n`);
console.log(report);
