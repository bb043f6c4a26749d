// Mutation testing (npm run mutate): StrykerJS changes the code users trust most in small ways and checks that a
// test fails for each change. Outside `npm test` (it is slow); incremental, so a run after a small change only
// tests the mutants of what changed. Reports go to reports/ (git-ignored). test/MUTATION.md lists the survivors
// that are equivalent, with the reason.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  checkers: ['typescript'],
  // The checker compiles the program once per group of mutants: only the mutated parts and what they import
  // (tsconfig.mutate.json), not the tests, scripts and benchmarks of tsconfig.json.
  tsconfigFile: 'tsconfig.mutate.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // A static mutant (in a module-level constant) needs every test again, in a fresh process: too slow here. The
  // constants that matter (time limits, caps) are pinned by tests of their values.
  ignoreStatic: true,
  // The unit, API and in-process CLI tests of these modules: not the language server or CLI process tests, which
  // run the built bundles (dist/), where no mutant is.
  mochaOptions: { config: 'test/mutation.mocharc.json' },
  coverageAnalysis: 'perTest',
  mutate: [
    'core/rules/**/*.ts',
    'core/plan/**/*.ts',
    'core/sops/**/*.ts',
    'api/errors.ts',
    'api/transport.ts',
    'client/src/logic/redactor.ts',
    'cli/src/commands/push.ts',
    'cli/src/sync.ts',
    'cli/src/remote.ts',
    'sync/**/*.ts',
  ],
  // dist/ is copied into the sandbox: a few CLI tests of the set (drift, leaks) also run the built bundle in a child
  // process, where no mutant is (`npm run mutate` builds it first). They pass or fail the same with every mutant, and
  // coverage per test keeps them out of every mutant's run but the first.
  ignorePatterns: ['out', '.vscode-test', 'reports', 'bench/results', 'docs', '*.vsix'],
  // Two slow cores shared with other work: one test process.
  concurrency: 1,
  timeoutMS: 20000,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
