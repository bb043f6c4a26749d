/**
 * Every remote verb against every injected fault: on the first read (a GET: retried, so the verb ends as it
 * would have without the fault, or fails clearly on a malformed answer) and on the write (PUT and DELETE are
 * retried; a POST is never sent twice and the error says whether it may have been applied).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Fault, FaultOptions } from '../../standins';
import { DEMO_QOVERY_IDS as IDS, startStandins, type Standins } from '../../standins';
import { secretdefIn, type InProcessResult, standinsEnv } from '../helpers/cliRun';

interface Verb {
  name: string;
  platform: 'northflank' | 'qovery';
  argv: (dir: string) => string[];
  /** The exit code without any fault. */
  baseline: number;
  /** The first request, which reads. */
  read: { method: string; path: string | RegExp };
  /** The request that changes something, if any. */
  write?: { method: 'PUT' | 'POST' | 'DELETE'; path: string | RegExp };
}

const NF_FILE = 'name: fault-group\nsecretType: environment\npriority: 1\nsecrets:\n  variables:\n    A: b\n';
const Q_FILE = `project: ${IDS.project}\nsecrets:\n  - key: FAULT_KEY\n    value: v\n`;
const nfLink = ['--project', 'default-project', '--secret', 'api-secrets', '--addon', 'postgres'];

const VERBS: Verb[] = [
  { name: 'diff (Northflank)', platform: 'northflank', argv: (d) => ['diff', path.join(d, 'f.northflank-secret.yaml'), '--project', 'default-project'], baseline: 1, read: { method: 'GET', path: '/v1/projects/default-project/secrets/fault-group' } },
  { name: 'diff (Qovery)', platform: 'qovery', argv: (d) => ['diff', path.join(d, 'f.qovery-secrets.yaml')], baseline: 1, read: { method: 'GET', path: `/project/${IDS.project}/secret` } },
  { name: 'push (Northflank)', platform: 'northflank', argv: (d) => ['push', path.join(d, 'f.northflank-secret.yaml'), '--project', 'default-project', '--yes'], baseline: 0, read: { method: 'GET', path: '/v1/projects/default-project/secrets/fault-group' }, write: { method: 'PUT', path: '/v1/projects/default-project/secrets' } },
  { name: 'push (Qovery)', platform: 'qovery', argv: (d) => ['push', path.join(d, 'f.qovery-secrets.yaml'), '--yes'], baseline: 0, read: { method: 'GET', path: `/project/${IDS.project}/secret` }, write: { method: 'POST', path: `/project/${IDS.project}/secret` } },
  { name: 'list (Northflank)', platform: 'northflank', argv: () => ['list', '--provider', 'northflank', '--project', 'default-project'], baseline: 0, read: { method: 'GET', path: '/v1/projects/default-project/secrets' } },
  { name: 'list (Qovery)', platform: 'qovery', argv: () => ['list', '--provider', 'qovery', '--project', IDS.project], baseline: 0, read: { method: 'GET', path: `/project/${IDS.project}/secret` } },
  { name: 'link (show)', platform: 'northflank', argv: () => ['link', ...nfLink], baseline: 0, read: { method: 'GET', path: /\/addons\/postgres$/ } },
  { name: 'link --key', platform: 'northflank', argv: () => ['link', ...nfLink, '--key', 'HOST', '--yes'], baseline: 0, read: { method: 'GET', path: /\/addons\/postgres$/ }, write: { method: 'POST', path: /\/addons\/postgres$/ } },
  { name: 'link --unlink', platform: 'northflank', argv: () => ['link', ...nfLink, '--unlink', '--yes'], baseline: 0, read: { method: 'GET', path: /\/addons\/postgres$/ }, write: { method: 'DELETE', path: /\/addons\/postgres$/ } },
  { name: 'alias', platform: 'qovery', argv: () => ['alias', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInDatabaseName, '--key', 'FAULT_ALIAS', '--yes'], baseline: 0, read: { method: 'GET', path: `/project/${IDS.project}/secret` }, write: { method: 'POST', path: /\/alias$/ } },
  { name: 'override', platform: 'qovery', argv: () => ['override', '--provider', 'qovery', '--project', IDS.project, '--secret', IDS.builtInSome, '--value-stdin', '--yes'], baseline: 0, read: { method: 'GET', path: `/project/${IDS.project}/secret` }, write: { method: 'POST', path: /\/override$/ } },
];

