/**
 * Drift between definition files of one kind (one file per environment, or per project): keys that some files
 * have and others lack, settings that differ, and values that differ. Values are compared by digest only, and only
 * where every side knows its value: the caller hashes (the core holds no hash function and never sees a value
 * here), and says "unknown, because…" for what it cannot know (an `${env:NAME}` reference it did not resolve, a
 * SOPS-encrypted value it did not decrypt). A report holds names, settings and verdicts: never a value or a digest.
 *
 * The same report describes a file against what its platform holds (`secretdef drift --remote`), from the plan
 * of a push (core/plan), so that `diff`, `push` and `drift` cannot disagree.
 */
import { formatPath, getProperty, toValue, type AstNode, type ObjectNode, type PathSegment } from './ast';
import type { ValueSource } from './env/values';
import { definitionBody, type DefinitionDocument } from './document';
import type { Severity } from './diagnostics';
import type { FileKind } from './kinds';
import { isPlaceholder } from './rules/placeholders';
import type { Range } from './text';
import type { Plan, PlanItem } from './plan/types';

/** Every drift code, with its severity and meaning. The README's table in "secretdef drift" is checked against it. */
export const DRIFT_CODES = {
  'drift-missing': { severity: 'error', summary: 'A key that some files have and others do not (with `--remote`: in the file and not on the platform, or the reverse).' },
  'drift-setting': { severity: 'warning', summary: 'A setting that differs: type, priority, restrictions, file encoding or mount path, addon key aliases, alias target.' },
  'drift-value': { severity: 'warning', summary: 'A value that differs, compared by hash where both sides know it; the value is never shown.' },
  'drift-conflict': { severity: 'error', summary: 'With `--remote`: the file and the platform disagree in a way a push cannot fix as it is (the line says why).' },
  'drift-not-compared': { severity: 'information', summary: 'A value that cannot be compared: not known on one side (an unresolved reference, an encrypted value, a placeholder, a value the platform never returns).' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DriftCode = keyof typeof DRIFT_CODES;

/** What a comparison knows of one value: its digest (made by the caller), or why it is not known. */
export type ValueKnowledge = { known: true; digest: string } | { known: false; why: string };

/** Something a definition declares and another may lack: a variable, a file, a Qovery secret, a group setting. */
export interface DriftEntry {
  /** `variable DB_URL`, `field priority`: unique in a file, the same in every file of the kind. */
  id: string;
  /** The key, path or field alone (`DB_URL`, `/etc/app/config.json`, `priority`). */
  name: string;
  /** The entry whose absence makes this one's absence no news (an addon's keys when the addon is missing). */
  parent?: string;
  /** Where the entry is in its file (its key, or the list item). */
  path: PathSegment[];
  /** Where it would go in a file that lacks it: the collection it belongs to. */
  container: PathSegment[];
  /** Settings compared as text (never a value). */
  settings: Record<string, string>;
  /** Where its secret value is, when it has one. */
  valuePath?: PathSegment[];
}

/** One file of a comparison: its label (the path given), its parsed document, and how its values are known. */
export interface DriftSide {
  label: string;
  doc: DefinitionDocument;
  /** The knowledge of the value at `entry.valuePath`, whose raw text is `raw`. */
  value(entry: DriftEntry, raw: unknown): ValueKnowledge;
}

export interface DriftRow {
  code: DriftCode;
  /** The entry (`variable DB_URL`). */
  entry: string;
  /** Its key, path or field alone (`DB_URL`): what a masked rendering marks. */
  name: string;
  /** `presence`, `value`, or the setting's name. */
  aspect: string;
  /** One cell per side: `present`, `missing`, a setting's text, `value A`, `not known: …`. */
  cells: string[];
  message: string;
  /** Per side, where to annotate (null: nothing to say in that file; a range at 0:0 says it of the whole file). */
  locations: Array<Range | null>;
}

export interface DriftReport {
  kind: FileKind;
  labels: string[];
  rows: DriftRow[];
  /** Entries found the same in every file (a value that could not be compared is not). */
  same: number;
}

export interface DriftOptions {
  /** Compare values (default true); false: keys and settings only. */
  values?: boolean;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (Array.isArray(value)) return value.length ? value.map(text).join(', ') : '(none)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function sortedList(value: unknown): string {
  return Array.isArray(value) && value.length ? value.map(String).sort().join(', ') : '(none)';
}

/** Restrictions as one comparable text, defaults filled in (an absent block is "not restricted"). */
function restrictionsText(value: unknown): string {
  const r = isRecord(value) ? value : {};
  const objects = Array.isArray(r.nfObjects) ? r.nfObjects.map((o) => (isRecord(o) ? `${String(o.type)} ${String(o.id)}` : String(o))).sort() : [];
  const tags = Array.isArray(r.tags) ? r.tags.map(String).sort() : [];
  const parts = [`restricted: ${r.restricted === true}`];
  if (objects.length) parts.push(`nfObjects: ${objects.join(', ')}`);
  if (tags.length) parts.push(`tags: ${tags.join(', ')} (${typeof r.tagMatchCondition === 'string' ? r.tagMatchCondition : 'and'})`);
  return parts.join('; ');
}

/**
 * What a definition declares, entry by entry. Northflank groups: their settings (type, secretType, priority,
 * restrictions), variables, files, Docker secret mounts, addons and their keys; not the name, description, tags
 * or stageId, which name the environment. Addon links: their keys. Qovery: secrets, aliases and overrides; not
 * `project` or descriptions.
 */
export function driftEntries(kind: FileKind, body: Record<string, unknown>): DriftEntry[] {
  const list: DriftEntry[] = [];
  const ids = new Set<string>();
  // The first of two entries with one id wins (the duplicate is a diagnostic of its own).
  const entries = {
    push(entry: DriftEntry) {
      if (ids.has(entry.id)) return;
      ids.add(entry.id);
      list.push(entry);
    },
    some: (id: string) => ids.has(id),
  };
  if (kind === 'northflank-secret') {
    const field = (name: string, value: string) => entries.push({ id: `field ${name}`, name, path: [name], container: [], settings: { [name]: value } });
    field('type', typeof body.type === 'string' ? body.type : 'secret');
    field('secretType', text(body.secretType));
    field('priority', text(body.priority));
    field('restrictions', restrictionsText(body.restrictions));
    const secrets = isRecord(body.secrets) ? body.secrets : {};
    const variables = isRecord(secrets.variables) ? secrets.variables : {};
    for (const name of Object.keys(variables)) {
      entries.push({ id: `variable ${name}`, name, path: ['secrets', 'variables', name], container: ['secrets', 'variables'], settings: {}, valuePath: ['secrets', 'variables', name] });
    }
    for (const [section, label] of [['files', 'file'], ['dockerSecretMounts', 'docker secret mount']] as const) {
      const files = isRecord(secrets[section]) ? secrets[section] : {};
      for (const [name, file] of Object.entries(files)) {
        const encoding = isRecord(file) && typeof file.encoding === 'string' ? file.encoding : 'utf-8';
        entries.push({ id: `${label} ${name}`, name, path: ['secrets', section, name], container: ['secrets', section], settings: { encoding }, valuePath: ['secrets', section, name, 'data'] });
      }
    }
    for (const section of ['addonDependencies', 'externalAddonDependencies'] as const) {
      const deps = Array.isArray(body[section]) ? body[section] : [];
      const label = section === 'addonDependencies' ? 'addon' : 'external addon';
      deps.forEach((dep, i) => {
        if (!isRecord(dep) || typeof dep.addonId !== 'string') return;
        const id = `${label} ${dep.addonId}`;
        if (entries.some(id)) return;
        entries.push({ id, name: dep.addonId, path: [section, i, 'addonId'], container: [section], settings: {} });
        const keys = Array.isArray(dep.keys) ? dep.keys : [];
        keys.forEach((key, k) => {
          if (!isRecord(key) || typeof key.keyName !== 'string') return;
          const keyId = `${label} key ${dep.addonId}/${key.keyName}`;
          entries.push({ id: keyId, name: `${dep.addonId}/${key.keyName}`, parent: id, path: [section, i, 'keys', k, 'keyName'], container: [section, i, 'keys'], settings: { aliases: sortedList(key.aliases) } });
        });
      });
    }
  } else if (kind === 'northflank-link') {
    const keys = Array.isArray(body.keys) ? body.keys : [];
    keys.forEach((key, k) => {
      if (!isRecord(key) || typeof key.keyName !== 'string') return;
      entries.push({ id: `key ${key.keyName}`, name: key.keyName, path: ['keys', k, 'keyName'], container: ['keys'], settings: { aliases: sortedList(key.aliases) } });
    });
  } else {
    const list = (section: 'secrets' | 'aliases' | 'overrides') => (Array.isArray(body[section]) ? body[section] : []);
    list('secrets').forEach((s, i) => {
      if (!isRecord(s) || typeof s.key !== 'string') return;
      const mount = typeof s.mount_path === 'string' ? s.mount_path : undefined;
      const settings: Record<string, string> = { kind: mount ? `file at ${mount}` : 'value' };
      if (mount) settings.interpolation = String(s.enable_interpolation_in_file === true);
      entries.push({ id: `secret ${s.key}`, name: s.key, path: ['secrets', i, 'key'], container: ['secrets'], settings, valuePath: ['secrets', i, 'value'] });
    });
    list('aliases').forEach((a, i) => {
      if (!isRecord(a) || typeof a.key !== 'string') return;
      entries.push({ id: `alias ${a.key}`, name: a.key, path: ['aliases', i, 'key'], container: ['aliases'], settings: { target: text(a.target) } });
    });
    list('overrides').forEach((o, i) => {
      if (!isRecord(o) || typeof o.target !== 'string') return;
      entries.push({ id: `override ${o.target}`, name: o.target, path: ['overrides', i, 'target'], container: ['overrides'], settings: {}, valuePath: ['overrides', i, 'value'] });
    });
  }
  return list;
}

/**
 * What can be known of a value as it is written: a literal is known (by the digest the caller makes); a
 * `${env:NAME}` reference, a SOPS `ENC[…]` value, the pull placeholder or a missing value are not.
 */
export function literalValue(raw: unknown, digest: (value: string) => string): ValueKnowledge {
  if (raw === undefined || raw === null) return { known: false, why: 'no value in the file' };
  if (typeof raw !== 'string') return { known: true, digest: digest(JSON.stringify(raw)) };
  if (/\$\{env:[^}]*\}/.test(raw)) return { known: false, why: 'an env reference, not resolved' };
  if (/^ENC\[[A-Z0-9_]+,/.test(raw)) return { known: false, why: 'encrypted with SOPS' };
  if (isPlaceholder(raw)) return { known: false, why: 'a placeholder' };
  return { known: true, digest: digest(raw) };
}

/**
 * What a comparison knows of a value, given where it comes from (core/env/values `valueSources`, with the
 * environment and the SOPS plaintext where this machine has them): resolved or decrypted, it is judged as a literal
 * (a placeholder stays unknown); otherwise unknown, with the reason.
 */
export function valueKnowledge(source: ValueSource | undefined, raw: unknown, digest: (value: string) => string): ValueKnowledge {
  if (!source || source.from.every((f) => f === 'file')) return literalValue(raw, digest);
  if (source.value !== undefined) return literalValue(source.value, digest);
  if (source.missing.length) return { known: false, why: `${source.missing.map((n) => `\${env:${n}}`).join(', ')} not set` };
  if (source.from.includes('sops')) return { known: false, why: 'encrypted with SOPS, and no age identity here opens it' };
  return { known: false, why: 'an env reference, not resolved' };
}

/** One side of a comparison: a document and what is known of its values (sync/resolve `knownValues`). */
export function driftSide(label: string, doc: DefinitionDocument, sources: readonly ValueSource[], digest: (value: string) => string): DriftSide {
  const byPath = new Map(sources.map((s) => [formatPath(s.path), s]));
  return { label, doc, value: (entry, raw) => valueKnowledge(entry.valuePath ? byPath.get(formatPath(entry.valuePath)) : undefined, raw, digest) };
}

/** Each object's properties by key (the last of duplicates, as getProperty), built once: lookups stay linear. */
const propertyMaps = new WeakMap<ObjectNode, Map<string, AstNode | undefined>>();

function nodeAt(root: AstNode | undefined, path: readonly PathSegment[]): AstNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === 'array') node = typeof segment === 'number' ? node.items[segment] : undefined;
    else if (node.type === 'object') {
      let map = propertyMaps.get(node);
      if (!map) {
        map = new Map(node.properties.map((p) => [p.key, p.value]));
        propertyMaps.set(node, map);
      }
      node = map.get(String(segment));
    } else return undefined;
  }
  return node;
}

