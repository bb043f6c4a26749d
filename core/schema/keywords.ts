/**
 * The names our schemas add to JSON Schema, shared by the schema engine (engine.ts) and by the script that compiles
 * the schemas (scripts/validators.ts).
 */

/** A check the platform does not make but that is surely a mistake: a list of rules, each reported as a warning. */
export const WARNING_KEYWORD = 'x-secretdef-warning';
/** Gives the errors of one schema node a specific, stable code (for example `nf-file-path`), so fixes can find them. */
export const CODE_KEYWORD = 'x-secretdef-code';

/** ajv-formats' `uuid`: the one format the bundled schemas use (a Qovery project id). */
export const UUID_FORMAT = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
