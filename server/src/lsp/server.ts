import {
  DiagnosticSeverity,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments } from 'vscode-languageserver/node';
import { parseDefinition, validateDocument, type DefinitionDocument, type Diagnostic, type FileKind, type SyntaxKind } from '../core';
import { Settings } from './settings';
import { uriToPath } from './uri';

const severities: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'secretdef';

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return { range: d.range, severity: severities[d.severity], code: d.code, source: DIAGNOSTIC_SOURCE, message: d.message, ...(d.data ? { data: d.data } : {}) };
}

/** Language ids the extension contributes; documents of other languages take part only if they name a bundled schema. */
const LANGUAGE_SYNTAX: Record<string, SyntaxKind> = { 'secretdef-yaml': 'yaml', 'secretdef-json': 'json', yaml: 'yaml', json: 'json', jsonc: 'json' };

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new Settings(connection);
  /** Parsed documents by URI and version: validation, completion and hover share one parse. */
  const parsed = new Map<string, { version: number; doc: DefinitionDocument | undefined }>();
  const pending = new Map<string, NodeJS.Immediate>();

  const parse = async (textDocument: TextDocument): Promise<DefinitionDocument | undefined> => {
    const cached = parsed.get(textDocument.uri);
    if (cached && cached.version === textDocument.version) return cached.doc;
    const associations = await settings.fileAssociations(textDocument.uri);
    const current = documents.get(textDocument.uri);
    if (!current || current.version !== textDocument.version) return undefined;
    const syntax = LANGUAGE_SYNTAX[textDocument.languageId];
    // The previous version lets the core re-parse only the edited line when that is all that changed.
    const doc = parseDefinition(uriToPath(textDocument.uri), textDocument.getText(), { associations, ...(syntax ? { syntax } : {}), previous: cached?.doc });
    parsed.set(textDocument.uri, { version: textDocument.version, doc });
    return doc;
  };

  const validate = async (uri: string): Promise<void> => {
    const textDocument = documents.get(uri);
    if (!textDocument) return;
    const version = textDocument.version;
    const doc = await parse(textDocument);
    // A newer version arrived while we worked: its own validation will publish.
    if (documents.get(uri)?.version !== version) return;
    const diagnostics = doc ? validateDocument(doc).map(toLspDiagnostic) : [];
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  /** Coalesces bursts of edits: only the latest version of a document is validated. */
  const schedule = (uri: string): void => {
    const existing = pending.get(uri);
    if (existing) clearImmediate(existing);
    pending.set(uri, setImmediate(() => {
      pending.delete(uri);
      validate(uri).catch((e: unknown) => connection.console.error(`Validation of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    }));
  };

  connection.onInitialize((params): InitializeResult => {
    settings.initialize(params.capabilities);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      },
      serverInfo: { name: 'secretdef-language-server' },
    };
  });
  connection.onInitialized(() => settings.register());

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    parsed.delete(e.document.uri);
    settings.forget(e.document.uri);
    const p = pending.get(e.document.uri);
    if (p) clearImmediate(p);
    pending.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    parsed.clear();
    for (const d of documents.all()) schedule(d.uri);
  });

  documents.listen(connection);
  connection.listen();
}

export type { FileKind };
