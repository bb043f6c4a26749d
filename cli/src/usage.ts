/** Thrown for a command line that cannot be understood: exit code 2 with the usage text. */
export class UsageError extends Error {}

export const USAGE = `Usage: secretdef <command> [options]

Commands:
  validate [--format text|json] PATH...   Check secret definition files (files or folders).

Options:
  -h, --help       Show this help.
  -v, --version    Show the version.

Exit codes: 0 no errors, 1 errors found (or the command failed), 2 usage error.
File kinds: *.northflank-secret.{yaml,yml,json}, *.northflank-link.{yaml,yml,json},
*.qovery-secrets.{yaml,yml,json}, or any YAML/JSON file whose $schema names a bundled schema.`;
