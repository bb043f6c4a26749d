// Northflank templates (issue 15): recognition, secret groups validated as secret groups, expressions, and the
// editor features inside a template.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { complete, definitionAt, detectKind, hover, outline, parseDefinition, quickFixes, referencesAt, validateDocument, OFFLINE_CATALOG, type DefinitionDocument, type OutlineSymbol } from '../../core';
import { findExpressions, parseExpression, templateExpressions } from '../../core/templates/expressions';
import { looksLikeTemplate, TEMPLATE_SHAPE_LIMIT } from '../../core/templates/recognise';
import { applyEdits } from '../helpers/edits';
import { caret, parseMarkers } from '../helpers/markers';
import { FIXTURES, ROOT } from '../helpers/paths';
import { secretdefIn } from '../helpers/cliRun';

const dir = path.join(FIXTURES, 'templates');

function parse(text: string, file = 'a.northflank-template.json'): DefinitionDocument {
  const doc = parseDefinition(file, text);
  assert.ok(doc, 'not recognised');
  return doc;
}

const key = (d: { code: string; line: number; start: number; end: number }) => `${d.line + 1}:${d.start}-${d.end} ${d.code}`;

describe('templates: golden fixtures (exact code and range of every diagnostic)', () => {
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  it('has fixtures, among them a full template without any problem', () => {
    assert.ok(files.length >= 6);
    assert.ok(files.includes('full.northflank-template.json'));
    assert.deepEqual(parseMarkers(readFileSync(path.join(dir, 'full.northflank-template.json'), 'utf8')).expected, []);
  });
  for (const file of files) {
    it(file, () => {
      const { text, expected } = parseMarkers(readFileSync(path.join(dir, file), 'utf8'));
      const doc = parse(text, path.join(dir, file));
      assert.equal(doc.kind, 'northflank-template');
      const all = validateDocument(doc);
      const actual = all.map((d) => ({ code: d.code, line: d.range.start.line, start: d.range.start.character, end: d.range.end.line === d.range.start.line ? d.range.end.character : -1 }));
      assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), all.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character} ${d.code}: ${d.message}`).join('\n'));
    });
  }
});

describe('templates: recognition', () => {
  const template = readFileSync(path.join(dir, 'full.northflank-template.json'), 'utf8');

  it('by name (*.northflank-template.json), by Northflank\'s $schema, and any JSON file by its shape', () => {
    assert.equal(detectKind('deploy/api.northflank-template.json', '{}'), 'northflank-template');
    assert.equal(detectKind('infra/template.json', template), 'northflank-template');
    assert.equal(detectKind('x.json', '{"$schema": "https://api.northflank.com/v1/schemas/release-flow", "spec": {}}'), 'northflank-template');
    assert.equal(detectKind('x.json', '{"$schema": "https://api.northflank.com/v1/schemas/preview-env"}'), 'northflank-template');
  });

  it('the shape: a top-level apiVersion and a spec that is a Workflow node, whatever the order of keys', () => {
    assert.ok(looksLikeTemplate('{"spec": {"spec": {"steps": []}, "kind": "Workflow"}, "name": "x", "apiVersion": "v1.2"}'));
    assert.ok(!looksLikeTemplate('{"apiVersion": "v1", "kind": "Deployment", "spec": {"replicas": 1}}'), 'a Kubernetes manifest');
    assert.ok(!looksLikeTemplate('{"name": "pkg", "version": "1.0.0", "dependencies": {"spec": {"kind": "Workflow"}}}'), 'a nested spec');
    assert.ok(!looksLikeTemplate('{"spec": {"kind": "Workflow"}}'), 'no apiVersion');
    assert.ok(!looksLikeTemplate('[{"apiVersion": "v1.2", "spec": {"kind": "Workflow"}}]'), 'not an object');
    assert.ok(!looksLikeTemplate('{"apiVersion": "v1.2", "spec": {"nested": {"kind": "Workflow"}}}'), 'kind one level too deep');
    assert.equal(detectKind('package.json', readFileSync(path.join(ROOT, 'package.json'), 'utf8')), undefined);
    assert.equal(detectKind('template.yaml', 'apiVersion: v1.2\nspec:\n  kind: Workflow\n'), undefined, 'the shape is a JSON rule');
  });

  it('reads only the head of a large file: a spec that starts past the limit needs the name or a $schema', () => {
    const padding = `"arguments": {${Array.from({ length: TEMPLATE_SHAPE_LIMIT / 20 }, (_, i) => `"A${i}": "xxxxxxxxxx"`).join(',')}}`;
    assert.ok(looksLikeTemplate(`{"apiVersion": "v1.2", "spec": {"kind": "Workflow"}, ${padding}}`));
    assert.ok(!looksLikeTemplate(`{"apiVersion": "v1.2", ${padding}, "spec": {"kind": "Workflow"}}`));
  });
});

describe('templates: a secret group is validated as a secret group file (one source of truth)', () => {
  // The JSON secret group fixtures, embedded as a SecretGroup node's spec: the same codes, on the same text.
  const sources = [
    path.join(FIXTURES, 'rules', 'nf-priority-type.northflank-secret.json'),
    path.join(FIXTURES, 'fixes', 'invalid-value.northflank-secret.json'),
    path.join(FIXTURES, 'fixes', 'alias-remove-flow.northflank-secret.json'),
    path.join(FIXTURES, 'seeds', 'seed-002-create.northflank-secret.json'),
  ];
  for (const file of sources) {
    it(path.basename(file), () => {
      const body = parseMarkers(readFileSync(file, 'utf8')).text;
      const standalone = validateDocument(parse(body, file));
      const prefix = '{\n"apiVersion": "v1.2", "name": "t",\n"spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": [{"kind": "SecretGroup", "spec":\n';
      const doc = parse(`${prefix}${body}\n}]}}}\n`);
      const shift = prefix.split('\n').length - 1;
      const inTemplate = validateDocument(doc);
      const at = (d: (typeof standalone)[number], lines = 0) => `${d.range.start.line + lines}:${d.range.start.character}-${d.range.end.line + lines}:${d.range.end.character} ${d.code}`;
      assert.ok(standalone.length > 0 || file.includes('seed'), 'the fixture has problems to compare');
      assert.deepEqual(inTemplate.map((d) => at(d)), standalone.map((d) => at(d, shift)));
    });
  }

  it('says "the secret group\'s spec", not "the file", for the group\'s top level', () => {
    const doc = parse('{"apiVersion": "v1.2", "name": "t", "spec": {"kind": "Workflow", "spec": {"steps": [{"kind": "SecretGroup", "spec": {"name": "abc", "secretType": "environment"}}]}}}');
    const d = validateDocument(doc).find((x) => x.code === 'missing-property');
    assert.ok(d);
    assert.match(d.message, /^The secret group's "spec" is missing the required property "priority"\.$/);
  });

  it('a value that is an expression is not judged by the schema; the same value written literally is', () => {
    const group = (priority: string, addonId: string) => parse(`{"apiVersion": "v1.2", "name": "t", "arguments": {"P": 1}, "spec": {"kind": "Workflow", "spec": {"steps": [{"kind": "Addon", "ref": "db", "spec": {}}, {"kind": "SecretGroup", "spec": {"name": "abc", "secretType": "environment", "priority": ${priority}, "addonDependencies": [{"addonId": ${addonId}, "keys": [{"keyName": "HOST"}]}]}}]}}}`);
    assert.deepEqual(validateDocument(group('"${args.P}"', '"${refs.db.id}"')).map((d) => d.code), []);
    assert.deepEqual(validateDocument(group('"10"', '"not an id!"')).map((d) => d.code).sort(), ['invalid-pattern', 'invalid-type']);
  });
});

describe('templates: quick fixes of a secret group work inside a template', () => {
  it('did-you-mean on an enum value, and a missing required property inserted in the group\'s spec', () => {
    const text = '{"apiVersion": "v1.2", "name": "t", "spec": {"kind": "Workflow", "spec": {"steps": [\n  {"kind": "SecretGroup", "spec": {"name": "abc", "secretType": "enviroment"}}\n]}}}';
    let doc = parse(text);
    const fixable = (d: ReturnType<typeof validateDocument>[number]) => ({ code: d.code, offset: doc.lines.offsetAt(d.range.start), length: doc.lines.offsetAt(d.range.end) - doc.lines.offsetAt(d.range.start), data: d.data });
    for (const code of ['invalid-value', 'missing-property']) {
      const d = validateDocument(doc).find((x) => x.code === code);
      assert.ok(d, code);
      const fix = quickFixes(doc, [fixable(d)]).find((f) => f.preferred);
      assert.ok(fix, `a fix for ${code}`);
      doc = parse(applyEdits(doc.text, fix.edits.map((e) => ({ range: doc.lines.rangeOf(e.offset, e.length), newText: e.newText }))));
    }
    assert.deepEqual(validateDocument(doc).map((d) => d.code), []);
    assert.match(doc.text, /"secretType": "environment", "priority": 10}/);
  });
});

describe('templates: expressions', () => {
  it('finds each ${...} with document offsets, skipping quotes and nested braces', () => {
    const raw = '"https://${refs.web.ports.0.dns}/${fn.replace(args.P, \'}\', \'-\')}?${args.Q"';
    const found = findExpressions(raw, 100);
    assert.deepEqual(found.map((f) => [f.offset, raw.slice(f.offset - 100, f.offset - 100 + f.length)]), [
      [109, '${refs.web.ports.0.dns}'],
      [133, "${fn.replace(args.P, '}', '-')}"],
    ]);
  });

  it('parses paths, calls, literals and template.-prefixed expressions; leaves the rest unknown', () => {
    const one = (s: string) => parseExpression(findExpressions(`"${s}"`, 0)[0]);
    assert.deepEqual(one('${refs.my-db.id}'), { type: 'path', root: 'refs', rootSpan: { offset: 3, length: 4 }, segments: [{ name: 'my-db', span: { offset: 8, length: 5 } }, { name: 'id', span: { offset: 14, length: 2 } }], span: { offset: 3, length: 13 }, template: false });
    const call = one("${fn.if(fn.eq(args.B, 'main'), 3, 1)}");
    assert.equal(call?.type, 'call');
    assert.equal(call?.type === 'call' ? call.args.length : 0, 3);
    const nested = one('${template.args.SECRET}');
    assert.ok(nested?.type === 'path' && nested.template && nested.root === 'args');
    assert.equal(one('${fn.map(args.L, (x) => x)}'), undefined);
    assert.equal(one('${{secrets.s.values.K}}'), undefined);
    // `${NAME}` is a secret group's own reference, not a template expression.
    assert.deepEqual(templateExpressions('"${NAME} ${args.A}"', 0).map((e) => e.found.body), ['args.A']);
  });
});

describe('templates: completion', () => {
  const text = (inner: string) => `{
  "apiVersion": "v1.2",
  "name": "t",
  "arguments": { "REGION": "eu", "TOKEN": "s3cr3t-default" },
  "spec": { "kind": "Workflow", "spec": { "type": "sequential", "steps": [
    { "kind": "Project", "ref": "project", "spec": { "name": "p" } },
    { "kind": "Addon", "ref": "db", "spec": { "name": "db", "type": "mongodb" } },
    { "kind": "DeploymentService", "ref": "web", "spec": { "name": "web" } },
    ${inner},
    { "kind": "Addon", "ref": "later", "spec": { "name": "later", "type": "redis" } }
  ] } }
}`;
  const at = (inner: string) => {
    const { text: t, offset } = caret(text(inner));
    return { doc: parse(t), offset };
  };
  const labels = (inner: string) => {
    const { doc, offset } = at(inner);
    return complete(doc, offset, OFFLINE_CATALOG);
  };

  it('${refs. in an addon dependency offers the Addon nodes that run before, with their id', () => {
    const items = labels('{ "kind": "SecretGroup", "spec": { "addonDependencies": [{ "addonId": "${refs.|}" }] } }');
    const refs = items.filter((c) => c.label.startsWith('refs.'));
    assert.deepEqual(refs.map((c) => c.label), ['refs.db.id']);
    assert.equal(refs[0].insertText, 'refs.db.id', 'the closing brace is there already');
    assert.ok(items.some((c) => c.label === 'args.REGION'), 'an argument may hold the id of an existing addon');
    assert.ok(!items.some((c) => c.label.startsWith('fn.')));
  });

  it('${ offers arguments, refs with their outputs and functions, and closes the brace', () => {
    const items = labels('{ "kind": "SecretGroup", "spec": { "secrets": { "variables": { "A": "${|" } } } }');
    const names = items.map((c) => c.label);
    for (const l of ['args.REGION', 'args.TOKEN', 'refs.project.id', 'refs.db.id', 'refs.web.id', 'refs.web.ports.0.dns', 'fn.randomSecret']) assert.ok(names.includes(l), l);
    assert.ok(!names.some((l) => l.startsWith('refs.later')), 'a node that runs later');
    assert.equal(items.find((c) => c.label === 'args.REGION')?.insertText, 'args.REGION}');
    const fn = items.find((c) => c.label === 'fn.randomSecret');
    assert.ok(fn?.snippet);
    assert.equal(fn?.insertText, 'fn.randomSecret(${1:32})\\}');
    assert.ok(!JSON.stringify(items).includes('s3cr3t-default'), 'argument values are never shown');
  });

  it('an addon dependency\'s keyName offers the keys of the referenced Addon node\'s type', () => {
    const keys = labels('{ "kind": "SecretGroup", "spec": { "addonDependencies": [{ "addonId": "${refs.db.id}", "keys": [{ "keyName": "|" }] }] } }').map((c) => c.label);
    assert.ok(keys.includes('MONGO_SRV'));
    assert.ok(!keys.includes('POSTGRES_URI'), 'a MongoDB addon');
  });

  it('an addon id without ${ offers ${refs.<addon>.id}; a restriction id the services and jobs', () => {
    assert.deepEqual(labels('{ "kind": "SecretGroup", "spec": { "addonDependencies": [{ "addonId": "|" }] } }').filter((c) => c.kind === 'reference').map((c) => [c.label, c.insertText]), [['${refs.db.id}', '"${refs.db.id}"']]);
    assert.deepEqual(labels('{ "kind": "SecretGroup", "spec": { "restrictions": { "nfObjects": [{ "id": "|" }] } } }').filter((c) => c.kind === 'reference').map((c) => c.label), ['${refs.web.id}']);
  });

  it('inside a SecretGroup spec, the properties of a secret group (those not there yet)', () => {
    const names = labels('{ "kind": "SecretGroup", "spec": { "name": "g", | } }').map((c) => c.label);
    for (const l of ['secretType', 'priority', 'addonDependencies', 'secrets']) assert.ok(names.includes(l), l);
    assert.ok(!names.includes('name'));
    assert.ok(!names.includes('apiVersion'));
  });

  it('node kinds for "kind"; nothing in the spec of a node this extension does not model', () => {
    assert.ok(labels('{ "kind": "|" }').map((c) => c.label).includes('SecretGroup'));
    assert.deepEqual(labels('{ "kind": "CronJob", "spec": { | } }'), []);
  });
});

describe('templates: hover, outline, definition and references', () => {
  const source = readFileSync(path.join(dir, 'full.northflank-template.json'), 'utf8');
  const doc = parse(source);
  const offsetOf = (needle: string, delta = 2) => {
    const i = source.indexOf(needle);
    assert.ok(i >= 0, needle);
    return i + delta;
  };

  it('hover on ${refs.db.id} says what it resolves to; on ${args.X} never shows the value', () => {
    const ref = hover(doc, offsetOf('${refs.db.id}', 8), OFFLINE_CATALOG);
    assert.match(ref?.contents ?? '', /the id of the \*\*Addon\*\* node \*\*db\*\* \(postgresql\), line 37/);
    const arg = hover(doc, offsetOf('${args.STRIPE_API_KEY}', 8), OFFLINE_CATALOG);
    assert.match(arg?.contents ?? '', /argument \*\*STRIPE_API_KEY\*\* of the template, declared at line 7/);
    assert.ok(!(arg?.contents ?? '').includes('placeholder'), 'the argument\'s value');
    assert.match(hover(doc, offsetOf("${fn.randomSecret(32, 'hex')}", 6), OFFLINE_CATALOG)?.contents ?? '', /fn\.randomSecret\(length: number/);
  });

  it('hover inside a SecretGroup spec is a secret group\'s; on a node kind, what the node does', () => {
    assert.match(hover(doc, offsetOf('"secretType": "environment-arguments"', 3), OFFLINE_CATALOG)?.contents ?? '', /^\*\*secretType\*\*/);
    assert.match(hover(doc, offsetOf('"kind": "Addon"', 10), OFFLINE_CATALOG)?.contents ?? '', /\*\*Addon\*\* node/);
  });

  it('the outline shows the nodes as a tree, secret groups with their variables, argument names without values', () => {
    const symbols = outline(doc);
    const find = (list: OutlineSymbol[], name: string): OutlineSymbol | undefined => {
      for (const s of list) {
        if (s.name === name) return s;
        const inner = find(s.children, name);
        if (inner) return inner;
      }
      return undefined;
    };
    const spec = symbols.find((s) => s.name === 'spec');
    assert.ok(spec);
    assert.deepEqual(spec.children[0].children.map((c) => `${c.name} ${c.detail}`), ['project Project', 'Workflow Workflow · sequential']);
    const group = find(symbols, 'api-secrets');
    assert.equal(group?.detail, 'SecretGroup');
    assert.ok(find(group?.children ?? [], 'STRIPE_API_KEY'));
    assert.ok(find(symbols, 'db-secrets'));
    assert.ok(!JSON.stringify(symbols).includes('placeholder'), 'argument values stay out of the outline');
  });

  it('go to definition from ${refs.X} to the node\'s ref, from ${args.X} to the argument; references of a ref', () => {
    const refValue = source.indexOf('"ref": "db"') + '"ref": "'.length;
    assert.deepEqual(definitionAt(doc, offsetOf('${refs.db.id}', 8)), [{ offset: refValue, length: 2 }]);
    const argKey = source.indexOf('"REGION": "europe-west"') + 1;
    assert.deepEqual(definitionAt(doc, offsetOf('${args.REGION}', 8)), [{ offset: argKey, length: 6 }]);
    const uses = referencesAt(doc, refValue, false);
    assert.deepEqual(uses, [{ offset: source.indexOf('${refs.db.id}') + 7, length: 2 }]);
    assert.equal(referencesAt(doc, offsetOf('${refs.project.id}', 8), true).length, 3, 'the declaration and both uses');
  });
});

describe('templates: secretdef', () => {
  it('validates a template and refuses to push it', async () => {
    const file = path.join(dir, 'expressions.northflank-template.json');
    const v = await secretdefIn(['validate', file]);
    assert.equal(v.code, 1);
    assert.match(v.stdout, /\[nf-template-unknown-argument\]/);
    const full = path.join(dir, 'full.northflank-template.json');
    assert.equal((await secretdefIn(['validate', full])).code, 0);
    const p = await secretdefIn(['push', '--project', 'p', full], { env: { NORTHFLANK_API_TOKEN: 'unused' } });
    assert.notEqual(p.code, 0);
    assert.match(p.stderr, /Northflank runs templates itself/);
  });

  it('finds templates in folders by their shape too', async () => {
    const v = await secretdefIn(['validate', dir]);
    assert.match(v.stdout + v.stderr, /template\.json:11:/);
  });
});
