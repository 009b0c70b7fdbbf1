import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureApp, run } from './consumerApp';

// tests/consumer/app uses every package's public types the way an app does, with
// `@ts-expect-error` on what must not compile (a wrong survey kind or trigger in the
// script tag's config and in <HarkProvider config>): if a type silently became `any`,
// those lines would be unused and the check would fail.
const app = { dir: fixtureApp() };

describe('a TypeScript consumer of the packed packages', () => {
  it.each(['bundler', 'node16', 'nodenext'])('type-checks under moduleResolution %s, with skipLibCheck false', async (resolution) => {
    const tsconfig = JSON.parse(readFileSync(join(app.dir, `tsconfig.${resolution}.json`), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ moduleResolution: resolution, skipLibCheck: false, strict: true });
    await run(join(app.dir, 'node_modules/.bin/tsc'), ['-p', `tsconfig.${resolution}.json`], { cwd: app.dir });
  });
});
