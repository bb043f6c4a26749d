import { expect } from 'chai';
import type { Catalog } from '../../../core/catalog';
import { parseDefinition } from '../../../core/document';
import { semanticDiagnostics } from '../../../core/rules';
import type { Diagnostic } from '../../../core/diagnostics';
import { createContext } from '../../../core/rules/context';
import { addonIdsOf, addonKeyEntries, addonNames, defaultKeyName, definedNames, variableReferences, variablesOf } from '../../../core/rules/northflank';
import { rules, yaml } from './run';

/** The Northflank rules: addons and their keys, aliases, `${NAME}` references, file data, restrictions. */
const HEAD = ['name: g', 'secretType: environment', 'priority: 1'];
const UNKNOWN = { status: 'unknown' as const, reason: 'not signed in' };
const LIVE: Catalog = {
  addons: () => ({ status: 'live', items: [{ id: 'pg', name: 'pg', type: 'postgresql' }, { id: 'redis', name: 'redis', type: 'redis' }] }),
  addonKeys: (id) => (id === 'pg' ? { status: 'live', items: [{ keyName: 'HOST' }, { keyName: 'PASSWORD' }] } : UNKNOWN),
  restrictionTargets: () => ({ status: 'live', items: [{ id: 'api', type: 'service' }, { id: 'cron', type: 'job' }] }),
  tags: () => UNKNOWN,
  qoverySecrets: () => UNKNOWN,
};
const root = (text: string) => parseDefinition('group.northflank-secret.yaml', text)?.root;

