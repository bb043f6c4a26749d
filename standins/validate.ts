/** Request-body validation of the stand-ins with the bundled schemas' compiled validators (the core's, reused). */
import type { ErrorObject } from 'ajv';
import type { FileKind } from '../core';
import { validatorFor } from '../core/schema/engine';

const WARNING_KEYWORD = 'x-secretdef-warning';

/**
 * The errors of a request body against a bundled schema, as short sentences that never quote a value.
 * Warnings of the schema are ignored, except the codes listed in `strict` (the create endpoint's stricter rules,
 * which the bundled schema reports as warnings because PUT accepts what they forbid).
 */
export function bodyErrors(kind: FileKind, body: unknown, strict: readonly string[] = []): string[] {
  const validate = validatorFor(kind);
  const out: string[] = [];
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && Object.prototype.hasOwnProperty.call(body, '$schema')) {
    out.push('body has an unknown property "$schema"');
  }
  if (validate(body)) return out;
  for (const error of validate.errors ?? []) {
    if (error.keyword === WARNING_KEYWORD) {
      const code = String((error.params as { code?: unknown }).code);
      if (!strict.includes(code)) continue;
    }
    out.push(describe(error));
  }
  return [...new Set(out)];
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? `body${error.instancePath.replace(/\//g, '.')}` : 'body';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown property "${String(params.additionalProperty)}"`;
    case 'required':
      return `${where} is missing "${String(params.missingProperty)}"`;
    case 'propertyNames':
      return `${where} has a key that is not allowed`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}
