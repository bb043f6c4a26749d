import { toValue, type AstNode } from './ast';
import { detectKind, syntaxOf, type FileAssociations, type FileKind, type SyntaxKind } from './kinds';
import { parseJson } from './parse/json';
import { dialectOf } from './parse/dialect';
import { reparseJsonValue } from './parse/json-incremental';
import type { ParseProblem } from './parse/types';
import { parseYaml } from './parse/yaml';
import { reparseYamlLines, type ReparseResult, type TreeChange } from './parse/yaml-incremental';
import { sopsViewOf, type SopsView } from './sops/view';
import { LineIndex, type TextChange, type TextSource } from './text';

/** Files larger than this get one clear diagnostic instead of being parsed. */
export const MAX_TEXT_LENGTH = 3 * 1024 * 1024;

/** A secret definition file, parsed once and shared by validation, completion, hover and fixes. */
export interface DefinitionDocument {
  /** File path or URI, used for kind detection and messages. */
  path: string;
  /** The whole text. For a large document the language server holds in pieces, joined the first time it is read. */
  text: string;
  /**
   * The text as the parse read it: `text` itself, or the pieces the language server holds for a large document
   * (core/text.ts `PieceText`). What runs at every edit (the incremental parse, the validation of what changed) reads
   * this, around the edit, so that an edit does not join the whole text again.
   */
  source: TextSource;
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
  /**
   * Set when the tree is updated in place by edits (ParseOptions.inPlace): which revision of the tree this is, and
   * the last changes that made it (each from one revision to the next), for the validation to redo only what changed
   * (validate-incremental.ts).
   */
  history?: TreeHistory;
}

export interface TreeHistory {
  revision: number;
  /** The latest changes, oldest first: each made revision `to` of the tree from revision `from`. */
  changes: { from: number; to: number; change: TreeChange }[];
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
  /**
   * With `previous`: update its tree in place instead of copying it (the language server keeps one parse per
   * document). The previous document must not be used afterwards: its tree is this document's.
   */
  inPlace?: boolean;
  /** With `previous`: the edit that made `text` from its text, when known (the editor sends it). */
  edit?: TextChange;
  /** The line index of `text`, when the caller keeps one (the language server updates it at each edit). */
  lines?: LineIndex;
}

/** Parses a file of a known kind; undefined when the file is not a secret definition. */
export function parseDefinition(path: string, source: TextSource, options: ParseOptions = {}): DefinitionDocument | undefined {
  const kind = options.kind ?? detectKind(path, source, options.associations);
  if (!kind) return undefined;
  const syntax = options.syntax ?? syntaxOf(path, source);
  const { previous, edit } = options;
  // After an edit the line index is updated where the edit is, not built again.
  const edited = previous && edit && edit.offset >= 0 && edit.offset + edit.oldLength <= previous.source.length && previous.source.length - edit.oldLength + edit.newLength === source.length;
  const lines = options.lines ?? (edited ? LineIndex.afterEdit(previous.lines, source, edit) : new LineIndex(source));
  if (source.length > MAX_TEXT_LENGTH) {
    return documentOf({ path, kind, syntax, lines, root: undefined, problems: [], tooLarge: true }, source);
  }
  // Northflank files are read the way Northflank's CLI reads them (YAML 1.1 scalars, merge keys): parse/dialect.ts.
  const dialect = dialectOf(kind);
  const reusable = previous && previous.kind === kind && previous.syntax === syntax && !previous.tooLarge ? previous : undefined;
  const inPlace = options.inPlace === true;
  const reused: ReparseResult | undefined = reusable ? (syntax === 'yaml' ? reparseYamlLines(reusable, source, dialect, { inPlace, ...(edited ? { edit } : {}) }) : reparseJsonValue(reusable, source.toString())) : undefined;
  const { root, problems } = reused ?? (syntax === 'json' ? parseJson(source.toString()) : parseYaml(source.toString(), dialect));
  const sops = sopsViewOf(root);
  // The same text: the same tree, the same revision.
  const same = reused && !reused.change && reusable && reused.root === reusable.root;
  const history = inPlace ? (same ? reusable.history : historyAfter(reused?.change ? reusable?.history : undefined, reused?.change)) : undefined;
  return documentOf({ path, kind, syntax, lines, root, problems, tooLarge: false, ...(sops ? { sops } : {}), ...(history ? { history } : {}) }, source);
}

/** The document with its text: the string itself, or the pieces' text joined when first read (then kept). */
function documentOf(parts: Omit<DefinitionDocument, 'text' | 'source'>, source: TextSource): DefinitionDocument {
  if (typeof source === 'string') return { ...parts, text: source, source };
  return {
    ...parts,
    source,
    get text(): string {
      return source.toString();
    },
  };
}

/** Revisions of trees updated in place, unique in the process. */
let revisions = 0;
/** How many changes a document remembers: enough for the versions parsed between two validations. */
const KEPT_CHANGES = 32;

function historyAfter(previous: TreeHistory | undefined, change: TreeChange | undefined): TreeHistory {
  const revision = ++revisions;
  if (!previous || !change) return { revision, changes: [] };
  return { revision, changes: [...previous.changes.slice(1 - KEPT_CHANGES), { from: previous.revision, to: revision, change }] };
}

/** The file's value as a platform receives it: the whole definition minus `$schema`, which is only for editors. */
export function definitionBody(doc: DefinitionDocument): Record<string, unknown> {
  const value = toValue(doc.root);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const { $schema: _schema, ...body } = value as Record<string, unknown>;
  return body;
}
