import { expect } from 'chai';
import type { Catalog, QoverySecretInfo } from '../../../core/catalog';
import { parseDefinition } from '../../../core/document';
import { qoveryKeys, qoveryTargets } from '../../../core/rules/qovery';
import { rules, yaml } from './run';

/** The Qovery rules: keys (twice, in case only, alias keys), alias and override targets, values that are keys, interpolation. */
const UNKNOWN = { status: 'unknown' as const, reason: 'not signed in' };
const REMOTE: QoverySecretInfo[] = [
  { key: 'QOVERY_X', scope: 'BUILT_IN', variableType: 'BUILT_IN' },
  { key: 'REMOTE', scope: 'PROJECT', variableType: 'VALUE' },
  { key: 'RA', scope: 'PROJECT', variableType: 'ALIAS', aliasOf: 'REMOTE' },
  { key: 'ENV', scope: 'ENVIRONMENT', variableType: 'VALUE' },
];
/** Live: the project's secrets, plus one named after the project the file names (to see which project is asked). */
const LIVE: Catalog = {
  addons: () => UNKNOWN, addonKeys: () => UNKNOWN, restrictionTargets: () => UNKNOWN, tags: () => UNKNOWN,
  qoverySecrets: (project) => ({ status: 'live', items: [...REMOTE, { key: `OF_${project ?? 'BINDING'}`, scope: 'PROJECT', variableType: 'VALUE' }] }),
};
const VALUE_IS_KEY = (at: string, key: string, where: string, value: string) =>
  `${at} qovery-value-is-key [warning] The value of "${key}" is the key of another secret ${where}, "${value}": Qovery creates a secret whose value is an existing key as an alias of that secret, not with this text. Declare an alias if that is meant; otherwise change the value.`;
const INTERPOLATION = (line: number) => `${line}:4-${line}:32 qovery-interpolation-without-mount-path [warning] "enable_interpolation_in_file" only applies to a file secret: add "mount_path" or remove it.`;

