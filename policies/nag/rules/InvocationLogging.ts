import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { parseBedrockArn } from './arns';
import { hasPlaceholder } from './cfn';
import { appFacts, INVOCATION_LOGGING_RESOURCE_TYPE } from './environments';
import { allowsInvoke } from './invoke';
import type { BedrockRule } from './rule';
import { identityStatements, Statement, testsOn } from './statements';

/** A region written as a literal (not `*`, a glob, a placeholder or empty). */
const literalRegion = (region: string): boolean => /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/.test(region) && !hasPlaceholder(region);

/**
 * The regions in which the statements let a principal start a model invocation: the region of each resource an
 * invoke Allow grants, except grants conditioned on `bedrock:InferenceProfileArn` (those only serve, in a destination
 * region, a profile call that started elsewhere). A resource with a wildcard or unknown region (`*`, `<AWS::Region>`,
 * `Resource: "*"`) counts as the stack's own region; a region-less ARN (global profiles' destination) starts nothing.
 */
export function invocationRegions(node: CfnResource, statements: readonly Statement[]): Set<string> {
  const own = Stack.of(node).region;
  const regions = new Set<string>();
  for (const s of statements.filter(allowsInvoke)) {
    if (testsOn(s, 'bedrock:InferenceProfileArn').length > 0) continue;
    if (!s.resources) {
      regions.add(own);
      continue;
    }
    for (const resource of s.resources) {
      const arn = parseBedrockArn(resource);
      if (arn && arn.region === '') continue;
      regions.add(arn && literalRegion(arn.region) ? arn.region : own);
    }
  }
  return regions;
}

/**
 * Non-compliant: an identity policy allows model invocation to start in a region where no stack of the app (in the
 * policy's account) configures model invocation logging.
 */
export function checkInvocationLogging(node: CfnResource): NagRuleResult {
  const statements = identityStatements(node);
  if (!statements) return NagRuleCompliance.NOT_APPLICABLE;
  if (!statements.some(allowsInvoke)) return NagRuleCompliance.COMPLIANT;
  const account = Stack.of(node).account;
  const logged = appFacts(node).loggingEnvironments;
  const unlogged = [...invocationRegions(node, statements)].filter((region) => !logged.has(`${account}/${region}`));
  return unlogged.length === 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Rule: model invocation granted where no model invocation logging is configured. */
export const InvocationLogging: BedrockRule = {
  id: 'InvocationLogging',
  level: NagMessageLevel.WARN,
  info: 'Model invocation is allowed in a region where the app configures no model invocation logging.',
  explanation:
    'CloudTrail records that a model was invoked, never the prompt or the completion: only model invocation logging does, and it ' +
    'is off until configured, once per account and region. Checked: for each identity policy that allows bedrock:InvokeModel or ' +
    'bedrock:InvokeModelWithResponseStream, the regions it lets a call start in: the region of every resource such an Allow grants ' +
    '(grants conditioned on bedrock:InferenceProfileArn only serve a profile call that started elsewhere and are skipped; a ' +
    "wildcard or unknown region counts as the policy's stack region). It is non-compliant unless, for each of those regions, a " +
    "stack of the same app in the policy's account and that region (as the stacks see them; all environment-agnostic stacks " +
    `count as one environment) holds a ${INVOCATION_LOGGING_RESOURCE_TYPE} resource (the InvocationLogging construct) or a custom ` +
    'resource (AwsCustomResource) calling Bedrock PutModelInvocationLoggingConfiguration. Fix: add InvocationLogging in every ' +
    'region the policy grants. Where logging is configured outside this app (another stack, a StackSet, the console), ' +
    'acknowledge on the policy, the stack or the app: ' +
    "Validations.of(scope).acknowledge({ id: 'BedrockGovernance::BedrockGovernance-InvocationLogging', reason: 'configured by …' }).",
  controls: ['GENSEC03-BP01', 'GENSEC01-BP04'],
  check: checkInvocationLogging,
};
