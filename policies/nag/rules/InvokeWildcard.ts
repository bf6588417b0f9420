import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { INVOKE_ACTIONS } from '../../iam/actions';
import { arnParts } from './arns';
import { invokeActionsOf, knownActionsMatching } from './invoke';
import type { BedrockRule } from './rule';
import { identityStatements } from './statements';

/** True for a resource pattern that covers every Bedrock resource (`*`, or a Bedrock ARN whose resource part is `*`). */
function isAnyResource(resource: string): boolean {
  if (resource === '*') return true;
  const parts = arnParts(resource);
  const rest = parts.slice(5).join(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[2] === 'bedrock' && (rest === '*' || rest === '*/*');
}

/** True for one of the two model invocation actions. */
const isInvoke = (action: string): boolean => (INVOKE_ACTIONS as readonly string[]).includes(action);

/**
 * Findings of an identity policy that allows model invocation too broadly: `Action::<pattern>` for an action pattern
 * that covers an invoke action and other Bedrock actions (`*`, `bedrock:*`, `bedrock:Invoke*`), `NotAction` for an
 * Allow with NotAction that leaves invocation in, `Resource::<pattern>` for `*` (or `arn:…:bedrock:…:*`),
 * `NotResource` for an Allow with NotResource.
 */
export function checkInvokeWildcard(node: CfnResource): NagRuleResult {
  const statements = identityStatements(node);
  if (!statements) return NagRuleCompliance.NOT_APPLICABLE;
  const findings = new Set<string>();
  for (const s of statements) {
    if (s.effect !== 'Allow' || invokeActionsOf(s).length === 0) continue;
    for (const pattern of s.actions ?? []) {
      const known = knownActionsMatching(pattern);
      if (known.some(isInvoke) && known.some((a) => !isInvoke(a))) {
        findings.add(`Action::${pattern}`);
      }
    }
    if (s.notActions) findings.add('NotAction');
    for (const r of s.resources ?? []) if (isAnyResource(r)) findings.add(`Resource::${r}`);
    if (s.notResources) findings.add('NotResource');
  }
  return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
}

/** Rule: Bedrock model invocation allowed on every resource or through a wildcard action. */
export const InvokeWildcard: BedrockRule = {
  id: 'InvokeWildcard',
  level: NagMessageLevel.ERROR,
  info: 'An identity policy allows Bedrock model invocation on every resource or through a wildcard action.',
  explanation:
    'Least privilege for foundation models means naming the models (and inference profiles) a principal may invoke, with the two ' +
    'actions that authorize invocation: bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream (or bedrock:InvokeModel*). ' +
    'Checked: every Allow statement of an IAM policy, managed policy, role/user/group inline policy or permission set that applies ' +
    'to an invoke action. Findings: Action::<pattern> when the pattern also matches other Bedrock actions (*, bedrock:*, bedrock:Invoke* ' +
    'which also grants InvokeAgent, InvokeFlow, InvokeTool…), NotAction, Resource::* (or a Bedrock ARN ending in :*) and NotResource. ' +
    'Globs over model ids (foundation-model/amazon.nova-*) are not findings. Fix: grant the invoke actions on model and profile ARNs, ' +
    'for example with ModelAccessPolicy.',
  controls: ['GENSEC01-BP01'],
  check: checkInvokeWildcard,
};
