import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { ROOT } from './paths';

/**
 * The platforms' own contracts, next to this repository in CI (../shared/contracts): Qovery's official OpenAPI
 * spec and the request schemas shipped in Northflank's CLI. Outside that layout the tests that need them skip.
 */
export const QOVERY_OPENAPI = process.env.SECRETDEF_QOVERY_OPENAPI ?? path.resolve(ROOT, '..', 'shared', 'contracts', 'qovery', 'openapi.yaml');
export const NORTHFLANK_CLI_SCHEMAS = process.env.SECRETDEF_NORTHFLANK_CLI_SCHEMAS ?? path.resolve(ROOT, '..', 'shared', 'contracts', 'northflank-cli');

/**
 * Fields of today's Northflank API that the CLI's schemas (an older API) do not know. A body is checked against
 * those schemas without them; each is accounted for here, so that a new unknown field still fails the check.
 */
export const NEWER_THAN_CLI_SCHEMAS = ['stageId', 'externalAddonDependencies', 'secrets.dockerSecretMounts'] as const;

/** A copy of a secret-group body without the fields the CLI schemas do not know, and which of them it had. */
export function withoutNewerFields(body: unknown): { body: unknown; stripped: string[] } {
  const copy = structuredClone(body) as Record<string, unknown>;
  const stripped: string[] = [];
  for (const field of ['stageId', 'externalAddonDependencies']) {
    if (field in copy) {
      delete copy[field];
      stripped.push(field);
    }
  }
  const secrets = copy.secrets as Record<string, unknown> | undefined;
  if (secrets && typeof secrets === 'object' && 'dockerSecretMounts' in secrets) {
    delete secrets.dockerSecretMounts;
    stripped.push('secrets.dockerSecretMounts');
  }
  return { body: copy, stripped };
}

export interface NorthflankCliValidators {
  /** `create.secret.body.schema.json`: the body of `northflank create secret` / `put secret` (name of 3–100, as on PUT). */
  secret: ValidateFunction;
  /** `update.secretLink.body.schema.json`: the body of `northflank update secret-link`. */
  secretLink: ValidateFunction;
}

/** Validators of Northflank's CLI request schemas, or undefined when they are not there. */
export function northflankCliValidators(): NorthflankCliValidators | undefined {
  const secret = path.join(NORTHFLANK_CLI_SCHEMAS, 'create.secret.body.schema.json');
  const link = path.join(NORTHFLANK_CLI_SCHEMAS, 'update.secretLink.body.schema.json');
  if (!existsSync(secret) || !existsSync(link)) return undefined;
  // The CLI schemas use the OpenAPI keyword `example`: not strict JSON Schema.
  const ajv = new Ajv({ allErrors: true, strict: false });
  return {
    secret: ajv.compile(JSON.parse(readFileSync(secret, 'utf8')) as object),
    secretLink: ajv.compile(JSON.parse(readFileSync(link, 'utf8')) as object),
  };
}
