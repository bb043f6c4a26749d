import { getProperty, toValue, type ArrayNode, type AstNode, type ObjectNode, type PropertyNode } from './ast';
import { OFFLINE_CATALOG, type Catalog } from './catalog';
import type { Diagnostic } from './diagnostics';
import type { DefinitionDocument, TreeHistory } from './document';
import { mayHoldAnchors, type TreeChange } from './parse/yaml-incremental';
import { semanticDiagnostics } from './rules';
import { createContext, KEYED_SECTIONS, objectAt, type KeyedSection, type NameSet, type RuleContext, type VariablesView } from './rules/context';
import { addonNames, fileContent, variableReferences, variablesOf } from './rules/northflank';
import { filePlaceholder, variablePlaceholder } from './rules/placeholders';
import { propertyTyping, typingApplies } from './rules/typing';
import { indexedLookup, schemaDiagnostics, type PropertyLookup } from './schema/engine';
import { SECRET_DOCKER_SECRET_MOUNTS, SECRET_FILES, SECRET_VARIABLES, type SchemaPart } from './schema/parts';
import { childSchema } from './schema/navigate';
import { SCHEMAS } from './schema/schemas';
import { asStored, capDiagnostics, sortDiagnostics, validateDocument } from './validate';

/**
 * `validateDocument`, again after each edit of one document, redoing only what the edit changed: the language server
 * keeps one per open document. The result is always exactly `validateDocument`'s (the same diagnostics in the same
 * order, test/unit/validate-incremental.test.ts compares them over random edits).
 *
 * A secret group is its variables (nearly all of a large file) and the rest. Each variable's diagnostics depend on the
 * variable alone (its schema, `${NAME}` references, placeholder and YAML typing rules), except that a reference is
 * checked against the names the group defines; the rest's depend on the rest, the group's names and where each
 * variable is. So the variables' diagnostics are kept per variable name, and after an edit (the tree updated in place,
 * `DefinitionDocument.history` saying which properties were replaced) only the variables the edit replaced are
 * checked again, with those that reference a name the edit added or removed. The rest is checked on its own (the
 * tree's `secrets.variables` emptied meanwhile), again only when an edit changed it, the catalog changed, or an answer
 * it had from the variables (whether a name is defined, the line of a variable an alias collides with) is no longer
 * the same; otherwise its diagnostics are kept, moved by the lines the edits added or removed above them. The rest
 * grows with a group too (files and addons: checking it at every edit made an edit's cost grow with the file), so its
 * files (and Docker secret mounts) are checked one by one like the variables, and only the one an edit changed is
 * checked again (or one that references a name that came or went); a section that names a file twice is checked with
 * the rest. A name
 * defined twice is checked again at every edit (its diagnostics depend on where both are). Whatever else (another kind, a SOPS file, a part of
 * a template, `${env:NAME}` references, syntax errors, a tree parsed again in full) is validated in full.
 */
export class IncrementalValidator {
  private state: State | undefined;

  validate(doc: DefinitionDocument, catalog: Catalog = OFFLINE_CATALOG): Diagnostic[] {
    const vars = eligible(doc) ? variablesOf(doc.root) : undefined;
    if (!vars || !doc.history) {
      this.state = undefined;
      return validateDocument(doc, catalog);
    }
    const changes = this.state?.vars === vars ? changesSince(doc.history, this.state.revision) : undefined;
    if (this.state && changes) {
      this.state.update(doc, changes);
    } else if (doc.syntax === 'yaml' && mayHoldAnchors(doc.text)) {
      // An alias or a merge shows a node in two places, which the typing rule reports once: in one part only. Checked
      // when a state is built, not at each edit: a change made in place never brings an anchor (the line re-parse
      // refuses them, and a text that may hold one is parsed again in full, which builds a new state).
      this.state = undefined;
      return validateDocument(doc, catalog);
    } else {
      this.state = new State(doc, vars, this.state);
    }
    return this.state.diagnostics(doc, catalog);
  }
}

