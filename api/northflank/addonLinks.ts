/**
 * The link between a secret group and an addon: which of the addon's keys the group exposes, with aliases.
 * GET answers the linked keys and the addon's `availableKeys` (GetSecretlinkResult in @northflank/js-client);
 * POST sets the linked keys (seed 000, "Update project secret addon link"); DELETE unlinks.
 */
import { array, boolean, optionalString, record, string } from '../shape';
import type { CallOptions, NorthflankHttp } from './http';
import { parseKeys } from './parse';
import type { AddonLink, AddonLinkBody, AddonLinkSaved, ProjectScope } from './types';

function parseLink(value: unknown): AddonLink {
  const l = record(value, 'data');
  return {
    secretId: string(l.secretId, 'data.secretId'),
    addonId: string(l.addonId, 'data.addonId'),
    secretName: optionalString(l.secretName, 'data.secretName'),
    addonName: optionalString(l.addonName, 'data.addonName'),
    addonType: optionalString(l.addonType, 'data.addonType'),
    linked: boolean(l.linked, 'data.linked'),
    linkedKeys: l.linkedKeys === undefined || l.linkedKeys === null ? [] : parseKeys(l.linkedKeys, 'data.linkedKeys'),
    availableKeys: array(l.availableKeys, 'data.availableKeys', string),
  };
}

function parseSaved(value: unknown): AddonLinkSaved {
  const l = record(value, 'data');
  return { keys: parseKeys(l.keys, 'data.keys') };
}

export class AddonLinks {
  constructor(private readonly http: NorthflankHttp) {}

  async get(scope: ProjectScope, secretId: string, addonId: string, options: CallOptions = {}): Promise<AddonLink> {
    return this.http.data('GET', this.http.projectPath(scope, 'secrets', secretId, 'addons', addonId), parseLink, options);
  }

  /** Sets the linked keys. A POST: never retried; a lost answer is reported as "may have been applied". */
  async update(scope: ProjectScope, secretId: string, addonId: string, body: AddonLinkBody, options: CallOptions = {}): Promise<AddonLinkSaved> {
    return this.http.data('POST', this.http.projectPath(scope, 'secrets', secretId, 'addons', addonId), parseSaved, { body, signal: options.signal });
  }

  async delete(scope: ProjectScope, secretId: string, addonId: string, options: CallOptions = {}): Promise<void> {
    await this.http.transport.request('DELETE', this.http.projectPath(scope, 'secrets', secretId, 'addons', addonId), { signal: options.signal });
  }
}
