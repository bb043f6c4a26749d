import { MASK } from '../../../core/mask';
import { expect } from 'chai';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { parseDefinition, type DefinitionDocument, type FileKind } from '../../../core';
import { layerOf } from '../../../core/env/references';
import { planKey } from '../../../core/env/values';
import { encryptSops, SopsError } from '../../../core/sops';
import { knownValues, resolveForPush, type ResolveContext } from '../../../sync/resolve';

const FILE = 'web.northflank-secret.yaml';

function parse(text: string, file = FILE, kind?: FileKind): DefinitionDocument {
  const doc = parseDefinition(file, text, kind ? { kind } : {});
  if (!doc) throw new Error('not a definition');
  return doc;
}

/** A context whose identities are counted: asked for only when a file is encrypted. */
function context(env: Record<string, string>, identities: string[] = []): ResolveContext & { asked: number } {
  const c = {
    asked: 0,
    env: [layerOf('the environment', env)],
    identities: () => {
      c.asked++;
      return Promise.resolve({ identities, lookedAt: 'the test', problems: [] });
    },
  };
  return c;
}

const group = (variables: string, extra = '') => `$schema: ./schema.json\nname: web\nsecretType: environment\npriority: 10\n${extra}secrets:\n  variables:\n${variables}`;

async function encrypted(text: string, rule?: { kind: 'encrypted_regex'; value: string }, file = FILE, kind?: FileKind): Promise<{ doc: DefinitionDocument; identity: string }> {
  const identity = await generateIdentity();
  const doc = parse(await encryptSops(parse(text, file, kind), { recipients: [await identityToRecipient(identity)], rule }), file, kind);
  return { doc, identity };
}

const variablesOf = (body: Record<string, unknown>) => (body.secrets as { variables: Record<string, string> }).variables;

