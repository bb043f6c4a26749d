import { createInterface } from 'node:readline';
import { run } from './run';

// Ctrl-C cancels the requests in flight (and the pauses between retries): the command then reports what was
// applied and what was not. A second Ctrl-C ends the process at once.
const cancel = new AbortController();
process.once('SIGINT', () => cancel.abort());

run(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  stdinIsTTY: process.stdin.isTTY === true,
  // Questions go to stderr, so that stdout stays the command's output.
  prompt: (question) => new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    // Ctrl-C at the question is a "no".
    rl.once('SIGINT', () => {
      rl.close();
      process.stderr.write('\n');
      resolve('');
    });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  }),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  },
  api: { signal: cancel.signal },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`secretdef: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
