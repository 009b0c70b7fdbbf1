import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A throwaway PostgreSQL cluster for one test file. */
export interface TestPostgres {
  /** A new, empty database on this cluster. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** The folder with initdb/pg_ctl: `$PG_BIN`, else the newest /usr/lib/postgresql/N/bin (Debian's layout). */
export function findPostgresBin(): string | null {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')) && existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests would be skipped, or null when they can run. */
export function postgresSkipReason(): string | null {
  if (process.env.HARK_TEST_DATABASE_URL) return null;
  return findPostgresBin() ? null : 'PostgreSQL is not installed (apt-get install -y postgresql), so the PostgreSQL backend is not tested';
}

// PostgreSQL refuses to run as root; when the tests are root, the cluster runs as `postgres` (or `nobody`).
function runAsUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0) return { name, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function run(bin: string, args: string[], user: ReturnType<typeof runAsUser>): void {
  const [cmd, argv] = user ? ['runuser', ['-u', user.name, '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: 'pipe', timeout: 60_000 });
}

/**
 * Starts PostgreSQL on a unix socket in a temp folder (no TCP port, so test
 * runs never collide), or uses `$HARK_TEST_DATABASE_URL` when that is set.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  let counter = 0;
  const databases = (adminUrl: string, urlFor: (name: string) => string) => async () => {
    const name = `hark_test_${process.pid}_${Date.now()}_${++counter}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return urlFor(name);
  };

  const external = process.env.HARK_TEST_DATABASE_URL;
  if (external) {
    return {
      createDatabase: databases(external, (name) => {
        const url = new URL(external);
        url.pathname = `/${name}`;
        return url.toString();
      }),
      stop: async () => undefined,
    };
  }

  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresSkipReason()!);
  const dir = mkdtempSync(join(tmpdir(), 'hark-pg-'));
  const user = runAsUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'hark', '--auth=trust', '-E', 'UTF8', '--no-sync'], user);
  const settings = `-k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB -c max_connections=60`;
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start'], user);
  const urlFor = (name: string) => `postgresql://hark@localhost/${name}?host=${encodeURIComponent(dir)}`;
  return {
    createDatabase: databases(urlFor('postgres'), urlFor),
    async stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
