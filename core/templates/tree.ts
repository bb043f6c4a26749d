/**
 * The node tree of a Northflank template, release flow or preview blueprint, as Northflank's documentation
 * describes it ("Write a template", "Template nodes"): a top-level object with `apiVersion` and `spec`, where `spec`
 * is a node. A node is an object with a `kind` (Workflow, Project, Addon, SecretGroup...), an optional `ref` that
 * later nodes use as `${refs.<ref>...}`, and a `spec`. A Workflow's `spec.steps` holds nodes, run one after the
 * other (`sequential`) or at the same time (`parallel`). `teardownSpec.spec` is a second tree that runs on teardown
 * and sees the refs of the last setup run. A Pipeline node may hold release flow and preview templates (`kind`
 * ReleaseFlow or PreviewEnv, their own template in `spec`): their expressions belong to them, except those prefixed
 * with `template.`, which the outer template resolves.
 */
import { getProperty, type AstNode, type ObjectNode, type ScalarNode } from '../ast';
import type { DefinitionDocument } from '../document';

export type TemplateFlavour = 'template' | 'release-flow' | 'preview-env';

export const FLAVOUR_TITLES: Record<TemplateFlavour, string> = {
  template: 'template',
  'release-flow': 'release flow',
  'preview-env': 'preview blueprint',
};

/** Node kinds of Northflank's documentation, with what they do (completion and hover). */
export const NODE_KINDS: Readonly<Record<string, string>> = {
  Workflow: 'Runs the nodes of `steps` one after the other (`sequential`) or at the same time (`parallel`).',
  Project: 'Creates or updates a project.',
  BYOCIntegration: 'Creates or updates a cloud provider integration.',
  BYOCCluster: 'Creates or updates a cluster and its node pools.',
  SubdomainPath: 'Creates a path for routing on a subdomain.',
  ResourceTag: 'Creates a tag in the team.',
  CustomPlan: 'Creates a custom resource plan in the team.',
  SecretInheritance: 'Merges global secrets in a given order.',
  CombinedService: 'Creates or updates a combined service (build and deploy).',
  BuildService: 'Creates or updates a build service.',
  DeploymentService: 'Creates or updates a deployment service.',
  CronJob: 'Creates or updates a cron job.',
  ManualJob: 'Creates or updates a manual job.',
  Addon: 'Creates or updates an addon (a database, a cache, object storage...).',
  SecretGroup: 'Creates or updates a secret group: its `spec` is the body of a secret group, checked like a `*.northflank-secret` file.',
  Pipeline: 'Creates or updates a pipeline, with release flow and preview templates for its stages.',
  Volume: 'Creates or updates a volume.',
  AddonBackup: 'Backs up an addon.',
  AddonImport: 'Imports a backup into an addon.',
  JobRun: 'Runs a job.',
  Build: 'Starts a build.',
  Action: 'Runs an action: restart, execute a command, restore a backup, clone a repository.',
  Condition: 'Waits until a resource is running or an action succeeded.',
  Release: 'Release flows: deploys a build or an image, or promotes a deployment.',
  OpenTofu: 'Creates infrastructure with OpenTofu.',
  OpenTofuDestroy: 'Teardown: destroys what an OpenTofu node created.',
};

/** The kinds of nodes whose `id` a restriction may name, by nfObject `type`. */
export const RESTRICTABLE_KINDS: Readonly<Record<'service' | 'job', readonly string[]>> = {
  service: ['CombinedService', 'DeploymentService', 'BuildService'],
  job: ['CronJob', 'ManualJob'],
};

export interface TemplateNode {
  kind: string;
  kindNode: ScalarNode;
  ref?: string;
  refNode?: ScalarNode;
  object: ObjectNode;
  spec: AstNode | undefined;
  scope: TemplateScope;
  /** Pre-order position in its scope: a node that runs before another comes first (unless they run in parallel). */
  order: number;
  /** Past the last offset of the node's subtree, for "is this offset inside". */
  end: number;
  teardown: boolean;
  parent?: TemplateNode;
  children: TemplateNode[];
}

export interface TemplateTrigger {
  ref: string;
  refNode: ScalarNode;
}

export interface TemplateScope {
  flavour: TemplateFlavour;
  /** The template object (`apiVersion`, `arguments`, `spec`...). */
  root: ObjectNode;
  /** Declared arguments: `arguments`, `argumentOverrides`, run-on-creation overrides, rich input outputs. */
  args: Map<string, { span: { offset: number; length: number } }>;
  nodes: TemplateNode[];
  triggers: TemplateTrigger[];
  /** A release flow or preview template inside a Pipeline node: the node and its scope. */
  outer?: TemplateNode;
}