describe('rules: Qovery project secrets', () => {
  it('reads the keys and targets of each section, skipping items without a string one', () => {
    const root = parseDefinition('p.qovery-secrets.yaml', yaml('secrets:', '  - key: A', '  - key: 5', '  - value: x', '  - B', 'aliases:', '  - {key: C, target: A}', '  - {target: B}', 'overrides:', '  - {target: Q}', '  - {target: [Q]}'))?.root;
    expect(qoveryKeys(root, 'secrets').map((k) => `${k.section} ${k.key} ${k.node.offset}`)).to.deep.equal(['secrets A 18']);
    expect(qoveryKeys(root, 'aliases').map((k) => `${k.section} ${k.key}`)).to.deep.equal(['aliases C']);
    expect(qoveryTargets(root, 'aliases').map((t) => t.target)).to.deep.equal(['A', 'B']);
    expect(qoveryTargets(root, 'overrides').map((t) => t.target)).to.deep.equal(['Q']);
    expect(qoveryKeys(parseDefinition('p.qovery-secrets.yaml', yaml('secrets: {key: A}'))?.root, 'secrets')).to.deep.equal([]);
  });

  it('keys: twice in a section, an alias key that is a secret\'s, the same key in another case (compared with the first of that case)', () => {
    expect(rules('qovery-secrets', yaml(
      'secrets:', '  - key: A', '  - key: a', '  - key: A', '  - key: Ab', '  - key: AB', '  - key: ab',
      'aliases:', '  - {key: A, target: Ab}', '  - {key: AL, target: Ab}', '  - {key: AL, target: Ab}', '  - {key: al, target: Ab}'))).to.deep.equal([
      '3:9-3:10 qovery-key-case [warning] The key "a" differs from "A" only in case: Qovery keys are case-sensitive, so these are two variables; is that intended?',
      '4:9-4:10 qovery-duplicate-key [error] The key "A" is already defined in "secrets" of this file; keys must be unique.',
      '6:9-6:11 qovery-key-case [warning] The key "AB" differs from "Ab" only in case: Qovery keys are case-sensitive, so these are two variables; is that intended?',
      '7:9-7:11 qovery-key-case [warning] The key "ab" differs from "Ab" only in case: Qovery keys are case-sensitive, so these are two variables; is that intended?',
      '9:10-9:11 qovery-alias-collision [error] The alias key "A" is already the key of a secret in this file; an alias needs a key of its own.',
      '11:10-11:12 qovery-duplicate-key [error] The key "AL" is already defined in "aliases" of this file; keys must be unique.',
      '12:10-12:12 qovery-key-case [warning] The key "al" differs from "AL" only in case: Qovery keys are case-sensitive, so these are two variables; is that intended?',
    ]);
  });

  it('each later use of a key is compared with its first use: an alias key that is a secret\'s, every time', () => {
    expect(rules('qovery-secrets', yaml('secrets:', '  - key: A', 'aliases:', '  - {key: A, target: B}', '  - {key: A, target: B}', '  - {key: a, target: B}'))).to.deep.equal([
      '4:10-4:11 qovery-alias-collision [error] The alias key "A" is already the key of a secret in this file; an alias needs a key of its own.',
      '5:10-5:11 qovery-alias-collision [error] The alias key "A" is already the key of a secret in this file; an alias needs a key of its own.',
      '6:10-6:11 qovery-key-case [warning] The key "a" differs from "A" only in case: Qovery keys are case-sensitive, so these are two variables; is that intended?',
    ]);
  });

  it('offline: what the file alone tells of targets (an alias of an alias, an override of a secret of the file, an override twice)', () => {
    expect(rules('qovery-secrets', yaml(
      'secrets:', '  - key: A',
      'aliases:', '  - {key: AL, target: AL2}', '  - {key: AL2, target: A}', '  - {key: X, target: NOPE}',
      'overrides:', '  - target: QOVERY_X', '  - target: QOVERY_X', '  - target: A', '  - target: A'))).to.deep.equal([
      '4:22-4:25 qovery-alias-of-alias [error] "AL2" is itself an alias in this file; Qovery allows one level of alias only: target the secret "AL2" aliases instead.',
      '9:12-9:20 qovery-duplicate-override [error] "QOVERY_X" is overridden twice in this file; keep one override.',
      '10:12-10:13 qovery-override-same-scope [warning] "A" is a secret of this file (project scope): change its value there; an override is for a secret of a higher scope.',
      '11:12-11:13 qovery-duplicate-override [error] "A" is overridden twice in this file; keep one override.',
    ]);
  });

  it('live: targets Qovery does not have, an alias of an alias, scopes the rules refuse; a value that is a key known in Qovery', () => {
    expect(rules('qovery-secrets', yaml(
      'secrets:', '  - key: A', '    value: REMOTE',
      'aliases:', '  - {key: X, target: NOPE}', '  - {key: Y, target: RA}', '  - {key: Z, target: ENV}', '  - {key: W, target: QOVERY_X}', '  - {key: V, target: A}',
      'overrides:', '  - target: QOVERY_X', '  - target: ENV', '  - target: REMOTE', '  - target: NOPE'), LIVE)).to.deep.equal([
      '5:21-5:25 qovery-unknown-target [error] No secret "NOPE" exists in this project or above it.',
      '6:21-6:23 qovery-alias-of-alias [error] "RA" is itself an alias, and Qovery allows no alias of an alias: alias the secret it points to instead.',
      '7:21-7:24 qovery-target-scope [error] "ENV" has the scope ENVIRONMENT, lower than PROJECT: Qovery creates aliases only from a higher scope to a lower one (BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION).',
      '12:12-12:15 qovery-target-scope [error] "ENV" has the scope ENVIRONMENT: Qovery creates overrides only from a higher scope to a lower one (BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION).',
      '13:12-13:18 qovery-target-scope [error] "REMOTE" has the scope PROJECT: Qovery creates overrides only from a higher scope to a lower one (BUILT_IN > PROJECT > ENVIRONMENT > APPLICATION). A PROJECT secret is not overridden at PROJECT level: change its value instead.',
      '14:12-14:16 qovery-unknown-target [error] No secret "NOPE" exists in this project or above it.',
      VALUE_IS_KEY('3:11-3:17', 'A', 'known in Qovery', 'REMOTE'),
    ]);
  });

  it('asks Qovery for the project the file names, else for its binding\'s', () => {
    expect(rules('qovery-secrets', yaml('project: pp', 'secrets:', '  - key: A', '    value: OF_pp', '  - key: B', '    value: OF_BINDING'), LIVE)).to.deep.equal([VALUE_IS_KEY('4:11-4:16', 'A', 'known in Qovery', 'OF_pp')]);
    expect(rules('qovery-secrets', yaml('project: 5', 'secrets:', '  - key: A', '    value: OF_BINDING'), LIVE)).to.deep.equal([VALUE_IS_KEY('4:11-4:21', 'A', 'known in Qovery', 'OF_BINDING')]);
  });

  it('a value that is another key of the file (a secret or an alias) or of Qovery; not its own key, not offline', () => {
    expect(rules('qovery-secrets', yaml(
      'secrets:', '  - key: A', '    value: B', '  - key: B', '    value: B', '  - value: A', '  - key: C', '    value: AL', '  - key: D', '    value: REMOTE', '  - key: E', '    value: 5',
      'aliases:', '  - {key: AL, target: A}'))).to.deep.equal([
      VALUE_IS_KEY('3:11-3:12', 'A', 'of this file', 'B'),
      VALUE_IS_KEY('6:11-6:12', 'this secret', 'of this file', 'A'),
      VALUE_IS_KEY('8:11-8:13', 'C', 'of this file', 'AL'),
    ]);
    // A key of the file and of Qovery: "of this file" is said.
    expect(rules('qovery-secrets', yaml('secrets:', '  - key: REMOTE', '  - key: A', '    value: REMOTE'), LIVE)).to.deep.equal([VALUE_IS_KEY('4:11-4:17', 'A', 'of this file', 'REMOTE')]);
  });

  it('without a live Qovery list no value is taken for a key known in Qovery, whatever its text', () => {
    // mutant: the remote keys `remote.status === 'live' ? … : []` → `: ["Stryker was here"]` while not live.
    const file = yaml('secrets:', '  - key: A', '    value: Stryker was here', '  - key: B', '    value: REMOTE', '  - key: C', '    value: ""');
    expect(rules('qovery-secrets', file)).to.deep.equal([]);
    expect(rules('qovery-secrets', file, { ...LIVE, qoverySecrets: () => UNKNOWN })).to.deep.equal([]);
  });

  it('interpolation without a mount path: set (true or false) and no mount path, or a null one; not when null, not with a path', () => {
    expect(rules('qovery-secrets', yaml(
      'secrets:',
      '  - key: A', '    enable_interpolation_in_file: true',
      '  - key: B', '    enable_interpolation_in_file: false', '    mount_path: null',
      '  - key: C', '    enable_interpolation_in_file: null',
      '  - key: D', '    enable_interpolation_in_file: true', '    mount_path: /d',
      '  - key: E', '    mount_path: /e'))).to.deep.equal([INTERPOLATION(3), INTERPOLATION(5)]);
  });

  it('a file whose root is not a mapping has no rule', () => {
    expect(rules('qovery-secrets', yaml('- key: A', '- key: A'))).to.deep.equal([]);
  });
});
