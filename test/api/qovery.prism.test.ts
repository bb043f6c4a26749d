/**
 * The Qovery client against Prism serving Qovery's official OpenAPI spec: Prism rejects any request that breaks
 * the spec (it answers 400 or 422 with an `sl-violations` header), so every call the client makes is checked
 * against the platform's own contract. Skipped, with a message, where the spec is not next to the repository.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { QoveryClient } from '../../api/qovery';
import { Transport, type FetchLike } from '../../api/transport';
import { QOVERY_OPENAPI } from '../helpers/contracts';

const PROJECT = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const SECRET = '7e0c2a9e-1b1c-4f5a-9d1e-2c3b4a5d6e7f';
const ORGANIZATION = '0b5b3e39-1d8e-4a52-9c1b-6b1f0f6f1a01';

interface Prism {
  process: ChildProcess;
  baseUrl: string;
}

/** Starts Prism on a free port and resolves once it says it listens (its own readiness line, no fixed sleep). */
function startPrism(spec: string): Promise<Prism> {
  const bin = require.resolve('@stoplight/prism-cli/dist/index.js');
  const child = spawn(process.execPath, [bin, 'mock', '--host', '127.0.0.1', '--port', '0', spec], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        // Keep draining its log so that the pipe never fills.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ process: child, baseUrl: m[1] });
      }
      if (output.length > 4_000_000) output = output.slice(-10_000);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Prism exited with code ${code} before listening:\n${output.slice(-2000)}`)));
    child.once('error', reject);
  });
}

describe('Qovery client against Prism (Qovery’s official OpenAPI spec)', function () {
  this.timeout(120_000);
  let prism: Prism | undefined;
  const violations: string[] = [];
  let client: QoveryClient;

  /** Records Prism's verdict on every request: a violation of the spec comes back in `sl-violations`. */
  const recording: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    const verdict = response.headers.get('sl-violations');
    if (verdict) violations.push(`${init.method} ${new URL(url).pathname}: ${verdict}`);
    return response;
  };

  before(async function () {
    if (!existsSync(QOVERY_OPENAPI)) {
      console.log(`      (skipped: Qovery's OpenAPI spec is not at ${QOVERY_OPENAPI}; set SECRETDEF_QOVERY_OPENAPI to run these tests)`);
      this.skip();
    }
    prism = await startPrism(QOVERY_OPENAPI);
    client = new QoveryClient({ token: 'prism-token', baseUrl: prism.baseUrl, fetch: recording, retry: { maxRetries: 0 } });
  });

  after(async () => {
    if (!prism) return;
    const exited = new Promise((resolve) => prism?.process.once('exit', resolve));
    prism.process.kill();
    await exited;
  });

  beforeEach(() => {
    violations.length = 0;
  });

  it('list, create, edit, delete, alias and override requests all follow the spec', async () => {
    const listed = await client.projectSecrets.list(PROJECT);
    assert.ok(Array.isArray(listed));
    const created = await client.projectSecrets.create(PROJECT, { key: 'STRIPE_API_KEY', value: 'placeholder', description: 'Stripe key' });
    assert.equal(typeof created.id, 'string');
    await client.projectSecrets.create(PROJECT, { key: 'TLS_CERT', value: 'pem', mount_path: '/etc/tls/cert.pem', enable_interpolation_in_file: false });
    await client.projectSecrets.edit(PROJECT, SECRET, { key: 'STRIPE_API_KEY', value: 'new', description: 'Stripe key' });
    await client.projectSecrets.delete(PROJECT, SECRET);
    const alias = await client.projectSecrets.createAlias(PROJECT, SECRET, { key: 'DB_NAME' });
    assert.equal(typeof alias.key, 'string');
    await client.projectSecrets.createOverride(PROJECT, SECRET, { value: 'other-value' });
    assert.deepEqual(violations, []);
  });

  it('organization, project and environment lists follow the spec, and their answers parse', async () => {
    // Prism answers with the spec's examples: each list has items, so the checks below are not vacuous (`every` of
    // an empty list, or `length >= 0`, holds whatever the client parsed).
    const organizations = await client.organizations.list();
    assert.ok(organizations.length > 0, 'no organization parsed from the example answer');
    assert.ok(organizations.every((o) => typeof o.id === 'string' && typeof o.name === 'string'));
    const projects = await client.projects.list(ORGANIZATION);
    assert.ok(projects.length > 0, 'no project parsed from the example answer');
    assert.ok(projects.every((p) => typeof p.id === 'string' && typeof p.organizationId === 'string'));
    const environments = await client.environments.list(PROJECT);
    assert.ok(environments.length > 0, 'no environment parsed from the example answer');
    assert.ok(environments.every((e) => typeof e.id === 'string' && typeof e.projectId === 'string'));
    assert.deepEqual(violations, []);
  });

  it('the check is live: a request that breaks the spec is reported by Prism', async () => {
    const raw = new Transport({ platform: 'qovery', baseUrl: prism?.baseUrl ?? '', token: 'prism-token', authScheme: 'Token', fetch: recording, retry: { maxRetries: 0 } });
    await assert.rejects(raw.request('PUT', `/project/${PROJECT}/secret/${SECRET}`, { body: { value: 'no key' } }));
    assert.equal(violations.length, 1);
    assert.match(violations[0], /must have required property 'key'/);
  });
});
