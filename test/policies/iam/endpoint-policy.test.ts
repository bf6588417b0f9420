/** Endpoint policies through the IAM oracle: the endpoint carries only approved models, only for named principals. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../policies/iam/catalog/catalog';
import { buildPrincipalEndpointPolicy, buildRuntimeEndpointPolicy } from '../../../policies/iam/endpoint-policy';
import { policySize } from '../../../policies/iam/size';
import { decideCall, direct, fmArn, single, viaProfile, type BedrockCall } from '../../support/bedrock-calls';
import { ACCOUNT, FULL_AWS_ACCESS, type OracleScenario } from '../../support/iam-oracle';

const catalog = loadCatalog();
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const OPUS3 = 'anthropic.claude-3-opus-20240229-v1:0';
const VPCE = { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60718' };
const OTHER = 'arn:aws:iam::999999999999:role/Outsider';

const expectCall = async (scenario: OracleScenario, call: BedrockCall, expected: 'allow' | 'deny'): Promise<void> => {
  const { decision, failing } = await decideCall(scenario, call);
  expect(decision === 'Allowed' ? 'allow' : 'deny', `${call.name}: ${decision} at ${failing?.resource ?? ''}`).toBe(expected);
};
const withPrincipal = (call: BedrockCall, principal: string): BedrockCall => ({
  name: `${call.name} as ${principal}`,
  checks: call.checks.map((c) => ({ ...c, principal })),
});

describe('bedrock-runtime endpoint policy', () => {
  const { document } = buildRuntimeEndpointPolicy(
    { allow: [`us.${SONNET}`, HAIKU, 'amazon.nova-*'], deny: [OPUS3, 'amazon.nova-premier-v1:0'], region: 'us-east-1', accounts: [ACCOUNT] },
    { catalog, account: ACCOUNT },
  );
  // An administrator behind the endpoint: only the endpoint policy restricts.
  const scenario: OracleScenario = { identityPolicies: [FULL_AWS_ACCESS], endpointPolicy: document };

  it('carries approved models, directly and through profiles (destination checks with or without the endpoint)', async () => {
    await expectCall(scenario, direct(HAIKU, 'us-east-1', VPCE), 'allow');
    await expectCall(scenario, direct('amazon.nova-pro-v1:0', 'us-east-1', VPCE), 'allow');
    await expectCall(scenario, viaProfile(catalog, `us.${SONNET}`, 'us-east-1', { context: VPCE }), 'allow');
    await expectCall(scenario, viaProfile(catalog, `us.${SONNET}`, 'us-east-1', { context: VPCE, carryContext: false }), 'allow');
    await expectCall(scenario, single('bedrock:ApplyGuardrail', `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gr0abc123def`, VPCE), 'allow');
  });

  it('refuses other models, denied models and other principals', async () => {
    await expectCall(scenario, direct('meta.llama3-1-8b-instruct-v1:0', 'us-east-1', VPCE), 'deny');
    await expectCall(scenario, direct(SONNET, 'us-east-1', VPCE), 'deny');
    await expectCall(scenario, direct(OPUS3, 'us-east-1', VPCE), 'deny');
    await expectCall(scenario, direct('amazon.nova-premier-v1:0', 'us-east-1', VPCE), 'deny');
    await expectCall(scenario, viaProfile(catalog, `us.${HAIKU}`, 'us-east-1', { context: VPCE }), 'deny');
    await expectCall(scenario, viaProfile(catalog, 'us.amazon.nova-premier-v1:0', 'us-east-1', { context: VPCE }), 'deny');
    await expectCall(scenario, withPrincipal(direct(HAIKU, 'us-east-1', VPCE), OTHER), 'deny');
    await expectCall(scenario, single('bedrock:InvokeAgent', `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent-alias/AGENT12345/ALIAS12345`, VPCE), 'deny');
  });

  it('stays within 20,480 characters, whitespace counted', () => {
    expect(policySize(document, { ignoreWhitespace: false })).toBeLessThanOrEqual(20480);
    expect(JSON.stringify(document)).not.toContain('"Principal":{"AWS"');
  });

  it('fails when no principal is named', () => {
    expect(() => buildRuntimeEndpointPolicy({ allow: [HAIKU], region: 'us-east-1' }, { catalog, account: ACCOUNT })).toThrow(
      /principals .*name an organizationId/,
    );
  });

  it('fails when the organization id is malformed', () => {
    expect(() => buildPrincipalEndpointPolicy({ organizationId: 'org-1' })).toThrow(/organizationId 'org-1': is not an organization id/);
  });
});

describe('control-plane endpoint policy', () => {
  const { document } = buildPrincipalEndpointPolicy({ organizationId: 'o-abcdefghij', accounts: ['222222222222'] });
  const scenario: OracleScenario = { identityPolicies: [FULL_AWS_ACCESS], endpointPolicy: document };
  const list = single('bedrock:ListFoundationModels', '*', VPCE);

  it('admits principals of the organization or of the named accounts', async () => {
    await expectCall(
      scenario,
      { ...list, checks: list.checks.map((c) => ({ ...c, context: { ...c.context, 'aws:PrincipalOrgID': 'o-abcdefghij' } })) },
      'allow',
    );
    await expectCall(
      scenario,
      withPrincipal(single('bedrock:GetFoundationModel', fmArn(HAIKU, 'us-east-1'), VPCE), 'arn:aws:iam::222222222222:role/Member'),
      'allow',
    );
  });

  it('refuses everyone else', async () => {
    await expectCall(scenario, list, 'deny');
    await expectCall(
      scenario,
      { ...list, checks: list.checks.map((c) => ({ ...c, context: { ...c.context, 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } })) },
      'deny',
    );
  });
});
