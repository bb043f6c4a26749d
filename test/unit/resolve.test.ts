import * as assert from 'node:assert/strict';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { parseDefinition, type DefinitionDocument } from '../../core';
import { layerOf } from '../../core/env/references';
import { planKey, withUnknownValues } from '../../core/env/values';
import { planNorthflankSecret, type NfRemoteGroup, type NfSecretDefinition } from '../../core/plan';
import { encryptSops } from '../../core/sops';
import { resolveForPush, type ResolveContext } from '../../sync/resolve';

const GROUP = `name: web
secretType: environment
secrets:
  variables:
    NODE_ENV: production
    DB_PASSWORD: \${env:DB_PASSWORD}
    TOKEN: \${env:TOKEN}
    ONLY_HERE: x
`;

function parse(text: string, file = 'web.northflank-secret.yaml'): DefinitionDocument {
  const doc = parseDefinition(file, text);
  assert.ok(doc);
  return doc;
}

function context(env: Record<string, string>, identities: string[] = []): ResolveContext {
  return { env: [layerOf('the environment', env)], identities: () => Promise.resolve({ identities, lookedAt: 'the test', problems: [] }) };
}

describe('resolving a definition with values unknown here (drift --remote)', () => {
  it('fails a push on unset references, and names them all', async () => {
    const r = await resolveForPush(parse(GROUP), context({ TOKEN: 't' }));
    assert.deepEqual(r.ok ? undefined : r, { ok: false, reason: 'missing', missing: ['DB_PASSWORD'] });
  });

  it('with unknownAllowed, says which values are unknown and why, and resolves the rest', async () => {
    const r = await resolveForPush(parse(GROUP), context({ TOKEN: 'token-value-1' }), { unknownAllowed: true });
    assert.ok(r.ok);
    assert.deepEqual([...r.unknown], [[planKey('variable', 'DB_PASSWORD'), '${env:DB_PASSWORD} is not set here']]);
    const variables = (r.body.secrets as { variables: Record<string, string> }).variables;
    assert.equal(variables.TOKEN, 'token-value-1');
    assert.ok(r.secretValues.includes('token-value-1'));
  });

  it('resolves as before when every value is known: nothing unknown', async () => {
    const r = await resolveForPush(parse(GROUP), context({ TOKEN: 't', DB_PASSWORD: 'p' }), { unknownAllowed: true });
    assert.ok(r.ok);
    assert.equal(r.unknown.size, 0);
  });

  it('compares an encrypted file without its key: keys known, encrypted values unknown, no sops metadata in the body', async () => {
    const recipient = await identityToRecipient(await generateIdentity());
    const encrypted = await encryptSops(parse(GROUP.replace(/\$\{env:\w+\}/g, 'plain-value')), { recipients: [recipient] });
    const doc = parse(encrypted);
    assert.ok(doc.sops);
    const refused = await resolveForPush(doc, context({}));
    assert.equal(refused.ok ? 'ok' : refused.reason, 'sops');
    const r = await resolveForPush(doc, context({}), { unknownAllowed: true });
    assert.ok(r.ok);
    assert.equal(r.body.sops, undefined);
    assert.deepEqual([...r.unknown.keys()].sort(), ['DB_PASSWORD', 'NODE_ENV', 'ONLY_HERE', 'TOKEN'].map((n) => planKey('variable', n)));
    assert.match(r.unknown.get(planKey('variable', 'TOKEN')) ?? '', /encrypted with SOPS, and no age identity here opens it/);
  });

  it('turns an unknown value into "not compared" in the plan; presence stays known', () => {
    const local: NfSecretDefinition = { name: 'web', secretType: 'environment', priority: 10, secrets: { variables: { SAME: '${env:A}', OTHER: '${env:B}', NEW: '${env:C}' } } };
    const remote = { id: 'web', name: 'web', secretType: 'environment', priority: 10, secrets: { variables: { SAME: '${env:A}', OTHER: 'something', GONE: 'x' } } } as unknown as NfRemoteGroup;
    const plan = planNorthflankSecret(local, remote, [], { projectId: 'p' });
    const unknown = new Map(['SAME', 'OTHER', 'NEW'].map((n) => [planKey('variable', n), `\${env:${n}} is not set here`]));
    const changes = Object.fromEntries(withUnknownValues(plan, unknown).items.filter((i) => i.subject === 'variable').map((i) => [i.name, [i.change, i.detail]]));
    assert.deepEqual(changes, {
      SAME: ['write', 'the value is unknown here: ${env:SAME} is not set here'],
      OTHER: ['write', 'the value is unknown here: ${env:OTHER} is not set here'],
      NEW: ['create', undefined],
      GONE: ['delete', 'not in the file: PUT replaces the group'],
    });
  });
});
