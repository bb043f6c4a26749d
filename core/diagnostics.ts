import type { Range } from './text';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** Stable identifier, like an ESLint rule id. Listed in the README. */
  code: DiagnosticCode;
  message: string;
  /** Machine-readable detail for quick fixes (never a secret value). */
  data?: DiagnosticData;
}

export interface DiagnosticData {
  /** Replacements a quick fix may offer, best first ("did you mean"). */
  suggestions?: string[];
  /** A property that is required but missing. */
  missingProperty?: string;
}

interface CodeInfo {
  severity: Severity;
  summary: string;
}

/**
 * Every diagnostic code, with its severity and what it means. The README's table is checked against this list,
 * so adding a code here without documenting it fails the tests.
 */
export const CODES = {
  // Reading the file
  'yaml-syntax': { severity: 'error', summary: 'YAML that cannot be read, at the exact position (the parser goes on past the first error).' },
  'json-syntax': { severity: 'error', summary: 'JSON that cannot be read: strict JSON, no comments, no trailing commas.' },
  'duplicate-key': { severity: 'error', summary: 'A key repeated in one mapping; only one value would be used.' },
  'multiple-documents': { severity: 'error', summary: 'More than one YAML document (`---`) in a definition file.' },
  'unsupported-key': { severity: 'error', summary: 'A YAML key that is a collection or an alias.' },
  'yaml-alias-limit': { severity: 'error', summary: 'YAML aliases that expand to too many nodes (an alias bomb).' },
  'nesting-too-deep': { severity: 'error', summary: 'A document nested deeper than 128 levels; the rest is not checked.' },
  'file-too-large': { severity: 'error', summary: 'A file larger than the validation limit (3 MB); it is not checked.' },
  'empty-document': { severity: 'error', summary: 'An empty file, or one with only comments.' },
  'yaml-tab-indentation': { severity: 'error', summary: 'A tab in the indentation of a YAML line: YAML indents with spaces only. One error per such line, at the tab: what the parser would add about that line (a column of its own, the line above it) is not reported, and neither are schema errors on what it was read as.' },
  'yaml-implicit-type': { severity: 'warning', summary: 'Northflank files: an unquoted value or key that Northflank\'s CLI reads as YAML 1.1 would type it (`010` → 8, `0x1F` → 31, `1e3` → 1000, `~` → empty, `2001-12-14` → a timestamp), so the text stored is not the text written. Quote it.' },
  // The bundled schemas
  'unknown-property': { severity: 'error', summary: 'A property the platform does not accept (with "did you mean").' },
  'missing-property': { severity: 'error', summary: 'A required property is missing.' },
  'invalid-type': { severity: 'error', summary: 'A value of the wrong type (for example a number where the API takes a string).' },
  'invalid-value': { severity: 'error', summary: 'A value outside the allowed set (with the allowed values and "did you mean").' },
  'invalid-pattern': { severity: 'error', summary: 'A string that does not have the form the platform requires.' },
  'invalid-property-name': { severity: 'error', summary: 'A key that is not allowed as a name where it stands (a fallback for name rules without a code of their own).' },
  'invalid-format': { severity: 'error', summary: 'A string that is not of the required format (for example a UUID).' },
  'string-too-short': { severity: 'error', summary: 'A string shorter than the minimum length.' },
  'string-too-long': { severity: 'error', summary: 'A string longer than the maximum length.' },
  'number-out-of-range': { severity: 'error', summary: 'A number below the minimum or above the maximum (`priority` is 0 to 100).' },
  'duplicate-item': { severity: 'error', summary: 'The same item twice in a list that must hold unique items.' },
  'repeated-item': { severity: 'warning', summary: 'The same item twice in a list the platform accepts repeats in (for example top-level `tags`): one of them is surely a mistake.' },
  'nf-variable-name': { severity: 'error', summary: 'A Northflank variable name with characters other than letters, numbers, underscores, hyphens, forward slashes and dots.' },
  'nf-file-path': { severity: 'error', summary: 'A Northflank secret file path that is not absolute (it must start with "/").' },
  'qovery-mount-path': { severity: 'error', summary: 'A Qovery `mount_path` that is not absolute (it must start with "/").' },
  'schema-violation': { severity: 'error', summary: 'Any other schema rule (a fallback; should not normally appear).' },
  // Warnings from the bundled schemas (the platform accepts these on PUT, but they are surely a mistake or break elsewhere)
  'nf-create-name': { severity: 'warning', summary: 'A secret group name the create endpoint (POST) and the Northflank UI reject: 3 to 39 characters starting with a letter.' },
  'nf-create-tag': { severity: 'warning', summary: 'A tag the create endpoint rejects: 3 to 39 characters starting with a letter.' },
  'nf-create-addon-keys': { severity: 'warning', summary: 'An addon dependency without `keys`: the create endpoint requires them and nothing is linked without them.' },
  'nf-keyname-style': { severity: 'warning', summary: 'An addon `keyName` that is not of the form of addon keys (letters, digits and underscores, like `POSTGRES_URI`).' },
  // Semantic rules: Northflank
  'nf-duplicate-addon': { severity: 'warning', summary: 'An `addonId` listed twice in `addonDependencies` (or in `externalAddonDependencies`).' },
  'nf-duplicate-key-name': { severity: 'warning', summary: 'A `keyName` listed twice for one addon.' },
  'nf-alias-collision': { severity: 'warning', summary: 'An alias that is already another alias, a variable name, or a default key name (`NF_<ADDONID>_<KEYNAME>`): one value would overwrite the other.' },
  'nf-invalid-base64': { severity: 'error', summary: 'The `data` of a secret file or Docker secret mount that is not base64 at all (characters outside both base64 alphabets, or a lone last character): the content would be garbage.' },
  'nf-base64-variant': { severity: 'warning', summary: 'File `data` in base64url (`-`, `_`) or with missing or extra `=` padding: Northflank (Node.js) decodes it anyway; the message says how many bytes the file will hold.' },
  'nf-unknown-template-variable': { severity: 'warning', summary: 'A `${NAME}` reference (in a variable value or a decoded file) that names no variable of the group.' },
  'nf-restricted-without-targets': { severity: 'warning', summary: '`restricted: true` with neither `nfObjects` nor `tags`: no resource could read the group.' },
  'nf-tag-match-without-tags': { severity: 'warning', summary: '`tagMatchCondition` without `tags`: it has no effect.' },
  'nf-unknown-addon': { severity: 'error', summary: 'With a live catalog: an `addonId` that is no addon of the project.' },
  'nf-unknown-addon-key': { severity: 'error', summary: 'With a live catalog: a `keyName` the addon does not have (with "did you mean").' },
  'nf-unknown-restriction-target': { severity: 'error', summary: 'With a live catalog: an nfObject that is no service or job of the project, or whose `type` is wrong.' },
  // Semantic rules: Qovery
  'qovery-duplicate-key': { severity: 'error', summary: 'A key defined twice in the file (secrets and aliases share one namespace).' },
  'qovery-key-case': { severity: 'warning', summary: 'Two keys that differ only in case: Qovery keys are case-sensitive, so this is two variables.' },
  'qovery-alias-collision': { severity: 'error', summary: 'An alias whose key is the key of a secret of the file.' },
  'qovery-alias-of-alias': { severity: 'error', summary: 'An alias whose target is itself an alias: Qovery allows one level only.' },
  'qovery-duplicate-override': { severity: 'error', summary: 'The same target overridden twice.' },
  'qovery-override-same-scope': { severity: 'warning', summary: 'An override of a secret defined in the same file: change the secret\'s value instead.' },
  'qovery-value-is-key': { severity: 'warning', summary: 'A secret whose value is the key of another secret (of the file, or known in Qovery): Qovery creates such a secret as an alias of that one.' },
  'qovery-interpolation-without-mount-path': { severity: 'warning', summary: '`enable_interpolation_in_file` on a secret without `mount_path`: it only applies to file secrets.' },
  'qovery-unknown-target': { severity: 'error', summary: 'With a live catalog: an alias or override target that exists neither in the file nor in Qovery.' },
  'qovery-target-scope': { severity: 'error', summary: 'With a live catalog: an alias or override target at a scope that a project-level alias or override cannot point to.' },
  'env-reference-invalid': { severity: 'error', summary: 'A `${env:…}` that is no valid reference (an empty or invalid name, no closing brace): it would be sent literally.' },
  'literal-secret': { severity: 'warning', summary: 'A value that looks like a real secret (a known token format, a private key, a credential in a URL, a high-entropy string) in a file tracked by git: move it to an env file or encrypt the file with SOPS.' },
  'placeholder-value': { severity: 'error', summary: 'A value that is still the placeholder `REPLACE_ME` of a pulled file: pushing it would overwrite the real secret.' },
  // Northflank templates (secret groups inside them get the codes above)
  'nf-template-unknown-argument': { severity: 'error', summary: 'A template\'s `${args.NAME}` where the template declares no argument NAME (in `arguments`, `argumentOverrides` or the run-on-creation overrides). Release flows and preview blueprints, which also get arguments when they run, are not checked.' },
  'nf-template-unknown-ref': { severity: 'error', summary: 'A `${refs.REF...}` where no node (or Git trigger) of the template has that `ref` (with the refs that exist).' },
  'nf-template-ref-order': { severity: 'error', summary: 'A `${refs.REF...}` in a node that runs before the node REF, or inside it: its outputs do not exist yet.' },
  'nf-template-ref-kind': { severity: 'error', summary: 'A `${refs.REF.id}` naming a node of the wrong kind: an addon dependency needs an Addon node, a restriction a service or job node of its `type`, a project context a Project node.' },
  'nf-template-unknown-function': { severity: 'error', summary: 'A `${fn.NAME(...)}` that is no template function of Northflank\'s (with "did you mean").' },
  'nf-template-function-arguments': { severity: 'error', summary: 'A template function called with too few or too many arguments, or `randomSecret` with a length that is not a number or an encoding other than base64 or hex.' },
  'nf-template-duplicate-ref': { severity: 'warning', summary: 'Two nodes of one template with the same `ref`: `${refs.REF}` cannot say which one it means.' },
  // The editor
  'too-many-problems': { severity: 'information', summary: 'A file has more than 1,000 problems: the first 999 are listed (errors first), and this last one says how many more there are. The editor and `secretdef validate` list the same.' },
  // The command line
  'unknown-file-kind': { severity: 'error', summary: 'secretdef validate: a file that is not a known kind of secret definition (name it `*.northflank-secret.yaml` and so on, or add `$schema`).' },
  'file-unreadable': { severity: 'error', summary: 'secretdef validate: a file that cannot be read.' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(CODES, code);
}

/**
 * A diagnostic as one line of text, `file:line:col severity message [code]`, 1-based like tsc and eslint so that
 * terminals and editors can jump to it. The one line format of `secretdef validate`, the warnings `secretdef push`
 * prints and the errors the editor's push logs.
 */
export function formatDiagnosticLine(file: string, d: Pick<Diagnostic, 'range' | 'severity' | 'message' | 'code'>): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.code}]`;
}
