import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGES } from '../../build/tarballs.mjs';
import { run, tarballs } from './consumerApp';

// What npm would publish, checked as a consumer's tools see it: publint and
// @arethetypeswrong/cli on each packed tarball, and the files inside it.

/** The one repository every package points at. */
const REPOSITORY = 'https://github.com/hark-feedback/hark';
const bin = (name: string) => join(process.cwd(), 'node_modules/.bin', name);

/**
 * The packages are ESM only (ARCHITECTURE.md says why): attw's `esm-only`
 * profile ignores CommonJS resolution. @hark/browser's `*.min.js` exports are
 * classic scripts for a <script> tag (or a bundler's `?url`), not modules, so
 * they have no types to check.
 */
const ATTW_ARGS: Record<string, string[]> = {
  '@hark/browser': ['--exclude-entrypoints', 'hark.min.js', 'hark-ui.min.js', 'hark-ui.sri.min.js', 'hark-delivery.min.js', 'hark-delivery.debug.min.js', 'snippet.min.js'],
};

let unpacked: string;
beforeAll(() => {
  unpacked = mkdtempSync(join(tmpdir(), 'hark-unpacked-'));
  for (const [name, tarball] of Object.entries(tarballs())) {
    const dir = join(unpacked, name);
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  }
});
afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

const packed = (name: string, file: string) => readFileSync(join(unpacked, name, 'package', file), 'utf8');
const names = Object.keys(PACKAGES);

describe('the packed packages', () => {
  it('packs every published package', () => {
    expect(Object.keys(tarballs()).sort()).toEqual([...names].sort());
  });

  it.each(names)('%s: publint --strict finds nothing', async (name) => {
    const output = await run(bin('publint'), ['--strict', tarballs()[name]!], { cwd: process.cwd() });
    expect(output).toContain('All good!');
  });

  it.each(names)('%s: attw finds no type resolution problem (bundler, node16 from ESM)', async (name) => {
    const output = await run(bin('attw'), [tarballs()[name]!, '--profile', 'esm-only', '--format', 'ascii', ...(ATTW_ARGS[name] ?? [])], { cwd: process.cwd() });
    expect(output).toContain('(ignoring resolutions: \'node10\', \'node16-cjs\')');
  });

  it.each(names)('%s: carries the MIT LICENSE, a README and where it comes from', (name) => {
    expect(packed(name, 'LICENSE')).toBe(readFileSync('LICENSE', 'utf8'));
    const pkg = JSON.parse(packed(name, 'package.json'));
    expect(pkg).toMatchObject({
      license: 'MIT',
      type: 'module',
      repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory: PACKAGES[name] },
      homepage: `${REPOSITORY}/tree/main/${PACKAGES[name]}#readme`,
      bugs: { url: `${REPOSITORY}/issues` },
    });
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(packed(name, 'README.md')).toMatch(new RegExp(`^# ${name.replace('/', '\\/')}\\b`));
  });

  it.each(names)('%s: the README stands alone on npm (every link absolute)', (name) => {
    // Markdown links and HTML href/src, outside code (where `</script>` and friends are code, not links).
    const prose = packed(name, 'README.md').replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
    const links = [...prose.matchAll(/\]\(([^)\s]+)\)/g), ...prose.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !/^(https?:\/\/|#|mailto:)/.test(link))).toEqual([]);
  });

  it('@hark/react is a client module: its ESM entry opens with "use client"', () => {
    expect(packed('@hark/react', 'dist/index.js')).toMatch(/^'use client';\n/);
    // The other packages have no React in them, so a Server Component may import them as they are.
    for (const name of names.filter((other) => other !== '@hark/react')) expect(packed(name, 'dist/index.js')).not.toContain('use client');
  });
});
