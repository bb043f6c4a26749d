import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYamlValue } from 'yaml';
import { parseYaml } from '../../../core/parse/yaml';
import { decryptSops, jsValue, readSopsMetadata, reencryptSops, SopsError } from '../../../core/sops';
import { ROOT } from '../../helpers/paths';

/**
 * The conformance fixture: a file written by the real sops 3.8.1 with its published TEST key
 * (../shared/fixtures/sops/README.md). Skipped with a message where ../shared is not beside the repository.
 */
const FIXTURE = process.env.SECRETDEF_SOPS_FIXTURE ?? path.resolve(ROOT, '..', 'shared', 'fixtures', 'sops');
const present = existsSync(path.join(FIXTURE, 'secret.enc.yaml')) && existsSync(path.join(FIXTURE, 'key.txt'));

const source = (text: string) => ({ text, syntax: 'yaml' as const, root: parseYaml(text).root });

describe('SOPS conformance: a file written by sops 3.8.1', function () {
  before(function () {
    if (!present) {
      console.log(`    (skipped: the SOPS fixture is not at ${FIXTURE}; set SECRETDEF_SOPS_FIXTURE)`);
      this.skip();
    }
  });
  const text = () => readFileSync(path.join(FIXTURE, 'secret.enc.yaml'), 'utf8');
  const identity = () => readFileSync(path.join(FIXTURE, 'key.txt'), 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1')) as string;

  it('reads the 3.8 metadata layout: three age recipients, the default rule, lastmodified as written', () => {
    const meta = readSopsMetadata(source(text()).root);
    assert.ok(meta);
    assert.equal(meta.age.length, 3);
    assert.equal(meta.age[0].recipient, 'age1je6kjhzuhdjy3fqptpttxjh5k8q46vygzlgtpuq3030c947pc5tqz9dqvr');
    assert.deepEqual(meta.rule, { kind: 'unencrypted_suffix', value: '_unencrypted' });
    assert.equal(meta.lastmodified, '2024-03-25T22:08:10Z');
    assert.deepEqual(meta.otherKeySources, []);
    assert.equal(meta.version, '3.8.1');
  });

  it('decrypts every value to the documented one, with its type, and verifies the MAC', async () => {
    const decrypted = await decryptSops(source(text()), [identity()]);
    const values = Object.fromEntries(decrypted.leaves.map((l) => [l.leaf.path.join('.'), l.value ? jsValue(l.value) : null]));
    assert.deepEqual(values, {
      secret: 'this is a secret', string: 'string', int: 7, float: 3.14, boolean: true,
      'complex.value': 'this is a secret', 'complex.array.0': 'one', 'complex.array.1': 'two', 'complex.array.2': 'three',
    });
    assert.deepEqual(decrypted.leaves.map((l) => l.value?.type), ['str', 'str', 'int', 'float', 'bool', 'str', 'str', 'str', 'str']);
    // The plaintext view reads as the documented document, without the sops block.
    assert.deepEqual(JSON.parse(JSON.stringify(parseYamlValue(decrypted.text))), {
      secret: 'this is a secret', string: 'string', int: 7, float: 3.14, boolean: true,
      complex: { value: 'this is a secret', array: ['one', 'two', 'three'] },
    });
    assert.doesNotMatch(decrypted.text, /sops:|ENC\[/);
  });

  it('refuses the file when one value is swapped for another (MAC and tags)', async () => {
    const original = text();
    // Reordering list items passes every GCM tag (they share the additional data); only the MAC catches it.
    const lines = original.split('\n');
    const a = lines.findIndex((l) => l.includes('data:dDBg'));
    [lines[a], lines[a + 1]] = [lines[a + 1], lines[a]];
    await assert.rejects(decryptSops(source(lines.join('\n')), [identity()]), (e: unknown) => e instanceof SopsError && e.code === 'mac-mismatch');
    // A value moved to another key fails its tag.
    const moved = original.replace(/^string: .*$/m, original.match(/^secret: (.*)$/m)![0].replace('secret:', 'string:'));
    await assert.rejects(decryptSops(source(moved), [identity()]), (e: unknown) => e instanceof SopsError && e.code === 'tampered');
  });

  it('an edit keeps the ciphertext of unchanged values and verifies afterwards', async () => {
    const decrypted = await decryptSops(source(text()), [identity()]);
    const edited = decrypted.text.replace('value: this is a secret', 'value: another secret');
    const saved = await reencryptSops(source(text()), [identity()], source(edited), { now: new Date('2025-01-02T03:04:05.678Z') });
    for (const kept of ['data:ME9a8+qqBCwXn0eqF010rw==', 'data:LNzAFGse', 'data:dDBg', 'data:SBYe']) assert.ok(saved.includes(kept), kept);
    assert.ok(!saved.includes('data:pMPbf0Sq8YbouaBiYGmbbA=='), 'the changed value is encrypted again');
    assert.match(saved, /lastmodified: "2025-01-02T03:04:05Z"/);
    const again = await decryptSops(source(saved), [identity()]);
    assert.equal(again.leaves.find((l) => l.leaf.path.join('.') === 'complex.value')?.value?.text, 'another secret');
    // The three stanzas are kept: the other recipients can still open the file.
    assert.equal(readSopsMetadata(source(saved).root)?.age.length, 3);
  });
});
