/**
 * What an app holds, per environment, for the rules that look beyond one resource. Computed once per app (the tree
 * is locked while validation plugins run) and cached on its root construct.
 *
 * An environment is `<account>/<region>` as a stack sees it. For environment-agnostic stacks these are the
 * unresolved `AWS::AccountId` / `AWS::Region` tokens, the same strings in every stack: all environment-agnostic stacks
 * of an app count as one environment (as InvocationLogging's registry does). An environment-agnostic stack and a
 * stack with a concrete environment are different environments.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { cfnResourcesOf, flatten, isCustomResource, isObject, memoized, renderedProperties } from './cfn';

/** The resource type of InvocationLogging's custom resource. */
export const INVOCATION_LOGGING_RESOURCE_TYPE = 'Custom::BedrockInvocationLogging';

/** Resource types of Bedrock agents and knowledge bases. */
const AGENT_TYPE = 'AWS::Bedrock::Agent';
const KNOWLEDGE_BASE_TYPE = 'AWS::Bedrock::KnowledgeBase';

/** Facts about one app. */
export interface AppFacts {
  /** Environments (`<account>/<region>`) in which model invocation logging is configured. */
  readonly loggingEnvironments: ReadonlySet<string>;
  /** True when the app defines a Bedrock agent. */
  readonly hasAgents: boolean;
  /** True when the app defines a Bedrock knowledge base. */
  readonly hasKnowledgeBases: boolean;
}

/** The environment key of the construct's stack. */
export function environmentOf(scope: IConstruct): string {
  const { account, region } = Stack.of(scope);
  return `${account}/${region}`;
}

/** Facts about the app (the construct tree root) the resource belongs to; gathered once per validation run. */
export function appFacts(node: CfnResource): AppFacts {
  return memoized('appFacts', node.node.root, () => gatherAppFacts(node.node.root));
}

function gatherAppFacts(root: IConstruct): AppFacts {
  const logging = new Set<string>();
  let hasAgents = false;
  let hasKnowledgeBases = false;
  for (const r of cfnResourcesOf(root)) {
    if (r.cfnResourceType === AGENT_TYPE) hasAgents = true;
    if (r.cfnResourceType === KNOWLEDGE_BASE_TYPE) hasKnowledgeBases = true;
    if (configuresInvocationLogging(r)) logging.add(environmentOf(r));
  }
  return { loggingEnvironments: logging, hasAgents, hasKnowledgeBases };
}

/**
 * True for InvocationLogging's custom resource, and for an `AwsCustomResource` (or any custom resource) whose create or
 * update call is Bedrock's `PutModelInvocationLoggingConfiguration`.
 */
export function configuresInvocationLogging(r: CfnResource): boolean {
  if (r.cfnResourceType === INVOCATION_LOGGING_RESOURCE_TYPE) return true;
  if (!isCustomResource(r)) return false;
  const props = renderedProperties(r);
  return ['Create', 'Update'].some((k) => {
    const call = parseCall(props[k]);
    return call !== undefined && /^bedrock$/i.test(call.service) && /^putModelInvocationLoggingConfiguration$/i.test(call.action);
  });
}

/** An AwsCustomResource call (`{ service, action }`, JSON text in the template). */
function parseCall(value: unknown): { service: string; action: string } | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    // JSON text, or a Fn::Join of it when the call holds tokens (flattened: tokens become <…> inside the strings).
    parsed = JSON.parse(typeof value === 'string' ? value : flatten(value)) as unknown;
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || typeof parsed.service !== 'string' || typeof parsed.action !== 'string') return undefined;
  return { service: parsed.service.replace(/^@aws-sdk\/client-/, ''), action: parsed.action.replace(/Command$/, '') };
}
