/**
 * `secretdef drift`: files of one kind against each other, and `--remote` against the platform stand-ins; every
 * format, the exit codes, and never a value (nor anything made of one) in any output.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { DRIFT_CODES, parseDefinition } from '../../core';
import { encryptSops } from '../../core/sops';
import { DEMO_NORTHFLANK, DEMO_NORTHFLANK_TOKEN, DEMO_QOVERY, DEMO_QOVERY_TOKEN, startStandins, type Standins } from '../../standins';
import { secretdef } from '../helpers/cli';
import { secretdefIn } from '../helpers/cliRun';
import { ROOT } from '../helpers/paths';

const VALUES = ['staging-pass-123456', 'production-pass-654321', 'shared-sentry-dsn-value', 'only-in-staging-value'];

const STAGING = `name: api-staging
secretType: environment
priority: 10
secrets:
  variables:
    DB_PASSWORD: ${VALUES[0]}
    SENTRY_DSN: ${VALUES[2]}
    FEATURE_FLAG: ${VALUES[3]}
`;
const PRODUCTION = `name: api-production
secretType: environment
priority: 20
secrets:
  variables:
    DB_PASSWORD: ${VALUES[1]}
    SENTRY_DSN: ${VALUES[2]}
`;

function files(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-drift-'));
  writeFileSync(path.join(dir, 'staging.northflank-secret.yaml'), STAGING);
  writeFileSync(path.join(dir, 'production.northflank-secret.yaml'), PRODUCTION);
  writeFileSync(path.join(dir, 'same.northflank-secret.yaml'), STAGING.replace('api-staging', 'api-copy'));
  writeFileSync(path.join(dir, 'shop.qovery-secrets.yaml'), 'secrets:\n  - key: A\n    value: b\n');
  writeFileSync(path.join(dir, 'broken.northflank-secret.yaml'), 'name: x\nsecretType: enviroment\npriority: 1\n');
  return dir;
}

describe('secretdef drift FILE FILE', function () {
  // Each test runs secretdef as a process, several times: slow on a busy machine.
  this.timeout(120_000);
  const dir = files();
  const drift = (...args: string[]) => secretdef(['drift', ...args], { cwd: dir });
  const pair = ['staging.northflank-secret.yaml', 'production.northflank-secret.yaml'];

  it('prints a table and exits 1 when the files drift', () => {
    const r = drift(...pair);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^\s+staging\.northflank-secret\.yaml\s+production\.northflank-secret\.yaml$/);
    assert.match(r.stdout, /^~ field priority\s+10\s+20$/m);
    assert.match(r.stdout, /^≠ variable DB_PASSWORD\s+value A\s+value B$/m);
    assert.match(r.stdout, /^- variable FEATURE_FLAG\s+present\s+missing$/m);
    assert.equal(lines[lines.length - 1], '3 differences (1 missing, 1 setting, 1 value), 4 the same.');
  });

  it('exits 0 when they do not', () => {
    const r = drift('staging.northflank-secret.yaml', 'same.northflank-secret.yaml');
    assert.equal(r.status, 0, r.stdout);
    assert.equal(r.stdout.trim(), 'No drift, 7 the same.');
  });

  it('--ignore-values compares keys and settings only', () => {
    const r = drift('--ignore-values', ...pair);
    assert.doesNotMatch(r.stdout, /DB_PASSWORD/);
    assert.equal(r.status, 1);
  });

  it('--format json: the rows with a cell per file', () => {
    const r = drift('--format', 'json', ...pair);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as { drift: boolean; comparisons: { files: string[]; rows: { code: string; entry: string; cells: Record<string, string> }[] }[] };
    assert.equal(out.drift, true);
    assert.deepEqual(out.comparisons[0].files, pair);
    assert.deepEqual(out.comparisons[0].rows.find((x) => x.entry === 'variable FEATURE_FLAG'), {
      code: 'drift-missing', severity: 'error', entry: 'variable FEATURE_FLAG', aspect: 'presence',
      message: 'variable FEATURE_FLAG: in staging.northflank-secret.yaml; missing in production.northflank-secret.yaml.',
      cells: { 'staging.northflank-secret.yaml': 'present', 'production.northflank-secret.yaml': 'missing' },
    });
  });

  it('--format sarif: valid SARIF 2.1.0, a rule per drift code, results in the file that must change', () => {
    const r = drift('--format', 'sarif', ...pair);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as Log;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.deepEqual(log.runs[0].tool.driver.rules?.map((x) => x.id), Object.keys(DRIFT_CODES));
    const missing = log.runs[0].results?.find((x) => x.ruleId === 'drift-missing');
    // Annotated in production, on "variables:", where the key must be added.
    assert.equal(missing?.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'production.northflank-secret.yaml');
    assert.deepEqual(missing?.locations?.[0]?.physicalLocation?.region, { startLine: 5, startColumn: 3, endLine: 5, endColumn: 12 });
  });

  it('--format github: annotations, and --output writes to a file', () => {
    const r = drift('--format', 'github', ...pair);
    assert.match(r.stdout, /^::error file=production\.northflank-secret\.yaml,line=5,col=3,endLine=5,endColumn=11,title=secretdef drift-missing::variable FEATURE_FLAG: in staging\.northflank-secret\.yaml; missing in production\.northflank-secret\.yaml\.$/m);
    assert.match(r.stdout, /^::warning file=staging\.northflank-secret\.yaml,line=6,col=5,endLine=6,endColumn=15,title=secretdef drift-value::variable DB_PASSWORD: the value differs \(compared by hash\)/m);
    const o = drift('--format', 'github', '--output', 'drift.txt', ...pair);
    assert.equal(o.status, 1);
    assert.equal(o.stdout, '');
    assert.equal(readFileSync(path.join(dir, 'drift.txt'), 'utf8'), r.stdout);
  });

  it('never prints a value, nor a digest of one, in any format', () => {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = drift('--format', format, ...pair, 'same.northflank-secret.yaml');
      for (const v of VALUES) assert.ok(!r.stdout.includes(v) && !r.stderr.includes(v), `${format}: ${v}`);
      assert.doesNotMatch(r.stdout, /[0-9a-f]{40,}/, `${format}: a digest`);
    }
  });

  it('refuses files of different kinds, a single file, and remote options without --remote (exit 2)', () => {
    const kinds = drift('staging.northflank-secret.yaml', 'shop.qovery-secrets.yaml');
    assert.equal(kinds.status, 2);
    assert.match(kinds.stderr, /drift compares files of one kind; these are staging\.northflank-secret\.yaml \(Northflank secret group\), shop\.qovery-secrets\.yaml \(Qovery project secrets\)\./);
    assert.equal(drift('staging.northflank-secret.yaml').status, 2);
    assert.match(drift('--project', 'p', ...pair).stderr, /--project is for drift --remote/);
  });

  it('compares the values of ${env:NAME} references where this machine has them (--env-file, the environment); unknown where it does not', () => {
    const refs = (name: string, ref: string) => `name: ${name}\nsecretType: environment\npriority: 10\nsecrets:\n  variables:\n    DB_PASSWORD: ${ref}\n    SENTRY_DSN: ${VALUES[2]}\n`;
    writeFileSync(path.join(dir, 'a.northflank-secret.yaml'), refs('api-a', '${env:STAGING_DB}'));
    writeFileSync(path.join(dir, 'b.northflank-secret.yaml'), refs('api-b', '${env:PRODUCTION_DB}'));
    writeFileSync(path.join(dir, 'same.env'), `STAGING_DB=${VALUES[0]}\nPRODUCTION_DB=${VALUES[0]}\n`);
    writeFileSync(path.join(dir, 'differ.env'), `STAGING_DB=${VALUES[0]}\nPRODUCTION_DB=${VALUES[1]}\n`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'STAGING_DB' && k !== 'PRODUCTION_DB'));
    const run = (...args: string[]) => secretdef(['drift', 'a.northflank-secret.yaml', 'b.northflank-secret.yaml', ...args], { cwd: dir, env });
    const unknown = run();
    assert.equal(unknown.status, 0, unknown.stderr);
    assert.match(unknown.stdout, /^\? variable DB_PASSWORD\s+not known: \$\{env:STAGING_DB\} not set\s+not known: \$\{env:PRODUCTION_DB\} not set$/m);
    const same = run('--env-file', 'same.env');
    assert.equal(same.status, 0, same.stdout + same.stderr);
    assert.doesNotMatch(same.stdout, /DB_PASSWORD/);
    const differ = run('--env-file', 'differ.env');
    assert.equal(differ.status, 1, differ.stderr);
    assert.match(differ.stdout, /^≠ variable DB_PASSWORD\s+value A\s+value B$/m);
    const fromEnvironment = secretdef(['drift', 'a.northflank-secret.yaml', 'b.northflank-secret.yaml'], { cwd: dir, env: { ...env, STAGING_DB: 'x-1', PRODUCTION_DB: 'x-1' } });
    assert.equal(fromEnvironment.status, 0, fromEnvironment.stdout);
    for (const r of [unknown, same, differ, fromEnvironment]) for (const v of [...VALUES, 'x-1']) assert.ok(!(r.stdout + r.stderr).includes(v), v);
  });

  it('compares the values of a SOPS file where an age identity here opens it; unknown where none does', async () => {
    const identity = await generateIdentity();
    const plain = parseDefinition('enc.northflank-secret.yaml', STAGING.replace('api-staging', 'api-encrypted'));
    assert.ok(plain);
    writeFileSync(path.join(dir, 'enc.northflank-secret.yaml'), await encryptSops(plain, { recipients: [await identityToRecipient(identity)] }));
    writeFileSync(path.join(dir, 'keys.txt'), `${identity}\n`);
    const env = { ...process.env, SOPS_AGE_KEY_FILE: path.join(dir, 'keys.txt'), HOME: dir };
    const opened = secretdef(['drift', 'enc.northflank-secret.yaml', 'staging.northflank-secret.yaml'], { cwd: dir, env });
    // Compared as plaintext: the settings and the values are the same (names are not compared).
    assert.equal(opened.status, 0, opened.stdout + opened.stderr);
    assert.match(opened.stdout, /^No drift, 7 the same\.$/m);
    const locked = secretdef(['drift', 'enc.northflank-secret.yaml', 'staging.northflank-secret.yaml'], { cwd: dir, env: { ...env, SOPS_AGE_KEY_FILE: path.join(dir, 'none.txt') } });
    assert.match(locked.stdout, /^\? variable DB_PASSWORD\s+not known: encrypted with SOPS, and no age identity here opens it\s+known$/m);
    // Its settings are ciphertext too: not compared, never called different.
    assert.match(locked.stdout, /^\? field priority\s+not known: encrypted with SOPS\s+10$/m);
    assert.doesNotMatch(locked.stdout, /^~/m);
    assert.equal(locked.status, 0, locked.stdout);
    for (const r of [opened, locked]) for (const v of [...VALUES, identity]) assert.ok(!(r.stdout + r.stderr).includes(v), v);
    // Changed by hand (one character of a ciphertext): an error, as for decrypt and push, not "no identity opens it".
    const encrypted = readFileSync(path.join(dir, 'enc.northflank-secret.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'tampered.northflank-secret.yaml'), encrypted.replace(/(DB_PASSWORD: ENC\[AES256_GCM,data:)(.)/, (_m, head: string, c: string) => `${head}${c === 'A' ? 'B' : 'A'}`));
    const tampered = secretdef(['drift', 'tampered.northflank-secret.yaml', 'staging.northflank-secret.yaml'], { cwd: dir, env });
    assert.equal(tampered.status, 1, tampered.stdout + tampered.stderr);
    assert.match(tampered.stderr, /^tampered\.northflank-secret\.yaml: .+/m);
    assert.doesNotMatch(tampered.stderr + tampered.stdout, /no age identity here opens it/);
    assert.match(tampered.stderr, /drift compares valid files only/);
  });

  it('stops on a file with errors (exit 1) and says why', () => {
    const r = drift('staging.northflank-secret.yaml', 'broken.northflank-secret.yaml');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /broken\.northflank-secret\.yaml:2:13 error .*\[invalid-value\]/);
    assert.match(r.stderr, /drift compares valid files only/);
  });
});

describe('secretdef drift --remote', function () {
  // Each test runs secretdef as a process, several times: slow on a busy machine.
  this.timeout(120_000);
  let standins: Standins;
  let env: Record<string, string>;
  const dir = mkdtempSync(path.join(tmpdir(), 'secretdef-drift-remote-'));
  before(async () => {
    standins = await startStandins({ northflank: DEMO_NORTHFLANK, qovery: DEMO_QOVERY });
    env = { NORTHFLANK_API_URL: standins.urls.northflank, NORTHFLANK_API_TOKEN: DEMO_NORTHFLANK_TOKEN, QOVERY_API_URL: standins.urls.qovery, QOVERY_API_TOKEN: DEMO_QOVERY_TOKEN };
  });
  after(() => standins.close());

  it('compares a file with the group the platform holds, and sends nothing', async () => {
    const example = readFileSync(path.join(ROOT, 'examples', 'storefront-api.northflank-secret.yaml'), 'utf8');
    const file = path.join(dir, 'storefront-api.northflank-secret.yaml');
    writeFileSync(file, example.replace(/ {4}SENTRY_DSN: .*\n/, '    ONLY_HERE: local-only-value-42\n'));
    const r = await secretdefIn(['drift', '--remote', file, '--project', 'storefront'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Northflank secret group "storefront-api" \\(id storefront-api\\) in project "storefront"$`, 'm'));
    assert.match(r.stdout, /^\s+- variable ONLY_HERE\s+present\s+missing$/m);
    assert.match(r.stdout, /^\s+- variable SENTRY_DSN\s+missing\s+present$/m);
    // JWT_SIGNING_KEY is ${env:…} and not set here: unknown on the file's side, and the table says why.
    assert.match(r.stdout, /^\s+\? variable JWT_SIGNING_KEY\s+not known: \$\{env:JWT_SIGNING_KEY\} is not set here\s+not compared$/m);
    assert.ok(!r.stdout.includes('local-only-value-42'));
    assert.deepEqual(standins.northflank.requests.filter((x) => x.method !== 'GET'), []);
  });

  it('says what cannot be compared with Qovery, which never returns values', async () => {
    const file = path.join(dir, 'storefront.qovery-secrets.yaml');
    writeFileSync(file, readFileSync(path.join(ROOT, 'examples', 'storefront.qovery-secrets.yaml'), 'utf8'));
    const r = await secretdefIn(['drift', '--remote', '--format', 'json', file], { env });
    const out = JSON.parse(r.stdout) as { comparisons: { files: string[]; rows: { code: string; cells: Record<string, string>; message: string }[] }[] };
    assert.deepEqual(out.comparisons[0].files, [file, 'Qovery']);
    const notCompared = out.comparisons[0].rows.filter((x) => x.code === 'drift-not-compared');
    assert.ok(notCompared.length > 0);
    assert.match(notCompared[0].message, /cannot be compared with Qovery: cannot compare: Qovery never returns values/);
    // An unset reference is unknown here, and says so; not an error, not a refusal.
    const stripe = notCompared.find((x) => x.message.startsWith('secret STRIPE_SECRET_KEY'));
    assert.match(stripe?.message ?? '', /the value is unknown here: \$\{env:STRIPE_SECRET_KEY\} is not set here/);
    assert.equal(r.code, 1, r.stderr); // drift (a key only Qovery has), not a refusal (2)
    assert.deepEqual(standins.qovery.requests.filter((x) => x.method !== 'GET'), []);
  });

  it('needs the remote options diff needs', async () => {
    const r = await secretdefIn(['drift', '--remote', path.join(ROOT, 'examples', 'storefront-api.northflank-secret.yaml')], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--project is required for Northflank files/);
  });
});
