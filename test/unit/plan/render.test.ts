import { expect } from 'chai';
import {
  changedValueNames,
  headline,
  MASK,
  MASK_CHANGED,
  NOT_RETURNED,
  qoveryRemoteAsDefinition,
  redactDefinition,
  renderPlan,
  renderRedacted,
  secretValuesIn,
  summarizePlan,
  withoutOmittedDefaults,
  type Change,
  type Plan,
  type PlanItem,
} from '../../../core/plan';

/** The plan in words: each line's symbol, label, padding, verb, detail and source; the headline; the masked copies. */
const plan = (items: PlanItem[], platform: Plan['platform'] = 'northflank'): Plan => ({ platform, kind: platform === 'qovery' ? 'qovery-secrets' : 'northflank-secret', target: 't', items });
const one = (change: Change, more: Partial<PlanItem> = {}): PlanItem => ({ subject: 'variable', name: 'K', change, ...more });

describe('plan: rendering', () => {
  it('one line per item: symbol, subject in words, name, verb, then the detail and the source', () => {
    const CHANGES: Change[] = ['create', 'update', 'delete', 'unchanged', 'write', 'replace', 'keep', 'blocked'];
    expect(renderPlan(plan(CHANGES.map((c) => one(c))), { showUnchanged: true }).slice(0, -1)).to.deep.equal([
      '  + variable K  create',
      '  ~ variable K  change',
      '  - variable K  remove',
      '  = variable K  unchanged',
      '  ? variable K  write',
      '  ± variable K  replace (delete, then create)',
      '  ! variable K  keep',
      '  x variable K  blocked',
    ]);
    expect(renderPlan(plan([one('create', { detail: 'd', source: 'from env X' }), one('update', { source: 'from SOPS' }), one('delete', { detail: '' })]))).to.deep.equal([
      '  + variable K  create: d (from env X)',
      '  ~ variable K  change (from SOPS)',
      '  - variable K  remove',
      '  1 to create, 1 to change, 1 to remove.',
    ]);
  });

  it('names every subject in words', () => {
    const subjects: PlanItem['subject'][] = ['group', 'field', 'variable', 'file', 'docker-secret-mount', 'addon-dependency', 'external-addon-dependency', 'link', 'link-key', 'secret', 'alias', 'override'];
    const lines = renderPlan(plan(subjects.map((subject) => ({ subject, name: 'n', change: 'create' })))).slice(0, -1).map((l) => l.trimEnd());
    expect(lines.map((l) => l.replace(/ +create$/, ''))).to.deep.equal([
      '  + secret group n', '  + field n', '  + variable n', '  + file n', '  + docker secret mount n', '  + addon n', '  + external addon n',
      '  + addon link n', '  + key n', '  + secret n', '  + alias n', '  + override n',
    ]);
  });

  it('labels are padded to the longest shown, at most 48 characters; unchanged items are counted, not shown, unless asked', () => {
    const name47 = 'N'.repeat(47 - 'variable '.length);
    const lines = renderPlan(plan([one('create', { name: 'A' }), one('unchanged', { name: 'VERY_LONG_BUT_UNCHANGED_NAME_VERY_LONG_BUT_UNCHANGED' }), one('update', { name: 'BB' })]));
    expect(lines).to.deep.equal(['  + variable A   create', '  ~ variable BB  change', '  1 to create, 1 to change, 1 unchanged.']);
    expect(renderPlan(plan([one('create', { name: name47 }), one('create', { name: 'A' })]))[1]).to.equal(`  + ${'variable A'.padEnd(47)}  create`);
    const name48 = 'N'.repeat(48 - 'variable '.length);
    expect(renderPlan(plan([one('create', { name: name48 }), one('create', { name: 'A' })]))[1]).to.equal(`  + ${'variable A'.padEnd(48)}  create`);
    const name60 = 'N'.repeat(60);
    expect(renderPlan(plan([one('create', { name: name60 }), one('create', { name: 'A' })])).slice(0, 2)).to.deep.equal([`  + variable ${name60}  create`, `  + ${'variable A'.padEnd(48)}  create`]);
    expect(renderPlan(plan([]))).to.deep.equal(['  Up to date (0 unchanged).']);
  });

  describe('the headline', () => {
    it('each kind of change in a fixed order, then unchanged; one clause per kind present', () => {
      expect(summarizePlan(plan([one('blocked'), one('keep'), one('delete'), one('replace'), one('update'), one('create'), one('unchanged'), one('unchanged')], 'qovery'))).to.equal(
        '1 to create, 1 to change, 1 to replace (delete and create again), 1 to remove, 1 only in Qovery (kept), 1 blocked, 2 unchanged.',
      );
      expect(summarizePlan(plan([one('blocked'), one('blocked')]))).to.equal('2 blocked.');
      expect(summarizePlan(plan([one('unchanged')]))).to.equal('Up to date (1 unchanged).');
    });

    it('values that cannot be compared: one or several, Qovery\'s words or the platform\'s; with or without other changes', () => {
      expect(summarizePlan(plan([one('write')], 'qovery'))).to.equal('Keys and settings match; 1 value cannot be compared (Qovery never returns them) and will be written.');
      expect(summarizePlan(plan([one('write'), one('write'), one('unchanged')]))).to.equal('Keys and settings match; 2 values cannot be compared (the platform does not return them) and will be written.');
      expect(summarizePlan(plan([one('create'), one('write')], 'qovery'))).to.equal('1 to create; 1 value cannot be compared (Qovery never returns them) and will be written.');
      expect(headline([plan([one('write')], 'qovery'), plan([one('unchanged')])])).to.equal('Keys and settings match; 1 value cannot be compared (the platform does not return them) and will be written.');
    });

    it('settings not compared (a mount path): counted apart from written values, one or several', () => {
      const path = (change: Change) => one(change, { uncompared: 'mount path' });
      expect(summarizePlan(plan([path('unchanged')], 'qovery'))).to.equal('Keys and settings match; 1 setting (a mount path Qovery did not return) cannot be compared.');
      expect(summarizePlan(plan([path('unchanged'), path('update'), path('write')], 'qovery'))).to.equal(
        '1 to change, 1 unchanged; 1 value cannot be compared (Qovery never returns them) and will be written; 2 settings (a mount path Qovery did not return) cannot be compared.',
      );
    });

    it('kept items name the platforms they are only in, each once', () => {
      expect(headline([plan([one('keep')], 'qovery'), plan([one('keep')], 'qovery')])).to.equal('2 only in Qovery (kept).');
      expect(headline([plan([one('keep')], 'qovery'), plan([one('create')]), plan([one('keep')])])).to.equal('1 to create, 2 only in Qovery and Northflank (kept).');
      expect(headline([])).to.equal('Up to date (0 unchanged).');
      // mutant: `if (counts.keep) kept.add(…)` → `if (true)`: a plan with nothing kept does not name its platform.
      expect(headline([plan([one('keep')], 'qovery'), plan([one('create')])])).to.equal('1 to create, 1 only in Qovery (kept).');
      expect(headline([plan([one('unchanged')], 'qovery'), plan([one('keep')])])).to.equal('1 only in Northflank (kept), 1 unchanged.');
    });
  });

  it('the names of values known to differ: variables, files and mounts that are updated, nothing else', () => {
    const p = plan([
      { subject: 'variable', name: 'V', change: 'update' },
      { subject: 'file', name: '/f', change: 'update' },
      { subject: 'docker-secret-mount', name: 'm', change: 'update' },
      { subject: 'variable', name: 'C', change: 'create' },
      { subject: 'secret', name: 'S', change: 'update' },
      { subject: 'field', name: 'priority', change: 'update' },
      { subject: 'file', name: '/w', change: 'write' },
    ]);
    expect([...changedValueNames(p)]).to.deep.equal(['V', '/f', 'm']);
  });
});

