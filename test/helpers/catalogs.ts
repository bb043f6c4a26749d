import * as assert from 'node:assert/strict';
import type { CatalogSnapshot } from '../../shared/protocol';
import { DEMO_NORTHFLANK, DEMO_NORTHFLANK_PROJECT, DEMO_QOVERY, DEMO_QOVERY_IDS } from '../../standins/fixtures';

/** What the extension would hand the language server for the demo projects (every addon's keys known). */
export function demoSnapshot(kind: string): CatalogSnapshot {
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

