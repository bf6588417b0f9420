/**
 * Reading CloudFormation resources as the rules need them: the rendered properties of any `CfnResource` (L1s of any
 * library, custom resources, escape-hatch overrides included), and intrinsic values flattened to strings.
 *
 * Flattening follows cdk-nag's convention: `{ Ref: X }` becomes `<X>`, `{ "Fn::GetAtt": [X, A] }` becomes `<X.A>`,
 * `Fn::Join` and `Fn::Sub` are concatenated. A value the rules cannot read becomes `<?>`. Real ARNs and names never
 * contain `<` or `>`, so a placeholder is always recognisable.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
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

const rendered = new WeakMap<CfnResource, JsonObject>();

/**
 * The resource's `Properties` as they go into the template: camel-case L1 props rendered in CloudFormation case, tags
 * and raw overrides merged, tokens resolved in the resource's stack. Cached per resource (the tree is locked when
 * validation plugins run).
 */
export function renderedProperties(node: CfnResource): JsonObject {
  const hit = rendered.get(node);
  if (hit) return hit;
  // CfnResource renders itself with _toCloudFormation (what synthesis uses); it is the only public-by-convention path
  // that applies renderProperties and raw overrides alike for generated L1s, CfnResource and custom resources.
  const render = (node as unknown as { _toCloudFormation?: () => unknown })._toCloudFormation;
  let props: JsonObject = {};
  if (typeof render === 'function') {
    const template: unknown = Stack.of(node).resolve(render.call(node));
    const resources = prop(template, 'Resources');
    const entry = isObject(resources) ? Object.values(resources)[0] : undefined;
    const p = prop(entry, 'Properties');
    if (isObject(p)) props = p;
  }
  rendered.set(node, props);
  return props;
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
