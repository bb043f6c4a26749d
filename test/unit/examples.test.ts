// The demo's workspace (examples/, opened by `npm start`) stays valid: no problem offline, none against the demo
// data the stand-ins serve, and every file bound to a demo project.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { sanitizeTargets } from '../../client/src/logic/targets';
import { parseDefinition, validateDocument } from '../../core';
import { catalogOf } from '../../server/src/catalogs';
import { DEMO_NORTHFLANK_PROJECT, DEMO_QOVERY_IDS } from '../../standins/fixtures';
import { findLiteralSecrets } from '../../core/secrets/literal';
import { demoSnapshot } from '../helpers/catalogs';
import { ROOT } from '../helpers/paths';

const EXAMPLES = path.join(ROOT, 'examples');
const files = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.startsWith('.')).sort();

describe('the demo workspace (examples/)', () => {
  it('holds a file of each kind, one of them SOPS-encrypted with its TEST key beside it', () => {
    const docs = files.map((f) => parseDefinition(path.join(EXAMPLES, f), readFileSync(path.join(EXAMPLES, f), 'utf8')));
    assert.deepEqual([...new Set(docs.map((d) => d?.kind))].sort(), ['northflank-link', 'northflank-secret', 'northflank-template', 'qovery-secrets']);
    assert.deepEqual(docs.filter((d) => d?.sops).map((d) => path.basename(d?.path ?? '')), ['payments.northflank-secret.yaml']);
    assert.match(readFileSync(path.join(EXAMPLES, 'sops-test-key.txt'), 'utf8'), /TEST age key[\s\S]*AGE-SECRET-KEY-1/);
  });

  it('holds no literal secret: values are ${env:NAME} references, SOPS ciphertexts or obvious demo words', async () => {
    for (const f of files) {
      const doc = parseDefinition(path.join(EXAMPLES, f), readFileSync(path.join(EXAMPLES, f), 'utf8'));
      assert.ok(doc);
      assert.deepEqual((await findLiteralSecrets(doc)).map((s) => s.position.name), [], f);
    }
  });

  for (const file of files) {
    it(`${file} has no problem, offline or against the demo data`, () => {
      const doc = parseDefinition(path.join(EXAMPLES, file), readFileSync(path.join(EXAMPLES, file), 'utf8'));
      assert.ok(doc);
      const show = (ds: ReturnType<typeof validateDocument>) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character} ${d.code}: ${d.message}`);
      assert.deepEqual(show(validateDocument(doc)), []);
      assert.deepEqual(show(validateDocument(doc, catalogOf(demoSnapshot(doc.kind)))), []);
    });
  }

  it('binds every file that can be pushed to a demo project in .vscode/settings.json', () => {
    const settings = parseJsonc(readFileSync(path.join(EXAMPLES, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    const targets = sanitizeTargets(settings['secretDefinitions.targets']);
    // Northflank runs templates itself: they have no target.
    assert.deepEqual(Object.keys(targets).sort(), files.filter((f) => !f.includes('.northflank-template.')));
    for (const [file, target] of Object.entries(targets)) {
      assert.ok(existsSync(path.join(EXAMPLES, file)));
      assert.ok([DEMO_NORTHFLANK_PROJECT, DEMO_QOVERY_IDS.storefront].includes(target.project), `${file} is bound to ${target.project}`);
    }
  });
});
