/** Thrown for a command line that cannot be understood: exit code 2, with the usage text unless `showUsage` is false. */
export class UsageError extends Error {
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

export const USAGE = `Usage: secretdef <command> [options]

Commands:
  validate [--format text|json|sarif|github] [--output FILE] PATH...
                                           Check secret definition files (files or folders).
  diff FILE... [remote options]            Show what a push would change (values masked); exit 1 if they differ.
  drift FILE FILE... [--ignore-values] [--format text|json|sarif|github] [--output FILE]
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

Remote options:
  --project ID       Northflank project id, or Qovery project UUID (optional for a Qovery file that names it).
  --team ID          Northflank team (team-scoped routes /v1/teams/ID/projects/...).
  --secret ID        Northflank secret group id, for addon link files.
  --addon ID         Northflank addon id, for addon link files.
  --api-url URL      API base URL (or NORTHFLANK_API_URL / QOVERY_API_URL).
  --token-stdin      Read the API token from stdin instead of NORTHFLANK_API_TOKEN / QOVERY_API_TOKEN.
  --verbose          Log each request (method, path, status, duration) to stderr.
  --dry-run          Show the changes, send nothing.            (push, link, alias, override)
  --yes              Do not ask for confirmation.               (push, link, alias, override)
  --prune            Delete Qovery secrets the file does not declare. (push)

Options:
  -h, --help       Show this help.
  -v, --version    Show the version.

Exit codes: 0 done (validate, diff, drift: no errors, no differences), 1 errors found, differences (diff, drift) or the
command failed, 2 usage error (including a missing token, or a confirmation needed where stdin is not a terminal).
File kinds: *.northflank-secret.{yaml,yml,json}, *.northflank-link.{yaml,yml,json},
*.qovery-secrets.{yaml,yml,json}, or any YAML/JSON file whose $schema names a bundled schema.
Tokens are never taken from a flag (it would land in the shell history) and never printed.`;
