// Every package's own build (packages/*/rollup.config.mjs, each made with build/rollupConfig.mjs),
// in the order they depend on each other, then what tests/size measures (tests/size/rollup.config.mjs).
// A package builds alone too: `npm run build -w @hark/widget`, once the packages it imports are built;
// `npm test` builds them that way (tests/run.mjs).
import browser from './packages/browser/rollup.config.mjs';
import collector from './packages/collector/rollup.config.mjs';
import core from './packages/core/rollup.config.mjs';
import react from './packages/react/rollup.config.mjs';
import widget from './packages/widget/rollup.config.mjs';
import measured from './tests/size/rollup.config.mjs';

export default [...core, ...widget, ...browser, ...react, ...collector, ...measured];
