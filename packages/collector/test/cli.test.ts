import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@hark/collector';
import { CLI, startCliProcess, type CollectorProcess } from './support/cliProcess';

// The bin as a user runs it: `npx @hark/collector`, the container's command.

const dir = mkdtempSync(join(tmpdir(), 'hark-cli-'));
const running: CollectorProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((process) => process.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('hark-collector', () => {
  it('on a first run with no admin credential, says how to set one, and reads nothing for anyone', async () => {
    const collector = await startCliProcess({ HARK_DB: join(dir, 'first.sqlite') });
    running.push(collector);
    expect(collector.output()).toMatch(/No admin credential is set/);
    expect(collector.output()).toMatch(/hash-password/);
    expect(collector.output()).toMatch(/HARK_ADMIN_TOKENS=<token>, e.g. this freshly made one: [\w-]{40,}/);
    expect(collector.output()).toMatch(/No HARK_ALLOWED_ORIGINS/);
    for (const path of ['/', '/v1/records', '/export.csv']) {
      const res = await fetch(`${collector.url}${path}`, { redirect: 'manual', headers: { Authorization: 'Bearer anything-at-all-0123456789abcdef0123' } });
      expect(res.status, path).toBe(401);
    }
  }, 90_000);

  it('hashes a password from stdin that verifies, and refuses a short one', async () => {
    const hash = execFileSync(process.execPath, [CLI, 'hash-password'], { input: 'correct horse battery staple\n', encoding: 'utf8' }).trim();
    expect(hash).toMatch(/^scrypt:32768:8:1:[\w-]+:[\w-]+$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(() => execFileSync(process.execPath, [CLI, 'hash-password'], { input: 'short', stdio: 'pipe' })).toThrow(/at least 12 characters/);
  }, 60_000);

  it('stops on a malformed variable, naming it', () => {
    expect(() => execFileSync(process.execPath, [CLI], { env: { PATH: process.env.PATH ?? '', HARK_RATE_LIMIT: 'lots', HARK_DB: join(dir, 'bad.sqlite') }, stdio: 'pipe' })).toThrow(/HARK_RATE_LIMIT must be a whole number/);
    expect(() => execFileSync(process.execPath, [CLI], { env: { PATH: process.env.PATH ?? '', HARK_ADMIN_TOKENS: 'short', HARK_DB: join(dir, 'bad.sqlite') }, stdio: 'pipe' })).toThrow(/at least 32 characters/);
    const start = (env: Record<string, string>) => () => execFileSync(process.execPath, [CLI], { env: { PATH: process.env.PATH ?? '', HARK_DB: join(dir, 'bad.sqlite'), ...env }, stdio: 'pipe' });
    expect(start({ HARK_WEBHOOK_URL: 'ftp://example.com/hook' })).toThrow(/HARK_WEBHOOK_URL: webhook "ftp:\/\/example.com\/hook": only http and https/);
    expect(start({ HARK_WEBHOOK_RULES: 'nps<6' })).toThrow(/HARK_WEBHOOK_RULES: "nps<6" is not a webhook rule/);
    expect(start({ HARK_WEBHOOK_SECRET: 'short' })).toThrow(/HARK_WEBHOOK_SECRET needs at least 16 characters/);
    expect(start({ HARK_SURVEYS_FILE: join(dir, 'missing.json') })).toThrow(/HARK_SURVEYS_FILE: ENOENT/);
  });

  it('warns at start when HARK_WEBHOOK_URL is set without a secret (alerts would go unsigned)', async () => {
    const collector = await startCliProcess({ HARK_DB: join(dir, 'hooks.sqlite'), HARK_WEBHOOK_URL: 'http://127.0.0.1:9/hook' });
    running.push(collector);
    expect(collector.output()).toMatch(/HARK_WEBHOOK_URL is set without HARK_WEBHOOK_SECRET/);
  }, 90_000);
});
