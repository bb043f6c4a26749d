/**
 * `secretdef validate --format sarif|github` and `--output`: SARIF 2.1.0 that passes the official schema (shipped by
 * Microsoft's @microsoft/jest-sarif package, not fetched from the web), one rule per code, exact regions, fingerprints
 * that survive unrelated edits, GitHub's escaping, and never a secret value of the fixtures in any format.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { CODES, definitionBody, parseDefinition, PLACEHOLDER } from '../../core';
import { secretValuesIn } from '../../core/plan';
import { escapeGithubData, escapeGithubProperty, FINGERPRINT_KEY, formatGithub } from '../../cli/src/output';
import { secretdef } from '../helpers/cli';
import { FIXTURES, ROOT } from '../helpers/paths';

const SCHEMA = path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
}

/** The golden fixtures and the examples: every rule, every file kind, YAML and JSON. */
function corpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-formats-'));
  cpSync(path.join(FIXTURES, 'rules'), path.join(dir, 'rules'), { recursive: true });
  cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  return dir;
}

/** Every string of a value: keys and scalars. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}

/**
 * Every secret value of the corpus that only a leak could print: long enough not to be a common word, not the
 * placeholder (messages name it), and not also part of a key or of another field (a name may contain "production").
 */
function secretValues(dir: string): string[] {
  const secrets: string[] = [];
  const all: string[] = [];
  for (const sub of ['rules', 'examples']) {
    for (const name of readdirSync(path.join(dir, sub))) {
      const file = path.join(dir, sub, name);
      if (!/\.(ya?ml|json)$/.test(name)) continue;
      const doc = parseDefinition(file, readFileSync(file, 'utf8'));
      if (!doc) continue;
      const body = definitionBody(doc);
      secrets.push(...secretValuesIn(doc.kind, body));
      strings(body, all);
    }
  }
  return [...new Set(secrets)].filter((v) => {
    const elsewhere = all.filter((x) => x.includes(v)).length - secrets.filter((x) => x === v).length;
    return v.length >= 6 && v !== PLACEHOLDER && elsewhere === 0;
  });
}

