import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { appFacts, environmentOf, INVOCATION_LOGGING_RESOURCE_TYPE } from './environments';
import { allowsInvoke } from './invoke';
import type { BedrockRule } from './rule';
import { identityStatements } from './statements';

/** Non-compliant: an identity policy allows model invocation in an environment of the app where no logging is configured. */
export function checkInvocationLogging(node: CfnResource): NagRuleResult {
  const statements = identityStatements(node);
  if (!statements) return NagRuleCompliance.NOT_APPLICABLE;
  if (!statements.some(allowsInvoke)) return NagRuleCompliance.COMPLIANT;
  return appFacts(node).loggingEnvironments.has(environmentOf(node)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Rule: model invocation granted where no model invocation logging is configured. */
export const InvocationLogging: BedrockRule = {
  id: 'InvocationLogging',
  level: NagMessageLevel.WARN,
  info: 'Model invocation is allowed in an account and region where the app configures no model invocation logging.',
  explanation:
    'CloudTrail records that a model was invoked, never the prompt or the completion: only model invocation logging does, and it ' +
    'is off until configured, once per account and region. Checked: each identity policy that allows bedrock:InvokeModel or ' +
    'bedrock:InvokeModelWithResponseStream is non-compliant unless a stack of the same app in the same environment (account and ' +
    `region as the stacks see them; all environment-agnostic stacks count as one environment) holds a ${INVOCATION_LOGGING_RESOURCE_TYPE} ` +
    'resource (the InvocationLogging construct) or a custom resource (AwsCustomResource) calling Bedrock ' +
    'PutModelInvocationLoggingConfiguration. Fix: add InvocationLogging. Where logging is configured outside this app (another ' +
    'stack, a StackSet, the console), acknowledge once for the whole app or stack: ' +
    "Validations.of(app).acknowledge({ id: 'BedrockGovernance::BedrockGovernance-InvocationLogging', reason: 'configured by …' }).",
  controls: ['GENSEC03-BP01', 'GENSEC01-BP04'],
  check: checkInvocationLogging,
};
