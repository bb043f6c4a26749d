// The demo's workspace (examples/, opened by `npm start`) stays valid: no problem offline, none against the demo
// data the stand-ins serve, and every file bound to a demo project.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { sanitizeTargets } from '../../client/src/logic/targets';
import { parseDefinition, validateDocument } from '../../core';
import { catalogOf } from '../../server/src/catalogs';
import type { CatalogSnapshot } from '../../shared/protocol';
import { DEMO_NORTHFLANK, DEMO_NORTHFLANK_PROJECT, DEMO_QOVERY, DEMO_QOVERY_IDS } from '../../standins/fixtures';
import { ROOT } from '../helpers/paths';

const EXAMPLES = path.join(ROOT, 'examples');
const files = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

/** What the extension would hand the language server for the demo projects (every addon's keys known). */
function demoSnapshot(kind: string): CatalogSnapshot {
  if (kind === 'qovery-secrets') {
    const project = DEMO_QOVERY.organizations.flatMap((o) => o.projects).find((p) => p.id === DEMO_QOVERY_IDS.storefront);
    assert.ok(project);
    // As the API lists them: PROJECT and BUILT_IN only; an alias or override has its target's key.
    const secrets = (project.secrets ?? []).filter((s) => (s.scope ?? 'PROJECT') === 'PROJECT' || s.scope === 'BUILT_IN');
    return {
      platform: 'qovery',
      status: 'live',
      qoverySecrets: secrets.map((s) => ({ key: s.overrideOf ?? s.key, scope: s.scope ?? 'PROJECT', variableType: s.aliasOf ? 'ALIAS' : s.overrideOf ? 'OVERRIDE' : s.scope === 'BUILT_IN' ? 'BUILT_IN' : 'VALUE', ...(s.aliasOf ? { aliasOf: s.aliasOf } : {}) })),
    };
  }
  const project = DEMO_NORTHFLANK.projects.find((p) => p.id === DEMO_NORTHFLANK_PROJECT);
  assert.ok(project);
  return {
    platform: 'northflank',
    status: 'live',
    addons: (project.addons ?? []).map((a) => ({ id: a.id, name: a.name, type: a.type, keys: a.availableKeys })),
    restrictionTargets: [...(project.services ?? []).map((s) => ({ id: s.id, type: 'service' as const })), ...(project.jobs ?? []).map((j) => ({ id: j.id, type: 'job' as const }))],
    tags: [],
    ...(kind === 'northflank-link' ? { linkAddonId: 'orders-db' } : {}),
  };
}

describe('the demo workspace (examples/)', () => {
  it('holds one file of each kind', () => {
    const kinds = files.map((f) => parseDefinition(path.join(EXAMPLES, f), readFileSync(path.join(EXAMPLES, f), 'utf8'))?.kind).sort();
    assert.deepEqual(kinds, ['northflank-link', 'northflank-secret', 'northflank-template', 'qovery-secrets']);
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
