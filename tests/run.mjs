// `npm test`: builds every package alone and the bundles the browser tests load, checks types
// and that core has no import cycle, runs every vitest project and the mutants, and ends with
// the plain line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Each package is built by its own `npm run build`, from an empty dist, with only the packages it
// imports built before it: a package that needs anything else (another package's sources, a file
// the root build makes) fails here.
const PACKAGES = ['core', 'widget', 'browser', 'react', 'collector'];
const alone = (pkg) => {
  rmSync(`packages/${pkg}/dist`, { recursive: true, force: true });
  return run(npm, ['run', 'build', '--silent', '-w', `@hark/${pkg}`, '--', '--silent']);
};

let failedSteps = 0;
for (const [label, step] of [
  ...PACKAGES.map((pkg) => [`build @hark/${pkg} alone`, () => alone(pkg)]),
  ['build what tests/size measures', () => run(npx, ['rollup', '-c', 'tests/size/rollup.config.mjs', '--silent'])],
  ['typecheck', () => run(npx, ['tsc', '-p', 'tsconfig.json', '--noEmit'])],
  // Type-only imports count: a cycle of types is still two modules that cannot be read apart.
  ['no import cycles in core', () => run(npx, ['dpdm', '--no-warning', '--no-tree', '--exit-code', 'circular:1', 'packages/core/src/index.ts', 'packages/core/src/schema/index.ts', 'packages/core/src/testing/index.ts'])],
]) {
  console.log(`\n▶ ${label}`);
  if (step() !== 0) {
    console.error(`✖ ${label} failed`);
    failedSteps += 1;
  }
}

mkdirSync('tests/artifacts', { recursive: true });
const report = 'tests/artifacts/vitest.json';
rmSync(report, { force: true });
console.log('\n▶ vitest');
const status = run(npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = failedSteps;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  // A file that fails to load has no failed tests but must still fail the run.
  failed += json.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
} catch {
  failed += 1;
  console.error('✖ vitest wrote no report');
}
if (status !== 0 && failed === 0) failed = 1;

// Every mutant must be caught: each breaks one delivery guarantee in the source and runs the test
// that proves it (tests/delivery/mutants.mjs). After vitest, as they rewrite source files; a full run only.
if (process.argv.length === 2) {
  console.log('\n▶ mutants');
  const mutants = spawnSync(process.execPath, ['tests/delivery/mutants.mjs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(mutants.stdout ?? '');
  const caught = (mutants.stdout?.match(/^CAUGHT /gm) ?? []).length;
  const missed = (mutants.stdout?.match(/^MISSED /gm) ?? []).length;
  passed += caught;
  failed += missed;
  // A run that stopped early (a mutant whose code is no longer there) fails as a whole.
  if (mutants.status !== 0 && missed === 0) failed += 1;
  if (caught + missed === 0) failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
