import { createScanner, SyntaxKind as Token } from 'jsonc-parser';

/** Northflank's own JSON Schemas of templates, release flows and preview blueprints (any host: self-hosted too). */
export const NORTHFLANK_TEMPLATE_SCHEMA = /^https?:\/\/[^/\s]+\/v1\/schemas\/(template|release-flow|preview-env)\/?(#.*)?$/;

/**
 * How much of a JSON file the shape check reads. A template states its shape in its first keys (`apiVersion`, then
 * `spec` with its Workflow); reading a whole multi-megabyte JSON file each time one is opened would not be linear in
 * anything useful. A template whose `spec` starts later is recognised by its name or its `$schema` instead.
 */
export const TEMPLATE_SHAPE_LIMIT = 256 * 1024;

/**
 * Whether a JSON text has the top-level shape of a Northflank template (release flows and preview blueprints have it
 * too): an object with a string `apiVersion` and a `spec` whose `kind` is `Workflow` — Northflank's documentation
 * requires the whole specification to sit in a parent workflow. Reads tokens only, and stops as soon as it knows.
 */
export function looksLikeTemplate(text: string): boolean {
  const scanner = createScanner(text.length > TEMPLATE_SHAPE_LIMIT ? text.slice(0, TEMPLATE_SHAPE_LIMIT) : text, true);
  let depth = 0;
  let apiVersion = false;
  let workflow = false;
  /** The key just read at depth 1 (top level) or depth 2 inside `spec`. */
  let key: string | undefined;
  let inSpec = false;
  let first = true;
  for (;;) {
    const token = scanner.scan();
    if (token === Token.EOF) return false;
    if (first) {
      first = false;
      if (token !== Token.OpenBraceToken) return false;
    }
    switch (token) {
      case Token.OpenBraceToken:
      case Token.OpenBracketToken:
        if (depth === 1 && key === 'spec' && token === Token.OpenBraceToken) inSpec = true;
        depth++;
        key = undefined;
        break;
      case Token.CloseBraceToken:
      case Token.CloseBracketToken:
        depth--;
        if (depth === 1) inSpec = false;
        if (depth <= 0) return false;
        key = undefined;
        break;
      case Token.StringLiteral: {
        const value = scanner.getTokenValue();
        const isKey = (depth === 1 || (depth === 2 && inSpec)) && key === undefined && nextIsColon(scanner);
        if (isKey) {
          key = value;
          break;
        }
        if (depth === 1 && key === 'apiVersion') apiVersion = true;
        if (depth === 2 && inSpec && key === 'kind' && value === 'Workflow') workflow = true;
        if (apiVersion && workflow) return true;
        key = undefined;
        break;
      }
      case Token.ColonToken:
        break;
      case Token.CommaToken:
        key = undefined;
        break;
      default:
        if (token === Token.Unknown) return false;
        key = undefined;
    }
  }
}

/** Reads ahead for the colon that makes the string just scanned a key (the scanner has no lookahead of its own). */
function nextIsColon(scanner: ReturnType<typeof createScanner>): boolean {
  const position = scanner.getPosition();
  const token = scanner.scan();
  const colon = token === Token.ColonToken;
  scanner.setPosition(position);
  return colon;
}
