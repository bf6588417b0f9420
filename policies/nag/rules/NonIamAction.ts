import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { prop, renderedProperties } from './cfn';
import { knownActionsMatching } from './invoke';
import type { BedrockRule } from './rule';
import { identityStatements, parseDocument, Statement } from './statements';

/** Resource policies, endpoint policies and organization policies, by resource type: the property holding the document. */
const OTHER_DOCUMENTS: Readonly<Record<string, string>> = {
  'AWS::EC2::VPCEndpoint': 'PolicyDocument',
  'AWS::Organizations::Policy': 'Content',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
};

/** Every policy statement the resource carries (identity, endpoint, organization or resource policies), or undefined. */
function statementsOf(node: CfnResource): readonly Statement[] | undefined {
  const identity = identityStatements(node);
  if (identity) return identity;
  const property = OTHER_DOCUMENTS[node.cfnResourceType];
  return property === undefined ? undefined : parseDocument(prop(renderedProperties(node), property), node);
}

/**
 * Findings `Action::<pattern>` for every `bedrock:` action pattern (in Action or NotAction) that matches no IAM action
 * of Amazon Bedrock: `bedrock:Converse`, `bedrock:ConverseStream`, `bedrock:InvokeModelStream`, typos.
 */
export function checkNonIamAction(node: CfnResource): NagRuleResult {
  const statements = statementsOf(node);
  if (!statements) return NagRuleCompliance.NOT_APPLICABLE;
  const findings = new Set<string>();
  for (const s of statements) {
    for (const pattern of [...(s.actions ?? []), ...(s.notActions ?? [])]) {
      if (!pattern.toLowerCase().startsWith('bedrock:')) continue;
      if (knownActionsMatching(pattern).length === 0) findings.add(`Action::${pattern}`);
    }
  }
  return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
}

/** Rule: a policy names a Bedrock action that does not exist in IAM. */
export const NonIamAction: BedrockRule = {
  id: 'NonIamAction',
  level: NagMessageLevel.ERROR,
  info: 'A policy names a bedrock: action that is not an IAM action (bedrock:Converse, bedrock:ConverseStream, a typo).',
  explanation:
    'IAM accepts unknown action names silently: an Allow of bedrock:Converse grants nothing (Converse and ConverseStream are ' +
    'authorized by bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream), and a Deny or an SCP naming a misspelt action ' +
    'denies nothing, so the control the policy was written for is missing. Checked: Action and NotAction of identity policies, ' +
    'VPC endpoint policies, organization policies (SCPs, RCPs), bucket policies and key policies; a bedrock: pattern is a finding ' +
    'when it matches none of the Bedrock actions of the AWS Service Authorization Reference (the list in ' +
    'policies/nag/data/bedrock-actions.ts). Finding: Action::<pattern>. Fix: use the IAM action names (policies/iam/actions.ts).',
  controls: ['GENSEC01-BP01'],
  check: checkNonIamAction,
};
