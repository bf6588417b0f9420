/**
 * IAM policy documents as the rules read them: statements normalised (lists everywhere, values flattened, condition
 * operators and keys split out), and the identity-policy documents a CloudFormation resource carries.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { globMatches } from '../../iam/glob';
import { asList, flatList, flatten, isObject, JsonObject, memoized, prop, renderedProperties, withStackEnvironment } from './cfn';

/** One condition test: `operator` (e.g. `StringEquals`, `ForAnyValue:StringLike`), `key` (lower case), values. */
export interface ConditionTest {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** A statement, normalised. Absent fields are `undefined`; present ones are lists of flattened strings. */
export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  /** `'*'` for `Principal: "*"`, otherwise principal type (`AWS`, `Service`, …) to values. */
  readonly principal?: '*' | Readonly<Record<string, readonly string[]>>;
  readonly conditions: readonly ConditionTest[];
}

/** Parses a resolved policy document (object or JSON text) into statements; unreadable input gives none. */
export function parseDocument(document: unknown, node: CfnResource): Statement[] {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch {
      return [];
    }
  }
  return asList(prop(doc, 'Statement'))
    .map((s) => parseStatement(s, node))
    .filter((s): s is Statement => s !== undefined);
}

function parseStatement(raw: unknown, node: CfnResource): Statement | undefined {
  if (!isObject(raw)) return undefined;
  const effect = flatten(prop(raw, 'Effect'));
  if (effect !== 'Allow' && effect !== 'Deny') return undefined;
  const list = (name: string): string[] | undefined => {
    const v = prop(raw, name);
    return v === undefined ? undefined : flatList(v).map((t) => withStackEnvironment(t, node));
  };
  const sid = prop(raw, 'Sid');
  return {
    sid: typeof sid === 'string' ? sid : undefined,
    effect,
    actions: list('Action'),
    notActions: list('NotAction'),
    resources: list('Resource'),
    notResources: list('NotResource'),
    principal: parsePrincipal(prop(raw, 'Principal')),
    conditions: parseConditions(prop(raw, 'Condition'), node),
  };
}

function parsePrincipal(raw: unknown): Statement['principal'] {
  if (raw === undefined) return undefined;
  if (flatten(raw) === '*') return '*';
  if (!isObject(raw)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [type, values] of Object.entries(raw)) out[type] = flatList(values);
  return out;
}

function parseConditions(raw: unknown, node: CfnResource): ConditionTest[] {
  if (!isObject(raw)) return [];
  const tests: ConditionTest[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    if (!isObject(block)) continue;
    for (const [key, values] of Object.entries(block)) {
      tests.push({ operator, key: key.toLowerCase(), values: flatList(values).map((v) => withStackEnvironment(v, node)) });
    }
  }
  return tests;
}

/** True when the action pattern (IAM glob, case-insensitive as IAM action names are) matches the action. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern.toLowerCase(), action.toLowerCase());
}

/** True when the statement applies to the action (through `Action`, or through `NotAction` not naming it). */
export function coversAction(s: Statement, action: string): boolean {
  if (s.actions) return s.actions.some((p) => actionMatches(p, action));
  if (s.notActions) return !s.notActions.some((p) => actionMatches(p, action));
  return false;
}

/**
 * The condition operator without its set qualifier (`ForAnyValue:`, `ForAllValues:`), and whether it ends in
 * `IfExists` (which passes when the key is absent).
 */
export function baseOperator(operator: string): { readonly name: string; readonly ifExists: boolean } {
  const name = operator.replace(/^For(Any|All)Values?:/i, '');
  const ifExists = /IfExists$/i.test(name);
  return { name: ifExists ? name.slice(0, -'IfExists'.length) : name, ifExists };
}

/** The condition tests of a statement on a key (lower-case comparison). */
export function testsOn(s: Statement, key: string): ConditionTest[] {
  const k = key.toLowerCase();
  return s.conditions.filter((c) => c.key === k);
}

/** Resource types whose `PolicyDocument` property is one identity policy. */
const SINGLE_DOCUMENT_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy']);
/** Resource types with a `Policies` list of inline identity policies. */
const INLINE_POLICY_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/**
 * The statements of the identity policies the resource carries (IAM policies, managed policies, inline policies of
 * roles, users and groups, the inline policy of an IAM Identity Center permission set), or undefined when the
 * resource carries none. Parsed once per resource and validation run (several rules read them).
 */
export function identityStatements(node: CfnResource): readonly Statement[] | undefined {
  return memoized('identityStatements', node, () => parseIdentityStatements(node));
}

function parseIdentityStatements(node: CfnResource): Statement[] | undefined {
  const type = node.cfnResourceType;
  const props: JsonObject =
    SINGLE_DOCUMENT_TYPES.has(type) || INLINE_POLICY_TYPES.has(type) || type === 'AWS::SSO::PermissionSet' ? renderedProperties(node) : {};
  if (SINGLE_DOCUMENT_TYPES.has(type)) return parseDocument(prop(props, 'PolicyDocument'), node);
  if (INLINE_POLICY_TYPES.has(type)) return asList(prop(props, 'Policies')).flatMap((p) => parseDocument(prop(p, 'PolicyDocument'), node));
  if (type === 'AWS::SSO::PermissionSet') return parseDocument(prop(props, 'InlinePolicy'), node);
  return undefined;
}
