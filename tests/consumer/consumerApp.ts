import { execFile, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, extname, join, normalize, sep } from 'node:path';
import { inject } from 'vitest';
import { copyExample, installTarballs } from '../../build/tarballs.mjs';

/** The tarballs the project's global setup packed: package name → path. */
export const tarballs = (): Record<string, string> => inject('tarballs');

/** tests/consumer/app, installed once per run by the global setup (see packTarballs.ts). */
export const fixtureApp = (): string => inject('fixtureApp');

/** An app installed as a user would install it; `remove()` deletes its temporary folder. */
export interface ConsumerApp {
  readonly dir: string;
  remove(): void;
}

/**
 * Copies `example` (a folder with a package.json, and a lockfile for the
 * registry packages) into a fresh temporary folder and installs the packed
 * @hark tarballs into the copy with `npm install`, never workspace links.
 */
export function consumerApp(example: string): ConsumerApp {
  const parent = mkdtempSync(join(tmpdir(), 'hark-consumer-'));
  const dir = copyExample(example, join(parent, basename(example)));
  installTarballs(dir, tarballs());
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * The environment an app's own tools see: the shell's, without what the test
 * runner sets for itself (NODE_ENV=test would make `next build` a test build).
 */
export function appEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST') && !key.startsWith('npm_lifecycle_') && !key.startsWith('npm_package_')),
  );
  return { ...env, ...extra };
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, env: appEnv(options.env), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error) reject(new Error(`${command} ${args.join(' ')} failed in ${options.cwd}:\n${output.slice(-8000)}`));
      else resolve(output);
    });
  });
}

/** A long-running process started by a test; `stop()` ends it (and its children) by its process group id. */
export interface Server {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command` in its own process group and resolves once its output
 * matches `ready`, whose first group is the URL it serves.
 */
export function startServer(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number }): Promise<Server> {
  const child = spawn(command, args, { cwd: options.cwd, env: appEnv(options.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const killed = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    clearTimeout(killed);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} did not get ready in time:\n${output.slice(-4000)}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = options.ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output.slice(-4000)}`));
    });
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Serves a built app's folder on a free port, as a static host would. */
export async function serveDir(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) && file !== dir) return void res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      return void res.writeHead(404).end('not found');
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