/** The kind of document this validates by parts: a plain secret group whose rules see no syntax error. */
function eligible(doc: DefinitionDocument): boolean {
  return doc.kind === 'northflank-secret' && !doc.tooLarge && !doc.container && !doc.sops && doc.root?.type === 'object' && doc.problems.every((p) => p.code === 'duplicate-key') && !doc.source.includes('${env:');
}

/** The changes that made the document's tree from revision `revision`, in order; undefined when they are not known. */
function changesSince(history: TreeHistory, revision: number): TreeChange[] | undefined {
  if (history.revision === revision) return [];
  const first = history.changes.findIndex((c) => c.from === revision);
  return first < 0 ? undefined : history.changes.slice(first).map((c) => c.change);
}

const KIND = 'northflank-secret';

/** The diagnostics of one variable name, as computed when its first property's key was on `line`. */
interface Entry {
  props: PropertyNode[];
  diagnostics: Diagnostic[];
  line: number;
  /** The names its values reference. */
  refs: string[];
  /** Whether one of them names nothing (its message suggests a name, which any new name may change). */
  unknown: boolean;
  /** The text of its one property, from the start of its line to the end of its value, when it has one. */
  source: string | undefined;
}

class State {
  revision: number;
  readonly vars: ObjectNode;
  private readonly syntax: DefinitionDocument['syntax'];
  /** The properties of `secrets.variables` by name, in the order of the file. */
  private readonly byName = new Map<string, PropertyNode[]>();
  private readonly entries = new Map<string, Entry>();
  /** The names whose entry has diagnostics (a valid group has few or none). */
  private readonly reported = new Set<string>();
  /** The variables that reference a name. */
  private readonly referencing = new Map<string, Set<string>>();
  private readonly unknown = new Set<string>();
  /** Names given to more than one variable. */
  private readonly repeated = new Set<string>();
  private addons: Set<string>;
  private readonly names: NameSet;
  private readonly view: VariablesView;
  /** The rest's diagnostics and what they were computed from, while they may be kept. */
  private restKept: RestKept | undefined;
  /** How many times the names the group defines changed (a name came or went). */
  private flips = 0;
  /** The sections checked file by file, apart from the rest (as found when the rest was last checked). */
  private sections: Section[] = [];
  /** The diagnostics of each file of those sections, by its property. */
  private readonly files = new Map<PropertyNode, FileEntry>();

  /**
   * With `before`, the state of an earlier tree of the same document (parsed again in full since): a variable whose
   * text is the same and that had no diagnostic and referenced nothing has none now either, and is not checked again.
   */
  constructor(doc: DefinitionDocument, vars: ObjectNode, before?: State) {
    this.revision = doc.history?.revision ?? -1;
    this.vars = vars;
    this.syntax = doc.syntax;
    for (const p of vars.properties) {
      const list = this.byName.get(p.key);
      if (list) {
        list.push(p);
        this.repeated.add(p.key);
      } else {
        this.byName.set(p.key, [p]);
      }
    }
    this.addons = addonNames(doc.root);
    const { byName } = this;
    const addons = (): Set<string> => this.addons;
    this.names = {
      has: (name) => byName.has(name) || addons().has(name),
      *[Symbol.iterator]() {
        yield* byName.keys();
        for (const name of addons()) if (!byName.has(name)) yield name;
      },
    };
    this.view = {
      names: this.names,
      keyOffsetOf: (name) => {
        const list = byName.get(name);
        return list ? list[list.length - 1].keyOffset : undefined;
      },
    };
    const again: string[] = [];
    for (const [name, props] of byName) {
      const old = before?.syntax === doc.syntax ? before.entries.get(name) : undefined;
      const p = props[0];
      if (old && props.length === 1 && old.source !== undefined && old.diagnostics.length === 0 && old.refs.length === 0 && old.source === sourceOf(doc, p)) {
        this.entries.set(name, { props, diagnostics: old.diagnostics, line: -1, refs: old.refs, unknown: false, source: old.source });
      } else {
        again.push(name);
      }
    }
    this.computeAll(doc, again);
  }

