// The web suite's entry point, loaded by VS Code's web worker extension host (as `extensionTestsPath`) by
// scripts/e2e/web.ts. Everything is in one self-contained bundle (a worker has no file system to find test files
// in, and no Node): mocha's browser build, and the tests imported below, defined once mocha is set up.
import 'mocha/mocha';
import { defineWebTests } from './web.test';

interface BrowserMocha {
  setup(options: { ui: string; reporter: string; timeout: number; color: boolean; grep?: string }): void;
  run(done: (failures: number) => void): { stats?: { passes: number; failures: number } };
}
interface MochaGlobal {
  mocha: BrowserMocha;
  Mocha: { reporters: { Base: { consoleLog: (...args: unknown[]) => void } } };
}

/** `npm run test:web -- --grep PATTERN`, built into the bundle (a worker has no environment). */
declare const SECRETDEF_WEB_GREP: string;

/** Lines the runner relays (it tells them from the workbench's own log by the tag). */
export const TAG = '[web] ';

export async function run(): Promise<void> {
  const { mocha, Mocha } = globalThis as unknown as MochaGlobal;
  // The browser console does not fill in `%s` placeholders: format every line here.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]): void => console.log(TAG + format(args));
  const grep = SECRETDEF_WEB_GREP;
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 30_000, color: false, ...(grep ? { grep } : {}) });
  defineWebTests();
  const { passes, failures } = await new Promise<{ passes: number; failures: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 }));
  });
  console.log(`${TAG}web: ${passes} passed, ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} web test${failures > 1 ? 's' : ''} failed`);
  if (passes === 0) throw new Error('no web test ran');
}

function format(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string') return args.map(String).join(' ');
  let i = 0;
  const text = first.replace(/%[sdo]/g, () => String(rest[i++]));
  return [text, ...rest.slice(i).map(String)].join(' ');
}