describe('sync/resolve: a definition as it will be sent', () => {
  it('a plain file: its body minus $schema, references replaced, every value to mask; no key asked for', async () => {
    const c = context({ DB: 'db-from-env', UNUSED: 'never-used' });
    const doc = parse(group('    LITERAL: literal-value\n    DB: ${env:DB}\n    MIXED: pre-${env:DB}-post\n'));
    const r = await resolveForPush(doc, c);
    if (!r.ok) throw new Error(r.reason);
    expect(r.doc).to.equal(doc);
    expect(r.encrypted).to.equal(false);
    expect(r.body.$schema).to.equal(undefined);
    expect(variablesOf(r.body)).to.deep.equal({ LITERAL: 'literal-value', DB: 'db-from-env', MIXED: 'pre-db-from-env-post' });
    expect([...r.secretValues].sort()).to.deep.equal(['db-from-env', 'literal-value', 'pre-db-from-env-post']);
    expect([...r.sources]).to.deep.equal([[planKey('variable', 'DB'), 'from env DB'], [planKey('variable', 'MIXED'), 'from env DB']]);
    expect(r.unknown.size).to.equal(0);
    expect(c.asked).to.equal(0);
  });

  it('a value repeated is masked once', async () => {
    const r = await resolveForPush(parse(group('    A: same\n    B: same\n')), context({}));
    expect(r.ok && r.secretValues).to.deep.equal(['same']);
  });

  it('missing names, all of them, each once, in the order of the file', async () => {
    const r = await resolveForPush(parse(group('    A: ${env:ONE}\n    B: ${env:TWO}-${env:ONE}\n    C: ${env:SET}\n')), context({ SET: 's' }));
    expect(r).to.deep.equal({ ok: false, reason: 'missing', missing: ['ONE', 'TWO'] });
  });

  it('with unknownAllowed: each unset value is unknown with its names; its text is not masked, the rest is', async () => {
    const text = group('    A: ${env:ONE}\n    B: ${env:TWO}-${env:THREE}\n    C: ${env:SET}\n    D: plain-value\n');
    const r = await resolveForPush(parse(text), context({ SET: 'set-value' }), { unknownAllowed: true });
    if (!r.ok) throw new Error(r.reason);
    expect([...r.unknown]).to.deep.equal([
      [planKey('variable', 'A'), '${env:ONE} is not set here'],
      [planKey('variable', 'B'), '${env:TWO}, ${env:THREE} are not set here'],
    ]);
    expect(variablesOf(r.body)).to.deep.equal({ A: '${env:ONE}', B: '${env:TWO}-${env:THREE}', C: 'set-value', D: 'plain-value' });
    expect([...r.secretValues].sort()).to.deep.equal(['plain-value', 'set-value']);
  });

  it('an encrypted file opened: the plaintext, its values masked, "from SOPS"; only string values with text are masked', async () => {
    const { doc, identity } = await encrypted(group('    A: sops-a\n    EMPTY: ""\n    REF: ${env:FROM_ENV}\n'));
    const c = context({ FROM_ENV: 'env-value' }, [identity]);
    const r = await resolveForPush(doc, c);
    if (!r.ok) throw new Error(r.reason);
    expect(c.asked).to.equal(1);
    expect(r.encrypted).to.equal(true);
    expect(r.doc.sops).to.equal(undefined);
    expect(r.doc).to.not.equal(doc);
    expect(r.body.sops).to.equal(undefined);
    expect(r.body.priority).to.equal(10);
    expect(variablesOf(r.body)).to.deep.equal({ A: 'sops-a', EMPTY: '', REF: 'env-value' });
    // $schema, name, secretType and the values are decrypted strings; priority (a number) and the empty value are not masked.
    expect([...r.secretValues].sort()).to.deep.equal(['${env:FROM_ENV}', './schema.json', 'env-value', 'environment', 'sops-a', 'web'].sort());
    expect(r.sources.get(planKey('variable', 'A'))).to.equal('from SOPS');
    expect(r.sources.get(planKey('variable', 'REF'))).to.equal('from SOPS, env FROM_ENV');
  });

  it('leaves the rule keeps in plaintext are not masked as decrypted values', async () => {
    const { doc, identity } = await encrypted(group('    A: sops-a\n'), { kind: 'encrypted_regex', value: '^secrets$' });
    const r = await resolveForPush(doc, context({}, [identity]));
    if (!r.ok) throw new Error(r.reason);
    expect(r.secretValues).to.deep.equal(['sops-a']);
    expect([...r.sources]).to.deep.equal([[planKey('variable', 'A'), 'from SOPS']]);
  });

  it('errors only seen once decrypted: errors (not warnings), at the encrypted file\'s lines, values masked', async () => {
    const { doc, identity } = await encrypted(group('    A: sops-a\n').replace('secretType: environment', 'secretType: environmentx').replace('priority: 10', 'priority: 101'));
    const r = await resolveForPush(doc, context({}, [identity]));
    expect(r.ok).to.equal(false);
    if (r.ok || r.reason !== 'invalid') throw new Error('expected invalid');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.message])).to.deep.equal([
      ['invalid-value', 'error', 2, `"${MASK}" is not an allowed value for "secretType". Allowed: environment-arguments, environment, arguments. Did you mean "environment"?`],
      ['number-out-of-range', 'error', 3, '"priority" must be from 0 to 100; 101 is out of range.'],
    ]);
    expect(r.diagnostics[0]?.data).to.deep.equal({ suggestions: ['environment'] });
  });

  it('no identity opens it: a SOPS error, unless unknownAllowed; then every encrypted value is unknown and no sops block is in the body', async () => {
    const { doc } = await encrypted(group('    A: sops-a\n    B: ${env:UNSET}\n'));
    const refused = await resolveForPush(doc, context({}));
    if (refused.ok || refused.reason !== 'sops') throw new Error('expected sops');
    expect(refused.error.code).to.equal('no-key');
    const r = await resolveForPush(doc, context({}), { unknownAllowed: true });
    if (!r.ok) throw new Error(r.reason);
    expect(r.encrypted).to.equal(true);
    expect(r.doc).to.equal(doc);
    expect(r.body.sops).to.equal(undefined);
    const why = 'encrypted with SOPS, and no age identity here opens it';
    // B's text is encrypted too, so its reference cannot be seen: unknown for SOPS, not for the environment.
    expect(r.unknown.get(planKey('variable', 'A'))).to.equal(why);
    expect(r.unknown.get(planKey('variable', 'B'))).to.equal(why);
    expect(r.sources.size).to.equal(0);
  });

  it('without its key, only the values SOPS encrypted are unknown: plaintext ones are compared', async () => {
    const { doc } = await encrypted(group('    A: sops-a\n    B: plain-b\n'), { kind: 'encrypted_regex', value: '^A$' });
    const r = await resolveForPush(doc, context({}), { unknownAllowed: true });
    if (!r.ok) throw new Error(r.reason);
    expect([...r.unknown.keys()]).to.deep.equal([planKey('variable', 'A')]);
    expect(variablesOf(r.body).B).to.equal('plain-b');
  });

  it('a file encrypted with pgp: no key here either (unknown with unknownAllowed, a SOPS error otherwise)', async () => {
    const { doc } = await encrypted(group('    A: sops-a\n'));
    const pgp = parse(doc.text.replace(/\nsops:\n {2}age:\n[\s\S]*?(?=\n {2}lastmodified)/, '\nsops:\n  pgp:\n    - fp: 85D77543B3D624B63CEA9E6DBC17301B491B3F21\n      enc: x'));
    const refused = await resolveForPush(pgp, context({}));
    if (refused.ok || refused.reason !== 'sops') throw new Error('expected sops');
    expect(refused.error.code).to.equal('unsupported-key-source');
    const r = await resolveForPush(pgp, context({}), { unknownAllowed: true });
    expect(r.ok && [...r.unknown.keys()]).to.deep.equal([planKey('variable', 'A')]);
    const known = await knownValues(pgp, context({}));
    expect(known.doc).to.equal(pgp);
  });

  it('warnings seen once decrypted do not stop it', async () => {
    const { doc, identity } = await encrypted(group('    A: sops-a\n', 'restrictions:\n  restricted: true\n'));
    const r = await resolveForPush(doc, context({}, [identity]));
    expect(r.ok).to.equal(true);
  });

  it('an error that is not SOPS\'s is thrown as it is', async () => {
    const { doc } = await encrypted(group('    A: sops-a\n'));
    const broken = { env: [], identities: () => Promise.resolve({ identities: null as unknown as string[], lookedAt: 'x', problems: [] }) };
    let thrown: unknown;
    try {
      await resolveForPush(doc, broken, { unknownAllowed: true });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.be.instanceOf(Error);
    expect(thrown).to.not.be.instanceOf(SopsError);
  });

  it('a file changed by hand is refused even when unknown values are allowed', async () => {
    const { doc, identity } = await encrypted(group('    A: sops-a\n'));
    const tampered = parse(doc.text.replace(/lastmodified: "([^"]+)"/, 'lastmodified: "2020-01-01T00:00:00Z"'));
    for (const options of [{}, { unknownAllowed: true }]) {
      const r = await resolveForPush(tampered, context({}, [identity]), options);
      if (r.ok || r.reason !== 'sops') throw new Error('expected sops');
      expect(r.error.code).to.not.equal('no-key');
      expect(r.error.message).to.match(/^The MAC of this file does not match its values/);
    }
    // Without its key, the tampering cannot be seen: only unknown.
    expect((await resolveForPush(tampered, context({}), { unknownAllowed: true })).ok).to.equal(true);
  });

  // mutants: `parseDefinition(doc.path, text, { kind: doc.kind, syntax: doc.syntax })` → `(…, {})`, in resolveForPush and knownValues
  it('a file whose kind was given, not found from its name, is read again as that kind once decrypted', async () => {
    const { doc, identity } = await encrypted(group('    A: sops-a\n').replace('$schema: ./schema.json\n', ''), undefined, 'secrets.yaml', 'northflank-secret');
    expect(parseDefinition(doc.path, doc.text)).to.equal(undefined, 'the name alone says no kind');
    const r = await resolveForPush(doc, context({}, [identity]));
    if (!r.ok) throw new Error(r.reason);
    expect(r.doc.kind).to.equal('northflank-secret');
    expect(variablesOf(r.body)).to.deep.equal({ A: 'sops-a' });
    const known = await knownValues(doc, context({}, [identity]));
    expect(known.doc.sops).to.equal(undefined);
    expect(known.doc.kind).to.equal('northflank-secret');
    expect(known.sources.map((s) => [s.name, s.from, s.value])).to.deep.equal([['A', ['sops'], 'sops-a']]);
  });

  // mutants: `text === undefined && doc.sops` → `true`, → `text === undefined || doc.sops`, and → `true && doc.sops`
  it('a `sops` key that is no SOPS block (an error callers refuse first) is no metadata: it stays in the body', async () => {
    const doc = parse(group('    A: plain-a\n', 'sops:\n  note: kept\n'));
    expect(doc.sops).to.equal(undefined);
    for (const options of [{}, { unknownAllowed: true }]) {
      const r = await resolveForPush(doc, context({}), options);
      if (!r.ok) throw new Error(r.reason);
      expect(r.encrypted).to.equal(false);
      expect(r.body.sops).to.deep.equal({ note: 'kept' });
    }
    // Once decrypted too: a template (any top-level key is allowed there) with a `sops` key added by hand in clear
    // before the block, outside a MAC that covers only the encrypted values.
    const identity = await generateIdentity();
    const template = parse('apiVersion: v1.2\nname: t\nspec:\n  kind: Workflow\n  spec:\n    type: sequential\n    steps: []\n', 'a.northflank-template.yaml');
    const sealed = await encryptSops(template, { recipients: [await identityToRecipient(identity)], rule: { kind: 'encrypted_regex', value: '^name$' }, macOnlyEncrypted: true });
    const edited = parse(sealed.replace('\nsops:\n', '\nsops:\n  note: kept\nsops:\n'), 'a.northflank-template.yaml');
    const r = await resolveForPush(edited, context({}, [identity]));
    if (!r.ok) throw new Error(r.reason);
    expect(r.encrypted).to.equal(true);
    expect(r.body.sops).to.deep.equal({ note: 'kept' });
  });

  // mutant: `if (!unknown.has(key)) unknown.set(…)` → `if (true)`
  it('with unknownAllowed, a name given twice (an error callers refuse first) keeps the reason of its first value', async () => {
    const doc = parse('secrets:\n  - key: A\n    value: ${env:ONE}\n  - key: A\n    value: ${env:TWO}\n', 'q.qovery-secrets.yaml');
    const r = await resolveForPush(doc, context({}), { unknownAllowed: true });
    if (!r.ok) throw new Error(r.reason);
    expect([...r.unknown]).to.deep.equal([[planKey('secret', 'A'), '${env:ONE} is not set here']]);
  });

  describe('knownValues', () => {
    it('a plain file: the document itself, its sources from the environment; no key asked for', async () => {
      const doc = parse(group('    A: ${env:SET}\n    B: ${env:UNSET}\n'));
      const c = context({ SET: 'v' });
      const known = await knownValues(doc, c);
      expect(known.doc).to.equal(doc);
      expect(known.sources.map((s) => [s.name, s.value, s.missing])).to.deep.equal([['A', 'v', []], ['B', undefined, ['UNSET']]]);
      expect(c.asked).to.equal(0);
    });

    it('an encrypted file opened: only the values SOPS encrypted are "from SOPS"', async () => {
      const { doc, identity } = await encrypted(group('    A: sops-a\n    B: plain-b\n'), { kind: 'encrypted_regex', value: '^A$' });
      const known = await knownValues(doc, context({}, [identity]));
      expect(known.sources.map((s) => [s.name, s.from, s.value])).to.deep.equal([['A', ['sops'], 'sops-a'], ['B', ['file'], 'plain-b']]);
      expect(known.doc.sops).to.equal(undefined);
    });

    it('a tampered file throws its SopsError; no key is unknown, not an error', async () => {
      const { doc, identity } = await encrypted(group('    A: sops-a\n'));
      const tampered = parse(doc.text.replace(/lastmodified: "([^"]+)"/, 'lastmodified: "2020-01-01T00:00:00Z"'));
      let thrown: unknown;
      try {
        await knownValues(tampered, context({}, [identity]));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).to.be.instanceOf(SopsError);
      const unknown = await knownValues(tampered, context({}));
      expect(unknown.doc).to.equal(tampered);
      expect(unknown.sources.map((s) => [s.name, s.value])).to.deep.equal([['A', undefined]]);
    });

    // mutant: `valueSources(doc, { env: context.env })` → `valueSources(doc, {})` when no key opens the file
    it('no key here: the values in clear still take their references from the environment', async () => {
      const { doc } = await encrypted(group('    A: sops-a\n    B: ${env:B}\n'), { kind: 'encrypted_regex', value: '^A$' });
      const known = await knownValues(doc, context({ B: 'from-env' }));
      expect(known.doc).to.equal(doc);
      expect(known.sources.map((s) => [s.name, s.from, s.value])).to.deep.equal([['A', ['sops'], undefined], ['B', ['env'], 'from-env']]);
    });

    it('an error that is not SOPS\'s is thrown as it is', async () => {
      const { doc } = await encrypted(group('    A: sops-a\n'));
      const broken = new Error('the key store is down');
      let thrown: unknown;
      try {
        await knownValues(doc, { env: [], identities: () => Promise.reject(broken) });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).to.equal(broken);
    });
  });
});
