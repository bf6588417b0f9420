/**
 * Reading CloudFormation resources as the rules need them: the rendered properties of any `CfnResource` (L1s of any
 * library, custom resources, escape-hatch overrides included), and intrinsic values flattened to strings.
 *
 * Flattening follows cdk-nag's convention: `{ Ref: X }` becomes `<X>`, `{ "Fn::GetAtt": [X, A] }` becomes `<X.A>`,
 * `Fn::Join` and `Fn::Sub` are concatenated. A value the rules cannot read becomes `<?>`. Real ARNs and names never
 * contain `<` or `>`, so a placeholder is always recognisable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a list: arrays as they are, a single value as a one-element list, undefined as empty. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A property of an object, case-insensitively (IAM and some CloudFormation consumers accept any case). */
export function prop(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

/** Caches of facts derived from the tree, by name, then by object. */
type CacheScope = Map<string, WeakMap<object, unknown>>;

/** The caches used outside validation runs (validateScope, tests). */
const outsideRuns: CacheScope = new Map();

/** The validation run in progress (see withSynthesizedTemplates), if any. */
interface Run {
  /** The `Resources` of each template of the run, by absolute path; undefined until read, null when unreadable. */
  readonly templates: Map<string, JsonObject | null | undefined>;
  /** This run's own caches: nothing derived in an earlier run, or outside runs, is reused in it. */
  readonly caches: CacheScope;
}
let run: Run | undefined;

/**
 * The value `compute` gives for `key`, computed once per validation run (outside runs: once per process). Rules use it
 * for anything derived from the properties of resources (parsed statements, indexes over a stack or an app), so that
 * a run never sees values derived before it, from an earlier synth or from a `validateScope` before Aspects ran.
 */
export function memoized<T>(name: string, key: object, compute: () => T): T {
  const scope = run?.caches ?? outsideRuns;
  let cache = scope.get(name);
  if (!cache) {
    cache = new WeakMap();
    scope.set(name, cache);
  }
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  cache.set(key, value);
  return value;
}

/**
 * Runs `f` as a validation run over the synthesized templates at `templatePaths` (a validation plugin's
 * `context.templatePaths`): renderedProperties takes each resource's properties from its stack's template as written
 * (tokens resolved, post-processing such as policy minimization applied; each template read once) instead of rendering
 * and resolving it again, and every cache of memoized starts empty. Resources without an entry of their own in a
 * template of the run (nested stacks, stacks outside the run's assembly, resources that are not synthesized) are
 * rendered as outside a run.
 */
export function withSynthesizedTemplates<T>(templatePaths: readonly string[], f: () => T): T {
  const previous = run;
  run = { templates: new Map(templatePaths.map((p) => [path.resolve(p), undefined])), caches: new Map() };
  try {
    return f();
  } finally {
    run = previous;
  }
}

/** The `Resources` of a template of the run, read once; null when it cannot be read or parsed (then: rendering). */
function templateResources(current: Run, file: string): JsonObject | null {
  let resources = current.templates.get(file);
  if (resources === undefined) {
    try {
      const r = prop(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, 'Resources');
      resources = isObject(r) ? r : {};
    } catch {
      resources = null;
    }
    current.templates.set(file, resources);
  }
  return resources;
}

/**
 * The properties of the resource in its stack's synthesized template, when a validation run provides one and the
 * template's entry under the resource's logical id is this resource (it is synthesized, and the entry has its type);
 * else undefined. Exported for the test that it equals renderProperties on every resource of the reference app.
 */
export function synthesizedProperties(node: CfnResource): JsonObject | undefined {
  const current = run;
  if (!current) return undefined;
  const stack = Stack.of(node);
  const outdir = Stage.of(stack)?.outdir;
  if (outdir === undefined || stack.nested) return undefined;
  const file = path.resolve(outdir, stack.templateFile);
  if (!current.templates.has(file)) return undefined;
  // A resource that is not synthesized writes no entry: another resource may hold its logical id.
  const synthesizes = (node as unknown as { shouldSynthesize?: () => boolean }).shouldSynthesize;
  if (typeof synthesizes === 'function' && !synthesizes.call(node)) return undefined;
  const resources = templateResources(current, file);
  const entry = resources?.[logicalIdOf(node)];
  if (!isObject(entry) || entry.Type !== node.cfnResourceType) return undefined;
  const p = prop(entry, 'Properties');
  return isObject(p) ? p : {};
}

/**
 * The resource's `Properties` rendered and resolved as synthesis does: camel-case L1 props in CloudFormation case,
 * tags and raw overrides merged, tokens resolved in the resource's stack. Not cached: use renderedProperties.
 */
export function renderProperties(node: CfnResource): JsonObject {
  // CfnResource renders itself with _toCloudFormation (what synthesis uses); it is the only public-by-convention path
  // that applies renderProperties and raw overrides alike for generated L1s, CfnResource and custom resources.
  const render = (node as unknown as { _toCloudFormation?: () => unknown })._toCloudFormation;
  if (typeof render !== 'function') return {};
  const template: unknown = Stack.of(node).resolve(render.call(node));
  const resources = prop(template, 'Resources');
  const entry = isObject(resources) ? Object.values(resources)[0] : undefined;
  const p = prop(entry, 'Properties');
  return isObject(p) ? p : {};
}

/**
 * The resource's `Properties` as they go into the template: inside withSynthesizedTemplates read from the synthesized
 * template, otherwise rendered (renderProperties). Computed once per resource and run (memoized).
 */
export function renderedProperties(node: CfnResource): JsonObject {
  return memoized('properties', node, () => synthesizedProperties(node) ?? renderProperties(node));
}

/** The resource's logical id, resolved. */
export function logicalIdOf(node: CfnResource): string {
  const id: unknown = Stack.of(node).resolve(node.logicalId);
  return typeof id === 'string' ? id : '<?>';
}

/** Every CfnResource of a construct tree (the scope itself included), depth first. */
export function cfnResourcesOf(scope: IConstruct): CfnResource[] {
  return scope.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
}

/**
 * Flattens a resolved value to a string: literals as they are, intrinsics to `<…>` placeholders (see the file
 * comment), anything else to `<?>`.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isObject(value)) return '<?>';
  const ref = value.Ref;
  if (typeof ref === 'string') return `<${ref}>`;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${getAtt.map(flatten).join('.')}>`;
  if (typeof getAtt === 'string') return `<${getAtt}>`;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map(flatten).join(join[0]);
  }
  const sub = value['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (subText !== undefined) {
    const vars = Array.isArray(sub) && isObject(sub[1]) ? sub[1] : {};
    return subText.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => (name in vars ? flatten(vars[name]) : `<${name}>`));
  }
  const imported = value['Fn::ImportValue'];
  if (imported !== undefined) return `<Import:${flatten(imported)}>`;
  return '<?>';
}

/** Every value of a string-or-list field, flattened. */
export function flatList(value: unknown): string[] {
  return asList(value).map(flatten);
}

/** True when the flattened text holds a placeholder for a value unknown at synth time. */
export function hasPlaceholder(text: string): boolean {
  return /<[^>]*>/.test(text);
}

/**
 * Replaces the pseudo-parameter placeholders `<AWS::Region>`, `<AWS::AccountId>` and `<AWS::Partition>` with the
 * stack's values when those are concrete (a stack with an `env`), so that ARNs built with `Aws.REGION` compare as
 * literals.
 */
export function withStackEnvironment(text: string, node: IConstruct): string {
  if (!text.includes('<AWS::')) return text;
  const stack = Stack.of(node);
  const known = (v: string): string | undefined => (Token.isUnresolved(v) ? undefined : v);
  const values: Record<string, string | undefined> = {
    '<AWS::Region>': known(stack.region),
    '<AWS::AccountId>': known(stack.account),
    '<AWS::Partition>': known(stack.partition),
  };
  return text.replace(/<AWS::(Region|AccountId|Partition)>/g, (m) => values[m] ?? m);
}

/** Tag value of a resource (`Tags` as a list of `{ Key, Value }` or as a map), or undefined. */
export function tagValue(props: JsonObject, key: string): string | undefined {
  const tags = prop(props, 'Tags');
  if (isObject(tags)) {
    const v = tags[key];
    return v === undefined ? undefined : flatten(v);
  }
  for (const t of asList(tags)) {
    if (flatten(prop(t, 'Key')) === key) return flatten(prop(t, 'Value'));
  }
  return undefined;
}

/** True for a CloudFormation custom resource (`Custom::…` or `AWS::CloudFormation::CustomResource`). */
export function isCustomResource(node: CfnResource): boolean {
  return node.cfnResourceType.startsWith('Custom::') || node.cfnResourceType === 'AWS::CloudFormation::CustomResource';
}