  /** Takes in the changes that made `doc`'s tree from the one last validated. */
  update(doc: DefinitionDocument, changes: readonly TreeChange[]): void {
    this.revision = doc.history?.revision ?? -1;
    /** Names whose properties changed, and whether the group had them before. */
    const touched = new Map<string, boolean>();
    const touch = (name: string): void => {
      if (!touched.has(name)) touched.set(name, this.byName.has(name));
    };
    let restChanged = false;
    const sectionsChanged = new Set<ObjectNode>();
    for (const change of changes) {
      if (change.mapping === this.vars) {
        for (const p of change.removed) {
          touch(p.key);
          const list = this.byName.get(p.key);
          const i = list ? list.indexOf(p) : -1;
          if (!list || i < 0) continue;
          list.splice(i, 1);
          if (list.length === 0) this.byName.delete(p.key);
        }
        for (const p of change.added) {
          touch(p.key);
          const list = this.byName.get(p.key);
          if (list) list.push(p);
          else this.byName.set(p.key, [p]);
        }
      } else {
        // A mapping inside a variable's value (not valid, but checked all the same): that variable changed.
        const name = variableHolding(change.mapping, this.vars);
        if (name !== undefined) {
          touch(name);
          continue;
        }
        // A section checked file by file, or a mapping inside one of its files: those files changed.
        const held = holder(change.mapping, (node) => this.sections.find((s) => s.node === node));
        if (held) {
          if (held.entry) this.files.delete(held.entry);
          for (const p of change.removed) this.files.delete(p);
          sectionsChanged.add(held.at.node);
          continue;
        }
        // Anywhere else, the rest changed.
        restChanged = true;
      }
    }
    // A section that now names a file twice is checked with the rest (the schema reports each of its keys once).
    for (const section of sectionsChanged) if (repeatsAKey(section)) restChanged = true;
    for (const name of touched.keys()) {
      const list = this.byName.get(name);
      if (list && list.length > 1) {
        // In the order of the file (a property added by an earlier change may have moved since).
        list.sort((a, b) => a.keyOffset - b.keyOffset);
        this.repeated.add(name);
      } else {
        this.repeated.delete(name);
      }
    }
    const addonsBefore = this.addons;
    if (restChanged) {
      this.restKept = undefined;
      // The addons' key names and aliases are names the group defines too.
      this.addons = addonNames(doc.root);
    }
    // The names the group defines that came or went.
    const flipped: string[] = [];
    const candidates = new Set(touched.keys());
    for (const name of addonsBefore) if (!this.addons.has(name)) candidates.add(name);
    for (const name of this.addons) if (!addonsBefore.has(name)) candidates.add(name);
    for (const name of candidates) {
      const before = (touched.get(name) ?? this.byName.has(name)) || addonsBefore.has(name);
      if (before !== this.names.has(name)) flipped.push(name);
    }
    const again = new Set(touched.keys());
    for (const name of this.repeated) again.add(name);
    if (flipped.length > 0) {
      this.flips++;
      for (const name of this.unknown) again.add(name);
      for (const name of flipped) for (const by of this.referencing.get(name) ?? []) again.add(by);
    }
    this.computeAll(doc, again);
  }

