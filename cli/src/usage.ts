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
  validate: `Usage: secretdef validate [--format text|json] [--allow-empty] PATH...

Checks secret definition files. Folders are searched for the file kinds and for YAML/JSON files whose $schema
names a bundled schema (node_modules, .git, dist, out are skipped); symbolic links are followed when they stay
inside the repository, and reported as skipped otherwise.

  --format text|json   Text (file:line:col severity message [code], then a summary) or one JSON array.
  --allow-empty        Succeed when the paths hold no definition file (otherwise exit 1: a CI step that
                       validates nothing is a mistake).

Exit codes: 0 no errors (warnings pass), 1 errors found or no file found, 2 usage error.`,
  diff: `Usage: secretdef diff FILE... [remote options]

Shows what a push would change, values masked, and sends nothing. Exit 0 when the platform already has what the
files say, 1 when they differ (or the remote state cannot be read), 2 for a usage error.

${REMOTE}

${LIMITS}`,
  push: `Usage: secretdef push FILE... [remote options] [--dry-run] [--yes] [--prune]

Validates every file (any error stops everything), shows the masked diff, asks for confirmation, then applies
the files one by one, stopping at the first failure with what was and was not applied.

  --dry-run          Show the changes, send nothing.
  --yes              Do not ask for confirmation (needed where stdin is not a terminal).
  --prune            Delete Qovery secrets the file does not declare.

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
};

export const USAGE = `Usage: secretdef <command> [options]

Commands:
  validate [--format text|json] [--allow-empty] PATH...
                                           Check secret definition files (files or folders).
  diff FILE... [remote options]            Show what a push would change (values masked); exit 1 if they differ.
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

${REMOTE}
  --dry-run          Show the changes, send nothing.            (push, link, alias, override)
  --yes              Do not ask for confirmation.               (push, link, alias, override)
  --prune            Delete Qovery secrets the file does not declare. (push)

${LIMITS}

Options:
  -h, --help       Show this help; \`secretdef COMMAND --help\` (or \`secretdef help COMMAND\`) shows a command's.
  -v, --version    Show the version.

Exit codes: 0 done (validate, diff: no errors, no differences), 1 errors found, differences (diff) or the
command failed, 2 usage error (including a missing token, or a confirmation needed where stdin is not a terminal).
File kinds: *.northflank-secret.{yaml,yml,json}, *.northflank-link.{yaml,yml,json},
*.qovery-secrets.{yaml,yml,json}, or any YAML/JSON file whose $schema names a bundled schema.
Tokens are never taken from a flag (it would land in the shell history) and never printed.`;
