import type { CodeLens, Command } from 'vscode-languageserver/node';
import { getProperty, platformOf, PLATFORM_TITLES, type DefinitionDocument } from '../../core';
import { readSopsMetadata } from '../../core/sops';
import { DECRYPTED_SCHEME, type CatalogSnapshot } from '../../shared/protocol';

/** What a CodeLens provider gets: the parsed document, its URI, and what the client said of its target. */
export interface LensContext {
  uri: string;
  doc: DefinitionDocument;
  /** The latest catalog answer: its `binding` names the target project (undefined: not asked or not bound yet). */
  snapshot: CatalogSnapshot | undefined;
  /**
   * In the browser (vscode.dev, github.dev): every lens command needs the desktop (push, targets, decryption, addon
   * links), so only what informs is shown there, without a command.
   */
  web?: boolean;
}

export type LensProvider = (context: LensContext) => CodeLens[];

const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const lens = (line: number, command: Command): CodeLens => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command });

/** The plaintext of an encrypted file, in memory ("Edit decrypted"): it is pushed from the file itself, not from here. */
const isDecryptedView = (uri: string): boolean => uri.startsWith(`${DECRYPTED_SCHEME}:`);

/** "Push", "Create" and "Change target" at the top of every definition file. */
const pushLenses: LensProvider = ({ uri, doc, snapshot, web }) => {
  // Templates are run by Northflank, not pushed; nothing is pushed from the browser.
  if (doc.kind === 'northflank-template' || web) return [];
  if (isDecryptedView(uri)) {
    const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1).split('?')[0]);
    return [{ range: TOP, command: { title: `$(unlock) Decrypted in memory: saving encrypts it again into ${name}`, command: '' } }];
  }
  const platform = PLATFORM_TITLES[platformOf(doc.kind)];
  const binding = snapshot?.binding;
  const where = binding ? `${platform} · ${binding.projectName ?? binding.project}` : platform;
  const out: CodeLens[] = [{ range: TOP, command: { title: `$(cloud-upload) Push to ${where}`, command: 'secretDefinitions.push', arguments: [uri], tooltip: 'Validate, preview the masked changes, confirm, push' } }];
  if (doc.kind === 'northflank-secret') out.push({ range: TOP, command: { title: 'Create (POST)', command: 'secretDefinitions.createSecretGroup', arguments: [uri] } });
  out.push({ range: TOP, command: { title: binding ? 'Change target' : 'Choose a project', command: 'secretDefinitions.changeTarget', arguments: [uri] } });
  return out;
};

/** A SOPS-encrypted file: who can open it (first), and "Edit decrypted". */
const sopsLenses: LensProvider = ({ uri, doc, web }) => {
  const meta = doc.sops && !isDecryptedView(uri) ? readSopsMetadata(doc.root) : undefined;
  if (!meta) return [];
  const recipients = meta.age.map((a) => a.recipient);
  const short = recipients.map((r) => `${r.slice(0, 10)}…${r.slice(-4)}`);
  const others = meta.otherKeySources.length ? ` and ${meta.otherKeySources.join(', ')}` : '';
  const title = `$(lock) SOPS-encrypted for ${short.slice(0, 2).join(', ')}${short.length > 2 ? ` +${short.length - 2}` : ''}${others}`;
  const tooltip = `Encrypted with SOPS for: ${[...recipients, ...meta.otherKeySources].join(', ')}`;
  // The browser has no key: who can open the file, and nothing to click.
  if (web) return [{ range: TOP, command: { title, command: '', tooltip } }];
  return [
    { range: TOP, command: { title, command: 'secretDefinitions.editDecrypted', arguments: [uri], tooltip } },
    { range: TOP, command: { title: 'Edit decrypted', command: 'secretDefinitions.editDecrypted', arguments: [uri], tooltip: 'Open the plaintext in memory (never on disk); saving encrypts the changed values again' } },
  ];
};

/** "Link keys of ADDON" on each addon dependency of a secret group. */
const addonLenses: LensProvider = ({ uri, doc, web }) => {
  if (doc.kind !== 'northflank-secret' || isDecryptedView(uri) || web) return [];
  const deps = getProperty(doc.root, 'addonDependencies')?.value;
  if (deps?.type !== 'array') return [];
  const out: CodeLens[] = [];
  for (const dep of deps.items) {
    const id = getProperty(dep, 'addonId')?.value;
    if (id?.type !== 'string') continue;
    out.push(lens(doc.lines.positionAt(dep.offset).line, { title: `$(plug) Link keys of ${String(id.value)}`, command: 'secretDefinitions.linkAddon', arguments: [uri, String(id.value)] }));
  }
  return out;
};

/**
 * The CodeLens of a definition file, in order. Each provider adds its own lenses; a new one (for example for an
 * encrypted file) is one more entry here. The commands are the extension's; their arguments are the document's
 * URI as a string, which the client turns back into a vscode.Uri.
 */
export const LENS_PROVIDERS: LensProvider[] = [sopsLenses, pushLenses, addonLenses];

export function codeLenses(context: LensContext): CodeLens[] {
  return LENS_PROVIDERS.flatMap((provide) => provide(context));
}
