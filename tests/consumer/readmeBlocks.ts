import { readFileSync } from 'node:fs';

/** The collector's README, whose shell blocks are about its own CLI and routes rather than npm scripts. */
export const COLLECTOR_README = 'packages/collector/README.md';

/** The READMEs whose code blocks a user copies: the repository's and each package's (npm shows those). */
export const READMES = ['README.md', 'packages/core/README.md', 'packages/widget/README.md', 'packages/browser/README.md', 'packages/react/README.md', COLLECTOR_README];

/** One fenced code block. */
export interface Block {
  readonly readme: string;
  readonly line: number;
  readonly lang: string;
  readonly code: string;
}

/** Every fenced block of every README, in order. */
export function readmeBlocks(): Block[] {
  return READMES.flatMap((readme) => {
    const text = readFileSync(readme, 'utf8');
    return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({
      readme,
      line: text.slice(0, match.index).split('\n').length,
      lang: match[1]!,
      code: match[2]!,
    }));
  });
}

/**
 * What each kind of block is, told by how it starts. Every block must be
 * exactly one kind, and every kind has a test that runs its blocks as they are
 * written, so a new snippet without a test fails the suite.
 */
export const KINDS = {
  scriptTag: (b: Block) => b.lang === 'html' && b.code.startsWith('<script src="https://unpkg.com/@hark/browser/dist/hark.min.js"></script>'),
  sriScriptTag: (b: Block) => b.lang === 'html' && b.code.includes('integrity="sha384-'),
  cspHeader: (b: Block) => b.lang === '' && b.code.startsWith('Content-Security-Policy: '),
  asyncSnippet: (b: Block) => b.lang === 'html' && b.code.startsWith('<script>!function(){'),
  dataAttributes: (b: Block) => b.lang === 'html' && b.code.startsWith('<script async src=') && b.code.includes('data-endpoint='),
  surveyElement: (b: Block) => b.lang === 'html' && b.code.startsWith('<hark-survey '),
  rotatingCredentials: (b: Block) => b.lang === 'js' && b.code.includes('headers: () =>'),
  wireFormat: (b: Block) => b.lang === 'json' && b.code.includes('"records"'),
  reactApp: (b: Block) => b.lang === 'tsx' && b.code.includes('export function App()'),
  nextFile: (b: Block) => b.lang === 'tsx' && /^\/\/ app\/\w+\.tsx: /.test(b.code),
  coreClient: (b: Block) => b.lang === 'js' && b.code.startsWith("import { createClient } from '@hark/core';\n\nconst hark"),
  coreServer: (b: Block) => b.lang === 'js' && b.code.startsWith("import { BatchSchema } from '@hark/core/schema';"),
  coreScores: (b: Block) => b.lang === 'js' && b.code.startsWith("import { nps, csat } from '@hark/core/schema';"),
  globalTypes: (b: Block) => b.lang === 'ts' && b.code.startsWith("import type {} from '@hark/browser/global';"),
  widget: (b: Block) => b.lang === 'js' && b.code.includes("from '@hark/widget'"),
  commands: (b: Block) => b.lang === 'sh' && b.readme !== COLLECTOR_README,
  collectorShell: (b: Block) => b.lang === 'sh' && b.readme === COLLECTOR_README,
  nginxConfig: (b: Block) => b.lang === 'nginx',
  webhookVerify: (b: Block) => b.lang === 'js' && b.code.includes('export function verifyHarkSignature('),
  alertBody: (b: Block) => b.lang === 'json' && b.code.includes('"type": "response.alert"'),
  repositoryTree: (b: Block) => b.lang === '' && b.code.startsWith('packages/core '),
  benchOutput: (b: Block) => b.lang === '' && b.code.startsWith('Hark delivery bench'),
} satisfies Record<string, (block: Block) => boolean>;

export type Kind = keyof typeof KINDS;

/** The kinds a block matches (a well-formed README: exactly one). */
export function kindsOf(block: Block): Kind[] {
  return (Object.keys(KINDS) as Kind[]).filter((kind) => KINDS[kind](block));
}

/** The distinct blocks of one kind (the same snippet in two READMEs runs once). */
export function blocksOf(kind: Kind): string[] {
  return [...new Set(readmeBlocks().filter(KINDS[kind]).map((block) => block.code))];
}
