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
  return schema ? { name, kind, schema, pointer: `/${path.join('/')}` } : undefined;
}

/** The schema of `secrets.variables` of a Northflank secret group. */
export const SECRET_VARIABLES = part('northflank_secret_variables', 'northflank-secret', ['secrets', 'variables']);

export const SCHEMA_PARTS: readonly SchemaPart[] = [SECRET_VARIABLES].filter((p): p is SchemaPart => p !== undefined);