describe('secretdef validate --format sarif', function () {
  // Each test runs secretdef as a process, several times: slow on a busy machine.
  this.timeout(120_000);
  let dir: string;
  let log: Log;
  let status: number | null;
  before(() => {
    dir = corpus();
    const r = secretdef(['validate', '--format', 'sarif', 'rules', 'examples'], { cwd: dir, env: { ...process.env, SECRETDEF_DOCS_URL: 'https://example.test/secretdef/blob/v1/README.md' } });
    status = r.status;
    log = JSON.parse(r.stdout) as Log;
  });

  it('is valid SARIF 2.1.0 (the official JSON schema), with the exit code of the text format', () => {
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(log.version, '2.1.0');
    assert.equal(status, secretdef(['validate', 'rules', 'examples'], { cwd: dir }).status);
    assert.equal(status, 1);
  });

  it('has one rule per diagnostic code, with its help text, severity and a link to the README section', () => {
    const rules = log.runs[0].tool.driver.rules ?? [];
    assert.deepEqual(rules.map((r) => r.id), Object.keys(CODES));
    const rule = rules.find((r) => r.id === 'nf-variable-name');
    assert.equal(rule?.helpUri, 'https://example.test/secretdef/blob/v1/README.md#diagnostic-codes');
    assert.match(rule?.help?.text ?? '', /^A Northflank variable name with characters other than letters/);
    assert.equal(rule?.defaultConfiguration?.level, 'error');
    assert.equal(rules.find((r) => r.id === 'nf-create-name')?.defaultConfiguration?.level, 'warning');
    for (const result of log.runs[0].results ?? []) assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId);
  });

  it('gives every result its exact region (1-based, UTF-16 columns, end column past the last character) relative to the repository root', () => {
    const results = log.runs[0].results ?? [];
    const text = secretdef(['validate', '--format', 'json', 'rules', 'examples'], { cwd: dir });
    const diagnostics = JSON.parse(text.stdout) as { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; message: string }[];
    assert.equal(results.length, diagnostics.length);
    assert.ok(results.length > 50);
    results.forEach((r, i) => {
      const d = diagnostics[i];
      const location = r.locations?.[0]?.physicalLocation;
      assert.equal(location?.artifactLocation?.uri, d.file.split(path.sep).join('/'));
      assert.equal(location?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.deepEqual(location?.region, { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 });
      assert.equal(r.message.text, d.message);
    });
    assert.equal(log.runs[0].columnKind, 'utf16CodeUnits');
    assert.equal(log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri, `file://${dir}/`);
  });

  it('gives results distinct fingerprints', () => {
    const prints = (log.runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
    assert.ok(prints.every((p) => typeof p === 'string' && /^[0-9a-f]{32}:\d+$/.test(p)));
    assert.equal(new Set(prints).size, prints.length);
  });
});

describe('SARIF fingerprints survive unrelated edits', function () {
  // Each test runs secretdef as a process, several times: slow on a busy machine.
  this.timeout(120_000);
  const BEFORE = 'name: api-secrets\nsecretType: enviroment\npriority: 101\nsecrets:\n  variables:\n    "bad name": x\n    OK: y\n';
  const sarif = (dir: string) => {
    const r = secretdef(['validate', '--format', 'sarif', 'a.northflank-secret.yaml'], { cwd: dir });
    return new Map((JSON.parse(r.stdout) as Log).runs[0].results?.map((x) => [x.ruleId, { print: x.partialFingerprints?.[FINGERPRINT_KEY], line: x.locations?.[0]?.physicalLocation?.region?.startLine }]));
  };

  it('keeps them when lines move, and changes the one whose problem moved elsewhere', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-prints-'));
    writeFileSync(path.join(dir, 'a.northflank-secret.yaml'), BEFORE);
    const before = sarif(dir);
    // Unrelated edits: a comment and a description above, a variable added and a value changed below.
    writeFileSync(path.join(dir, 'a.northflank-secret.yaml'), `# owned by the platform team\ndescription: API\n${BEFORE.replace('OK: y', 'OK: z\n    NEW: w')}`);
    const after = sarif(dir);
    for (const code of ['invalid-value', 'number-out-of-range', 'nf-variable-name']) {
      assert.equal(after.get(code)?.print, before.get(code)?.print, code);
      assert.equal(after.get(code)?.line, (before.get(code)?.line ?? 0) + 2, code);
    }
    // The same mistake under another key is another alert.
    writeFileSync(path.join(dir, 'a.northflank-secret.yaml'), BEFORE.replace('"bad name"', '"other name"'));
    assert.notEqual(sarif(dir).get('nf-variable-name')?.print, before.get('nf-variable-name')?.print);
  });
});

describe('secretdef validate --format github', function () {
  // Each test runs secretdef as a process, several times: slow on a busy machine.
  this.timeout(120_000);
  it('prints one workflow command per problem with its exact position, warnings as ::warning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-gh-'));
    writeFileSync(path.join(dir, 'a.northflank-secret.yaml'), 'name: a-name-that-is-much-longer-than-thirty-nine-characters\nsecretType: enviroment\npriority: 10\n');
    const r = secretdef(['validate', '--format', 'github', 'a.northflank-secret.yaml'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.equal(r.stdout.trim().split('\n').length, 2);
    assert.match(r.stdout, /^::error file=a\.northflank-secret\.yaml,line=2,col=13,endLine=2,endColumn=22,title=secretdef invalid-value::"enviroment" is not an allowed value/m);
    assert.match(r.stdout, /^::warning file=a\.northflank-secret\.yaml,line=1,col=7,endLine=1,endColumn=60,title=secretdef nf-create-name::/m);
    assert.match(r.stderr, /2 problems \(1 error, 1 warning\) in 1 file\./);
  });

  it('escapes as GitHub documents: %, CR and LF in messages; also : and , in properties', () => {
    assert.equal(escapeGithubData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
    assert.equal(escapeGithubProperty('dir:a,b/100%.yaml'), 'dir%3Aa%2Cb/100%25.yaml');
    const out = formatGithub([{ file: '/repo/we,ird:dir/x.northflank-secret.yaml', range: { start: { line: 0, character: 0 }, end: { line: 2, character: 3 } }, severity: 'information', code: 'too-many-problems', message: 'two\nlines 50%' }], '/repo');
    assert.equal(out, '::notice file=we%2Cird%3Adir/x.northflank-secret.yaml,line=1,col=1,endLine=3,title=secretdef too-many-problems::two%0Alines 50%25');
  });
});