describe('rules: Northflank secret groups', () => {
  describe('the names a group defines', () => {
    const text = yaml(...HEAD,
      'addonDependencies:',
      '  - addonId: pg-1',
      '    keys:',
      '      - keyName: host',
      '        aliases: [DB_HOST, 5, DB_HOST]',
      '      - keyName: 5',
      '      - aliases: [NO_KEY]',
      '  - addonId: redis',
      '  - keys: [{keyName: NO_ADDON}]',
      '  - addonId: pg-1',
      'externalAddonDependencies:',
      '  - addonId: ext',
      '    keys: [{keyName: URL, aliases: [EXT_URL]}]',
      'secrets:',
      '  variables:',
      '    A: a',
      '    B: b');

    it('the default name of an addon key: NF_, the addon id and the key name upper-cased, hyphens kept', () => {
      expect(defaultKeyName('pg-1', 'host')).to.equal('NF_PG-1_HOST');
    });

    it('every addon key with a string key name, with its string aliases, in file order; external addons too', () => {
      const entries = addonKeyEntries(root(text));
      expect(entries.map((e) => ({ addonId: e.addonId, keyName: e.keyName, list: e.list, aliases: e.aliases.map((a) => a.value) }))).to.deep.equal([
        { addonId: 'pg-1', keyName: 'host', list: 'addonDependencies', aliases: ['DB_HOST', 'DB_HOST'] },
        { addonId: 'ext', keyName: 'URL', list: 'externalAddonDependencies', aliases: ['EXT_URL'] },
      ]);
      expect(entries[0].aliasNode('DB_HOST')?.offset).to.equal(text.indexOf('DB_HOST'));
      expect(entries[0].aliasNode('NOPE')).to.equal(undefined);
    });

    it('the addon ids, each once, in file order; the variables; every name defined', () => {
      expect(addonIdsOf(root(text))).to.deep.equal(['pg-1', 'redis']);
      expect(variablesOf(root(text))?.properties.map((p) => p.key)).to.deep.equal(['A', 'B']);
      expect([...addonNames(root(text))]).to.deep.equal(['NF_PG-1_HOST', 'DB_HOST', 'NF_EXT_URL', 'EXT_URL']);
      expect([...definedNames(root(text))]).to.deep.equal(['A', 'B', 'NF_PG-1_HOST', 'DB_HOST', 'NF_EXT_URL', 'EXT_URL']);
      expect(variablesOf(root(yaml(...HEAD, 'secrets: []')))).to.equal(undefined);
      expect(variablesOf(root(yaml(...HEAD, 'secrets:', '  variables: [A]')))).to.equal(undefined);
    });

    it('an addon link file: the keys of the addon its binding names', () => {
      const link = parseDefinition('link.northflank-link.yaml', yaml('keys:', '  - keyName: HOST', '    aliases: [H]'))?.root;
      expect(addonKeyEntries(link, 'pg').map((e) => `${e.list} ${e.addonId} ${e.keyName}`)).to.deep.equal(['keys pg HOST']);
      expect(addonKeyEntries(link, '').map((e) => `${e.list} "${e.addonId}" ${e.keyName}`)).to.deep.equal(['keys "" HOST']);
    });
  });

  describe('addons and their keys', () => {
    const text = yaml(...HEAD,
      'addonDependencies:',
      '  - addonId: pg',
      '    keys:',
      '      - keyName: HOST',
      '        aliases: [A, A, NF_PG_PASSWORD, V]',
      '      - keyName: PASSWORD',
      '        aliases: [A, NF_PG_HOST]',
      '      - keyName: HOST',
      '      - keyName: HOSTX',
      '  - addonId: pgx',
      '  - addonId: pg',
      'externalAddonDependencies:',
      '  - addonId: pg',
      '    keys:',
      '      - keyName: HOST',
      '        aliases: [V, B]',
      '  - addonId: pg',
      '  - addonId: other',
      'secrets:',
      '  variables:',
      '    V: x',
      '    B: y');

    it('with a live catalog: unknown addons and keys; each list\'s repeated addons; keys twice; every kind of alias collision', () => {
      expect(rules('northflank-secret', text, LIVE)).to.deep.equal([
        '13:13-13:16 nf-unknown-addon [error] The project has no addon "pgx". Did you mean "pg"? {"suggestions":["pg"]}',
        '14:13-14:15 nf-duplicate-addon [warning] The addon "pg" is listed twice in "addonDependencies"; list each addon once, with all its keys.',
        '20:13-20:15 nf-duplicate-addon [warning] The addon "pg" is listed twice in "externalAddonDependencies"; list each addon once, with all its keys.',
        '8:21-8:22 nf-alias-collision [warning] The alias "A" of key "HOST" of the addon "pg" is already an alias of this key ("HOST"), on line 8: only one of them would be set.',
        '8:24-8:38 nf-alias-collision [warning] The alias "NF_PG_PASSWORD" of key "HOST" of the addon "pg" is the default name of key "PASSWORD" of the addon "pg": one would overwrite the other.',
        '8:40-8:41 nf-alias-collision [warning] The alias "V" of key "HOST" of the addon "pg" is also the name of the variable on line 24: one would overwrite the other.',
        '10:18-10:19 nf-alias-collision [warning] The alias "A" of key "PASSWORD" of the addon "pg" is already an alias of key "HOST" of the addon "pg", on line 8: only one of them would be set.',
        '10:21-10:31 nf-alias-collision [warning] The alias "NF_PG_HOST" of key "PASSWORD" of the addon "pg" is the default name of key "HOST" of the external addon "pg": one would overwrite the other.',
        '11:17-11:21 nf-duplicate-key-name [warning] The key "HOST" is listed twice for the addon "pg"; list it once and put all its aliases together.',
        '12:17-12:22 nf-unknown-addon-key [error] The addon "pg" has no key "HOSTX". Did you mean "HOST"? {"suggestions":["HOST"]}',
        '19:18-19:19 nf-alias-collision [warning] The alias "V" of key "HOST" of the external addon "pg" is already an alias of key "HOST" of the addon "pg", on line 8: only one of them would be set.',
        '19:21-19:22 nf-alias-collision [warning] The alias "B" of key "HOST" of the external addon "pg" is also the name of the variable on line 25: one would overwrite the other.',
      ]);
    });

    it('offline: the same, without what only the project knows', () => {
      const offline = rules('northflank-secret', text);
      expect(offline.some((d) => / nf-unknown-addon(-key)? /.test(d))).to.equal(false);
      expect(offline).to.have.length(10);
    });

    it('the same key name in an addon and in an external addon of the same id is no repeat; an alias that is its own default name is', () => {
      expect(rules('northflank-secret', yaml(...HEAD,
        'addonDependencies:',
        '  - addonId: pg',
        '    keys: [{keyName: HOST, aliases: [NF_PG_HOST]}]',
        'externalAddonDependencies:',
        '  - addonId: pg',
        '    keys: [{keyName: USER}]'))).to.deep.equal([
        '6:37-6:47 nf-alias-collision [warning] The alias "NF_PG_HOST" of key "HOST" of the addon "pg" is the default name of this very key: one would overwrite the other.',
      ]);
      expect(rules('northflank-secret', yaml(...HEAD,
        'addonDependencies:',
        '  - addonId: pg',
        '    keys: [{keyName: HOST}]',
        'externalAddonDependencies:',
        '  - addonId: pg',
        '    keys: [{keyName: HOST}]'))).to.deep.equal([]);
    });

    it('an alias that collides with an alias is not also reported against the variables', () => {
      expect(rules('northflank-secret', yaml(...HEAD,
        'addonDependencies:',
        '  - addonId: pg',
        '    keys:',
        '      - keyName: HOST',
        '        aliases: [V]',
        '      - keyName: USER',
        '        aliases: [V]',
        'secrets:',
        '  variables:',
        '    V: x'))).to.deep.equal([
        '8:18-8:19 nf-alias-collision [warning] The alias "V" of key "HOST" of the addon "pg" is also the name of the variable on line 13: one would overwrite the other.',
        '10:18-10:19 nf-alias-collision [warning] The alias "V" of key "USER" of the addon "pg" is already an alias of key "HOST" of the addon "pg", on line 8: only one of them would be set.',
      ]);
    });

    it('with the variables checked apart (the incremental path), the view says where a variable is and what names exist', () => {
      const text2 = yaml(...HEAD,
        'addonDependencies:',
        '  - addonId: pg',
        '    keys: [{keyName: HOST, aliases: [V]}]',
        'secrets:',
        '  variables: {}',
        '  files:',
        '    /f:',
        `      data: ${Buffer.from('${V} ${W}').toString('base64')}`);
      const doc = parseDefinition('group.northflank-secret.yaml', text2);
      if (!doc) throw new Error('not a definition');
      const names = new Set(['V']);
      const view = { names, keyOffsetOf: (name: string) => (name === 'V' ? text2.indexOf('priority') : undefined) };
      expect(semanticDiagnostics(doc, LIVE, view).map((d) => `${d.range.start.line + 1}:${d.range.start.character} ${d.code} ${d.message}`)).to.deep.equal([
        '6:37 nf-alias-collision The alias "V" of key "HOST" of the addon "pg" is also the name of the variable on line 3: one would overwrite the other.',
        '11:12 nf-unknown-template-variable The content of "/f" references "${W}", which no variable of this group defines; it will not be replaced.',
      ]);
    });
  });

  describe('an addon link file', () => {
    const text = yaml('keys:', '  - keyName: HOST', '    aliases: [A, NF_PG_HOST]', '  - keyName: HOST', '    aliases: [A]');

    it('without the addon\'s id: keys twice and aliases twice, "this addon"; default names cannot be checked', () => {
      expect(rules('northflank-link', text)).to.deep.equal([
        '4:13-4:17 nf-duplicate-key-name [warning] The key "HOST" is listed twice for this addon; list it once and put all its aliases together.',
        '5:14-5:15 nf-alias-collision [warning] The alias "A" of key "HOST" is already an alias of key "HOST", on line 3: only one of them would be set.',
      ]);
    });

    it('with the addon its binding names: default names and the addon\'s keys are checked too', () => {
      const catalog: Catalog = { ...LIVE, linkAddonId: () => 'pg' };
      expect(rules('northflank-link', yaml('keys:', '  - keyName: HOST', '    aliases: [NF_PG_HOST]', '  - keyName: NOPE'), catalog)).to.deep.equal([
        '3:14-3:24 nf-alias-collision [warning] The alias "NF_PG_HOST" of key "HOST" of the addon "pg" is the default name of this very key: one would overwrite the other.',
        '4:13-4:17 nf-unknown-addon-key [error] The addon "pg" has no key "NOPE". Its keys: HOST, PASSWORD.',
      ]);
    });

    it('without the addon\'s id, no alias is taken for a default name (there is none: not "NF__HOST")', () => {
      expect(rules('northflank-link', yaml('keys:', '  - keyName: HOST', '    aliases: [NF__HOST, NF_HOST]'))).to.deep.equal([]);
    });

    it('a link file whose root is not a mapping has no rule', () => {
      expect(rules('northflank-link', yaml('- keyName: HOST'))).to.deep.equal([]);
    });
  });

  describe('references and file data', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');

    it('a variable\'s references to names the group does not define, each with a suggestion when one is near', () => {
      expect(rules('northflank-secret', yaml(...HEAD, 'secrets:', '  variables:', '    A: "${B} ${NODE_ENVV} ${A} ${env:X} ${QQQQQQQQ}"', '    NODE_ENV: x', '    C: 5'))).to.deep.equal([
        '6:8-6:12 nf-unknown-template-variable [warning] "${B}" names no variable of this group (did you mean "A"?); it will not be replaced.',
        '6:13-6:25 nf-unknown-template-variable [warning] "${NODE_ENVV}" names no variable of this group (did you mean "NODE_ENV"?); it will not be replaced.',
        '6:40-6:51 nf-unknown-template-variable [warning] "${QQQQQQQQ}" names no variable of this group; it will not be replaced.',
      ]);
    });

    it('gives the names a variable references, known or not (the incremental path checks it again when one comes or goes)', () => {
      const text = yaml(...HEAD, 'secrets:', '  variables:', '    A: "${B} ${A} ${B}"', '    N: 5');
      const doc = parseDefinition('group.northflank-secret.yaml', text);
      const variables = variablesOf(doc?.root);
      if (!doc || !variables) throw new Error('no variables');
      const out: Diagnostic[] = [];
      const ctx = createContext(doc, LIVE, out);
      expect(variableReferences(ctx, variables.properties[0], new Set(['A']))).to.deep.equal(['B', 'A', 'B']);
      expect(out.map((d) => `${d.range.start.character}-${d.range.end.character} ${d.message}`)).to.deep.equal([
        '8-12 "${B}" names no variable of this group (did you mean "A"?); it will not be replaced.',
        '18-22 "${B}" names no variable of this group (did you mean "A"?); it will not be replaced.',
      ]);
      expect(variableReferences(ctx, variables.properties[1], new Set())).to.deep.equal([]);
    });

    it('file data: each form of base64 in words, with how many bytes; unknown references of the decoded text, each once', () => {
      expect(rules('northflank-secret', yaml(...HEAD, 'secrets:', '  variables:', '    A: a', '  files:',
        `    /a:`, `      data: ${b64('${A} ${X} ${Y} ${X}')}`,
        '    /b:', '      data: QQ=',
        '    /c:', '      data: QQ===',
        '    /d:', '      data: "="',
        '    /e:', '      data: QUJ-',
        '    /f:', '      data: Q_=',
        '    /g:', '      data: REPLACE_ME',
        '    /h:', '      data: "!!"',
        '    /i:', '      data: 5',
        '    /j:', '      data: QUI=',
        '    /k:', `      data: ${b64('${A}')}`,
        '    /l:', '      data: QUJD-_===',
        '  dockerSecretMounts:',
        '    m:', `      data: ${b64('${Z}')}`,
        '    n:', `      data: ${Buffer.from([0, 1]).toString('base64')}`,
        '    o:', '      data: "@"'))).to.deep.equal([
        '9:12-9:40 nf-unknown-template-variable [warning] The content of "/a" references "${X}", "${Y}", which no variable of this group defines; they will not be replaced.',
        '11:12-11:15 nf-base64-variant [warning] The "data" of file "/b" is padded with too few "=", not standard base64. Northflank\'s API (Node.js) decodes it anyway: the file will hold this 1 byte. Other tools may not read it.',
        '13:12-13:17 nf-base64-variant [warning] The "data" of file "/c" is padded with more "=" than needed, not standard base64. Northflank\'s API (Node.js) decodes it anyway, ignoring the extra "=": the file will hold this 1 byte. Other tools may not read it.',
        '15:12-15:15 nf-base64-variant [warning] The "data" of file "/d" is padded with more "=" than needed, not standard base64. Northflank\'s API (Node.js) decodes it anyway, ignoring the extra "=": the file will hold these 0 bytes. Other tools may not read it.',
        '17:12-17:16 nf-base64-variant [warning] The "data" of file "/e" is base64url (with "-" and "_"), not standard base64. Northflank\'s API (Node.js) decodes it anyway, reading "-" as "+" and "_" as "/": the file will hold these 3 bytes. Other tools may not read it.',
        '19:12-19:15 nf-base64-variant [warning] The "data" of file "/f" is base64url (with "-" and "_"), padded with too few "=", not standard base64. Northflank\'s API (Node.js) decodes it anyway, reading "-" as "+" and "_" as "/": the file will hold this 1 byte. Other tools may not read it.',
        '23:12-23:16 nf-invalid-base64 [error] The "data" of file "/h" is not base64: Northflank expects the file\'s content base64 encoded, and would decode this text into garbage.',
        '31:12-31:21 nf-base64-variant [warning] The "data" of file "/l" is base64url (with "-" and "_"), padded with more "=" than needed, not standard base64. Northflank\'s API (Node.js) decodes it anyway, reading "-" as "+" and "_" as "/", ignoring the extra "=": the file will hold these 4 bytes. Other tools may not read it.',
        '34:12-34:20 nf-unknown-template-variable [warning] The content of "m" references "${Z}", which no variable of this group defines; it will not be replaced.',
        '38:12-38:15 nf-invalid-base64 [error] The "data" of Docker secret mount "o" is not base64: Northflank expects the file\'s content base64 encoded, and would decode this text into garbage.',
        '21:12-21:22 placeholder-value [error] The data of /g is still the placeholder REPLACE_ME: put the real value in (pushing it would replace the secret with this word).',
      ]);
    });

    it('in a Northflank template, the template\'s own expressions are no references (in values and file data); other names still are', () => {
      const text = yaml(...HEAD, 'secrets:', '  variables:', '    A: "${args.x} ${refs.db.host} ${B} ${argsx.y}"', '  files:', '    /f:', `      data: ${b64('${secrets.s} ${C}')}`);
      const doc = parseDefinition('group.northflank-secret.yaml', text);
      if (!doc) throw new Error('not a definition');
      const messages = (d: typeof doc) => semanticDiagnostics(d, LIVE).map((x) => x.message);
      expect(messages({ ...doc, container: 'northflank-template' })).to.deep.equal([
        '"${B}" names no variable of this group (did you mean "A"?); it will not be replaced.',
        '"${argsx.y}" names no variable of this group; it will not be replaced.',
        'The content of "/f" references "${C}", which no variable of this group defines; it will not be replaced.',
      ]);
      expect(messages(doc)).to.deep.equal([
        '"${args.x}" names no variable of this group; it will not be replaced.',
        '"${refs.db.host}" names no variable of this group; it will not be replaced.',
        '"${B}" names no variable of this group (did you mean "A"?); it will not be replaced.',
        '"${argsx.y}" names no variable of this group; it will not be replaced.',
        'The content of "/f" references "${secrets.s}", "${C}", which no variable of this group defines; they will not be replaced.',
      ]);
    });

    it('a group without "secrets", or with "secrets" that is no mapping, has no reference to check', () => {
      expect(rules('northflank-secret', yaml(...HEAD))).to.deep.equal([]);
      expect(rules('northflank-secret', yaml(...HEAD, 'secrets: [x]'))).to.deep.equal([]);
      expect(rules('northflank-secret', yaml(...HEAD, 'secrets:', '  files:', '    /f: x', '    /g:', '      encoding: utf-8'))).to.deep.equal([]);
    });
  });

  describe('restrictions', () => {
    const restricted = (...lines: string[]) => rules('northflank-secret', yaml(...HEAD, 'restrictions:', ...lines.map((l) => `  ${l}`)));
    const NO_TARGETS = '5:2-5:12 nf-restricted-without-targets [warning] The group is restricted but lists no "nfObjects" and no "tags": no service or job could read it.';

    it('restricted without targets: none listed, or empty lists; not when either list has one, not when not restricted', () => {
      expect(restricted('restricted: true')).to.deep.equal([NO_TARGETS]);
      expect(restricted('restricted: true', 'nfObjects: []', 'tags: []')).to.deep.equal([NO_TARGETS]);
      expect(restricted('restricted: true', 'nfObjects: x')).to.deep.equal([NO_TARGETS]);
      expect(restricted('restricted: true', 'tags: [a]')).to.deep.equal([]);
      expect(restricted('restricted: true', 'nfObjects: [{id: a, type: service}]')).to.deep.equal([]);
      expect(restricted('restricted: false')).to.deep.equal([]);
      expect(restricted('restricted: "true"')).to.deep.equal([]);
      expect(restricted('nfObjects: []')).to.deep.equal([]);
    });

    it('a tag match condition without tags has no effect', () => {
      expect(restricted('tagMatchCondition: or')).to.deep.equal(['5:2-5:19 nf-tag-match-without-tags [warning] "tagMatchCondition" has no effect without "tags" in "restrictions".']);
      expect(restricted('tags: []', 'tagMatchCondition: and')).to.deep.equal(['6:2-6:19 nf-tag-match-without-tags [warning] "tagMatchCondition" has no effect without "tags" in "restrictions".']);
      expect(restricted('tags: [a]', 'tagMatchCondition: or')).to.deep.equal([]);
      expect(rules('northflank-secret', yaml(...HEAD, 'restrictions: [x]'))).to.deep.equal([]);
    });

    it('with a live catalog: an id that is no service or job, and a type that is not the object\'s, on the type', () => {
      expect(rules('northflank-secret', yaml(...HEAD, 'restrictions:', '  restricted: true', '  nfObjects: [{id: api, type: job}, {id: nope, type: service}, {id: cron}, {type: job}, {id: api, type: service}]'), LIVE)).to.deep.equal([
        '6:30-6:33 nf-unknown-restriction-target [error] "api" is a service, not a job. {"suggestions":["service"]}',
        '6:41-6:45 nf-unknown-restriction-target [error] "nope" is no service or job of this project.',
      ]);
      expect(rules('northflank-secret', yaml(...HEAD, 'restrictions:', '  restricted: true', '  nfObjects: [{id: nope, type: service}]'))).to.deep.equal([]);
    });
  });
});
