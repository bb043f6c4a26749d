// Which commands work in the browser and which need the desktop; no VS Code import, so unit tests can read it.

/**
 * What needs a platform's API, and so a token and the network: pushing and its previews, sign-in, the remote tree,
 * the live project lists; and what needs the machine's files, keys and environment: SOPS, env files, remembered
 * values, Compare with…. In the browser these commands are hidden (`!isWeb` in package.json) and, when run anyway
 * (a keybinding, another extension), they say where to do it and never ask for a token.
 *
 * Why not from the browser: an extension in vscode.dev runs in a Web Worker whose requests come from a
 * changing `*.vscode-cdn.net` origin, so an API must answer CORS requests from any origin, Authorization header
 * included. Neither Northflank nor Qovery documents that for its public API; until one does, a token typed here
 * could not be used.
 */
export const DESKTOP_ONLY_COMMANDS = [
  'secretDefinitions.signIn.northflank',
  'secretDefinitions.signIn.qovery',
  'secretDefinitions.signOut.northflank',
  'secretDefinitions.signOut.qovery',
  'secretDefinitions.refreshCatalogs',
  'secretDefinitions.changeTarget',
  'secretDefinitions.tree.refresh',
  'secretDefinitions.push',
  'secretDefinitions.createSecretGroup',
  'secretDefinitions.linkAddon',
  'secretDefinitions.createAlias',
  'secretDefinitions.createOverride',
  'secretDefinitions.deleteRemote',
  'secretDefinitions.pull',
  'secretDefinitions.tree.revealValue',
  'secretDefinitions.tree.hideValue',
  'secretDefinitions.tree.copyValue',
  'secretDefinitions.tree.copyName',
  'secretDefinitions.tree.retry',
  // Local files and processes: decrypting and encrypting SOPS files, env files, remembered values, comparing.
  'secretDefinitions.compareWith',
  'secretDefinitions.editDecrypted',
  'secretDefinitions.encryptFile',
  'secretDefinitions.moveToEnvFile',
  'secretDefinitions.forgetRememberedValues',
] as const;

/** The commands that work in the browser. */
export const WEB_COMMANDS = ['secretDefinitions.validateWorkspace', 'secretDefinitions.newFile', 'secretDefinitions.showLog'] as const;

/** The status item's command in the browser (not in the palette: it only says what the item says). */
export const WEB_ABOUT_COMMAND = 'secretDefinitions.web.about';

export const DESKTOP_ONLY_MESSAGE =
  'Validation, completion, hover and quick fixes work here in the browser. Pushing, sign-in and the remote secrets need VS Code on your machine, or the command line: secretdef push <file>.';