  /** Checks the variables of one name again (or forgets them, when there are none). */
  private compute(doc: DefinitionDocument, name: string, rules: RuleContext, sink: Diagnostic[], lookup: PropertyLookup): void {
    const old = this.entries.get(name);
    if (old) {
      for (const ref of old.refs) this.referencing.get(ref)?.delete(name);
      this.unknown.delete(name);
      this.entries.delete(name);
      this.reported.delete(name);
    }
    const props = this.byName.get(name);
    if (!props || !doc.root) return;
    const diagnostics: Diagnostic[] = [];
    // The schema: the value the document has under this name is the last property's (ast.ts toValue).
    if (SECRET_VARIABLES) {
      for (const d of schemaDiagnostics(KIND, doc.root, partValue(SECRET_VARIABLES, name, props[props.length - 1]), doc.lines, [], undefined, SECRET_VARIABLES, lookup)) diagnostics.push(d);
    }
    // The rules, in the order validateDocument runs them (rules/index.ts): references, placeholders, typing. They
    // report into `sink`, which is emptied after each name.
    sink.length = 0;
    const refs: string[] = [];
    for (const p of props) for (const ref of variableReferences(rules, p, this.names)) refs.push(detached(ref));
    const unknown = sink.length > 0;
    for (const p of props) variablePlaceholder(rules, p);
    if (typingApplies(doc)) for (const p of props) propertyTyping(rules, p);
    for (const d of sink) diagnostics.push(d);
    sink.length = 0;
    // Kept across versions: nothing kept may hold on to the text of the version it was computed on.
    for (let i = 0; i < diagnostics.length; i++) diagnostics[i] = keptCopy(diagnostics[i]);
    const source = props.length === 1 ? detached(sourceOf(doc, props[0])) : undefined;
    this.entries.set(name, { props, diagnostics, line: diagnostics.length ? doc.lines.positionAt(props[0].keyOffset).line : -1, refs, unknown, source });
    if (diagnostics.length) this.reported.add(name);
    for (const ref of refs) {
      const set = this.referencing.get(ref);
      if (set) set.add(name);
      else this.referencing.set(ref, new Set([name]));
    }
    if (unknown) this.unknown.add(name);
  }

  /** Checks these names again. */
  private computeAll(doc: DefinitionDocument, names: Iterable<string>): void {
    const sink: Diagnostic[] = [];
    const rules = createContext(doc, OFFLINE_CATALOG, sink, this.view);
    // The schema's look-up of a property by key: the variables' from `byName`, not by scanning them (for the rest of
    // the tree, one index per check: the tree changes between checks).
    const others = indexedLookup();
    const lookup: PropertyLookup = (node, key, which) => {
      if (node !== this.vars) return others(node, key, which);
      const list = this.byName.get(key);
      return list && (which === 'first' ? list[0] : list[list.length - 1]);
    };
    for (const name of names) this.compute(doc, name, rules, sink, lookup);
  }

  /** validateDocument's result: the reading problems, the rest's diagnostics, the variables' kept diagnostics. */
  diagnostics(doc: DefinitionDocument, catalog: Catalog): Diagnostic[] {
    const { lines } = doc;
    const out: Diagnostic[] = doc.problems.map((p) => ({ range: lines.rangeOf(p.offset, p.length), severity: p.severity, code: p.code, message: p.message }));
    for (const d of this.rest(doc, catalog)) out.push(d);
    for (const section of this.sections) for (const p of section.node.properties) for (const d of this.file(doc, section, p)) out.push(d);
    for (const name of this.reported) {
      const entry = this.entries.get(name);
      if (!entry) continue;
      const line = lines.positionAt(entry.props[0].keyOffset).line;
      if (line !== entry.line) {
        // Lines were added or removed before it: the same diagnostics, moved.
        entry.diagnostics = entry.diagnostics.map((d) => moved(d, line - entry.line));
        entry.line = line;
      }
      for (const d of entry.diagnostics) out.push(d);
    }
    return capDiagnostics(sortDiagnostics(out));
  }

