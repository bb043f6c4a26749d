import { DidChangeConfigurationNotification, type ClientCapabilities, type Connection } from 'vscode-languageserver';
import { sanitizeAssociations, type FileAssociations } from '../../core';

/** Settings resolved per document (workspace folders may differ), cached until the configuration changes. */
export class Settings {
  private supportsConfiguration = false;
  private supportsDynamicRegistration = false;
  private readonly cache = new Map<string, Promise<FileAssociations>>();
  private readonly fileContent = new Map<string, Promise<boolean>>();
  private readonly codeLens = new Map<string, Promise<boolean>>();
  private readonly literal = new Map<string, Promise<boolean>>();

  constructor(private readonly connection: Connection) {}

  initialize(capabilities: ClientCapabilities): void {
    this.supportsConfiguration = capabilities.workspace?.configuration === true;
    this.supportsDynamicRegistration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  }

  register(): void {
    if (this.supportsDynamicRegistration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'secretDefinitions' });
    }
  }

  fileAssociations(uri: string): Promise<FileAssociations> {
    if (!this.supportsConfiguration) return Promise.resolve({});
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'secretDefinitions.fileAssociations' })
        .then((value: unknown) => sanitizeAssociations(value), () => ({}));
      this.cache.set(uri, p);
    }
    return p;
  }

  /** `secretDefinitions.hover.showFileContent`: whether hovers may show decoded file data (off unless asked for). */
  showFileContent(uri: string): Promise<boolean> {
    if (!this.supportsConfiguration) return Promise.resolve(false);
    let p = this.fileContent.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'secretDefinitions.hover.showFileContent' })
        .then((value: unknown) => value === true, () => false);
      this.fileContent.set(uri, p);
    }
    return p;
  }

  /** `secretDefinitions.codeLens.enabled` (on unless turned off). */
  codeLensEnabled(uri: string): Promise<boolean> {
    if (!this.supportsConfiguration) return Promise.resolve(true);
    let p = this.codeLens.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'secretDefinitions.codeLens.enabled' })
        .then((value: unknown) => value !== false, () => true);
      this.codeLens.set(uri, p);
    }
    return p;
  }

  /** `secretDefinitions.literalSecrets.enabled`: warn of values that look like real secrets in tracked files (on by default). */
  literalSecrets(uri: string): Promise<boolean> {
    if (!this.supportsConfiguration) return Promise.resolve(true);
    let p = this.literal.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'secretDefinitions.literalSecrets.enabled' })
        .then((value: unknown) => value !== false, () => true);
      this.literal.set(uri, p);
    }
    return p;
  }

  forget(uri: string): void {
    this.literal.delete(uri);
    this.cache.delete(uri);
    this.fileContent.delete(uri);
    this.codeLens.delete(uri);
  }

  clear(): void {
    this.literal.clear();
    this.cache.clear();
    this.fileContent.clear();
    this.codeLens.clear();
  }
}