export interface TemplateModel {
  main: TemplateScope;
  scopes: TemplateScope[];
  /** Every node of every scope, in document order. */
  nodes: TemplateNode[];
}

const models = new WeakMap<object, TemplateModel | null>();

/** The template of a document (built once per parse), or undefined when its root is not an object. */
export function templateModel(doc: DefinitionDocument): TemplateModel | undefined {
  const root = doc.root;
  if (!root || root.type !== 'object') return undefined;
  let model = models.get(root);
  if (model === undefined) {
    model = buildModel(root, flavourOf(root));
    models.set(root, model);
  }
  return model ?? undefined;
}

const SCHEMA_FLAVOUR = /\/v1\/schemas\/(template|release-flow|preview-env)\/?(?:[#?].*)?$/;

/** Which kind of template: from Northflank's own `$schema` when the file names it, else from its fields. */
export function flavourOf(root: ObjectNode): TemplateFlavour {
  const schema = stringOf(getProperty(root, '$schema')?.value);
  const named = schema ? SCHEMA_FLAVOUR.exec(schema)?.[1] : undefined;
  if (named) return named as TemplateFlavour;
  // A template has a name; release flow and preview templates are named by their pipeline stage.
  if (getProperty(root, 'name')) return 'template';
  return getProperty(root, 'richInputs') || !getProperty(root, 'triggers') ? 'release-flow' : 'preview-env';
}

function stringOf(node: AstNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

function objectOf(node: AstNode | undefined): ObjectNode | undefined {
  return node?.type === 'object' ? node : undefined;
}

function buildModel(root: ObjectNode, flavour: TemplateFlavour): TemplateModel {
  const scopes: TemplateScope[] = [];
  const all: TemplateNode[] = [];
  const build = (object: ObjectNode, flavourOfScope: TemplateFlavour, outer?: TemplateNode): TemplateScope => {
    const scope: TemplateScope = { flavour: flavourOfScope, root: object, args: declaredArguments(object), nodes: [], triggers: triggersOf(object), ...(outer ? { outer } : {}) };
    scopes.push(scope);
    let order = 0;
    const visitNode = (node: AstNode | undefined, parent: TemplateNode | undefined, teardown: boolean): void => {
      const object = objectOf(node);
      const kindNode = getProperty(object, 'kind')?.value;
      if (!object || kindNode?.type !== 'string') return;
      const refNode = getProperty(object, 'ref')?.value;
      const spec = getProperty(object, 'spec')?.value;
      const n: TemplateNode = {
        kind: kindNode.value as string,
        kindNode,
        ...(refNode?.type === 'string' ? { ref: refNode.value as string, refNode } : {}),
        object,
        spec,
        scope,
        order: order++,
        end: object.offset + object.length,
        teardown,
        ...(parent ? { parent } : {}),
        children: [],
      };
      parent?.children.push(n);
      scope.nodes.push(n);
      all.push(n);
      if (n.kind === 'Workflow') {
        const steps = getProperty(spec, 'steps')?.value;
        if (steps?.type === 'array') for (const step of steps.items) visitNode(step, n, teardown);
      } else if (n.kind === 'Pipeline') {
        for (const nested of nestedTemplates(spec)) build(nested.spec, nested.flavour, n);
      }
    };
    visitNode(getProperty(object, 'spec')?.value, undefined, false);
    // Teardown: `teardownSpec.spec` is a node; Northflank's own example also writes it as a bare `{ steps: [...] }`.
    const teardown = objectOf(getProperty(objectOf(getProperty(object, 'teardownSpec')?.value), 'spec')?.value);
    if (teardown && getProperty(teardown, 'kind')) visitNode(teardown, undefined, true);
    else {
      const steps = getProperty(teardown, 'steps')?.value;
      if (steps?.type === 'array') for (const step of steps.items) visitNode(step, undefined, true);
    }
    return scope;
  };
  const main = build(root, flavour);
  all.sort((a, b) => a.object.offset - b.object.offset);
  return { main, scopes, nodes: all };
}

/** Release flow and preview templates inside a Pipeline node's spec (wherever its stages put them). */
function nestedTemplates(spec: AstNode | undefined): { spec: ObjectNode; flavour: TemplateFlavour }[] {
  const out: { spec: ObjectNode; flavour: TemplateFlavour }[] = [];
  const visit = (node: AstNode | undefined, depth: number): void => {
    if (!node || depth > 8) return;
    if (node.type === 'array') {
      for (const item of node.items) visit(item, depth + 1);
      return;
    }
    if (node.type !== 'object') return;
    const kind = stringOf(getProperty(node, 'kind')?.value);
    const inner = objectOf(getProperty(node, 'spec')?.value);
    if ((kind === 'ReleaseFlow' || kind === 'PreviewEnv') && inner) {
      out.push({ spec: inner, flavour: kind === 'ReleaseFlow' ? 'release-flow' : 'preview-env' });
      return;
    }
    for (const p of node.properties) visit(p.value, depth + 1);
  };
  visit(spec, 0);
  return out;
}

function declaredArguments(root: ObjectNode): TemplateScope['args'] {
  const args: TemplateScope['args'] = new Map();
  const keysOf = (node: AstNode | undefined): void => {
    for (const p of objectOf(node)?.properties ?? []) if (!args.has(p.key)) args.set(p.key, { span: { offset: p.keyOffset, length: p.keyLength } });
  };
  keysOf(getProperty(root, 'arguments')?.value);
  keysOf(getProperty(root, 'argumentOverrides')?.value);
  keysOf(getProperty(objectOf(getProperty(root, 'options')?.value), 'runOnCreationArgumentOverrides')?.value);
  // Release flows: a rich input's `outputs` map what is picked when the flow runs to argument names.
  const richInputs = getProperty(root, 'richInputs')?.value;
  for (const input of richInputs?.type === 'array' ? richInputs.items : []) {
    const outputs = objectOf(getProperty(objectOf(getProperty(input, 'spec')?.value), 'outputs')?.value);
    for (const p of outputs?.properties ?? []) {
      if (p.value?.type === 'string' && !args.has(p.value.value as string)) args.set(p.value.value as string, { span: { offset: p.value.offset, length: p.value.length } });
    }
  }
  return args;
}

function triggersOf(root: ObjectNode): TemplateTrigger[] {
  const triggers = getProperty(root, 'triggers')?.value;
  const out: TemplateTrigger[] = [];
  for (const t of triggers?.type === 'array' ? triggers.items : []) {
    const ref = getProperty(t, 'ref')?.value;
    if (ref?.type === 'string') out.push({ ref: ref.value as string, refNode: ref });
  }
  return out;
}

/** The innermost node of a scope whose object contains the offset. */
export function nodeAt(scope: TemplateScope, offset: number): TemplateNode | undefined {
  let found: TemplateNode | undefined;
  for (const n of scope.nodes) if (offset >= n.object.offset && offset < n.end && (!found || n.object.offset >= found.object.offset)) found = n;
  return found;
}

/** The innermost scope whose template contains the offset. */
export function scopeAt(model: TemplateModel, offset: number): TemplateScope {
  let found = model.main;
  for (const s of model.scopes) if (s !== model.main && offset >= s.root.offset && offset < s.root.offset + s.root.length && s.root.offset >= found.root.offset) found = s;
  return found;
}

/** The nodes of a scope with a given ref. */
export function nodesWithRef(scope: TemplateScope, ref: string): TemplateNode[] {
  return scope.nodes.filter((n) => n.ref === ref);
}

export type Order = 'before' | 'after' | 'parallel' | 'self';

/**
 * When `def` runs relative to `use` (the node whose spec holds a reference): before it, after it, at the same time
 * (in two branches of a parallel workflow), or `self` when the reference is inside the referenced node itself (a
 * node's outputs exist only once it has run). Teardown nodes run after every setup node.
 */
export function runsRelative(def: TemplateNode, use: TemplateNode): Order {
  if (def.teardown !== use.teardown) return def.teardown ? 'after' : 'before';
  if (use.object.offset >= def.object.offset && use.end <= def.end) return 'self';
  const useChain = ancestors(use);
  // The nearest workflow holding both: its type decides, for two different steps of it.
  for (const a of ancestors(def)) {
    const i = useChain.indexOf(a);
    if (i < 0) continue;
    const type = stringOf(getProperty(a.spec, 'type')?.value);
    if (type === 'parallel') return 'parallel';
    break;
  }
  return def.order < use.order ? 'before' : 'after';
}

function ancestors(n: TemplateNode): TemplateNode[] {
  const out: TemplateNode[] = [];
  for (let p = n.parent; p; p = p.parent) out.push(p);
  return out;
}

/** A short name of a node for messages: `Addon "database"` (its ref, else its spec's name). */
export function describeNode(n: TemplateNode): string {
  const name = n.ref ?? stringOf(getProperty(n.spec, 'name')?.value);
  return name ? `${n.kind} node "${name}"` : `${n.kind} node`;
}