describe('plan: masked copies', () => {
  it('Northflank: values masked in key order, changed ones marked; files keep their other fields; odd shapes masked whole', () => {
    const value = { $schema: 's', name: 'g', secrets: { variables: { B: 'b', A: 'a' }, files: { '/f': { data: 'd', encoding: 'base64' }, '/g': 'odd' }, dockerSecretMounts: { m: { data: 'd' } }, extra: { x: 1 } } };
    const redacted = redactDefinition('northflank-secret', value, new Set(['A', '/f', 'm']));
    expect(redacted).to.deep.equal({ name: 'g', secrets: { variables: { A: MASK_CHANGED, B: MASK }, files: { '/f': { data: MASK_CHANGED, encoding: 'base64' }, '/g': MASK }, dockerSecretMounts: { m: { data: MASK_CHANGED } }, extra: MASK } });
    expect(Object.keys((redacted as { secrets: { variables: object } }).secrets.variables)).to.deep.equal(['A', 'B']);
    expect(redactDefinition('northflank-secret', { secrets: { files: 'x', dockerSecretMounts: [1], variables: null } })).to.deep.equal({ secrets: { files: MASK, dockerSecretMounts: MASK, variables: MASK } });
    expect(redactDefinition('northflank-secret', { secrets: 'x' })).to.deep.equal({ secrets: MASK });
    expect(redactDefinition('northflank-secret', { name: 'g' })).to.deep.equal({ name: 'g' });
    expect(redactDefinition('northflank-secret', { secrets: {} })).to.deep.equal({ secrets: {} });
    expect(value.secrets.variables.A).to.equal('a', 'the definition itself is not changed');
  });

  it('Qovery: secret and override values, by key or target; items without a value kept; odd shapes masked whole', () => {
    expect(redactDefinition('qovery-secrets', { $schema: 's', secrets: [{ key: 'K', value: 'v' }, { key: 'C', value: 'v' }, { key: 'N' }, 'odd'], overrides: [{ target: 'T', value: 'v' }], aliases: [{ key: 'A', target: 'K' }] }, new Set(['C', 'T']))).to.deep.equal({
      secrets: [{ key: 'K', value: MASK }, { key: 'C', value: MASK_CHANGED }, { key: 'N' }, MASK],
      overrides: [{ target: 'T', value: MASK_CHANGED }],
      aliases: [{ key: 'A', target: 'K' }],
    });
    expect(redactDefinition('qovery-secrets', { secrets: { K: 'v' }, overrides: 'x' })).to.deep.equal({ secrets: MASK, overrides: MASK });
    expect(redactDefinition('qovery-secrets', { project: 'p' })).to.deep.equal({ project: 'p' });
  });

  it('other kinds and non-mappings are copied as they are (minus $schema)', () => {
    expect(redactDefinition('northflank-link', { $schema: 's', keys: [{ keyName: 'K' }], secrets: { variables: { A: 'a' } } })).to.deep.equal({ keys: [{ keyName: 'K' }], secrets: { variables: { A: 'a' } } });
    expect(redactDefinition('northflank-secret', 'text')).to.equal('text');
    expect(redactDefinition('northflank-secret', [1])).to.deep.equal([1]);
    expect(redactDefinition('northflank-secret', null)).to.equal(null);
  });

  it('renders YAML (long lines unwrapped) or JSON with a final line break', () => {
    const long = 'word '.repeat(40).trim();
    expect(renderRedacted('northflank-secret', { name: 'g', description: long, secrets: { variables: { A: 'a' } } })).to.equal(`name: g\ndescription: ${long}\nsecrets:\n  variables:\n    A: "${MASK}"\n`);
    expect(renderRedacted('northflank-secret', { name: 'g', secrets: { variables: { A: 'a' } } }, 'json', new Set(['A']))).to.equal(`{\n  "name": "g",\n  "secrets": {\n    "variables": {\n      "A": "${MASK_CHANGED}"\n    }\n  }\n}\n`);
  });

  it('lists every value masked: non-empty strings of variables, file and mount data, Qovery values', () => {
    expect(secretValuesIn('northflank-secret', { secrets: { variables: { A: 'a', B: '', C: 5 }, files: { '/f': { data: 'f' }, '/g': 'x', '/h': { data: 7 } }, dockerSecretMounts: { m: { data: 'm' } } } })).to.deep.equal(['a', 'f', 'm']);
    expect(secretValuesIn('northflank-secret', { secrets: { variables: ['a'], files: 'x' } })).to.deep.equal([]);
    expect(secretValuesIn('northflank-secret', { secrets: 'x' })).to.deep.equal([]);
    expect(secretValuesIn('qovery-secrets', { secrets: [{ value: 'q' }, 'x', { value: '' }], overrides: { value: 'o' } })).to.deep.equal(['q']);
    expect(secretValuesIn('qovery-secrets', { secrets: { value: 'q' }, overrides: [{ value: 'o' }] })).to.deep.equal(['o']);
    expect(secretValuesIn('qovery-secrets', 'text')).to.deep.equal([]);
    expect(secretValuesIn('northflank-secret', { overrides: [{ value: 'o' }] })).to.deep.equal([]);
    expect(secretValuesIn('qovery-secrets', { secrets: { variables: { A: 'a' } } })).to.deep.equal([]);
    // mutant: `if (isRecord(item)) add(item.value)` → `if (true)`: a null item (a file being typed) is skipped, not read.
    expect(secretValuesIn('qovery-secrets', { secrets: [null, { value: 'q' }], overrides: [null, { value: 'o' }] })).to.deep.equal(['q', 'o']);
  });

  it("an alias Qovery returned without its target (only variable_type ALIAS) shows the target as '?' on the remote side", () => {
    // mutant: `s.aliased_secret?.key ?? '?'` → `?? ""`
    expect(qoveryRemoteAsDefinition([{ id: '2', key: 'A', scope: 'PROJECT', variable_type: 'ALIAS' }], 'P')).to.deep.equal({ project: 'P', aliases: [{ key: 'A', target: '?' }] });
  });

  it('the remote side without the defaults the file leaves out: type "secret" only, restrictions only when unrestricted and empty', () => {
    expect(withoutOmittedDefaults('northflank-secret', { type: 'secret', restrictions: 'odd' }, {})).to.deep.equal({ restrictions: 'odd' });
    expect(withoutOmittedDefaults('northflank-secret', { restrictions: { restricted: false, nfObjects: 'x', tags: 'y' } }, {})).to.deep.equal({});
    expect(withoutOmittedDefaults('northflank-secret', { restrictions: {} }, {})).to.deep.equal({});
    expect(withoutOmittedDefaults('northflank-secret', { restrictions: {} }, { restrictions: {} })).to.deep.equal({ restrictions: {} });
    expect(withoutOmittedDefaults('northflank-link', { type: 'secret' }, {})).to.deep.equal({ type: 'secret' });
    expect(NOT_RETURNED).to.equal('(not returned by the platform)');
  });
});
