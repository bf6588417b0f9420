import { describe, expect, it } from 'vitest';
import type { PolicyDocumentJson, PolicyStatementJson } from '../../../policies/iam/document';
import { asArray } from '../../../policies/iam/document';
import { buildModelAccessPolicies } from '../../../policies/iam/model-access';
import { policySize } from '../../../policies/iam/size';
import type { ModelAccessSpec } from '../../../policies/iam/spec';
import { ACCOUNT, fixtureCatalog } from './fixture-catalog';

const catalog = fixtureCatalog();
const build = (spec: Partial<ModelAccessSpec>, extra: { maxCharacters?: number; maxDocuments?: number } = {}) =>
  buildModelAccessPolicies({ allow: [], regions: ['us-east-1'], ...spec }, { catalog, account: ACCOUNT, ...extra });
const statements = (docs: readonly PolicyDocumentJson[]): PolicyStatementJson[] => docs.flatMap((d) => d.Statement);
const bySid = (docs: readonly PolicyDocumentJson[], sid: string) => statements(docs).find((s) => s.Sid === sid);

describe('model-access policy engine: structure', () => {
  it('grants a foundation model in the listed regions only', () => {
    const { documents } = build({ allow: ['anthropic.claude-3-haiku-20240307-v1:0'], regions: ['us-east-1', 'eu-central-1'], catalogRead: false });
    // The only grant on foundation models (the others: async-invoke, bedrock-mantle projects, short-term API keys).
    expect(statements(documents).filter((s) => asArray(s.Resource).some((r) => r.includes(':foundation-model/')))).toEqual([
      {
        Sid: 'InvokeModels',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:CountTokens', 'bedrock:DetectGeneratedContent'],
        Resource: [
          'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          'arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
        ],
      },
    ]);
  });

  it('grants a geographic profile with conditioned grants in every destination region', () => {
    const { documents } = build({ allow: ['us.anthropic.claude-3-haiku-20240307-v1:0'], regions: ['us-east-2'], catalogRead: false });
    expect(bySid(documents, 'InvokeProfiles')?.Resource).toBe(
      `arn:aws:bedrock:us-east-2:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`,
    );
    const via = statements(documents).filter((s) => s.Sid?.startsWith('ViaProfile'));
    expect(via).toHaveLength(1);
    // us-east-1, us-east-2 and us-west-2 are every us- region of this (fixture) catalog: one region pattern.
    expect(via[0]!.Resource).toEqual('arn:aws:bedrock:us-*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0');
    expect(via[0]!.Condition).toEqual({
      ArnLike: { 'bedrock:InferenceProfileArn': `arn:aws:bedrock:us-east-2:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0` },
    });
  });

  it('gives every profile route one conditioned statement, with region patterns only where exact', () => {
    const { documents } = build({ allow: ['us.anthropic.claude-3-haiku-20240307-v1:0'], regions: ['us-east-1', 'us-east-2', 'us-west-2'], catalogRead: false });
    const via = statements(documents).filter((s) => s.Sid?.startsWith('ViaProfile'));
    expect(via).toHaveLength(1);
    expect(via[0]!.Condition!.ArnLike!['bedrock:InferenceProfileArn']).toBe(
      `arn:aws:bedrock:us-*:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`,
    );
    const two = build({ allow: ['us.anthropic.claude-3-haiku-20240307-v1:0'], regions: ['us-east-1', 'us-east-2'], catalogRead: false });
    // us-east-1 and us-east-2 are every us-east- region: `us-east-*`; us-east-1 and us-west-2 have no exact pattern.
    expect(bySid(two.documents, 'InvokeProfiles')?.Resource).toBe(
      `arn:aws:bedrock:us-east-*:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`,
    );
    const apart = build({ allow: ['us.anthropic.claude-3-haiku-20240307-v1:0'], regions: ['us-east-1', 'us-west-2'], catalogRead: false });
    expect(bySid(apart.documents, 'InvokeProfiles')?.Resource).toEqual(
      ['us-east-1', 'us-west-2'].map((r) => `arn:aws:bedrock:${r}:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`),
    );
  });

  it('grants a global profile the region wildcard and the region-less model ARN', () => {
    const { documents } = build({ allow: ['global.anthropic.claude-sonnet-4-5-20250929-v1:0'], catalogRead: false });
    const via = statements(documents).find((s) => s.Sid?.startsWith('ViaProfile'));
    expect(via?.Resource).toEqual([
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
    ]);
  });

  it('denies a model by its ARN in every region, which also covers every profile route', () => {
    const { documents } = build({ allow: ['anthropic.*'], deny: ['anthropic.claude-3-opus-20240229-v1:0'], catalogRead: false });
    expect(bySid(documents, 'DenyModels')).toMatchObject({
      Effect: 'Deny',
      Resource: 'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-opus-20240229-v1:0',
    });
  });

  it('adds entry-point denies for VPC endpoints and a guardrail, and allows applying the guardrail', () => {
    const guardrail = `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abc123`;
    const { documents } = build({
      allow: ['amazon.nova-pro-v1:0'],
      sourceVpcEndpoints: ['vpce-0123456789abcdef0'],
      guardrail: { arn: guardrail, version: '2' },
    });
    expect(bySid(documents, 'DenyOutsideVpceEntry')).toMatchObject({
      Effect: 'Deny',
      NotResource: 'arn:aws:bedrock:*::foundation-model/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
    });
    expect(bySid(documents, 'DenyOutsideVpceDirect')?.Condition).toEqual({
      StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' },
      Null: { 'bedrock:InferenceProfileArn': 'true' },
    });
    expect(bySid(documents, 'DenyWithoutGuardrailEntry')?.Condition).toEqual({ StringNotEquals: { 'bedrock:GuardrailIdentifier': `${guardrail}:2` } });
    expect(bySid(documents, 'ApplyGuardrail')).toMatchObject({ Effect: 'Allow', Action: 'bedrock:ApplyGuardrail', Resource: guardrail });
  });

  it('accepts any version of a guardrail when no version is given', () => {
    const guardrail = `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abc123`;
    const { documents } = build({ allow: ['amazon.nova-pro-v1:0'], guardrail: { arn: guardrail } });
    expect(bySid(documents, 'DenyWithoutGuardrailEntry')?.Condition).toEqual({
      StringNotLike: { 'bedrock:GuardrailIdentifier': [guardrail, `${guardrail}:*`] },
    });
  });

  it('grants application inference profiles with a conditioned model grant', () => {
    const app = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/a1b2c3`;
    const { documents } = build({ allow: [app], catalogRead: false });
    expect(bySid(documents, 'InvokeArns')?.Resource).toBe(app);
    expect(bySid(documents, 'ViaAppProfiles')).toMatchObject({
      Resource: 'arn:aws:bedrock:*::foundation-model/*',
      Condition: { ArnLike: { 'bedrock:InferenceProfileArn': app } },
    });
  });

  it('never emits a broad or non-IAM action, nor an invoke Allow on Resource "*"', () => {
    const { documents } = build({
      allow: ['anthropic.*', 'us.anthropic.*', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', `arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/x1`],
      deny: ['meta.*'],
      sourceVpcEndpoints: ['vpce-0123456789abcdef0'],
    });
    for (const s of statements(documents)) {
      const actions = asArray(s.Action);
      expect(actions.filter((a) => a === 'bedrock:*' || a === '*' || a === 'bedrock:Invoke*' || /Converse/.test(a))).toEqual([]);
      if (s.Effect === 'Allow' && actions.some((a) => a.startsWith('bedrock:Invoke'))) expect(asArray(s.Resource)).not.toContain('*');
    }
  });
});

describe('model-access policy engine: warnings', () => {
  it('warns when a deny overlaps an allow, naming both and the overlap', () => {
    const { warnings } = build({ allow: ['anthropic.*', 'us.anthropic.claude-3-haiku-20240307-v1:0'], deny: ['anthropic.claude-3-haiku-20240307-v1:0'] });
    const msgs = warnings.filter((w) => w.id === 'DenyOverridesAllow').map((w) => w.message);
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatch(/deny\[0\] 'anthropic.claude-3-haiku-20240307-v1:0' overlaps allow\[0\] 'anthropic\.\*'/);
    expect(msgs[1]).toMatch(/allow\[1\].*us\.anthropic\.claude-3-haiku/);
  });

  it('warns when a glob matches nothing', () => {
    const { warnings } = build({ allow: ['cohere.*'] });
    expect(warnings.find((w) => w.id === 'GlobMatchesNothing')?.message).toMatch(/allow\[0\] 'cohere\.\*'/);
  });

  it('warns when a profile-only model is allowed for direct calls', () => {
    const { warnings } = build({ allow: ['anthropic.claude-sonnet-4-5-20250929-v1:0'] });
    expect(warnings.find((w) => w.id === 'ModelNeedsProfile')?.message).toMatch(/us\.anthropic\.claude-sonnet-4-5/);
  });
});

describe('model-access policy engine: bad input', () => {
  it('fails when allow is empty', () => {
    expect(() => build({ allow: [] })).toThrow(/allow \[\]: must list at least one/);
  });
  it('fails when a region is unknown, naming the index and the known regions', () => {
    expect(() => build({ allow: ['amazon.nova-pro-v1:0'], regions: ['us-east-1', 'us-east-9'] })).toThrow(
      /regions\[1\] 'us-east-9': is not a Bedrock region; known: .*us-east-1/,
    );
  });
  it('fails when regions is empty', () => {
    expect(() => build({ allow: ['amazon.nova-pro-v1:0'], regions: [] })).toThrow(/regions \[\]: must list at least one region/);
  });
  it('fails when a model id is unknown, listing the closest catalog ids', () => {
    expect(() => build({ allow: ['anthropic.claude-3-haiku-20240307-v9:0'] })).toThrow(
      /allow\[0\] 'anthropic.claude-3-haiku-20240307-v9:0': is not in the model catalog; closest catalog ids: anthropic.claude-3-haiku-20240307-v1:0/,
    );
  });
  it('accepts an unknown id marked newer than the catalog', () => {
    const { documents } = build({ allow: [{ id: 'anthropic.claude-next-v1:0', newerThanCatalog: true }], catalogRead: false });
    expect(bySid(documents, 'InvokeModels')?.Resource).toBe('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-next-v1:0');
  });
  it('fails when an ARN is malformed', () => {
    expect(() => build({ allow: ['arn:aws:bedrock:us-east-1:12345:provisioned-model/abc'] })).toThrow(
      /allow\[0\] 'arn:aws:bedrock:us-east-1:12345:provisioned-model\/abc': is not a valid Bedrock ARN/,
    );
  });
  it('fails when an ARN has an unsupported type', () => {
    expect(() => build({ allow: [`arn:aws:bedrock:us-east-1:${ACCOUNT}:agent/abc`] })).toThrow(
      /resource type 'agent'; accepted ARN types: application-inference-profile, provisioned-model, custom-model/,
    );
  });
  it('fails when an ARN is in a region that is not listed', () => {
    expect(() => build({ allow: [`arn:aws:bedrock:eu-west-1:${ACCOUNT}:custom-model/abc`] })).toThrow(
      /is in region eu-west-1, which is not one of the listed regions/,
    );
  });
  it('fails when an application inference profile ARN has a wildcard in an allow-list', () => {
    expect(() => build({ allow: [`arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/*`] })).toThrow(
      /allow\[0\] .*application-inference-profile\/\*': is a application-inference-profile ARN with a wildcard; .*anyone who can create/,
    );
  });
  it('accepts ARN wildcards in a deny-list', () => {
    expect(() => build({ allow: ['amazon.nova-pro-v1:0'], deny: [`arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/*`] })).not.toThrow();
  });
  it('fails when a glob starts with a wildcard', () => {
    expect(() => build({ allow: ['*'] })).toThrow(/allow\[0\] '\*': starts with a wildcard/);
  });
  it('fails when a profile is not available from any listed region', () => {
    expect(() => build({ allow: ['eu.anthropic.claude-3-haiku-20240307-v1:0'] })).toThrow(
      /cannot be called from any of the listed regions \(us-east-1\); it is available from: eu-central-1, eu-west-1, eu-west-3/,
    );
  });
  it('fails when a VPC endpoint id is malformed', () => {
    expect(() => build({ allow: ['amazon.nova-pro-v1:0'], sourceVpcEndpoints: ['vpc-123'] })).toThrow(
      /sourceVpcEndpoints\[0\] 'vpc-123': is not a VPC endpoint id/,
    );
  });
  it('fails when a listed region has no guardrail', () => {
    expect(() =>
      build({
        allow: ['amazon.nova-pro-v1:0'],
        regions: ['us-east-1', 'us-west-2'],
        guardrail: { arn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abc123` },
      }),
    ).toThrow(/has no guardrail in region us-west-2/);
  });
  it('fails when regions mix partitions', () => {
    expect(() => build({ allow: ['amazon.nova-pro-v1:0'], regions: ['us-east-1', 'us-gov-west-1'] })).toThrow(/mixes partitions/);
  });
  it('reports every problem at once', () => {
    expect(() => build({ allow: ['nope', 'amazon.nova-pro-v9:0'], regions: ['mars-1'] })).toThrow(
      /3 problems\n.*regions\[0\] 'mars-1'.*\n.*allow\[0\] 'nope'.*\n.*allow\[1\] 'amazon.nova-pro-v9:0'/,
    );
  });
});

describe('model-access policy engine: size', () => {
  const many = Array.from({ length: 120 }, (_, i) => ({ id: `anthropic.model-${i}-v1:0`, newerThanCatalog: true }));
  it('splits a large allow-list over several documents, each within 6,144 non-whitespace characters', () => {
    // Regions that no region pattern covers exactly (us-east-2 and eu-west-3 missing): 4 ARNs per model.
    const { documents } = build({ allow: many, regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'] });
    expect(documents.length).toBeGreaterThan(1);
    for (const d of documents) expect(policySize(d, { ignoreWhitespace: true })).toBeLessThanOrEqual(6144);
    const granted = statements(documents).flatMap((s) => (s.Sid?.startsWith('InvokeModels') ? asArray(s.Resource) : []));
    expect(granted).toHaveLength(480);
  });
  it('fails clearly when the spec cannot fit the allowed number of managed policies', () => {
    expect(() => build({ allow: many, regions: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'] }, { maxDocuments: 2 })).toThrow(
      /needs \d+ managed policies \(\d+ characters in all\), more than the 2 allowed at 6144 characters each/,
    );
  });
  it('counts a CDK token account at its deployed length of 12', () => {
    const token = '${Token[AWS.AccountId.8]}';
    const a = buildModelAccessPolicies({ allow: ['us.amazon.nova-pro-v1:0'], regions: ['us-east-1'] }, { catalog, account: token });
    const b = buildModelAccessPolicies({ allow: ['us.amazon.nova-pro-v1:0'], regions: ['us-east-1'] }, { catalog, account: ACCOUNT });
    expect(policySize(a.documents[0]!, { ignoreWhitespace: true, resolvedLengths: { [token]: 12 } })).toBe(
      policySize(b.documents[0]!, { ignoreWhitespace: true }),
    );
  });
});
