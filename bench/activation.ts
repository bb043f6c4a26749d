/**
 * How long the extension takes to load and activate, outside VS Code: `require` of dist/extension.js (reading,
 * compiling and evaluating the bundle) in fresh Node processes, with a stub for the `vscode` module. The time
 * of `activate()` itself is measured inside a real VS Code by the end-to-end suite (it logs
 * "[e2e] activation: ..."). Run: npx tsx bench/activation.ts (after npm run build). With an argument, another bundle:
 * npx tsx bench/activation.ts dist/web/extension.js (the browser's, which evaluates in Node too: it touches nothing of
 * the browser until it starts its worker; the web suite logs "[web] activation: ..." from the browser).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 15;
const BUNDLE = path.resolve(ROOT, process.argv[2] ?? path.join('dist', 'extension.js'));

const probe = `
const Module = require('module');
const load = Module._load;
// A stub of the vscode module: every property is a function that returns the stub, enough to evaluate the bundle.
const stub = new Proxy(function () {}, { get: (t, p) => (p === 'then' ? undefined : stub), apply: () => stub, construct: () => stub });
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
const t0 = performance.now();
require(${JSON.stringify(BUNDLE)});
process.stdout.write(String(performance.now() - t0));
`;

const times: number[] = [];
for (let i = 0; i < RUNS; i++) times.push(Number(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })));
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`require(${path.relative(ROOT, BUNDLE)}) in a fresh Node ${process.version} process, ${RUNS} runs: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
