/**
 * How the extension (and the benchmark and tests, which must measure what users run) start the language server
 * process on the desktop.
 */

/**
 * V8 flags for the server. By default V8 lets the young generation grow to 16 MB semi-spaces and the old generation
 * grow well past what is live before collecting it. Building the tree of a large file makes many short-lived
 * objects, so the server kept 130-170 MB resident on a 260 kB file where 15 MB are live (npm run bench measures
 * it). Keeping the young generation at 1 MB semi-spaces (the growth factor alone did not stop them growing: the peak
 * was still ~125 MB) and growing the old one by 30 % over what is live after a collection keeps it near 100 MB, for
 * a few more (short) collections.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1', '--semi-space-growth-factor=1', '--heap-growing-percent=30'];

/** Names of environment variables that may hold a credential: the language server never needs one. */
const CREDENTIAL = /^(NORTHFLANK_|QOVERY_|SOPS_)|TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH/i;

/**
 * The environment the language server starts with: the extension host's, minus everything that may hold a token
 * or a key. The server validates text; it never talks to a platform and never decrypts.
 */
export function serverEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && !CREDENTIAL.test(name)) out[name] = value;
  return out;
}
