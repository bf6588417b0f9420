/**
 * Which identity policies apply to the same principal, so that rules can read a grant split over several policies
 * (a ModelAccessPolicy over 6,144 characters becomes several managed policies; a role has inline and managed ones).
 *
 * Two policies are pooled when they are attached to a common role, user or group of the same stack (by `Ref` or by
 * name: `Roles`/`Users`/`Groups` of a policy, `ManagedPolicyArns` and `Policies` of a role, user or group), or when
 * they are the L1 children of sibling L2 constructs under one parent construct that is not a stack (the parts of
 * one ModelAccessPolicy before they are attached). Policies attached only in another stack are not seen.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { flatList, flatten, logicalIdOf, memoized, prop, renderedProperties } from './cfn';
import { identityStatements, Statement } from './statements';

interface Entry {
  readonly node: CfnResource;
  readonly statements: readonly Statement[];
  readonly keys: Set<string>;
}

const PRINCIPAL_TYPES: Readonly<Record<string, string>> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user', 'AWS::IAM::Group': 'group' };
const NAME_PROPS: Readonly<Record<string, string>> = { role: 'RoleName', user: 'UserName', group: 'GroupName' };

/** The statements of every identity policy that applies to a principal the node's policies apply to (its own included). */
export function statementPool(node: CfnResource): readonly Statement[] {
  const index = indexOf(Stack.of(node));
  const own = index.get(node);
  if (!own) return identityStatements(node) ?? [];
  const pool: Statement[] = [];
  for (const entry of index.values()) {
    if (entry === own || [...entry.keys].some((k) => own.keys.has(k))) pool.push(...entry.statements);
  }
  return pool;
}

/** The principal index of a stack, built once per validation run. */
function indexOf(stack: Stack): Map<CfnResource, Entry> {
  return memoized('principalIndex', stack, () => buildIndex(stack));
}

function buildIndex(stack: Stack): Map<CfnResource, Entry> {
  const index = new Map<CfnResource, Entry>();
  const attachedTo = new Map<string, string[]>(); // `<ManagedPolicyLogicalId>` → principal keys
  const nodes = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
  for (const node of nodes) {
    const statements = identityStatements(node);
    const props = renderedProperties(node);
    const kind = PRINCIPAL_TYPES[node.cfnResourceType];
    const keys = new Set<string>();
    if (kind) {
      const principalKeys = [`${kind}:<${logicalIdOf(node)}>`];
      const name = prop(props, NAME_PROPS[kind]!);
      if (name !== undefined) principalKeys.push(`${kind}:${flatten(name)}`);
      principalKeys.forEach((k) => keys.add(k));
      for (const arn of flatList(prop(props, 'ManagedPolicyArns'))) attachedTo.set(arn, [...(attachedTo.get(arn) ?? []), ...principalKeys]);
    }
    for (const [field, k] of [
      ['Roles', 'role'],
      ['Users', 'user'],
      ['Groups', 'group'],
      ['RoleName', 'role'],
      ['UserName', 'user'],
      ['GroupName', 'group'],
    ] as const) {
      if (kind) continue; // a principal's own name is not an attachment
      for (const v of flatList(prop(props, field))) keys.add(`${k}:${v}`);
    }
    const group = siblingGroup(node);
    if (group) keys.add(group);
    if (statements) index.set(node, { node, statements, keys });
  }
  for (const entry of index.values()) {
    for (const k of attachedTo.get(`<${logicalIdOf(entry.node)}>`) ?? []) entry.keys.add(k);
  }
  return index;
}

/** `scope:<path>` of the construct that holds the node's L2 wrapper, unless that is a stack. */
function siblingGroup(node: CfnResource): string | undefined {
  const wrapper = node.node.scope;
  if (!wrapper || wrapper.node.defaultChild !== node) return undefined;
  const holder = wrapper.node.scope;
  if (!holder || Stack.isStack(holder)) return undefined;
  return `scope:${holder.node.path}`;
}
