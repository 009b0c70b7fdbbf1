// The packages as npm would publish them: `npm pack` tarballs, installed into
// an app the way a user installs them (not workspace links). Used by the
// consumer tests (tests/consumer) and by the examples' READMEs:
//
//   node build/tarballs.mjs <example-dir> <dest-dir>   copy an example, install the packed @hark tarballs (kept in <dest-dir>/.hark-packs) into the copy
//   node build/tarballs.mjs --lock <example-dir>       refresh the example's package-lock.json (registry packages only)
//
// Build first (`npm run build`): the tarballs hold each package's dist/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The published packages, by name → folder. */
export const PACKAGES = {
  '@hark/core': 'packages/core',
  '@hark/widget': 'packages/widget',
  '@hark/browser': 'packages/browser',
  '@hark/react': 'packages/react',
};

/** What an example's copy must never carry over from the checkout. */
const NOT_COPIED = new Set(['node_modules', '.next', 'dist', 'next-env.d.ts', 'tsconfig.tsbuildinfo']);

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The environment for `npm install` in an app: NODE_ENV=production (or a test runner's value) must not drop its devDependencies. */
function installEnv() {
  const { NODE_ENV: _ignored, ...env } = process.env;
  return { ...env, npm_config_update_notifier: 'false' };
}

/**
 * `npm pack`s every package into `dest` (default: a fresh temporary folder)
 * and returns name → absolute tarball path. A fresh folder per run, so npm's
 * cache never answers for an older tarball at the same path.
 */
export function packTarballs(dest = mkdtempSync(join(tmpdir(), 'hark-packs-'))) {
  mkdirSync(dest, { recursive: true });
  const args = ['pack', '--json', '--pack-destination', dest, ...Object.values(PACKAGES).flatMap((dir) => ['--workspace', dir])];
  const packed = JSON.parse(execFileSync(npm, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  return Object.fromEntries(packed.map((entry) => [entry.name, join(dest, entry.filename)]));
}

/** The @hark packages `names` need, themselves included (`@hark/react` → react, widget, core). */
function withHarkDependencies(names) {
  const needed = new Set();
  const visit = (name) => {
    if (needed.has(name) || !PACKAGES[name]) return;
    needed.add(name);
    for (const dep of Object.keys(readJson(join(root, PACKAGES[name], 'package.json')).dependencies ?? {})) visit(dep);
  };
  names.forEach(visit);
  return needed;
}

/**
 * Points the app's @hark dependencies at the tarballs (its own ones by file
 * path, the ones they depend on through `overrides`, so npm never asks the
 * registry for an @hark package), then runs `npm install`. The app's
 * lockfile pins everything else. Throws unless every @hark package in
 * node_modules came from a tarball.
 */
export function installTarballs(appDir, tarballs, { log = () => {} } = {}) {
  const file = join(appDir, 'package.json');
  const pkg = readJson(file);
  const own = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].filter((name) => PACKAGES[name]);
  const needed = withHarkDependencies(own);
  pkg.overrides = { ...pkg.overrides };
  for (const name of needed) {
    const tarball = tarballs[name];
    if (!tarball) throw new Error(`no tarball for ${name}`);
    const spec = `file:${tarball}`;
    if (pkg.dependencies?.[name]) pkg.dependencies[name] = spec;
    else if (pkg.devDependencies?.[name]) pkg.devDependencies[name] = spec;
    else pkg.overrides[name] = spec;
  }
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  log(`npm install in ${appDir} (${[...needed].join(', ')} from tarballs)`);
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error'], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: installEnv(),
  });
  const lock = readJson(join(appDir, 'package-lock.json'));
  for (const name of needed) {
    const entry = lock.packages[`node_modules/${name}`];
    const installed = join(appDir, 'node_modules', name);
    if (!entry?.resolved?.startsWith('file:') || !entry.resolved.endsWith('.tgz') || lstatSync(installed).isSymbolicLink()) {
      throw new Error(`${name} in ${appDir} did not come from its tarball: ${JSON.stringify(entry)}`);
    }
  }
  return [...needed];
}

/** Copies an example (its own files only: no node_modules or build output) to `dest`. */
export function copyExample(exampleDir, dest) {
  rmSync(dest, { recursive: true, force: true });
  cpSync(exampleDir, dest, { recursive: true, filter: (source) => !NOT_COPIED.has(basename(source)) });
  return dest;
}

/**
 * Rewrites an example's package-lock.json: installs it from tarballs in a
 * temporary copy, then keeps every registry package and drops the @hark
 * ones, whose tarballs change with every build (the consumer tests add them).
 */
export function refreshLock(exampleDir) {
  const work = mkdtempSync(join(tmpdir(), 'hark-lock-'));
  try {
    const copy = copyExample(exampleDir, join(work, 'app'));
    rmSync(join(copy, 'package-lock.json'), { force: true });
    installTarballs(copy, packTarballs(join(work, 'packs')));
    const lock = readJson(join(copy, 'package-lock.json'));
    const pkg = readJson(join(exampleDir, 'package.json'));
    lock.name = pkg.name;
    const rootEntry = { ...lock.packages[''] };
    for (const field of ['dependencies', 'devDependencies']) if (pkg[field]) rootEntry[field] = pkg[field];
    lock.packages = Object.fromEntries(
      Object.entries({ ...lock.packages, '': rootEntry }).filter(([path]) => !/(^|\/)node_modules\/@hark\//.test(path)),
    );
    writeFileSync(join(exampleDir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [first, second] = process.argv.slice(2);
  if (first === '--lock' && second) {
    refreshLock(resolve(second));
    console.log(`${second}/package-lock.json refreshed`);
  } else if (first && second) {
    if (!existsSync(join(root, 'packages/react/dist/index.js'))) throw new Error('build first: npm run build');
    const dest = resolve(second);
    copyExample(resolve(first), dest);
    // The tarballs stay inside the copy, which its package.json then points at, so a later `npm install` there still works.
    const installed = installTarballs(dest, packTarballs(join(dest, '.hark-packs')), { log: console.log });
    console.log(`${dest}: ${installed.join(', ')} installed from tarballs`);
  } else {
    console.error('usage: node build/tarballs.mjs <example-dir> <dest-dir> | --lock <example-dir>');
    process.exit(2);
  }
}