describe('no secret value of the fixtures in any format', function () {
  // Each test runs secretdef as a process, several times: slow on a busy machine.
  this.timeout(120_000);
  it('text, json, sarif and github hold none of the values of the golden fixtures and the examples', () => {
    const dir = corpus();
    const values = secretValues(dir);
    assert.ok(values.length > 10, `only ${values.length} values`);
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = secretdef(['validate', '--format', format, 'rules', 'examples'], { cwd: dir });
      const leaked = values.filter((v) => r.stdout.includes(v) || r.stderr.includes(v));
      assert.deepEqual(leaked, [], format);
    }
  });
});

describe('--output FILE', function () {
  // Each test runs secretdef as a process, several times: slow on a busy machine.
  this.timeout(120_000);
  it('writes every format to the file, keeps stdout empty and the exit code unchanged', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-output-'));
    writeFileSync(path.join(dir, 'a.northflank-secret.yaml'), 'name: api-secrets\nsecretType: enviroment\npriority: 10\n');
    writeFileSync(path.join(dir, 'ok.northflank-secret.yaml'), 'name: api-secrets\nsecretType: environment\npriority: 10\n');
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const out = path.join(dir, `out.${format}`);
      const r = secretdef(['validate', '--format', format, '--output', out, 'a.northflank-secret.yaml'], { cwd: dir });
      assert.equal(r.status, 1, format);
      assert.equal(r.stdout, '', format);
      assert.match(r.stderr, new RegExp(`1 problem \\(1 error, 0 warnings\\) in 1 file\\. Written to .*out\\.${format} \\(${format}\\)\\.`));
      const written = readFileSync(out, 'utf8');
      assert.equal(written, `${secretdef(['validate', '--format', format, 'a.northflank-secret.yaml'], { cwd: dir }).stdout.replace(/\n$/, '')}\n`, format);
      assert.equal(secretdef(['validate', '--format', format, '--output', out, 'ok.northflank-secret.yaml'], { cwd: dir }).status, 0);
    }
  });

  it('is a usage error (exit 2) when the file cannot be written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-output-'));
    writeFileSync(path.join(dir, 'ok.northflank-secret.yaml'), 'name: api-secrets\nsecretType: environment\npriority: 10\n');
    // A folder where the file's folder should be.
    const r = secretdef(['validate', '--output', path.join(dir, 'ok.northflank-secret.yaml', 'x.txt'), 'ok.northflank-secret.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--output: .*x\.txt cannot be written \((EEXIST|ENOTDIR)\)/);
    // A missing folder is made.
    assert.equal(secretdef(['validate', '--output', path.join(dir, 'new', 'dir', 'x.txt'), 'ok.northflank-secret.yaml'], { cwd: dir }).status, 0);
    assert.match(readFileSync(path.join(dir, 'new', 'dir', 'x.txt'), 'utf8'), /No problems in 1 file\./);
  });

  it('refuses an unknown format', () => {
    const r = secretdef(['validate', '--format', 'xml', 'x']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--format must be "text", "json", "sarif" or "github", not "xml"\./);
  });
});
