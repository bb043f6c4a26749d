import type { AstNode } from '../ast';

/** A problem found while parsing, before any rule runs. */
export interface ParseProblem {
  offset: number;
  length: number;
  code: 'yaml-syntax' | 'json-syntax' | 'duplicate-key' | 'yaml-alias-limit' | 'nesting-too-deep' | 'multiple-documents' | 'unsupported-key' | 'yaml-tab-indentation';
  severity: 'error' | 'warning';
  message: string;
}

export interface ParseResult {
  root: AstNode | undefined;
  problems: ParseProblem[];
}

/** Trees deeper than this are cut, so that no rule (and no recursion) can be driven into a stack overflow. */
export const MAX_DEPTH = 128;
/** At most this many nodes may be produced by expanding YAML aliases (a "billion laughs" guard). */
export const MAX_ALIAS_NODES = 10_000;