/** The range of the key that holds the node at `path` (or of the node, for a list item); undefined when absent. */
function rangeAt(doc: DefinitionDocument, path: readonly PathSegment[]): Range | undefined {
  const node: AstNode | undefined = nodeAt(doc.root, path);
  if (!node) return undefined;
  if (node.property) return doc.lines.rangeOf(node.property.keyOffset, node.property.keyLength);
  return doc.lines.rangeOf(node.offset, node.type === 'object' || node.type === 'array' ? 0 : node.length);
}

/** Where to say that something is missing: the collection it belongs to, or the nearest part of it the file has. */
function missingRange(doc: DefinitionDocument, container: readonly PathSegment[]): Range {
  for (let n = container.length; n > 0; n--) {
    const range = rangeAt(doc, container.slice(0, n));
    if (range) return range;
  }
  return ZERO;
}

function valueAt(body: unknown, path: readonly PathSegment[]): unknown {
  let current = body;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && typeof segment === 'string' && Object.prototype.hasOwnProperty.call(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

function listNames(labels: readonly string[]): string {
  return labels.length <= 2 ? labels.join(' and ') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** Compares files of one kind; the caller checks that they are of one kind. */
export function compareDefinitions(sides: readonly DriftSide[], options: DriftOptions = {}): DriftReport {
  const compareValues = options.values !== false;
  const kind = sides[0].doc.kind;
  const labels = sides.map((s) => s.label);
  const bodies = sides.map((s) => definitionBody(s.doc));
  const entries = sides.map((s, i) => new Map(driftEntries(s.doc.kind, bodies[i]).map((e) => [e.id, e])));
  // Every entry of any file, in the order of the first file that has it.
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const map of entries) {
    for (const id of map.keys()) {
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
    }
  }

  const rows: DriftRow[] = [];
  let same = 0;
  for (const id of ids) {
    const held = entries.map((m) => m.get(id));
    const any = held.find((e): e is DriftEntry => e !== undefined) as DriftEntry;
    // The sides that hold the entry: settings and values are compared among them.
    const at = held.map((e, i) => (e ? i : -1)).filter((i) => i >= 0);
    const cellsOf = (cell: (side: number) => string) => held.map((e, i) => (e ? cell(i) : 'missing'));
    const annotate = (where: (side: number) => boolean) => held.map((e, i) => (e && where(i) ? rangeAt(sides[i].doc, e.path) ?? ZERO : null));
    let differs = false;
    if (at.length < sides.length) {
      differs = true;
      // Where its parent is missing too, that says it already.
      const news = held.map((e, i) => !e && (!any.parent || entries[i].has(any.parent)));
      if (news.some(Boolean)) {
        rows.push({
          code: 'drift-missing',
          entry: id,
          name: any.name,
          aspect: 'presence',
          cells: cellsOf(() => 'present'),
          message: `${id}: in ${listNames(labels.filter((_, i) => held[i]))}; missing in ${listNames(labels.filter((_, i) => !held[i]))}.`,
          locations: held.map((_, i) => (news[i] ? missingRange(sides[i].doc, any.container) : null)),
        });
      }
    }
    if (at.length < 2) continue;
    for (const setting of Object.keys(any.settings)) {
      const value = (i: number) => held[i]?.settings[setting] ?? '(none)';
      // A SOPS file no key opened here: its settings are ciphertext (each encryption differs), not known.
      const sealed = at.filter((i) => sides[i].doc.sops !== undefined && value(i).includes('ENC['));
      if (sealed.length) {
        differs = true;
        rows.push({
          code: 'drift-not-compared',
          entry: id,
          name: any.name,
          aspect: setting,
          cells: cellsOf((i) => (sealed.includes(i) ? 'not known: encrypted with SOPS' : value(i))),
          message: `${id === `field ${setting}` ? setting : `${id}: ${setting}`} cannot be compared: encrypted with SOPS in ${listNames(sealed.map((i) => labels[i]))}, and no age identity here opens it.`,
          locations: annotate((i) => sealed.includes(i)),
        });
        continue;
      }
      if (at.every((i) => value(i) === value(at[0]))) continue;
      differs = true;
      rows.push({
        code: 'drift-setting',
        entry: id,
        name: any.name,
        aspect: setting,
        cells: cellsOf(value),
        message: `${id === `field ${setting}` ? setting : `${id}: ${setting}`} differs: ${at.map((i) => `${value(i)} in ${labels[i]}`).join(', ')}.`,
        locations: annotate(() => true),
      });
    }
    if (compareValues && any.valuePath) {
      const knowledge = held.map((e, i) => (e ? sides[i].value(e, valueAt(bodies[i], e.valuePath ?? [])) : undefined));
      const unknown = at.filter((i) => knowledge[i]?.known === false);
      if (unknown.length) {
        // Not known to be the same either.
        differs = true;
        rows.push({
          code: 'drift-not-compared',
          entry: id,
          name: any.name,
          aspect: 'value',
          cells: cellsOf((i) => {
            const k = knowledge[i] as ValueKnowledge;
            return k.known ? 'known' : `not known: ${k.why}`;
          }),
          message: `${id}: the values cannot be compared: ${unknown.map((i) => `${(knowledge[i] as { why: string }).why} in ${labels[i]}`).join(', ')}.`,
          locations: annotate((i) => unknown.includes(i)),
        });
      } else {
        // Known everywhere: the distinct values are named A, B, C… in order (never the value, nor its digest).
        const letters = new Map<string, string>();
        const letter = (i: number) => {
          const digest = (knowledge[i] as { digest: string }).digest;
          if (!letters.has(digest)) letters.set(digest, String.fromCharCode(65 + (letters.size % 26)));
          return `value ${letters.get(digest)}`;
        };
        const cells = cellsOf(letter);
        if (letters.size > 1) {
          differs = true;
          rows.push({
            code: 'drift-value',
            entry: id,
          name: any.name,
            aspect: 'value',
            cells,
            message: `${id}: the value differs (compared by hash): ${at.map((i) => `${cells[i]} in ${labels[i]}`).join(', ')}.`,
            locations: annotate(() => true),
          });
        }
      }
    }
    if (!differs) same++;
  }
  return { kind, labels, rows, same };
}

/** Whether a report shows drift: anything but values that could not be compared. */
export function hasDrift(report: DriftReport): boolean {
  return report.rows.some((r) => r.code !== 'drift-not-compared');
}

/** Finds where plan items are declared in a file, and the collection each would belong to. Built once per file. */
function planItemPlaces(doc: DefinitionDocument): (item: PlanItem) => { path?: PathSegment[]; container: PathSegment[] } {
  const body = toValue(doc.root);
  const indexes = new Map<string, Map<unknown, number>>();
  const indexWhere = (section: string, key: string, name: string): number => {
    let index = indexes.get(`${section}.${key}`);
    if (!index) {
      index = new Map();
      const list = isRecord(body) && Array.isArray(body[section]) ? body[section] : [];
      list.forEach((x, i) => {
        if (isRecord(x) && !index?.has(x[key])) index?.set(x[key], i);
      });
      indexes.set(`${section}.${key}`, index);
    }
    return index.get(name) ?? -1;
  };
  const inList = (section: string, key: string, name: string) => {
    const i = indexWhere(section, key, name);
    return { path: i >= 0 ? [section, i, key] : undefined, container: [section] };
  };
  const inMap = (container: string[], name: string) => {
    const path = [...container, name];
    return { path: nodeAt(doc.root, path) ? path : undefined, container };
  };
  return (item) => {
    switch (item.subject) {
      case 'group':
        return { path: ['name'], container: [] };
      case 'field':
        return { path: getProperty(doc.root, item.name) ? [item.name] : undefined, container: [] };
      case 'variable':
        return inMap(['secrets', 'variables'], item.name);
      case 'file':
        return inMap(['secrets', 'files'], item.name);
      case 'docker-secret-mount':
        return inMap(['secrets', 'dockerSecretMounts'], item.name);
      case 'addon-dependency':
        return inList('addonDependencies', 'addonId', item.name);
      case 'external-addon-dependency':
        return inList('externalAddonDependencies', 'addonId', item.name);
      case 'link':
        return { path: [], container: [] };
      case 'link-key':
        return inList('keys', 'keyName', item.name);
      case 'secret':
        return inList('secrets', 'key', item.name);
      case 'alias':
        return inList('aliases', 'key', item.name.split(' → ')[0]);
      case 'override':
        return inList('overrides', 'target', item.name);
    }
  };
}

const VALUE_SUBJECTS = new Set<PlanItem['subject']>(['variable', 'file', 'docker-secret-mount', 'secret', 'override']);
const SUBJECT_WORDS: Record<PlanItem['subject'], string> = {
  group: 'secret group', field: 'field', variable: 'variable', file: 'file', 'docker-secret-mount': 'docker secret mount',
  'addon-dependency': 'addon', 'external-addon-dependency': 'external addon', link: 'addon link', 'link-key': 'key',
  secret: 'secret', alias: 'alias', override: 'override',
};

/**
 * A file against what its platform holds, from the plan of a push: two columns, the file and the platform. What
 * a push would create is missing on the platform; what it would remove or keep is missing in the file; what it
 * would change differs; what it writes without comparing could not be compared; what it blocks is a conflict.
 */
export function driftFromPlan(plan: Plan, doc: DefinitionDocument, label: string, platformLabel: string): DriftReport {
  const rows: DriftRow[] = [];
  let same = 0;
  const placeOf = planItemPlaces(doc);
  for (const item of plan.items) {
    if (item.change === 'unchanged') {
      same++;
      continue;
    }
    const entry = `${SUBJECT_WORDS[item.subject]} ${item.name}`;
    const place = placeOf(item);
    const here = (place.path && rangeAt(doc, place.path)) ?? missingRange(doc, place.container);
    const detail = item.detail ? `: ${item.detail}` : '';
    const row = (code: DriftCode, aspect: string, cells: [string, string], message: string): DriftRow => ({ code, entry, name: item.name, aspect, cells, message, locations: [here, null] });
    switch (item.change) {
      case 'create':
        rows.push(row('drift-missing', 'presence', ['present', 'missing'], `${entry}: in ${label}; missing in ${platformLabel}.`));
        break;
      case 'delete':
      case 'keep':
        rows.push(row('drift-missing', 'presence', ['missing', 'present'], `${entry}: in ${platformLabel}; missing in ${label}.`));
        break;
      case 'update':
        if (VALUE_SUBJECTS.has(item.subject) && item.detail === 'value differs') rows.push(row('drift-value', 'value', ['value A', 'value B'], `${entry}: the value differs from ${platformLabel}.`));
        else rows.push(row('drift-setting', item.subject === 'field' ? item.name : 'settings', [item.detail ?? 'differs', ''], `${entry}: differs from ${platformLabel}${detail}.`));
        break;
      case 'write':
        // Unknown in the file here (an unset reference, a sealed SOPS value), or never returned by the platform.
        rows.push(row('drift-not-compared', 'value', item.unknownHere ? [`not known: ${item.unknownHere}`, 'not compared'] : ['known', 'not returned'], `${entry}: cannot be compared with ${platformLabel}${detail}.`));
        break;
      case 'blocked':
        rows.push(row('drift-conflict', 'presence', ['present', 'conflict'], `${entry}: conflicts with ${platformLabel}${detail}.`));
        break;
    }
  }
  return { kind: plan.kind, labels: [label, platformLabel], rows, same };
}

const MARK: Record<DriftCode, string> = { 'drift-missing': '-', 'drift-setting': '~', 'drift-value': '≠', 'drift-conflict': 'x', 'drift-not-compared': '?' };

/** "2 differences (1 missing, 1 value), 1 not compared, 12 the same." */
export function summarizeDrift(report: DriftReport): string {
  const count = (code: DriftCode) => report.rows.filter((r) => r.code === code).length;
  const parts: string[] = [];
  const missing = count('drift-missing');
  const settings = count('drift-setting');
  const values = count('drift-value');
  const conflicts = count('drift-conflict');
  if (missing) parts.push(`${missing} missing`);
  if (settings) parts.push(`${settings} setting${settings === 1 ? '' : 's'}`);
  if (values) parts.push(`${values} value${values === 1 ? '' : 's'}`);
  if (conflicts) parts.push(`${conflicts} conflict${conflicts === 1 ? '' : 's'}`);
  const total = missing + settings + values + conflicts;
  const notCompared = count('drift-not-compared');
  const head = total ? `${total} difference${total === 1 ? '' : 's'} (${parts.join(', ')})` : 'No drift';
  return `${head}${notCompared ? `, ${notCompared} not compared` : ''}, ${report.same} the same.`;
}

/**
 * The report as a table for a terminal: one row per difference, one column per file, then a summary line.
 * `-` missing somewhere, `~` a setting, `≠` a value, `x` a conflict, `?` not compared.
 */
export function renderDriftTable(report: DriftReport): string[] {
  const head = ['', ...report.labels];
  const aspect = (r: DriftRow) => (r.aspect === 'presence' || r.aspect === 'value' || r.entry === `field ${r.aspect}` ? '' : ` (${r.aspect})`);
  const body = report.rows.map((r) => [`${MARK[r.code]} ${r.entry}${aspect(r)}`, ...r.cells]);
  const widths = head.map((h, c) => Math.min(60, Math.max(h.length, ...body.map((row) => (row[c] ?? '').length))));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [...(body.length ? [line(head), ...body.map(line)] : []), summarizeDrift(report)];
}