  /** The rest's diagnostics: those kept, when nothing they depend on changed; otherwise checked again. */
  private rest(doc: DefinitionDocument, catalog: Catalog): Diagnostic[] {
    const kept = this.restKept;
    if (kept && kept.catalog === catalog && this.answersHold(kept, doc)) {
      // Lines added or removed in the variables or the files before a diagnostic move it with its anchor.
      for (let i = 0; i < kept.diagnostics.length; i++) {
        const anchor = kept.anchors[i];
        if (!anchor) continue;
        const line = doc.lines.positionAt(anchor.offset).line;
        if (line !== kept.anchorLines[i]) {
          kept.diagnostics[i] = moved(kept.diagnostics[i], line - kept.anchorLines[i]);
          kept.anchorLines[i] = line;
        }
      }
      return kept.diagnostics;
    }
    this.restKept = undefined;
    const root = doc.root;
    if (!root) return [];
    const recorded: RestKept = { catalog, diagnostics: [], anchors: [], anchorLines: [], flips: this.flips, iterated: false, has: new Map(), lineOf: new Map() };
    const view = this.recording(recorded, doc);
    const sections = keyedSections(root);
    this.sections = sections;
    for (const p of this.files.keys()) if (!sections.some((s) => s.node === p.parent)) this.files.delete(p);
    // What is checked apart, emptied meanwhile; the spans it covers (from the start of its first line: an edit of
    // them may change any of that).
    const apart: ObjectNode[] = [this.vars, ...sections.map((s) => s.node)];
    const regions = apart.map((node) => ({ start: doc.lines.offsetAt({ line: doc.lines.positionAt(node.offset).line, character: 0 }), end: node.offset + node.length }));
    const emptied = apart.map((node) => node.properties);
    for (const node of apart) node.properties = [];
    let out: Diagnostic[];
    try {
      out = schemaDiagnostics(KIND, root, asStored(KIND, SCHEMAS[KIND], toValue(root)), doc.lines);
      for (const d of semanticDiagnostics(doc, catalog, view)) out.push(d);
      // Each diagnostic is kept with the first node of the rest at or after its start: what an edit of the parts
      // checked apart moves, it moves by as many lines. (Found by halving a list of the nodes in the order of the
      // text: one walk, however many diagnostics.)
      const nodes = out.length ? inOrder(root, new Set<AstNode>(apart)) : [];
      if (!nodes) return out;
      for (const d of out) {
        const from = doc.lines.offsetAt(d.range.start);
        const anchor = firstFrom(nodes, from);
        const to = Math.max(doc.lines.offsetAt(d.range.end), anchor ? anchor.offset : Infinity);
        // Kept only when no part checked apart lies between its start and its anchor, nor under it.
        if (regions.some((r) => r.end > from && r.start < to)) return out;
        recorded.anchors.push(anchor);
        recorded.anchorLines.push(anchor ? doc.lines.positionAt(anchor.offset).line : -1);
      }
    } finally {
      apart.forEach((node, i) => (node.properties = emptied[i]));
    }
    // Kept across versions: nothing kept may hold on to the text of the version it was computed on.
    recorded.diagnostics = out.map((d) => keptCopy(d));
    this.restKept = recorded;
    return recorded.diagnostics;
  }

  /** The diagnostics of one file of a section checked file by file: those kept, unless it changed. */
  private file(doc: DefinitionDocument, section: Section, p: PropertyNode): Diagnostic[] {
    const entry = this.files.get(p);
    if (entry && (entry.refs.length === 0 || entry.flips === this.flips)) {
      if (entry.diagnostics.length) {
        const line = doc.lines.positionAt(p.keyOffset).line;
        if (line !== entry.line) {
          entry.diagnostics = entry.diagnostics.map((d) => moved(d, line - entry.line));
          entry.line = line;
        }
      }
      return entry.diagnostics;
    }
    const root = doc.root;
    if (!root) return [];
    const diagnostics: Diagnostic[] = [];
    // The schema, on the section holding this file alone (it names no file twice: `p` is the first and the last).
    const others = indexedLookup();
    const lookup: PropertyLookup = (node, key, which) => (node === section.node && key === p.key ? p : others(node, key, which));
    for (const d of schemaDiagnostics(KIND, root, partValue(section.part, p.key, p), doc.lines, [], undefined, section.part, lookup)) diagnostics.push(d);
    // The rules, in the order validateDocument runs them (rules/index.ts): the content, placeholders, typing. (Repeated
    // items: a file's schema has no list.)
    const sink: Diagnostic[] = [];
    const rules = createContext(doc, OFFLINE_CATALOG, sink, this.view);
    const refs = fileContent(rules, section.name, p, this.names).map(detached);
    filePlaceholder(rules, p);
    if (typingApplies(doc)) propertyTyping(rules, p);
    for (const d of sink) diagnostics.push(d);
    // Kept across versions: nothing kept may hold on to the text of the version it was computed on.
    for (let i = 0; i < diagnostics.length; i++) diagnostics[i] = keptCopy(diagnostics[i]);
    this.files.set(p, { diagnostics, line: diagnostics.length ? doc.lines.positionAt(p.keyOffset).line : -1, refs, flips: this.flips });
    return diagnostics;
  }

