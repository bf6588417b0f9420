/**
 * Serving what is bought: a provisioned throughput granted by its governance tag. Every decision is refereed by the
 * independent IAM evaluator (test/support/iam-oracle.ts): the identity policy, the runtime endpoint policy and the
 * SCP each allow invocation of the tagged throughput of the account and region, and of nothing else; the principals
 * may not move the tag; callers of an encrypted custom model get kms:Decrypt through Bedrock only.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../policies/iam/catalog/catalog';
import { buildRuntimeEndpointPolicy } from '../../../policies/iam/endpoint-policy';
import { buildModelAccessPolicies } from '../../../policies/iam/model-access';
import { buildOrganizationModelPolicies, type OrganizationModelSpec } from '../../../policies/iam/scp';
import type { ModelAccessSpec } from '../../../policies/iam/spec';
import { baseModelForms, THROUGHPUT_TAG_KEY, type ThroughputGrant } from '../../../policies/iam/throughput';
import { specError } from '../../support/spec-error';
import { ACCOUNT, decide, FULL_AWS_ACCESS, type OracleRequest, type OracleScenario, type PolicyDoc } from '../../support/iam-oracle';

const catalog = loadCatalog();
const TAG = `aws:ResourceTag/${THROUGHPUT_TAG_KEY}`;
const prov = (region = 'us-east-1', account = ACCOUNT, id = 'a1b2c3d4e5f6'): string => `arn:aws:bedrock:${region}:${account}:provisioned-model/${id}`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/99999999-12ab-34cd-56ef-1234567890ab`;
const VPCE = 'vpce-0a1b2c3d4e5f60718';
const GRANT: ThroughputGrant = { name: 'math-tutor', region: 'us-east-1', modelKeyArn: KEY, baseModel: 'amazon.nova-lite-v1:0:300k' };
const SPEC: ModelAccessSpec = { allow: ['anthropic.claude-3-haiku-20240307-v1:0'], regions: ['us-east-1', 'us-west-2'], provisionedThroughput: [GRANT] };

const identity = (spec: ModelAccessSpec = SPEC): PolicyDoc[] => buildModelAccessPolicies(spec, { catalog, account: ACCOUNT }).documents as PolicyDoc[];
const invoke = (resource: string, context: Record<string, string | string[]> = {}, action = 'bedrock:InvokeModel'): OracleRequest => ({
  action,
  resource,
  context,
});
const tagged = (name = 'math-tutor'): Record<string, string> => ({ [TAG]: name });

type Case = readonly ['allow' | 'deny', string, OracleRequest];
async function expectCases(scenario: OracleScenario, cases: readonly Case[]): Promise<void> {
  for (const [expected, name, request] of cases) {
    const decision = await decide(scenario, request);
    expect(decision === 'Allowed' ? 'allow' : 'deny', `${name}: ${decision}`).toBe(expected);
  }
}

describe('identity policy: the granted throughput and nothing else', () => {
  it('allows invoking the tagged throughput of the account and region, sync and streaming', async () => {
    await expectCases({ identityPolicies: identity() }, [
      ['allow', 'tagged throughput', invoke(prov(), tagged())],
      ['allow', 'tagged throughput, streaming', invoke(prov(), tagged(), 'bedrock:InvokeModelWithResponseStream')],
      ['allow', 'another throughput with the same tag (bought again after a deletion)', invoke(prov('us-east-1', ACCOUNT, 'zz9988776655'), tagged())],
    ]);
  });

  it('denies every other provisioned model: other tag value, untagged, tag of another key, other region, other account', async () => {
    await expectCases({ identityPolicies: identity() }, [
      ['deny', 'other tag value', invoke(prov(), tagged('math-tutor-2'))],
      ['deny', 'tag value differing in case', invoke(prov(), tagged('Math-Tutor'))],
      ['deny', 'untagged throughput', invoke(prov())],
      ['deny', 'the value under another key', invoke(prov(), { 'aws:ResourceTag/Name': 'math-tutor' })],
      ['deny', 'a policy region the grant does not name', invoke(prov('us-west-2'), tagged())],
      ['deny', 'a region outside the policy', invoke(prov('eu-west-1'), tagged())],
      ['deny', 'managing the throughput', invoke(prov(), tagged(), 'bedrock:DeleteProvisionedModelThroughput')],
      ['deny', 'changing the throughput', invoke(prov(), tagged(), 'bedrock:UpdateProvisionedModelThroughput')],
    ]);
    // The resource pins the account: a tagged throughput of another account does not match the grant.
    const stmt = identity()
      .flatMap((d) => d.Statement as { Sid?: string; Resource?: string }[])
      .find((s) => s.Sid === 'InvokeThroughput');
    expect(stmt?.Resource).toBe(`arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/*`);
  });

  it('gives kms:Decrypt on the custom model key only through Bedrock in the throughput region', async () => {
    // The key policy lets IAM policies of the account grant access (the default key policy of GovernanceKeys).
    const keyPolicy: PolicyDoc = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    };
    await expectCases({ identityPolicies: identity(), resourcePolicy: keyPolicy }, [
      ['allow', 'Decrypt via Bedrock', invoke(KEY, { 'kms:ViaService': 'bedrock.us-east-1.amazonaws.com' }, 'kms:Decrypt')],
      ['deny', 'Decrypt called directly', invoke(KEY, {}, 'kms:Decrypt')],
      ['deny', 'Decrypt via another service', invoke(KEY, { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, 'kms:Decrypt')],
      ['deny', 'Decrypt via Bedrock in another region', invoke(KEY, { 'kms:ViaService': 'bedrock.us-west-2.amazonaws.com' }, 'kms:Decrypt')],
      ['deny', 'another key', invoke(OTHER_KEY, { 'kms:ViaService': 'bedrock.us-east-1.amazonaws.com' }, 'kms:Decrypt')],
      ['deny', 'Encrypt', invoke(KEY, { 'kms:ViaService': 'bedrock.us-east-1.amazonaws.com' }, 'kms:Encrypt')],
    ]);
    const foundation = identity({ ...SPEC, provisionedThroughput: [{ name: 'nova', region: 'us-east-1' }] });
    expect(JSON.stringify(foundation)).not.toContain('kms:');
  });

  it('denies the principals moving the tag, even with other grants that allow tagging', async () => {
    const scenario = { identityPolicies: [FULL_AWS_ACCESS, ...identity()] };
    await expectCases(scenario, [
      [
        'deny',
        'tag another throughput with the name',
        invoke(
          prov('us-east-1', ACCOUNT, 'other0000001'),
          { 'aws:TagKeys': [THROUGHPUT_TAG_KEY], [`aws:RequestTag/${THROUGHPUT_TAG_KEY}`]: 'math-tutor' },
          'bedrock:TagResource',
        ),
      ],
      ['deny', 'remove the tag', invoke(prov(), { 'aws:TagKeys': [THROUGHPUT_TAG_KEY] }, 'bedrock:UntagResource')],
      ['deny', 'tag with the key in another letter case', invoke(prov(), { 'aws:TagKeys': [THROUGHPUT_TAG_KEY.toUpperCase()] }, 'bedrock:TagResource')],
      ['deny', 'tag with the key among others', invoke(prov(), { 'aws:TagKeys': ['team', THROUGHPUT_TAG_KEY] }, 'bedrock:TagResource')],
      [
        'deny',
        'buy a throughput that carries the tag',
        invoke(
          'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
          { 'aws:TagKeys': [THROUGHPUT_TAG_KEY], [`aws:RequestTag/${THROUGHPUT_TAG_KEY}`]: 'math-tutor' },
          'bedrock:CreateProvisionedModelThroughput',
        ),
      ],
      ['allow', 'other tags stay the business of other grants', invoke(prov(), { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'x' }, 'bedrock:TagResource')],
    ]);
  });

  it('keeps the network and guardrail conditions on throughput calls', async () => {
    const docs = identity({ ...SPEC, sourceVpcEndpoints: [VPCE] });
    await expectCases({ identityPolicies: docs }, [
      ['allow', 'through the endpoint', invoke(prov(), { ...tagged(), 'aws:SourceVpce': VPCE })],
      ['deny', 'over the public endpoint', invoke(prov(), tagged())],
      ['deny', 'through another endpoint', invoke(prov(), { ...tagged(), 'aws:SourceVpce': 'vpce-0fedcba9876543210' })],
    ]);
  });

  it('allows a throughput-only policy, and nothing else invocable', async () => {
    const docs = identity({ allow: [], regions: ['us-east-1'], provisionedThroughput: [{ name: 'nova', region: 'us-east-1' }], catalogRead: false });
    await expectCases({ identityPolicies: docs }, [
      ['allow', 'the throughput', invoke(prov(), tagged('nova'))],
      ['deny', 'a foundation model', invoke('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0')],
    ]);
  });
});

describe('identity policy: bad grants are rejected at synth', () => {
  it('names the field, the value and what is accepted', () => {
    const err = specError(() =>
      buildModelAccessPolicies(
        {
          allow: ['amazon.*'],
          deny: ['amazon.nova-lite-*'],
          regions: ['us-east-1'],
          provisionedThroughput: [
            { name: 'ok', region: 'eu-west-1' },
            { name: 'bad name!', region: 'us-east-1' },
            { name: 'k', region: 'us-east-1', modelKeyArn: 'alias/my-key' },
            { name: 'denied', region: 'us-east-1', baseModel: 'amazon.nova-lite-v1:0:300k' },
            { name: 'dup', region: 'us-east-1' },
            { name: 'dup', region: 'us-east-1' },
          ],
        },
        { catalog, account: ACCOUNT },
      ),
    );
    const fields = err.problems.map((p) => p.field);
    expect(fields).toEqual([
      'provisionedThroughput[0].region',
      'provisionedThroughput[1].name',
      'provisionedThroughput[2].modelKeyArn',
      'provisionedThroughput[3].baseModel',
      'provisionedThroughput[5].name',
    ]);
    expect(err.message).toMatch(/must be one of the policy's regions \(us-east-1\)/);
    expect(err.message).toMatch(/is denied by the deny-list \('amazon.nova-lite-\*'\)/);
  });

  it('needs the inference category', () => {
    const err = specError(() => buildModelAccessPolicies({ ...SPEC, categories: ['batch'] }, { catalog, account: ACCOUNT }));
    expect(err.problems.map((p) => p.field)).toContain('provisionedThroughput');
  });

  it('a deny of the plain model id covers its context-window variant', () => {
    expect(baseModelForms('amazon.nova-lite-v1:0:300k')).toEqual(['amazon.nova-lite-v1:0:300k', 'amazon.nova-lite-v1:0']);
    const err = specError(() => buildModelAccessPolicies({ ...SPEC, deny: ['amazon.nova-lite-v1:0'] }, { catalog, account: ACCOUNT }));
    expect(err.problems.map((p) => p.field)).toEqual(['provisionedThroughput[0].baseModel']);
  });
});

describe('runtime endpoint policy', () => {
  const endpoint = buildRuntimeEndpointPolicy(
    { allow: ['amazon.nova-*'], region: 'us-east-1', accounts: [ACCOUNT], provisionedThroughput: [{ name: 'math-tutor', region: 'us-east-1' }] },
    { catalog, account: ACCOUNT },
  ).document as PolicyDoc;

  it('carries the tagged throughput and no other provisioned model, only the invocation grant', async () => {
    const scenario: OracleScenario = { identityPolicies: [FULL_AWS_ACCESS], endpointPolicy: endpoint };
    const via = (ctx: Record<string, string>): Record<string, string> => ({ ...ctx, 'aws:SourceVpce': VPCE });
    await expectCases(scenario, [
      ['allow', 'tagged throughput', invoke(prov(), via(tagged()))],
      ['deny', 'other tag value', invoke(prov(), via(tagged('other')))],
      ['deny', 'untagged', invoke(prov(), via({}))],
    ]);
    const sids = endpoint.Statement.map((s) => (s as { Sid?: string }).Sid);
    expect(sids).toContain('InvokeThroughput');
    expect(sids).not.toContain('DecryptModelKeys');
    expect(sids).not.toContain('ProtectThroughputTag');
  });
});

describe('SCP', () => {
  const ADMIN = `arn:aws:iam::${ACCOUNT}:role/BedrockModelCustomization-JobMathTutorWorkflowRole-AbC123`;
  const base: OrganizationModelSpec = { allow: ['amazon.*'] };
  const served: OrganizationModelSpec = {
    ...base,
    servedThroughput: { names: ['math-tutor'], tagAdministrators: [`arn:aws:iam::${ACCOUNT}:role/BedrockModelCustomization-*`] },
  };
  const scp = (spec: OrganizationModelSpec): OracleScenario => ({
    identityPolicies: [FULL_AWS_ACCESS],
    scps: buildOrganizationModelPolicies(spec, { catalog }).documents as PolicyDoc[],
  });

  it('without servedThroughput, a provisioned model is denied unless the allow-list names its ARN (unchanged)', async () => {
    await expectCases(scp(base), [['deny', 'tagged throughput', invoke(prov(), tagged())]]);
  });

  it('lets the governed throughput through, in any allowed region, and nothing else provisioned', async () => {
    await expectCases(scp(served), [
      ['allow', 'tagged throughput', invoke(prov(), tagged())],
      ['allow', 'tagged throughput, streaming', invoke(prov(), tagged(), 'bedrock:InvokeModelWithResponseStream')],
      ['deny', 'other tag value', invoke(prov(), tagged('rogue'))],
      ['deny', 'untagged', invoke(prov())],
      ['deny', 'foundation model off the allow-list', invoke('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0')],
    ]);
    await expectCases(scp({ ...served, regions: ['us-east-1'] }), [
      ['allow', 'tagged throughput in an allowed region', invoke(prov(), tagged())],
      ['deny', 'tagged throughput outside organization regions', invoke(prov('eu-west-1'), tagged())],
    ]);
  });

  it('lets only the tag administrators set, remove or buy with the tag', async () => {
    const tagKeys = { 'aws:TagKeys': [THROUGHPUT_TAG_KEY] };
    await expectCases(scp(served), [
      ['deny', 'a team role tags', invoke(prov(), tagKeys, 'bedrock:TagResource')],
      ['deny', 'a team role untags', invoke(prov(), tagKeys, 'bedrock:UntagResource')],
      [
        'deny',
        'a team role tags with a case variant of the key',
        invoke(prov(), { 'aws:TagKeys': ['CDK-Bedrock-Governance:Provisioned-Throughput'] }, 'bedrock:TagResource'),
      ],
      ['allow', 'a team role tags with other keys', invoke(prov(), { 'aws:TagKeys': ['team'] }, 'bedrock:TagResource')],
      ['allow', 'the customization role tags', { ...invoke(prov(), tagKeys, 'bedrock:TagResource'), principal: ADMIN }],
      ['allow', 'the customization role untags', { ...invoke(prov(), tagKeys, 'bedrock:UntagResource'), principal: ADMIN }],
      [
        'deny',
        'a role whose name merely starts like it, elsewhere in the path',
        { ...invoke(prov(), tagKeys, 'bedrock:TagResource'), principal: `arn:aws:iam::${ACCOUNT}:role/x/BedrockModelCustomization-x` },
      ],
    ]);
  });

  it('rejects tag administrators without an account, and provisioned ARNs in the allow-list', () => {
    const err = specError(() =>
      buildOrganizationModelPolicies(
        {
          allow: ['amazon.*', prov()],
          servedThroughput: {
            names: ['math-tutor', ''],
            tagAdministrators: ['arn:aws:iam::*:role/BedrockModelCustomization-*', 'BedrockModelCustomization-*'],
          },
        },
        { catalog },
      ),
    );
    expect(err.problems.map((p) => p.field)).toEqual([
      'servedThroughput.names[1]',
      'servedThroughput.tagAdministrators[0]',
      'servedThroughput.tagAdministrators[1]',
      'allow[1]',
    ]);
  });
});
