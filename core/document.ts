import { toValue, type AstNode } from './ast';
import { detectKind, syntaxOf, type FileAssociations, type FileKind, type SyntaxKind } from './kinds';
import { parseJson } from './parse/json';
import { dialectOf } from './parse/dialect';
import { reparseJsonValue } from './parse/json-incremental';
import type { ParseProblem } from './parse/types';
import { parseYaml } from './parse/yaml';
import { reparseYamlLines } from './parse/yaml-incremental';
import { sopsViewOf, type SopsView } from './sops/view';
import { LineIndex } from './text';

/** Files larger than this get one clear diagnostic instead of being parsed. */
export const MAX_TEXT_LENGTH = 3 * 1024 * 1024;

/** A secret definition file, parsed once and shared by validation, completion, hover and fixes. */
export interface DefinitionDocument {
  /** File path or URI, used for kind detection and messages. */
  path: string;
  text: string;
  kind: FileKind;
  syntax: SyntaxKind;
  lines: LineIndex;
  root: AstNode | undefined;
  problems: ParseProblem[];
  tooLarge: boolean;
  /** A SOPS-encrypted file: its `sops` block and its encrypted values (core/sops/view.ts). */
  sops?: SopsView;
  /**
   * Set when this document is a part of a file of another kind, read as a document of its own: a SecretGroup node's
   * `spec` inside a Northflank template (core/templates/groups.ts) is a northflank-secret document in a
   * northflank-template file. `root` is then that part; offsets, `text` and `lines` are the whole file's.
   */
  container?: FileKind;
}

export interface ParseOptions {
  /** Force a kind (for example from the editor's language or an explicit CLI option). */
  kind?: FileKind;
  /** Force a syntax; otherwise taken from the file extension. */
  syntax?: SyntaxKind;
  associations?: FileAssociations;
  /**
   * The same file parsed before an edit (the language server passes the previous version). When the edit only
   * changes, adds or removes plain `key: value` lines of one mapping of a YAML file, only those lines are parsed
   * again (parse/yaml-incremental.ts); in a JSON file, when it only changes one value (parse/json-incremental.ts).
   * The result is the same as a full parse.
   */
  previous?: DefinitionDocument;
}

/** Parses a file of a known kind; undefined when the file is not a secret definition. */
export function parseDefinition(path: string, text: string, options: ParseOptions = {}): DefinitionDocument | undefined {
  const kind = options.kind ?? detectKind(path, text, options.associations);
  if (!kind) return undefined;
  const syntax = options.syntax ?? syntaxOf(path, text);
  const lines = new LineIndex(text);
  if (text.length > MAX_TEXT_LENGTH) {
    return { path, text, kind, syntax, lines, root: undefined, problems: [], tooLarge: true };
  }
  const { previous } = options;
  // Northflank files are read the way Northflank's CLI reads them (YAML 1.1 scalars, merge keys): parse/dialect.ts.
  const dialect = dialectOf(kind);
  const reusable = previous && previous.kind === kind && previous.syntax === syntax && !previous.tooLarge ? previous : undefined;
  const reused = reusable ? (syntax === 'yaml' ? reparseYamlLines(reusable, text, dialect) : reparseJsonValue(reusable, text)) : undefined;
  const { root, problems } = reused ?? (syntax === 'json' ? parseJson(text) : parseYaml(text, dialect));
  const sops = sopsViewOf(root);
  return { path, text, kind, syntax, lines, root, problems, tooLarge: false, ...(sops ? { sops } : {}) };
}

/** The file's value as a platform receives it: the whole definition minus `$schema`, which is only for editors. */
export function definitionBody(doc: DefinitionDocument): Record<string, unknown> {
  const value = toValue(doc.root);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const { $schema: _schema, ...body } = value as Record<string, unknown>;
  return body;
}
