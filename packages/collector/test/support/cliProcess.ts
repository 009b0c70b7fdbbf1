import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI, exactly what `npx @hark/collector`, `npm start` and the Dockerfile run. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A collector running as its own process. */
export interface CollectorProcess {
  readonly endpoint: string;
  readonly url: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, and wait for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `node dist/cli.js` with `env` (on top of PATH and a free port) and
 * resolves once it prints where it listens. Needs the build (`npm run build`).
 */
export function startCliProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<CollectorProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const child: ChildProcess = spawn(process.execPath, [CLI], { env: { PATH: process.env.PATH ?? '', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the collector process did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /ingest at (http:\/\/\S+\/v1\/records), results at (http:\/\/\S+)\//.exec(output);
      if (!found) return;
      clearTimeout(timer);
      resolve({
        endpoint: found[1]!,
        url: found[2]!,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the collector process exited with ${code}:\n${output}`));
    });
  });
}
