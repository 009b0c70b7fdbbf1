import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { LOOPBACK_HOSTS } from './app.js';
import { hashPassword } from './admin/password.js';
import { ENV_VARIABLES, optionsFromEnv } from './options/optionsFromEnv.js';
import { startCollector } from './start.js';

const HELP = `Usage:
  hark-collector                 start the collector (configured by environment variables)
  hark-collector hash-password   print a hash for HARK_ADMIN_PASSWORD_HASH (password from stdin, or asked for)
  hark-collector help            this text

Environment:
${Object.entries(ENV_VARIABLES)
  .map(([name, what]) => `  ${name.padEnd(26)}${what}`)
  .join('\n')}
`;

/** Reads a password: the whole of stdin when it is piped, else asked for twice without echo. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.replace(/\r?\n$/, '');
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(question);
      const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
      const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
      rl.question('', (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Admin password (12 characters or more): ');
  if ((await ask('Again: ')) !== first) throw new Error('the two passwords differ');
  return first;
}

async function start() {
  const options = optionsFromEnv();
  const collector = await startCollector({ ...options, log: (line) => console.log(line) });
  const where = collector.backend === 'postgres' ? 'PostgreSQL ($DATABASE_URL)' : `SQLite: ${options.dbPath}`;
  // One write, so whoever reads the first line has the notes too.
  const lines = [`Hark collector: ingest at ${collector.endpoint}, results at ${collector.url}/ (${where})`];
  const admin = options.admin ?? {};
  if (!admin.passwordHash && !admin.tokens?.length) {
    lines.push(
      '',
      'No admin credential is set, so nothing can read the answers stored here (ingest works).',
      'To read them, restart with either or both of:',
      '  people:  HARK_ADMIN_PASSWORD_HASH=<hash>, where the hash comes from: npx @hark/collector hash-password',
      `  scripts: HARK_ADMIN_TOKENS=<token>, e.g. this freshly made one: ${randomBytes(32).toString('base64url')}`,
      '',
    );
  }
  if (!options.allowedOrigins?.length) lines.push('No HARK_ALLOWED_ORIGINS: pages on other origins cannot post records from a browser.');
  if (options.webhooks?.urls?.length && !options.webhooks.secret) {
    lines.push('HARK_WEBHOOK_URL is set without HARK_WEBHOOK_SECRET: alerts go unsigned, so receivers cannot tell they came from this collector.');
  }
  if (!options.allowedHosts && !['127.0.0.1', 'localhost', '::1'].includes(options.host ?? '')) {
    lines.push(`The admin door answers only to ${LOOPBACK_HOSTS.join(', ')}; set HARK_ALLOWED_HOSTS to the name people and scripts use (e.g. feedback.example.com).`);
  }
  console.log(lines.join('\n'));
  const stop = () => void collector.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(command: string | undefined) {
  if (command === 'hash-password') {
    console.log(await hashPassword(await readPassword()));
    return;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return;
  }
  if (command !== undefined) throw new Error(`unknown command ${JSON.stringify(command)}\n\n${HELP}`);
  await start();
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(`hark-collector: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
