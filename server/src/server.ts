import {
  CodeActionKind,
  CodeLensRefreshRequest,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  InsertTextMode,
  ResponseError,
  ErrorCodes,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type DocumentLink as LspDocumentLink,
  type SelectionRange,
  type InitializeResult,
  type Location,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import {
  complete,
  definitionAt,
  definitionBody,
  documentLinks,
  formatDocument,
  selectionRanges,
  foldingRanges,
  getProperty,
  hover,
  isDiagnosticCode,
  outline,
  parseDefinition,
  prepareRename,
  quickFixes,
  referencesAt,
  renameEdits,
  sortDiagnostics,
  validateDocument,
  type Catalog,
  type CompletionKind,
  type DefinitionDocument,
  type Diagnostic,
  type DiagnosticData,
  type OutlineSymbol,
  type Span,
  type SymbolKind as CoreSymbolKind,
  type SyntaxKind,
  type TextEdit,
} from '../../core';
import { EditorDocument, pieceJoin, type JoinText } from './document';
import { CatalogChangedNotification, DefinitionRequest, EnvSourcesRequest, FileStatusRequest, ValidateFilesRequest, type CatalogChangedParams, type CatalogParams, type DefinitionInfo, type InitializationOptions, type ValidateFilesParams, type ValidateFilesResult } from '../../shared/protocol';
import { envReferenceAt, envReferenceHover, sopsHover } from '../../core/env/hover';
import { needsResolution } from '../../core/env/values';
import { readSopsMetadata } from '../../core/sops';
import { IncrementalValidator } from '../../core/validate-incremental';
import { addonIdsOf } from '../../core/rules/northflank';
import { Catalogs } from './catalogs';
import { codeLenses } from './codeLens';
import { Settings } from './settings';
import { soon, type Scheduled } from './soon';
import { uriToPath } from './uri';

const severities: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'secretdef';

/** A file with more problems than this (200,000 duplicate keys, say) would make a message of many megabytes. */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

/** The diagnostics to publish: all of them, or the first MAX_PUBLISHED_DIAGNOSTICS and one that counts the rest. */
export function publishable(diagnostics: Diagnostic[]): LspDiagnostic[] {
  if (diagnostics.length <= MAX_PUBLISHED_DIAGNOSTICS) return diagnostics.map(toLspDiagnostic);
  const shown = diagnostics.slice(0, MAX_PUBLISHED_DIAGNOSTICS).map(toLspDiagnostic);
  const more = diagnostics.length - MAX_PUBLISHED_DIAGNOSTICS;
  const at = diagnostics[MAX_PUBLISHED_DIAGNOSTICS].range;
  shown.push({ range: { start: at.start, end: at.start }, severity: DiagnosticSeverity.Information, code: 'too-many-problems', source: DIAGNOSTIC_SOURCE, message: `${more} more problem${more === 1 ? '' : 's'} in this file are not shown; run "secretdef validate" to list them all.` });
  return shown;
}

/**
 * The catalog question of a document: its kind, the project a Qovery file names, and for a Northflank secret group
 * what changes the answer (its name, the group's id, and its addons, whose real keys are read).
 */
function catalogQuestion(uri: string, doc: DefinitionDocument): CatalogParams {
  const string = (key: string): string | undefined => {
    const v = getProperty(doc.root, key)?.value;
    return v?.type === 'string' ? String(v.value) : undefined;
  };
  if (doc.kind === 'qovery-secrets') {
    const project = string('project');
    return { uri, kind: doc.kind, ...(project !== undefined ? { project } : {}) };
  }
  if (doc.kind === 'northflank-secret') return { uri, kind: doc.kind, group: string('name') ?? '', addons: addonIdsOf(doc.root) };
  return { uri, kind: doc.kind };
}

/** What the client shows of an encrypted file (status bar): who can open it. */
function sopsInfo(doc: DefinitionDocument): Pick<DefinitionInfo, 'sops'> {
  const meta = doc.sops ? readSopsMetadata(doc.root) : undefined;
  return meta ? { sops: { recipients: meta.age.map((a) => a.recipient), otherKeySources: meta.otherKeySources } } : {};
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return { range: d.range, severity: severities[d.severity], code: d.code, source: DIAGNOSTIC_SOURCE, message: d.message, ...(d.data ? { data: d.data } : {}) };
}

const completionKinds: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
  variable: CompletionItemKind.Variable,
};