const FAULTS: { name: string; fault: Fault; options?: FaultOptions }[] = [
  { name: '429 with Retry-After', fault: { type: 'status', status: 429, retryAfter: '2' } },
  { name: '503', fault: { type: 'status', status: 503 } },
  { name: 'a hang (time-out)', fault: { type: 'hang' } },
  { name: 'a connection reset', fault: { type: 'reset' } },
  { name: 'malformed JSON', fault: { type: 'malformed-json' } },
];

describe('every remote verb against every injected fault', () => {
  let standins: Standins;
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    standins = await startStandins();
    dir = mkdtempSync(path.join(tmpdir(), 'secretdef-faults-'));
    writeFileSync(path.join(dir, 'f.northflank-secret.yaml'), NF_FILE);
    writeFileSync(path.join(dir, 'f.qovery-secrets.yaml'), Q_FILE);
    env = standinsEnv(standins);
  });
  afterEach(() => standins.close());

  // A hung request needs a short time limit; the others keep the generous default (a loaded machine is slow).
  const runVerb = (verb: Verb, fault: Fault): Promise<InProcessResult> => secretdefIn(verb.argv(dir), { env, stdin: 'fault-value', api: fault.type === 'hang' ? { timeoutMs: 250 } : {} });
  const standinOf = (verb: Verb) => (verb.platform === 'northflank' ? standins.northflank : standins.qovery);
  const writes = (verb: Verb) => (verb.write ? standinOf(verb).requestsTo(verb.write.method, verb.write.path).length : 0);

  for (const verb of VERBS) {
    describe(verb.name, () => {
      for (const { name, fault } of FAULTS) {
        it(`on the first read: ${name}`, async () => {
          standinOf(verb).faults.inject(verb.read, fault);
          const r = await runVerb(verb, fault);
          if (fault.type === 'malformed-json') {
            assert.equal(r.code, 1, r.stdout + r.stderr);
            assert.match(r.stderr, /sent an answer to GET .* that cannot be read \(the body is not valid JSON\)/);
            assert.equal(writes(verb), 0, 'nothing is changed after a bad read');
            return;
          }
          assert.equal(r.code, verb.baseline, r.stdout + r.stderr);
          assert.deepEqual(r.clock.sleeps, [fault.type === 'status' && fault.status === 429 ? 2000 : 375]);
          assert.equal(standinOf(verb).requestsTo(verb.read.method, verb.read.path).length >= 2, true);
        });
      }

      if (!verb.write) return;
      const write = verb.write;
      for (const { name, fault } of FAULTS) {
        it(`on the write (${write.method}): ${name}`, async () => {
          standinOf(verb).faults.inject(write, fault);
          const r = await runVerb(verb, fault);
          if (write.method !== 'POST') {
            // PUT and DELETE are idempotent: retried. A malformed answer means the request was accepted.
            if (fault.type === 'malformed-json') {
              assert.equal(r.code, 1);
              assert.match(r.stderr, /probably been applied/);
            } else {
              assert.equal(r.code, 0, r.stdout + r.stderr);
              assert.equal(writes(verb), 2);
            }
            return;
          }
          // A POST is never sent twice; the error says whether it may have been applied and what to do.
          assert.equal(r.code, 1, r.stdout + r.stderr);
          assert.equal(writes(verb), 1, 'a POST is never retried');
          assert.deepEqual(r.clock.sleeps, []);
          assert.match(r.stderr, /What to do: /);
          if (fault.type === 'status' && fault.status === 429) assert.match(r.stderr, /rate limiting this token: wait 2 s, then run it again/);
          else if (fault.type === 'status') assert.match(r.stderr, /may or may not have been applied/);
          else if (fault.type === 'malformed-json') assert.match(r.stderr, /probably been applied/);
          else assert.match(r.stderr, /it may have been applied/);
        });
      }
    });
  }
});
