/** Thrown for a command line that cannot be understood: exit code 2, with the usage text unless `showUsage` is false. */
export class UsageError extends Error {
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

const REMOTE = `Remote options:
  --project ID       Northflank project id, or Qovery project UUID (optional for a Qovery file that names it).
  --team ID          Northflank team (team-scoped routes /v1/teams/ID/projects/...).
  --secret ID        Northflank secret group id, for addon link files.
  --addon ID         Northflank addon id, for addon link files.
  --api-url URL      API base URL (or NORTHFLANK_API_URL / QOVERY_API_URL); https://, or http:// for localhost only.
  --token-stdin      Read the API token from stdin instead of NORTHFLANK_API_TOKEN / QOVERY_API_TOKEN.
  --verbose          Log each request (method, path, status, duration) to stderr.`;

const LIMITS = `Time limits (any command that talks to a platform):
  --request-timeout SECONDS   One request, body included (default 30; or SECRETDEF_REQUEST_TIMEOUT).
  --command-timeout SECONDS   All the command's requests, retries and pauses together, not counting the time
                              at a confirmation prompt (default 300; or SECRETDEF_COMMAND_TIMEOUT).`;

/** The help of each command: `secretdef COMMAND --help`, `-h`, or `secretdef help COMMAND`. */
export const COMMAND_USAGE: Record<string, string> = {
  validate: `Usage: secretdef validate [--format text|json|sarif|github] [--output FILE] [--allow-empty]
                         [--no-literal-secrets] PATH...

Checks secret definition files. Folders are searched for the file kinds and for YAML/JSON files whose $schema
names a bundled schema (node_modules, .git, dist, out are skipped); symbolic links are followed when they stay
inside the repository, and reported as skipped otherwise.

  --format FORMAT      text (file:line:col severity message [code], then a summary), json (one array),
                       sarif (a SARIF 2.1.0 log for code scanning) or github (workflow commands: annotations).
  --output FILE        Write the output to FILE (the summary goes to stderr).
  --allow-empty        Succeed when the paths hold no definition file (otherwise exit 1: a CI step that
                       validates nothing is a mistake).
  --no-literal-secrets Do not look for values that look like real secrets (literal-secret warnings, given in
                       files tracked by git only).

Exit codes: 0 no errors (warnings pass), 1 errors found or no file found, 2 usage error.`,
  diff: `Usage: secretdef diff FILE... [remote options]

Shows what a push would change, values masked, and sends nothing. Exit 0 when the platform already has what the
files say, 1 when they differ (or the remote state cannot be read), 2 for a usage error.

  --env-file PATH    A dotenv file for \${env:NAME} references (repeatable; a later one wins; the environment
                     wins over files). SOPS files are decrypted in memory (age identities as sops finds them).

${REMOTE}

${LIMITS}`,
  drift: `Usage: secretdef drift FILE FILE... [--ignore-values] [--env-file PATH]... [--format text|json|sarif|github] [--output FILE]
       secretdef drift --remote FILE... [--env-file PATH]... [remote options]

Compares definition files of one kind (another environment's, another project's): keys missing on either side,
settings that differ, and values compared by hash, never shown. With --remote, compares each file with what its
platform holds. Sends nothing. A \${env:NAME} value is compared when the environment or an env file has NAME, a
SOPS file when an age identity here opens it (as sops finds them); otherwise the value is "not compared".

  --ignore-values      Compare keys and settings only.
  --env-file PATH      A dotenv file for \${env:NAME} references (repeatable; a later one wins; the environment
                       wins over every file).
  --format FORMAT      text, json, sarif or github, as for validate.
  --output FILE        Write the output to FILE.

${REMOTE}

${LIMITS}

Exit codes: 0 no drift, 1 drift found (or a file cannot be read), 2 usage error.`,
  push: `Usage: secretdef push FILE... [remote options] [--dry-run] [--yes] [--prune]

Validates every file (any error stops everything), shows the masked diff, asks for confirmation, then applies
the files one by one, stopping at the first failure with what was and was not applied.

  --dry-run          Show the changes, send nothing.
  --yes              Do not ask for confirmation (needed where stdin is not a terminal).
  --prune            Delete Qovery secrets the file does not declare.
  --env-file PATH    A dotenv file for \${env:NAME} references (repeatable; a later one wins; the environment
                     wins over files). SOPS files are decrypted in memory (age identities as sops finds them).

${REMOTE}

${LIMITS}`,
  list: `Usage: secretdef list --provider northflank|qovery --project ID [--team ID] [--format text|json]

Lists the secret groups of a Northflank project, or the secrets a Qovery project sees (with their ids, for alias
and override). Never a value.

  --api-url URL, --token-stdin, --verbose   As for push.

${LIMITS}`,
  link: `Usage: secretdef link --project ID [--team ID] --secret ID --addon ID [--key KEY[:ALIAS,...]]... [--unlink]

Shows (no --key), sets (--key, repeatable) or removes (--unlink) a Northflank addon link.

  --dry-run, --yes, --api-url URL, --token-stdin, --verbose   As for push.

${LIMITS}`,
  alias: `Usage: secretdef alias --provider qovery --project ID --secret SECRET_ID --key NAME [--description TEXT]

Creates a Qovery alias (a new key, at project level) of a secret of a higher or the same scope.

  --dry-run, --yes, --api-url URL, --token-stdin, --verbose   As for push.

${LIMITS}`,
  override: `Usage: secretdef override --provider qovery --project ID --secret SECRET_ID --value-stdin [--description TEXT]

Gives a Qovery secret of a higher scope (BUILT_IN) a new value at project level. The value is read from stdin
only (one trailing newline is dropped) and never printed.

  --dry-run, --yes, --api-url URL, --verbose   As for push (the token comes from QOVERY_API_TOKEN: stdin holds the value).

${LIMITS}`,
  encrypt: `Usage: secretdef encrypt FILE [--age RECIPIENT]... [--encrypted-regex RE | --unencrypted-regex RE |
                        --encrypted-suffix S | --unencrypted-suffix S] [--mac-only-encrypted] [--in-place]

SOPS-encrypts a definition file for age recipients, the way \`sops --encrypt\` does: values are encrypted, keys
and structure stay readable. Prints the encrypted file, or rewrites FILE with --in-place.

  --age RECIPIENT      An age recipient (age1...; repeatable or comma-separated). Else SOPS_AGE_RECIPIENTS, else
                       the creation rule of the nearest .sops.yaml that matches the file.
  --encrypted-regex RE, --unencrypted-regex RE, --encrypted-suffix S, --unencrypted-suffix S
                       Which values are encrypted (one rule at most), as in sops.
  --mac-only-encrypted The MAC covers only the encrypted values, as in sops.
  --in-place           Rewrite FILE instead of printing.

Exit codes: 0 done, 1 the file cannot be encrypted (already encrypted, not a mapping), 2 usage error (a file that is
missing or cannot be read as YAML or JSON, no recipient, or one that is not an age recipient).`,
  decrypt: `Usage: secretdef decrypt --stdout FILE

Prints a SOPS-encrypted file's plaintext after checking its MAC. It is never written to a file: --stdout is
required so that it is a choice. Age identities are found as sops finds them (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE,
SOPS_AGE_KEY_CMD, then the default keys.txt).

Exit codes: 0 done, 1 the MAC does not match or the file is damaged, 2 usage error (a file that is missing, cannot be
read or is not SOPS-encrypted; no --stdout) or no identity opens it.`,
};

export const USAGE = `Usage: secretdef <command> [options]

Commands:
  validate [--format text|json|sarif|github] [--output FILE] [--allow-empty] [--no-literal-secrets] PATH...
                                           Check secret definition files (files or folders); in files tracked by
                                           git, also values that look like real secrets (literal-secret).
  diff FILE... [remote options]            Show what a push would change (values masked); exit 1 if they differ.
  drift FILE FILE... [--ignore-values] [--env-file PATH]... [--format text|json|sarif|github] [--output FILE]
                                           Compare files of one kind (keys, settings, values by hash); exit 1 on drift.
  drift --remote FILE... [remote options]  Compare each file with what its platform holds; exit 1 on drift.
  push FILE... [remote options] [--dry-run] [--yes] [--prune]
                                           Validate, show the masked diff, confirm, then apply.
  list --provider northflank|qovery --project ID [--team ID] [--format text|json]
                                           List the secret groups (Northflank) or project secrets (Qovery).
  link --project ID [--team ID] --secret ID --addon ID [--key KEY[:ALIAS,...]]... [--unlink]
                                           Show (no --key), set (--key) or remove (--unlink) a Northflank addon link.
  alias --provider qovery --project ID --secret SECRET_ID --key NAME [--description TEXT]
                                           Create a Qovery alias (a new key) of a secret of a higher scope.
  override --provider qovery --project ID --secret SECRET_ID --value-stdin [--description TEXT]
                                           Give a Qovery secret of a higher scope a new value at project level.
  encrypt FILE [--age RECIPIENT]... [--encrypted-regex RE | --unencrypted-suffix S | ...] [--mac-only-encrypted]
               [--in-place]       SOPS-encrypt a definition file for age recipients (else SOPS_AGE_RECIPIENTS or the
                                  matching .sops.yaml creation rule); prints it, or rewrites the file with --in-place.
  decrypt --stdout FILE            Print a SOPS-encrypted file's plaintext (MAC verified); never written to a file.

${REMOTE}
  --dry-run          Show the changes, send nothing.            (push, link, alias, override)
  --yes              Do not ask for confirmation.               (push, link, alias, override)
  --prune            Delete Qovery secrets the file does not declare. (push)
  --env-file PATH    A dotenv file for \${env:NAME} references (repeatable; a later one wins; the environment wins
                     over files). (push, diff, drift)

${LIMITS}

Options:
  -h, --help       Show this help; \`secretdef COMMAND --help\` (or \`secretdef help COMMAND\`) shows a command's.
  -v, --version    Show the version.

Exit codes: 0 done (validate, diff, drift: no errors, no differences), 1 errors found, differences (diff, drift)
or the command failed (a SOPS file whose MAC does not match included), 2 usage error (including a missing token,
an unset \${env:NAME}, no age key that opens a SOPS file, or a confirmation needed where stdin is not a terminal).
SOPS age identities are found as sops finds them: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, and
$XDG_CONFIG_HOME/sops/age/keys.txt (~/.config/sops/age/keys.txt).
File kinds: *.northflank-secret.{yaml,yml,json}, *.northflank-link.{yaml,yml,json},
*.qovery-secrets.{yaml,yml,json}, or any YAML/JSON file whose $schema names a bundled schema.
Tokens are never taken from a flag (it would land in the shell history) and never printed.`;