const symbolKinds: Record<CoreSymbolKind, SymbolKind> = {
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  string: SymbolKind.String,
  number: SymbolKind.Number,
  boolean: SymbolKind.Boolean,
  null: SymbolKind.Null,
  variable: SymbolKind.Variable,
  file: SymbolKind.File,
  key: SymbolKind.Key,
};

/** The contributed languages; plain YAML/JSON documents are switched to these by the client when they opt in. */
const LANGUAGE_SYNTAX: Record<string, SyntaxKind> = { 'secretdef-yaml': 'yaml', 'secretdef-json': 'json', yaml: 'yaml', json: 'json', jsonc: 'json' };

/** What only the desktop server has: the literal-secret scan (secretlint needs Node; the browser worker has none). */
export interface ServerExtras {
  literalSecrets?: (doc: DefinitionDocument) => Promise<Diagnostic[]>;
  /** Runs in the browser's worker (server/src/browserMain.ts): no lens offers what needs the desktop. */
  web?: boolean;
  /** How the text of a new version is made (tests compare the ways; the default holds a large text in pieces). */
  joinText?: JoinText;
}

export function startServer(connection: Connection, extras: ServerExtras = {}): void {
  const join = extras.joinText ?? pieceJoin();
  const documents = new TextDocuments<EditorDocument>({
    create: (uri, languageId, version, content) => EditorDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => EditorDocument.update(document, changes, version, join),
  });
  const settings = new Settings(connection);
  // Live catalogs come from the client (which holds the tokens); without them, offline defaults.
  const catalogs = new Catalogs(connection, (uri) => {
    schedule(uri);
    refreshLenses();
  });
  let lensRefresh = false;
  let lensRefreshPending: Scheduled | undefined;
  /** The lenses name the target the client's answer gave: ask the editor to show them again (once per burst). */
  const refreshLenses = (): void => {
    if (!lensRefresh || lensRefreshPending) return;
    lensRefreshPending = soon(() => {
      lensRefreshPending = undefined;
      connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    });
  };
  const catalogFor = (uri: string): Catalog => catalogs.get(uri);
  /** Parsed documents by URI and version: validation, completion, hover and fixes share one parse. */
  const parsed = new Map<string, { version: number; doc: DefinitionDocument | undefined }>();
  const pending = new Map<string, Scheduled>();
  /** One validator per open document: after an edit it checks again what the edit changed (validateDocument's result). */
  const validators = new Map<string, IncrementalValidator>();

  const parse = async (textDocument: EditorDocument): Promise<DefinitionDocument | undefined> => {
    const cached = parsed.get(textDocument.uri);
    if (cached && cached.version === textDocument.version) return cached.doc;
    const associations = await settings.fileAssociations(textDocument.uri);
    const current = documents.get(textDocument.uri);
    if (!current) return undefined;
    const again = parsed.get(current.uri);
    if (again && again.version === current.version) return again.doc;
    const syntax = LANGUAGE_SYNTAX[current.languageId];
    // The previous version lets the core re-parse only the edited lines when that is all that changed, updating the
    // one tree kept per document in place; the editor's edit says where (when versions were skipped, the texts do).
    const edit = cached && current.edit?.from === cached.version ? current.edit.change : undefined;
    const doc = parseDefinition(uriToPath(current.uri), current.getSource(), { associations, ...(syntax ? { syntax } : {}), previous: cached?.doc, inPlace: true, lines: current.lines, ...(edit ? { edit } : {}) });
    parsed.set(current.uri, { version: current.version, doc });
    return doc;
  };

  /** The current parse of a document, for requests. */
  const current = async (uri: string): Promise<DefinitionDocument | undefined> => {
    const textDocument = documents.get(uri);
    return textDocument ? parse(textDocument) : undefined;
  };

  const validate = async (uri: string): Promise<void> => {
    const textDocument = documents.get(uri);
    if (!textDocument) return;
    const version = textDocument.version;
    const doc = await parse(textDocument);
    // A newer version arrived while we worked: its own validation will publish.
    if (documents.get(uri)?.version !== version) return;
    if (doc) catalogs.ensure(catalogQuestion(uri, doc));
    let validator = validators.get(uri);
    if (!validator) {
      validator = new IncrementalValidator();
      validators.set(uri, validator);
    }
    const found = doc ? validator.validate(doc, catalogFor(uri)) : [];
    if (doc) {
      const literal = await literalSecrets(uri, doc);
      if (documents.get(uri)?.version !== version) return;
      for (const d of literal) found.push(d);
    }
    const diagnostics = publishable(sortDiagnostics(found));
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  /** Coalesces bursts of edits: only the latest version of a document is validated. */
  const schedule = (uri: string): void => {
    const existing = pending.get(uri);
    existing?.cancel();
    pending.set(uri, soon(() => {
      pending.delete(uri);
      validate(uri).catch((e: unknown) => connection.console.error(`Validation of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    }));
  };

  /**
   * Values kept out of git (issue 13): the extension says whether git tracks a file and where `${env:NAME}` comes
   * from; the server cannot know either (it runs no git and holds no environment of the push).
   */
  let localFiles = false;
  const tracked = new Map<string, Promise<boolean>>();
  const isTracked = (uri: string): Promise<boolean> => {
    let p = tracked.get(uri);
    if (!p) {
      p = connection.sendRequest(FileStatusRequest, { uri }).then((r) => r?.tracked === true, () => false);
      tracked.set(uri, p);
    }
    return p;
  };
  /** `literal-secret` warnings: only in files git tracks, unless `secretDefinitions.literalSecrets.enabled` is off. */
  const literalSecrets = async (uri: string, doc: DefinitionDocument): Promise<Diagnostic[]> => {
    const scan = extras.literalSecrets;
    if (!scan || !localFiles || !(await settings.literalSecrets(uri)) || !(await isTracked(uri))) return [];
    return scan(doc);
  };

  const range = (doc: DefinitionDocument, span: { offset: number; length: number }): Range => doc.lines.rangeOf(span.offset, span.length);
  const edit = (doc: DefinitionDocument, e: TextEdit): LspTextEdit => ({ range: range(doc, e), newText: e.newText });

  connection.onInitialize((params): InitializeResult => {
    settings.initialize(params.capabilities);
    catalogs.enabled = (params.initializationOptions as InitializationOptions | undefined)?.catalogs === true;
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    localFiles = (params.initializationOptions as InitializationOptions | undefined)?.localFiles === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        selectionRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
      },
      serverInfo: { name: 'secretdef-language-server' },
    };
  });
  connection.onInitialized(() => settings.register());

  connection.onCompletion(async (params) => {
    const doc = await current(params.textDocument.uri);
    if (!doc) return [];
    const offset = doc.lines.offsetAt(params.position);
    return complete(doc, offset, catalogFor(params.textDocument.uri)).map((c): CompletionItem => ({
      label: c.label,
      kind: completionKinds[c.kind],
      detail: c.detail,
      documentation: c.documentation ? { kind: 'markdown', value: c.documentation } : undefined,
      textEdit: { range: range(doc, c.replace), newText: c.insertText },
      insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      // Snippets carry their own absolute indentation.
      insertTextMode: InsertTextMode.asIs,
      filterText: c.filterText,
      sortText: c.sortText,
      additionalTextEdits: c.additionalEdits?.map((e) => edit(doc, e)),
    }));
  });

  connection.onHover(async (params) => {
    const doc = await current(params.textDocument.uri);
    if (!doc) return null;
    const offset = doc.lines.offsetAt(params.position);
    // SOPS values and `${env:NAME}` references first: never their values, only what they are and where they come from.
    const sops = sopsHover(doc, offset);
    if (sops) return { contents: { kind: 'markdown', value: sops.contents }, range: range(doc, sops.range) };
    const ref = envReferenceAt(doc, offset);
    if (ref) {
      const source = localFiles ? await connection.sendRequest(EnvSourcesRequest, { uri: params.textDocument.uri, names: [ref.name] }).then((r) => r?.sources?.[ref.name], () => undefined) : undefined;
      const h = envReferenceHover(ref, source);
      return { contents: { kind: 'markdown', value: h.contents }, range: range(doc, h.range) };
    }
    const showFileContent = await settings.showFileContent(params.textDocument.uri);
    const h = hover(doc, offset, catalogFor(params.textDocument.uri), { showFileContent });
    return h ? { contents: { kind: 'markdown', value: h.contents }, range: range(doc, h.range) } : null;
  });

  connection.onCodeAction(async (params) => {
    const doc = await current(params.textDocument.uri);
    if (!doc) return [];
    const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && isDiagnosticCode(d.code));
    const fixable = ours.map((d) => {
      const offset = doc.lines.offsetAt(d.range.start);
      return { code: String(d.code), offset, length: doc.lines.offsetAt(d.range.end) - offset, data: d.data as DiagnosticData | undefined, lsp: d };
    });
    const actions = quickFixes(doc, fixable).map((f): CodeAction => ({
      title: f.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [(f.diagnostic as (typeof fixable)[number]).lsp],
      isPreferred: f.preferred,
      edit: { changes: { [params.textDocument.uri]: f.edits.map((e) => edit(doc, e)) } },
    }));
    // A literal secret: the extension moves it to an env file or encrypts the file (it writes files; we cannot).
    if (localFiles) {
      for (const d of ours.filter((x) => x.code === 'literal-secret')) {
        const name = (d.data as DiagnosticData | undefined)?.suggestions?.[0] ?? 'SECRET_VALUE';
        actions.push(
          { title: `Move to env file as \${env:${name}}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, command: { title: 'Move to env file', command: 'secretDefinitions.moveToEnvFile', arguments: [params.textDocument.uri, d.range, name] } },
          { title: 'Encrypt this file with SOPS', kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: 'Encrypt with SOPS', command: 'secretDefinitions.encryptFile', arguments: [params.textDocument.uri] } },
        );
      }
    }
    return actions;
  });

  connection.onDocumentSymbol(async (params) => {
    const doc = await current(params.textDocument.uri);
    if (!doc) return [];
    const convert = (s: OutlineSymbol): DocumentSymbol => ({
      name: s.name,
      detail: s.detail,
      kind: symbolKinds[s.kind],
      range: range(doc, s.range),
      selectionRange: range(doc, s.selection),
      children: s.children.map(convert),
    });
    return outline(doc).map(convert);
  });

  connection.onFoldingRanges(async (params) => {
    const doc = await current(params.textDocument.uri);
    return doc ? foldingRanges(doc) : [];
  });

  connection.onCodeLens(async (params) => {
    const doc = await current(params.textDocument.uri);
    if (!doc || !(await settings.codeLensEnabled(params.textDocument.uri))) return [];
    return codeLenses({ uri: params.textDocument.uri, doc, snapshot: catalogs.snapshot(params.textDocument.uri), web: extras.web });
  });

  connection.onDocumentFormatting(async (params) => {
    const doc = await current(params.textDocument.uri);
    return doc ? formatDocument(doc, params.options).map((e) => edit(doc, e)) : [];
  });

  connection.onDocumentRangeFormatting(async (params) => {
    const doc = await current(params.textDocument.uri);
    if (!doc) return [];
    const start = doc.lines.offsetAt(params.range.start);
    return formatDocument(doc, params.options, { offset: start, length: doc.lines.offsetAt(params.range.end) - start }).map((e) => edit(doc, e));
  });

  connection.onSelectionRanges(async (params) => {
    const doc = await current(params.textDocument.uri);
    return params.positions.map((position): SelectionRange => {
      const spans = doc ? selectionRanges(doc, doc.lines.offsetAt(position)) : [];
      // Outermost first, each the parent of the next; a position outside any node selects itself.
      let parent: SelectionRange | undefined;
      for (const span of [...spans].reverse()) parent = { range: range(doc as DefinitionDocument, span), ...(parent ? { parent } : {}) };
      return parent ?? { range: { start: position, end: position } };
    });
  });

  connection.onDocumentLinks(async (params) => {
    const uri = params.textDocument.uri;
    const doc = await current(uri);
    if (!doc) return [];
    const addonPageBase = catalogs.snapshot(uri)?.addonPageBase;
    return documentLinks(doc, catalogFor(uri), { addonPageBase }).map((l): LspDocumentLink => {
      if ('url' in l) return { range: range(doc, l.span), target: l.url, tooltip: l.tooltip };
      // A place in the same file: VS Code opens `#L<line>,<column>` (1-based) at that position.
      const at = doc.lines.positionAt(l.target.offset);
      return { range: range(doc, l.span), target: `${uri.replace(/#.*$/, '')}#L${at.line + 1},${at.character + 1}`, tooltip: l.tooltip };
    });
  });

  connection.onRequest(DefinitionRequest, async (params): Promise<DefinitionInfo | null> => {
    const doc = await current(params.uri);
    if (!doc) return null;
    const project = doc.kind === 'qovery-secrets' ? getProperty(doc.root, 'project')?.value : undefined;
    // The file's own problems only (the offline catalog): a push plans against the platform itself.
    return { kind: doc.kind, syntax: doc.syntax, body: definitionBody(doc), diagnostics: validateDocument(doc), needsResolution: needsResolution(doc), ...(project?.type === 'string' ? { project: String(project.value) } : {}), ...sopsInfo(doc) };
  });

  const locations = (uri: string, doc: DefinitionDocument, spans: Span[]): Location[] => spans.map((s) => ({ uri, range: range(doc, s) }));

  connection.onDefinition(async (params) => {
    const doc = await current(params.textDocument.uri);
    return doc ? locations(params.textDocument.uri, doc, definitionAt(doc, doc.lines.offsetAt(params.position))) : [];
  });

  connection.onReferences(async (params) => {
    const doc = await current(params.textDocument.uri);
    return doc ? locations(params.textDocument.uri, doc, referencesAt(doc, doc.lines.offsetAt(params.position), params.context.includeDeclaration)) : [];
  });

  connection.onPrepareRename(async (params) => {
    const doc = await current(params.textDocument.uri);
    if (!doc) return null;
    const r = prepareRename(doc, doc.lines.offsetAt(params.position));
    if (!r) return null;
    if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
    return range(doc, r);
  });

  connection.onRenameRequest(async (params) => {
    const doc = await current(params.textDocument.uri);
    if (!doc) return null;
    const edits = renameEdits(doc, doc.lines.offsetAt(params.position), params.newName);
    if ('error' in edits) throw new ResponseError(ErrorCodes.InvalidRequest, edits.error);
    return { changes: { [params.textDocument.uri]: edits.map((e) => edit(doc, e)) } };
  });

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  connection.onRequest(ValidateFilesRequest, async (params: ValidateFilesParams): Promise<ValidateFilesResult> => {
    const result: ValidateFilesResult = { files: 0, errors: 0, warnings: 0 };
    for (const { uri, text } of params.files) {
      // An open document is the editor's business: its text may differ from the disk.
      if (documents.get(uri)) continue;
      const associations = await settings.fileAssociations(uri);
      // Opened while the settings were read: the editor's text wins, and its own validation publishes.
      if (documents.get(uri)) continue;
      const doc = parseDefinition(uriToPath(uri), text, { associations });
      if (!doc) continue;
      const diagnostics = sortDiagnostics([...validateDocument(doc, catalogFor(uri)), ...(await literalSecrets(uri, doc))]);
      result.files++;
      result.errors += diagnostics.filter((d) => d.severity === 'error').length;
      result.warnings += diagnostics.filter((d) => d.severity === 'warning').length;
      await connection.sendDiagnostics({ uri, diagnostics: publishable(diagnostics) });
    }
    return result;
  });

  connection.onNotification(CatalogChangedNotification, (params: CatalogChangedParams) => {
    catalogs.invalidate(params?.uris);
    refreshLenses();
    for (const d of documents.all()) if (!params?.uris || params.uris.includes(d.uri)) schedule(d.uri);
  });

  documents.onDidClose((e) => {
    parsed.delete(e.document.uri);
    validators.delete(e.document.uri);
    tracked.delete(e.document.uri);
    catalogs.forget(e.document.uri);
    settings.forget(e.document.uri);
    const p = pending.get(e.document.uri);
    p?.cancel();
    pending.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    tracked.clear();
    parsed.clear();
    for (const d of documents.all()) schedule(d.uri);
    refreshLenses();
  });

  documents.listen(connection);
  connection.listen();
}
