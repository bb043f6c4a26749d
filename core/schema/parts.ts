import type { FileKind } from '../kinds';
import { childSchema } from './navigate';
import { SCHEMAS, type JsonSchema } from './schemas';

/**
 * A part of a kind's schema, for validating a part of a document on its own (validate-incremental.ts checks one
 * variable of a group against the schema of `secrets.variables`): the schema of the part and where it sits (a JSON
 * pointer such as `/secrets/variables`). Its errors are the errors a whole document gives there. Each part has a
 * validator of its own in validators.generated.ts, named after `name`.
 */
export interface SchemaPart {
  name: string;
  kind: FileKind;
  schema: JsonSchema;
  pointer: string;
}

/** The name of a kind's validator in validators.generated.ts. */
export function validatorName(kind: FileKind): string {
  return kind.replace(/-/g, '_');
}

function part(name: string, kind: FileKind, path: string[]): SchemaPart | undefined {
  let schema: JsonSchema | undefined = SCHEMAS[kind];
  for (const segment of path) schema = schema ? childSchema(kind, schema, segment) : undefined;
  if (!schema) return undefined;
  // A part that refers to the kind's definitions (`$ref: "#/definitions/…"`) carries them: its validator resolves the
  // reference in the part, and so does the engine when it reads an error's schema path.
  const { definitions } = SCHEMAS[kind];
  const refers = definitions !== undefined && JSON.stringify(schema).includes('"$ref":"#/definitions/');
  return { name, kind, schema: refers ? { ...schema, definitions } : schema, pointer: `/${path.join('/')}` };
}

/** The schema of `secrets.variables` of a Northflank secret group. */
export const SECRET_VARIABLES = part('northflank_secret_variables', 'northflank-secret', ['secrets', 'variables']);

/** The schemas of `secrets.files` and `secrets.dockerSecretMounts`: each file is checked on its own too. */
export const SECRET_FILES = part('northflank_secret_files', 'northflank-secret', ['secrets', 'files']);
export const SECRET_DOCKER_SECRET_MOUNTS = part('northflank_secret_docker_secret_mounts', 'northflank-secret', ['secrets', 'dockerSecretMounts']);

export const SCHEMA_PARTS: readonly SchemaPart[] = [SECRET_VARIABLES, SECRET_FILES, SECRET_DOCKER_SECRET_MOUNTS].filter((p): p is SchemaPart => p !== undefined);