  /** The view of the variables the rest is checked with, writing down every answer it gives. */
  private recording(kept: RestKept, doc: DefinitionDocument): VariablesView {
    const { names, view } = this;
    return {
      names: {
        has: (name) => {
          const has = names.has(name);
          kept.has.set(detached(name), has);
          return has;
        },
        [Symbol.iterator]: () => {
          kept.iterated = true;
          return names[Symbol.iterator]();
        },
      },
      keyOffsetOf: (name) => {
        const offset = view.keyOffsetOf(name);
        kept.lineOf.set(detached(name), offset === undefined ? undefined : doc.lines.positionAt(offset).line);
        return offset;
      },
    };
  }

  /** Whether the variables still give the answers the rest was checked with. */
  private answersHold(kept: RestKept, doc: DefinitionDocument): boolean {
    if (kept.iterated && kept.flips !== this.flips) return false;
    for (const [name, has] of kept.has) if (this.names.has(name) !== has) return false;
    for (const [name, line] of kept.lineOf) {
      const offset = this.view.keyOffsetOf(name);
      if ((offset === undefined ? undefined : doc.lines.positionAt(offset).line) !== line) return false;
    }
    return true;
  }
}

/** The rest's diagnostics, kept, and what they were computed from. */
interface RestKept {
  catalog: Catalog;
  diagnostics: Diagnostic[];
  /**
   * For each diagnostic: the first node of the rest at or after its start (none at the end of the text), and that
   * node's line: it moves as far as the node moves.
   */
  anchors: (AstNode | undefined)[];
  anchorLines: number[];
  /** The answers the variables gave: whether the names were iterated (and `State.flips` then), has(name), the line of keyOffsetOf(name). */
  flips: number;
  iterated: boolean;
  has: Map<string, boolean>;
  lineOf: Map<string, number | undefined>;
}

/** A diagnostic moved by some lines (the same characters). */
function moved(d: Diagnostic, by: number): Diagnostic {
  return { ...d, range: { start: { line: d.range.start.line + by, character: d.range.start.character }, end: { line: d.range.end.line + by, character: d.range.end.character } } };
}

/**
 * The nodes of a tree in the order of the text (each before its children), but those in `skip` (emptied); undefined
 * when their offsets do not grow in that order (then nothing is kept).
 */
