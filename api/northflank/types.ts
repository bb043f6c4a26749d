/**
 * Northflank request and response types. They come from the official `@northflank/js-client` (a type-only dev
 * dependency: `import type` is erased, so nothing of it reaches the bundle), narrowed to the fields this client
 * checks at runtime (see the parsers next to each resource), and with the client's `any` fields (secret contents)
 * given precise types from the API docs (seed 001: put secret; seed 002: create secret).
 */
import type {
  CreateSecretData,
  GetSecretlinkResult,
  GetSecretResult,
  ListAddonsResult,
  ListJobsResult,
  ListProjectsResult,
  ListSecretsResult,
  ListServicesResult,
  PutSecretData,
  PutSecretResult,
  UpdateSecretlinkData,
  UpdateSecretlinkResult,
} from '@northflank/js-client';

/** A secret file: base64 data and the original encoding. */
export interface SecretFile {
  data: string;
  encoding?: string;
}

/** The `secrets` of a group: the docs type them as objects; the JS client as `any`. */
export interface SecretGroupContents {
  variables?: Record<string, string>;
  files?: Record<string, SecretFile>;
  /** Newer API only (not in Northflank's CLI schemas). */
  dockerSecretMounts?: Record<string, SecretFile>;
}

/** The body of PUT /v1/projects/{projectId}/secrets (create or update): a secret group file minus `$schema`. */
export type SecretGroupBody = Omit<PutSecretData, 'secrets'> & { secrets?: SecretGroupContents };

/** The body of POST /v1/projects/{projectId}/secrets (create only; stricter name and tag rules). */
export type SecretGroupCreateBody = Omit<CreateSecretData, 'secrets'> & { secrets?: SecretGroupContents };

type GroupRestrictions = ListSecretsResult['secrets'][number]['restrictions'];

/** One item of GET /v1/projects/{projectId}/secrets. */
export type SecretGroupSummary = Pick<ListSecretsResult['secrets'][number], 'id' | 'name' | 'description' | 'type' | 'secretType' | 'priority'> & {
  tags: string[];
  restrictions: GroupRestrictions;
};

/** GET /v1/projects/{projectId}/secrets/{secretId}: the group with its decrypted contents. */
export type SecretGroup = Pick<GetSecretResult, 'id' | 'name' | 'description' | 'type' | 'secretType' | 'priority' | 'createdAt' | 'updatedAt'> & {
  tags: string[];
  restrictions: GroupRestrictions;
  secrets: SecretGroupContents;
};

/** The answer to PUT and POST: the group as saved (the contents are not needed back and are not kept). */
export type SecretGroupSaved = Pick<PutSecretResult, 'id' | 'name' | 'secretType' | 'priority'>;

/** GET /v1/projects/{projectId}/secrets/{secretId}/addons/{addonId}: the link and the keys the addon offers. */
export type AddonLink = Pick<GetSecretlinkResult, 'secretId' | 'addonId' | 'linked' | 'availableKeys'> & {
  secretName?: string;
  addonName?: string;
  addonType?: string;
  linkedKeys: NonNullable<GetSecretlinkResult['linkedKeys']>;
};

/** The body of POST .../secrets/{secretId}/addons/{addonId} (seed 000): the keys to link, with aliases. */
export type AddonLinkBody = UpdateSecretlinkData;
export type AddonLinkSaved = UpdateSecretlinkResult;

export type ServiceSummary = Pick<ListServicesResult['services'][number], 'id' | 'name' | 'description' | 'serviceType'> & { tags: string[] };
export type JobSummary = Pick<ListJobsResult['jobs'][number], 'id' | 'name' | 'description' | 'jobType'> & { tags: string[] };
/** `status` is an enum in the JS client's types; Northflank adds states over time, so any string is kept. */
export type AddonSummary = Pick<ListAddonsResult['addons'][number], 'id' | 'name' | 'description'> & { tags: string[]; type: string; status: string };
export type ProjectSummary = ListProjectsResult['projects'][number];

/** Where a project lives: a team-scoped token (or an organization token with a team) uses /v1/teams/{teamId}/projects/…. */
export interface ProjectScope {
  projectId: string;
  teamId?: string;
}
