// The untrusted phase's entry point (scripts/e2e/run.ts, phase "untrusted"): the same runner as the main suite,
// bundled beside this folder's tests, so it runs them.
export { run } from '../suite/index';