function inOrder(root: AstNode, skip: ReadonlySet<AstNode>): AstNode[] | undefined {
  const out: AstNode[] = [];
  const stack: AstNode[] = [root];
  while (stack.length) {
    const node = stack.pop() as AstNode;
    if (!skip.has(node)) {
      if (out.length && out[out.length - 1].offset > node.offset) return undefined;
      out.push(node);
    }
    if (node.type === 'object') {
      for (let i = node.properties.length - 1; i >= 0; i--) {
        const value = node.properties[i].value;
        if (value) stack.push(value);
      }
    } else if (node.type === 'array') {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return out;
}

/** The first of these nodes (in the order of the text) that starts at or after `offset`. */
function firstFrom(nodes: readonly AstNode[], offset: number): AstNode | undefined {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (nodes[mid].offset < offset) low = mid + 1;
    else high = mid;
  }
  return nodes[low];
}

/** A section of `secrets` checked file by file, with the schema of the section. */
interface Section {
  name: KeyedSection;
  node: ObjectNode;
  part: SchemaPart;
}

/** The diagnostics of one file, as computed when its key was on `line`, with the names its content references. */
interface FileEntry {
  diagnostics: Diagnostic[];
  line: number;
  refs: string[];
  /** `State.flips` then: a file that references names is checked again when a name came or went. */
  flips: number;
}

const PARTS: Record<KeyedSection, SchemaPart | undefined> = { files: SECRET_FILES, dockerSecretMounts: SECRET_DOCKER_SECRET_MOUNTS };

/** The sections of a group's `secrets` its files can be checked one by one in: mappings that name no file twice. */
function keyedSections(root: AstNode): Section[] {
  const secrets = objectAt(getProperty(root, 'secrets')?.value);
  const out: Section[] = [];
  for (const name of KEYED_SECTIONS) {
    const node = objectAt(getProperty(secrets, name)?.value);
    const part = PARTS[name];
    if (node && part && !repeatsAKey(node)) out.push({ name, node, part });
  }
  return out;
}

function repeatsAKey(node: ObjectNode): boolean {
  const seen = new Set<string>();
  for (const p of node.properties) {
    if (seen.has(p.key)) return true;
    seen.add(p.key);
  }
  return false;
}


/** A diagnostic to keep across versions: its message and data copied (detached) from the text they were cut from. */
function keptCopy(d: Diagnostic): Diagnostic {
  const { data } = d;
  if (!data) return { ...d, message: detached(d.message) };
  return { ...d, message: detached(d.message), data: { ...data, ...(data.suggestions ? { suggestions: data.suggestions.map(detached) } : {}), ...(data.missingProperty !== undefined ? { missingProperty: detached(data.missingProperty) } : {}) } };
}

/**
 * A copy of a string that does not keep the string it was cut from alive: V8 represents a slice of a long string (and
 * a match in it) as a view of the whole, so a name cut from one version of a 2.6 MB file would keep that version in
 * memory for as long as the name is kept. Concatenated, then cut, the characters are copied into a string of their own.
 */
function detached(s: string): string {
  return ` ${s}`.slice(1);
}

/** A property's text from the start of its line (its indentation: a block scalar's content depends on it). */
function sourceOf(doc: DefinitionDocument, p: PropertyNode): string {
  return doc.source.slice(p.keyOffset - doc.lines.positionAt(p.keyOffset).character, p.offset + p.length);
}

/**
 * The first of a mapping and its ancestors that `is`, and the entry of it that holds the mapping (none when the
 * mapping is that one itself); undefined when none is.
 */
function holder<T>(mapping: ObjectNode, is: (node: ObjectNode | ArrayNode) => T | undefined): { at: T; entry?: PropertyNode } | undefined {
  let node: ObjectNode | ArrayNode = mapping;
  let entry: PropertyNode | undefined;
  for (;;) {
    const at = is(node);
    if (at !== undefined) return { at, entry };
    if (!node.parent) return undefined;
    entry = node.property;
    node = node.parent;
  }
}

/** The name of the variable whose value holds a mapping, when it is inside `secrets.variables`. */
function variableHolding(mapping: ObjectNode, vars: ObjectNode): string | undefined {
  return holder(mapping, (node) => (node === vars ? node : undefined))?.entry?.key;
}

/** The value a part's schema checks for one entry of it: `{ [key]: the entry's value as stored }`. */
function partValue(part: SchemaPart, key: string, p: PropertyNode): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const stored = asStored(KIND, childSchema(KIND, part.schema, key), toValue(p.value));
  // `__proto__` is an own property here, as in toValue: assigning it would set the prototype instead.
  if (key === '__proto__') Object.defineProperty(value, key, { value: stored, enumerable: true, configurable: true, writable: true });
  else value[key] = stored;
  return value;
}
