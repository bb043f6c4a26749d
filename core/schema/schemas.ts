import type { FileKind } from '../kinds';
import northflankSecret from '../../schemas/northflank-secret.schema.json';
import northflankLink from '../../schemas/northflank-link.schema.json';
import qoverySecrets from '../../schemas/qovery-secrets.schema.json';
import northflankTemplate from '../../schemas/northflank-template.schema.json';

/** A JSON Schema (draft-07) as bundled in schemas/, with the annotations editors understand. */
export interface JsonSchema {
  $id?: string;
  title?: string;
  description?: string;
  markdownDescription?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  enumDescriptions?: string[];
  pattern?: string;
  patternErrorMessage?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  format?: string;
  default?: unknown;
  examples?: unknown[];
  defaultSnippets?: { label?: string; description?: string; body?: unknown; bodyText?: string }[];
  'x-secretdef-warning'?: WarningRule[];
  [keyword: string]: unknown;
}

/** A check the platform itself does not make on PUT, but that is surely a mistake: reported as a warning. */
export interface WarningRule {
  code: string;
  message: string;
  schema: JsonSchema;
}

export const SCHEMAS: Record<FileKind, JsonSchema> = {
  'northflank-secret': northflankSecret as JsonSchema,
  'northflank-link': northflankLink as JsonSchema,
  'qovery-secrets': qoverySecrets as JsonSchema,
  'northflank-template': northflankTemplate as JsonSchema,
};
