/**
 * Compiles the bundled schemas (and the parts in core/schema/parts.ts) into validation code with ajv, once, here:
 * core/schema/validators.generated.ts. The extension, the language server (also in the browser) and the CLI run that
 * code and carry no JSON Schema compiler: ajv and its URI library were 123 kB of the 1 MB browser budget, and
 * compiling the schemas cost ~50 ms on the first validation.
 *
 *   npm run generate      # after a change to schemas/ or to the options below
 *
 * test/unit/validators-generated.test.ts fails when the committed file is not what this script writes.
 */
import Ajv, { _, str, type KeywordCxt } from 'ajv';
import { getProperty, not } from 'ajv/dist/compile/codegen';
import standaloneCode from 'ajv/dist/standalone';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FILE_KINDS } from '../core/kinds';
import { SCHEMA_PARTS, validatorName } from '../core/schema/parts';
import { SCHEMAS, type JsonSchema, type WarningRule } from '../core/schema/schemas';
import { CODE_KEYWORD, UUID_FORMAT, WARNING_KEYWORD } from '../core/schema/keywords';

export const GENERATED_FILE = fileURLToPath(new URL('../core/schema/validators.generated.ts', import.meta.url));

/** Keywords for people and editors only: they validate nothing, so the generated code does not need them. */
const ANNOTATIONS = ['title', 'description', 'markdownDescription', 'examples', 'default', 'defaultSnippets', 'enumDescriptions', 'deprecationMessage', 'errorMessage', 'patternErrorMessage', '$comment'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'items'];
const SCHEMA_ONES = ['additionalProperties', 'additionalItems', 'items', 'propertyNames', 'not', 'if', 'then', 'else', 'contains'];

/** A copy of a schema without annotations, walked by keyword (a property may be called `description`). */
function withoutAnnotations(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.includes(keyword)) continue;
    if (SCHEMA_MAPS.includes(keyword) && value && typeof value === 'object') {
      out[keyword] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) || !v || typeof v !== 'object' ? v : withoutAnnotations(v as JsonSchema)]));
    } else if (SCHEMA_LISTS.includes(keyword) && Array.isArray(value)) {
      out[keyword] = value.map((v: unknown) => (v && typeof v === 'object' ? withoutAnnotations(v as JsonSchema) : v));
    } else if (SCHEMA_ONES.includes(keyword) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[keyword] = withoutAnnotations(value as JsonSchema);
    } else if (keyword === WARNING_KEYWORD && Array.isArray(value)) {
      out[keyword] = (value as WarningRule[]).map((rule) => ({ ...rule, schema: withoutAnnotations(rule.schema) }));
    } else {
      out[keyword] = value;
    }
  }
  return out;
}

function compiler(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, code: { source: true, esm: true, lines: true } });
  // The one format the bundled schemas use (a Qovery project id), with ajv-formats' own pattern. A schema with
  // another format fails to compile here (strict).
  ajv.addFormat('uuid', UUID_FORMAT);
  // Repeated items are found by rules/repeated.ts in linear time: ajv compares every pair of items whose type it
  // cannot tell (items behind a $ref), which took minutes on a list of 300,000 tags.
  ajv.removeKeyword('uniqueItems');
  ajv.addVocabulary(['uniqueItems']);
  ajv.addVocabulary([CODE_KEYWORD]);
  // A warning: each rule's schema is checked like `not` checks its own (no errors of its own); a value that fails it
  // gives one error of this keyword, whose params carry the rule's code and message.
  ajv.addKeyword({
    keyword: WARNING_KEYWORD,
    schemaType: 'array',
    error: {
      message: ({ params }) => str`${params.message}`,
      params: ({ params }) => _`{code: ${params.code}, rule: ${params.rule}}`,
    },
    // The count of errors at the keyword's start, so that the rules' own (empty) errors can be dropped.
    trackErrors: true,
    code(cxt: KeywordCxt) {
      const { gen, it } = cxt;
      const rules = cxt.schema as WarningRule[];
      const valids = rules.map((rule, i) => {
        const valid = gen.name('valid');
        cxt.subschema(
          {
            schema: rule.schema,
            schemaPath: _`${it.schemaPath}${getProperty(WARNING_KEYWORD)}[${i}].schema`,
            errSchemaPath: `${it.errSchemaPath}/${WARNING_KEYWORD}/${i}/schema`,
            topSchemaRef: it.topSchemaRef,
            compositeRule: true,
            createErrors: false,
            allErrors: false,
          },
          valid,
        );
        return valid;
      });
      cxt.reset();
      rules.forEach((rule, i) => gen.if(not(valids[i]), () => cxt.error(false, { code: rule.code, message: rule.message, rule: i })));
    },
  });
  return ajv;
}

/** The generated module's text. */
export function generateValidators(): string {
  const ajv = compiler();
  const exports: Record<string, string> = {};
  for (const kind of FILE_KINDS) {
    const id = `secretdef:${kind}`;
    ajv.addSchema({ ...withoutAnnotations(SCHEMAS[kind]), $id: id });
    exports[validatorName(kind)] = id;
  }
  for (const part of SCHEMA_PARTS) {
    const id = `secretdef:part:${part.name}`;
    ajv.addSchema({ ...withoutAnnotations(part.schema), $id: id });
    exports[part.name] = id;
  }
  const code = standaloneCode(ajv, exports);
  return [
    '// Generated by scripts/validators.ts from schemas/ (npm run generate): do not edit.',
    '// @ts-nocheck',
    '/* eslint-disable */',
    code,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED_FILE, generateValidators());
  console.log(`wrote ${GENERATED_FILE}`);
}
