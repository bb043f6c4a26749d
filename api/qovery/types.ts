/**
 * Qovery request and response types, from the official `qovery-typescript-axios` (a type-only dev dependency,
 * generated from the same OpenAPI spec as ../shared/contracts/qovery/openapi.yaml; `import type` is erased, so
 * neither it nor axios reaches the bundle), narrowed to the fields this client checks at runtime.
 */
import type { Environment, Key, Organization, Project, Secret, SecretAlias, SecretEditRequest, SecretOverride, SecretRequest, Value } from 'qovery-typescript-axios';

/** The secret an alias or an override points at. */
export type SecretReference = Pick<SecretAlias | SecretOverride, 'id' | 'key'> & { scope: string; variable_type?: string };

/**
 * One item of GET /project/{projectId}/secret. Never a value: "Clear value will never be returned".
 * `scope` and `variable_type` are the APIVariableScopeEnum and APIVariableTypeEnum strings, kept as strings
 * because Qovery adds values over time (AGENTIC_WORKFLOW, EXTERNAL_SECRET…).
 */
export type ProjectSecret = Pick<Secret, 'id' | 'key' | 'created_at' | 'updated_at' | 'description' | 'enable_interpolation_in_file'> & {
  scope: string;
  variable_type?: string;
  aliased_secret?: SecretReference;
  overridden_secret?: SecretReference;
  /** Not in the spec's Secret, but in its SecretAlias/SecretOverride; kept when Qovery sends it. */
  mount_path?: string;
};

/** POST /project/{projectId}/secret. */
export type CreateSecretBody = SecretRequest;
/** PUT /project/{projectId}/secret/{secretId}: `key` is required even to change only the value (Prism rejects an edit without it). */
export type EditSecretBody = SecretEditRequest;
/** POST /project/{projectId}/secret/{secretId}/alias. */
export type AliasBody = Key;
/** POST /project/{projectId}/secret/{secretId}/override. */
export type OverrideBody = Value;

export type OrganizationSummary = Pick<Organization, 'id' | 'name' | 'description'>;
export type ProjectSummary = Pick<Project, 'id' | 'name' | 'description'> & { organizationId: string };
export type EnvironmentSummary = Pick<Environment, 'id' | 'name'> & { mode?: string; projectId: string };
