import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { flatten, prop, renderedProperties } from './cfn';
import type { BedrockRule } from './rule';

/** Non-compliant: an agent without `GuardrailConfiguration.GuardrailIdentifier`. */
export function checkAgentGuardrail(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== 'AWS::Bedrock::Agent') return NagRuleCompliance.NOT_APPLICABLE;
  const id = prop(prop(renderedProperties(node), 'GuardrailConfiguration'), 'GuardrailIdentifier');
  return id !== undefined && flatten(id) !== '' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Rule: a Bedrock agent without a guardrail. */
export const AgentGuardrail: BedrockRule = {
  id: 'AgentGuardrail',
  level: NagMessageLevel.WARN,
  info: 'A Bedrock agent has no guardrail (GuardrailConfiguration).',
  explanation:
    'An agent acts on its own on user input and on what its tools and knowledge bases return; a guardrail filters prompt attacks, ' +
    'harmful content and sensitive information on every turn. Checked: AWS::Bedrock::Agent with a ' +
    'GuardrailConfiguration.GuardrailIdentifier. Fix: set guardrailConfiguration (identifier and a published version).',
  controls: ['GENSEC02-BP01', 'GENSEC05-BP01', 'CKV_AWS_383'],
  check: checkAgentGuardrail,
};
