import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { flatten, prop, renderedProperties } from './cfn';
import type { BedrockRule } from './rule';
import { parseDocument, Statement } from './statements';

/** Service names of the Bedrock interface endpoints (FIPS variants included): `com.amazonaws.<region>.<service>`. */
const BEDROCK_SERVICE = /\.(bedrock|bedrock-runtime|bedrock-agent|bedrock-agent-runtime|bedrock-mantle)(-fips)?$/;

/** True for `*` or a service-wide action wildcard (`bedrock:*`, `bedrock-runtime:*`, …). */
const isAllActions = (action: string): boolean => action === '*' || /^[a-z0-9-]+:\*$/i.test(action);
const isEveryone = (p: Statement['principal']): boolean => p === '*' || (p !== undefined && (p.AWS ?? []).includes('*'));

/** True for a statement that lets anyone do anything through the endpoint: Allow, Principal *, Action *, Resource *, no Condition. */
function isOpen(s: Statement): boolean {
  return (
    s.effect === 'Allow' && isEveryone(s.principal) && (s.actions ?? []).some(isAllActions) && (s.resources ?? []).includes('*') && s.conditions.length === 0
  );
}

/**
 * Checks a Bedrock interface endpoint: finding `NoPolicy` when it has no endpoint policy (AWS then applies full
 * access), `OpenPolicy` when a statement allows every action on every resource to every principal without a condition.
 */
export function checkEndpointPolicy(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== 'AWS::EC2::VPCEndpoint') return NagRuleCompliance.NOT_APPLICABLE;
  const props = renderedProperties(node);
  if (!BEDROCK_SERVICE.test(flatten(prop(props, 'ServiceName')))) return NagRuleCompliance.NOT_APPLICABLE;
  const document = prop(props, 'PolicyDocument');
  if (document === undefined) return ['NoPolicy'];
  return parseDocument(document, node).some(isOpen) ? ['OpenPolicy'] : NagRuleCompliance.COMPLIANT;
}

/** Rule: a Bedrock interface endpoint without a restrictive endpoint policy. */
export const EndpointPolicy: BedrockRule = {
  id: 'EndpointPolicy',
  level: NagMessageLevel.ERROR,
  info: 'A Bedrock interface VPC endpoint has no endpoint policy, or its policy allows everything to everyone without a condition.',
  explanation:
    'An interface endpoint without a policy gets the full-access default, so any principal of any account (credentials taken ' +
    'elsewhere included) can use the private path to Bedrock. Checked: AWS::EC2::VPCEndpoint whose ServiceName ends in .bedrock, ' +
    '.bedrock-runtime, .bedrock-agent, .bedrock-agent-runtime or .bedrock-mantle (FIPS variants too). Findings: NoPolicy (no ' +
    'PolicyDocument), OpenPolicy (a statement with Effect Allow, Principal *, Action * or <service>:*, Resource * and no Condition). ' +
    'Fix: restrict the principals (aws:PrincipalOrgID or aws:PrincipalAccount) and, on bedrock-runtime, the models; ' +
    'BedrockPrivateEndpoints does both.',
  controls: ['GENSEC01-BP02', 'GENSEC01-BP01'],
  check: checkEndpointPolicy,
};
