// Checks a packaged .vsix: under the size budget, and nothing in it that must not ship (tests, TypeScript
// sources, source maps, node_modules). Reads the zip's central directory itself, so it needs no unzip tool.
import { readFileSync, statSync } from 'node:fs';

const MAX_BYTES = 2 * 1024 * 1024;
/**
 * The browser's bundles (client and language server worker), unpacked: what vscode.dev and github.dev load. The
 * budget (issue 17) is 1 MiB; since the schemas are compiled ahead of time (no ajv in the worker) they are about
 * 1,005 KiB (BENCHMARKS.md says where the bytes go). Above it the package fails, so that growth is seen in review.
 */
const MAX_WEB_BYTES = 1024 * 1024;
const FORBIDDEN = [
  [/\.ts$/, 'a TypeScript source'],
  [/\.map$/, 'a source map'],
  [/^extension\/test\//, 'a test'],
  [/^extension\/(client|server|cli)\/src\//, 'a source folder'],
  [/^extension\/node_modules\//, 'node_modules (everything is bundled)'],
  [/^extension\/\.vscode-test\//, 'a downloaded VS Code'],
];

/** The names and unpacked sizes of the entries of a zip file, from its central directory. */
export function zipEntries(buffer) {
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push({ name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength), size: buffer.readUInt32LE(offset + 24) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/check-vsix.mjs FILE.vsix');
  process.exit(2);
}
const size = statSync(file).size;
const entries = zipEntries(readFileSync(file));
const names = entries.map((e) => e.name);
const problems = [];
if (size > MAX_BYTES) problems.push(`${file} is ${(size / 1024 / 1024).toFixed(2)} MB, over the 2 MB budget`);
const webBytes = entries.filter((e) => e.name.startsWith('extension/dist/web/')).reduce((n, e) => n + e.size, 0);
if (webBytes > MAX_WEB_BYTES) problems.push(`the browser bundles (extension/dist/web/) are ${(webBytes / 1024).toFixed(0)} KiB, over the 1 MiB budget (BENCHMARKS.md says where the bytes go)`);
for (const name of names) {
  for (const [pattern, what] of FORBIDDEN) if (pattern.test(name)) problems.push(`${name} is ${what}`);
}
for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/web/extension.js', 'extension/dist/web/server.js', 'extension/schemas/northflank-secret.schema.json']) {
  if (!names.includes(required)) problems.push(`${required} is missing`);
}
if (problems.length) {
  console.error(`check-vsix: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-vsix: ${file} is ${(size / 1024).toFixed(0)} KB with ${names.length} entries (browser bundles ${(webBytes / 1024).toFixed(0)} KiB unpacked); no tests, sources or source maps.`);
