/**
 * The custom LSP messages between the extension and the language server. Shared by both sides (the client imports
 * this file), so they cannot drift apart. Tokens never cross this line: the extension asks the platforms and hands
 * the server only what it found.
 *
 * Each message is a typed RequestType/NotificationType: a handler or a call with the wrong parameters or result is
 * a compile error on either side. The client (vscode-languageclient 11) and the server (vscode-languageserver 11)
 * share one vscode-jsonrpc, so these objects work on both.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Diagnostic, FileKind, SyntaxKind } from '../core';

/** Where a file is pushed, as its binding says (secretDefinitions.targets, or the project a Qovery file names). */
export interface CatalogBinding {
  project: string;
  projectName?: string;
}

/** What the platforms know about the target of one definition file, as the extension read it. */
export interface CatalogSnapshot {
  platform: 'northflank' | 'qovery';
  /** `live`: read from the platform just now or within the cache's TTL; `unknown`: nothing could be read. */
  status: 'live' | 'unknown';
  /** Why nothing is known (signed out, offline, no permission, untrusted workspace, no project bound). */
  reason?: string;
  /** A human name of the target, for hovers ("project default-project"). */
  target?: string;
  /** The file's binding, known even when nothing else is (signed out): for the CodeLens. */
  binding?: CatalogBinding;
  /** Signed in to Northflank: the address of the project's addon pages, an addon id is appended (document links). */
  addonPageBase?: string;
  addons?: { id: string; name?: string; type?: string; keys?: string[] }[];
  restrictionTargets?: { id: string; type: 'service' | 'job'; name?: string }[];
  tags?: string[];
  qoverySecrets?: { key: string; scope: string; variableType?: string; aliasOf?: string }[];
  /** For an addon link file: the addon it links (from the file's binding). */
  linkAddonId?: string;
}

export interface CatalogParams {
  uri: string;
  /** The kind of the file (northflank-secret, northflank-link, qovery-secrets). */
  kind: string;
  /** A Qovery file may name its project. */
  project?: string;
  /** A Northflank secret group: its name (the group's id comes from it) and its addons (whose real keys to read). */
  group?: string;
  addons?: string[];
}

/**
 * Server → client: the catalog of a document's target. The client owns the one cache of catalogs and its one rule:
 * an answer is good for secretDefinitions.catalog.ttlSeconds, or until the platform or the binding changes; either
 * way the client sends CatalogChangedNotification, and only then does the server ask again (or when the question
 * changes: another project, group name or addon).
 */
export const CatalogRequest = new RequestType<CatalogParams, CatalogSnapshot | null, void>('secretDefinitions/catalog');

export interface CatalogChangedParams {
  /** The documents whose catalogs changed; all when absent (sign-in, sign-out, refresh). */
  uris?: string[];
}

/** Client → server: catalogs changed; ask again and revalidate. */
export const CatalogChangedNotification = new NotificationType<CatalogChangedParams>('secretDefinitions/catalogChanged');

/** What the server knows of one open definition document: what a push, the status bar and the commands need. */
export interface DefinitionInfo {
  kind: FileKind;
  syntax: SyntaxKind;
  /** The file's value as a platform receives it: the definition minus `$schema` (core definitionBody). */
  body: Record<string, unknown>;
  /** The file's own problems, without the live checks: any error stops a push before anything is sent. */
  diagnostics: Diagnostic[];
  /** The project a Qovery file names itself. */
  project?: string;
}

export interface DefinitionParams {
  uri: string;
}

/**
 * Client → server: the parsed definition of an open document, or null when it is none (not open, not a secret
 * definition, a push preview). The server parses each document once per version; the client never parses.
 */
export const DefinitionRequest = new RequestType<DefinitionParams, DefinitionInfo | null, void>('secretDefinitions/definition');

/** What the client tells the server in `initializationOptions`. */
export interface InitializationOptions {
  /** The client answers CatalogRequest. */
  catalogs?: boolean;
}

export interface ValidateFilesParams {
  /** Files that are not open in the editor, with their text as the client read it. */
  files: { uri: string; text: string }[];
}

export interface ValidateFilesResult {
  files: number;
  errors: number;
  warnings: number;
}

/**
 * Client → server: validate files that are not open and publish their diagnostics, so the Problems panel shows the
 * whole workspace ("Validate Workspace"). The client reads the files, so virtual workspaces work too.
 */
export const ValidateFilesRequest = new RequestType<ValidateFilesParams, ValidateFilesResult, void>('secretDefinitions/validateFiles');
