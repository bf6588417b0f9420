/**
 * Adversarial review of the model-access policy engine: specs and requests chosen to make the generated
 * identity policies and SCPs allow more than asked, deny what was asked, or accept input that means
 * something other than it looks. Evaluation questions are refereed by the independent IAM evaluator
 * (test/support/iam-oracle.ts) over the checks AWS makes for a call (test/support/bedrock-calls.ts).
 *
 * Tests for behaviour that is correct today pass. Tests named `BUG: …` assert the CORRECT behaviour and fail
 * until the engine is fixed (see the review report).
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../policies/iam/catalog/catalog';
import { asArray, type PolicyDocumentJson, type PolicyStatementJson } from '../../../policies/iam/document';
import { PolicySpecError } from '../../../policies/iam/errors';
import { buildModelAccessPolicies, type ModelAccessResult } from '../../../policies/iam/model-access';
import { buildOrganizationModelPolicies, type OrganizationModelSpec } from '../../../policies/iam/scp';
import type { ModelAccessSpec } from '../../../policies/iam/spec';
import { BedrockCall, decideCall, direct, fmArn, INVOKE, INVOKE_STREAM, profileArn, single, viaAppProfile, viaProfile } from '../../support/bedrock-calls';
import { specError } from '../../support/spec-error';
import { ACCOUNT, FULL_AWS_ACCESS, type OracleScenario, type PolicyDoc } from '../../support/iam-oracle';

const catalog = loadCatalog();

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const OPUS3 = 'anthropic.claude-3-opus-20240229-v1:0';
const SONNET45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const NOVA_PRO = 'amazon.nova-pro-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';
const COHERE_R = 'cohere.command-r-v1:0';
const APP = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/app0123456789`;
/** An application profile someone created later, e.g. with bedrock:CreateInferenceProfile, copying any model. */
const NEW_APP = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/zz9876543210`;
const PROV = `arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/prov01234567`;
/** A custom model ARN as Bedrock returns it (CustomModelSummary.modelArn: `custom-model/<base model>/<12 chars>`). */
const CUSTOM = `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/amazon.titan-text-express-v1:0:8k/ly16hhi765j4`;
const GR = `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gr0abc`;
const VPCE_A = 'vpce-0a1b2c3d4e5f60718';
const VPCE_B = 'vpce-0fedcba9876543210';

type Expected = 'allow' | 'deny';

const identityResult = (spec: ModelAccessSpec, extra: { maxCharacters?: number; maxDocuments?: number } = {}): ModelAccessResult =>
  buildModelAccessPolicies(spec, { catalog, account: ACCOUNT, ...extra });
const identity = (spec: ModelAccessSpec, extra: { maxCharacters?: number; maxDocuments?: number } = {}): OracleScenario => ({
  identityPolicies: identityResult(spec, extra).documents as PolicyDoc[],
});
const scp = (spec: OrganizationModelSpec, options: { maxCharacters?: number; maxDocuments?: number; partition?: string } = {}): OracleScenario => ({
  identityPolicies: [FULL_AWS_ACCESS],
  scps: buildOrganizationModelPolicies(spec, { catalog, ...options }).documents as PolicyDoc[],
});

/** Decides a call and fails with the check that went the unexpected way. */
async function expectCall(scenario: OracleScenario, call: BedrockCall, expected: Expected): Promise<void> {
  const { decision, failing } = await decideCall(scenario, call);
  const got: Expected = decision === 'Allowed' ? 'allow' : 'deny';
  expect(
    got,
    got === 'allow'
      ? `UNEXPECTED ALLOW: ${call.name}`
      : `UNEXPECTED DENY (${decision}) of ${call.name} at ${failing?.resource} ${JSON.stringify(failing?.context)}`,
  ).toBe(expected);
}

async function expectCalls(scenario: OracleScenario, cases: readonly (readonly [Expected, BedrockCall])[]): Promise<void> {
  for (const [expected, call] of cases) await expectCall(scenario, call, expected);
}

const statementsOf = (docs: readonly PolicyDocumentJson[]): PolicyStatementJson[] => docs.flatMap((d) => d.Statement);

// -----------------------------------------------------------------------------------------------------------
// 1. Glob and IAM wildcard semantics
// -----------------------------------------------------------------------------------------------------------
describe('globs and IAM wildcard semantics', () => {
  it('an exact id does not reach an id that extends it with a `:` suffix (…-v1:0:200k)', async () => {
    const s = identity({ allow: [HAIKU], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['allow', direct(HAIKU, 'us-east-1')],
      ['deny', direct(`${HAIKU}:200k`, 'us-east-1')],
      ['deny', direct(`${HAIKU}:48k`, 'us-east-1')],
      ['deny', direct('anthropic.claude-3-haiku-20240307-v1', 'us-east-1')],
    ]);
  });

  it('`?` matches exactly one character, `*` spans `:` (as IAM does)', async () => {
    const s = identity({ allow: ['amazon.nova-lite-v1:?', 'anthropic.claude-3-haiku-*'], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['allow', direct(NOVA_LITE, 'us-east-1')],
      ['deny', direct('amazon.nova-lite-v1:10', 'us-east-1')],
      ['deny', direct('amazon.nova-lite-v1:', 'us-east-1')],
      ['deny', direct('amazon.nova-lite-v1', 'us-east-1')],
      ['allow', direct(HAIKU, 'us-east-1')],
      ['allow', direct(`${HAIKU}:200k`, 'us-east-1')],
      ['deny', direct('anthropic.claude-3-5-haiku-20241022-v1:0', 'us-east-1')],
    ]);
  });

  it('matching is case-sensitive: another case of an allowed id is not allowed', async () => {
    const s = identity({ allow: [NOVA_LITE, 'anthropic.claude-3-*'], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['deny', direct('amazon.Nova-lite-v1:0', 'us-east-1')],
      ['deny', direct('Anthropic.claude-3-haiku-20240307-v1:0', 'us-east-1')],
    ]);
  });

  it('rejects ids and globs written in another case, or starting with a wildcard', () => {
    for (const bad of [
      'Anthropic.claude-3-haiku-20240307-v1:0',
      'US.anthropic.claude-3-haiku-20240307-v1:0',
      '*',
      '*.anthropic.*',
      '?nthropic.*',
      'us.*',
      'global.*',
      'us.?*',
    ]) {
      const err = specError(() => identityResult({ allow: [bad], regions: ['us-east-1'] }));
      expect(err.problems.map((p) => p.field)).toEqual(['allow[0]']);
    }
  });

  it('rejects IAM policy variables and ARN separators in ids', () => {
    for (const bad of ['anthropic.${aws:username}', 'anthropic.claude/x', 'anthropic.claude 3', 'anthropic.claude\n', 'us.anthropic.${aws:PrincipalTag/x}']) {
      specError(() => identityResult({ allow: [bad], regions: ['us-east-1'] }));
      specError(() => identityResult({ allow: [HAIKU], deny: [bad], regions: ['us-east-1'] }));
    }
  });

  it('a geography written with `?` is a foundation-model glob that matches nothing: warned, and grants no profile', async () => {
    const result = identityResult({ allow: ['u?.anthropic.*'], regions: ['us-east-1'], catalogRead: false });
    expect(result.warnings.map((w) => w.id)).toContain('GlobMatchesNothing');
    await expectCall({ identityPolicies: result.documents as PolicyDoc[] }, viaProfile(catalog, `us.${HAIKU}`, 'us-east-1'), 'deny');
  });

  it('a profile glob whose model part spans providers (`us.a*`) grants those profiles only, never direct calls or other geographies', async () => {
    const s = identity({ allow: ['us.a*'], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['allow', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1')],
      ['allow', viaProfile(catalog, `us.${NOVA_PRO}`, 'us-east-1')],
      ['deny', viaProfile(catalog, 'us.meta.llama3-1-8b-instruct-v1:0', 'us-east-1')],
      ['deny', viaProfile(catalog, 'us.cohere.embed-v4:0', 'us-east-1')],
      ['deny', viaProfile(catalog, `eu.${HAIKU}`, 'eu-west-1')],
      ['deny', viaProfile(catalog, `global.${HAIKU45}`, 'us-east-1')],
      ['deny', direct(HAIKU, 'us-east-1')],
      ['deny', direct(NOVA_PRO, 'us-east-2')],
      // a destination grant of the glob cannot be used by a profile that does not match it
      ['deny', single(INVOKE, fmArn(HAIKU, 'us-west-2'), { 'bedrock:InferenceProfileArn': profileArn(`global.${HAIKU45}`, 'us-east-1') })],
      ['deny', single(INVOKE, fmArn(HAIKU, 'us-west-2'), { 'bedrock:InferenceProfileArn': APP })],
    ]);
  });

  it('a profile glob does not reach a look-alike application-profile ARN through its condition', async () => {
    const s = identity({ allow: ['us.anthropic.*'], regions: ['us-east-1'], catalogRead: false });
    const lookAlike = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/us.anthropic.x`;
    await expectCalls(s, [
      ['deny', single(INVOKE, lookAlike)],
      ['deny', single(INVOKE, fmArn(OPUS3, 'us-east-1'), { 'bedrock:InferenceProfileArn': lookAlike })],
    ]);
  });
});

// -----------------------------------------------------------------------------------------------------------
// 2. Deny semantics
// -----------------------------------------------------------------------------------------------------------
describe('deny lists', () => {
  it('denying a model does not deny a model whose id merely contains it', async () => {
    const s = identity({ allow: ['us.amazon.*', 'amazon.*'], deny: [NOVA_LITE], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['deny', direct(NOVA_LITE, 'us-east-1')],
      ['deny', viaProfile(catalog, `us.${NOVA_LITE}`, 'us-east-1')],
      ['allow', viaProfile(catalog, 'us.amazon.nova-2-lite-v1:0', 'us-east-1')],
      ['allow', direct(NOVA_PRO, 'us-east-1')],
      ['allow', viaProfile(catalog, `us.${NOVA_PRO}`, 'us-east-1')],
    ]);
  });

  it('denying a provider glob (`c*`, i.e. Cohere) must not deny Claude inference profiles', async () => {
    // denyReferences emits `inference-profile/*.c*` for the model glob `c*`: the leading `*.` lets the glob match
    // any dot-separated segment of a profile id, so `us.anthropic.claude-…` (segment `claude-…`) is denied too.
    const s = identity({ allow: [`us.${HAIKU}`, HAIKU], deny: ['c*'], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['deny', direct(COHERE_R, 'us-east-1')],
      ['deny', viaProfile(catalog, 'us.cohere.embed-v4:0', 'us-east-1')],
      ['allow', direct(HAIKU, 'us-east-1')],
      ['allow', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1')],
    ]);
  });

  it('denying `n*` (NVIDIA) must not deny the Amazon Nova profiles (segment `nova-…`), in the SCP either', async () => {
    await expectCall(
      identity({ allow: [`us.${NOVA_PRO}`], deny: ['n*'], regions: ['us-east-1'], catalogRead: false }),
      viaProfile(catalog, `us.${NOVA_PRO}`, 'us-east-1'),
      'allow',
    );
    await expectCall(scp({ allow: ['us.amazon.*'], deny: ['n*'] }), viaProfile(catalog, `us.${NOVA_PRO}`, 'us-east-1'), 'allow');
  });

  it('a denied profile leaves the model callable directly and through other profiles', async () => {
    const s = identity({ allow: [SONNET45, `us.${SONNET45}`, `global.${SONNET45}`], deny: [`us.${SONNET45}`], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['deny', viaProfile(catalog, `us.${SONNET45}`, 'us-east-1')],
      ['deny', viaProfile(catalog, `us.${SONNET45}`, 'us-east-1', { profileKeyAtEntry: true })],
      ['allow', viaProfile(catalog, `global.${SONNET45}`, 'us-east-1')],
      ['allow', direct(SONNET45, 'us-east-1')],
    ]);
  });

  it('a denied model is denied through a global profile glob, including the region-less check', async () => {
    const s = identity({ allow: ['global.anthropic.*'], deny: [SONNET45], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['deny', viaProfile(catalog, `global.${SONNET45}`, 'us-east-1')],
      [
        'deny',
        single(INVOKE, `arn:aws:bedrock:::foundation-model/${SONNET45}`, {
          'bedrock:InferenceProfileArn': profileArn(`global.${SONNET45}`, 'us-east-1'),
          'aws:RequestedRegion': 'unspecified',
        }),
      ],
      ['allow', viaProfile(catalog, `global.${HAIKU45}`, 'us-east-1')],
    ]);
  });

  it('overlapping profile globs: the narrower deny wins inside the broader allow, and only there', async () => {
    const s = identity({ allow: ['us.anthropic.*'], deny: ['us.anthropic.claude-3-*'], regions: ['us-east-1'], catalogRead: false });
    const profiles = catalog.profiles.filter((p) => p.id.startsWith('us.anthropic.') && p.destinations['us-east-1']);
    expect(profiles.length).toBeGreaterThan(5);
    await expectCalls(
      s,
      profiles.map((p) => [p.id.startsWith('us.anthropic.claude-3-') ? 'deny' : 'allow', viaProfile(catalog, p.id, 'us-east-1')] as const),
    );
  });

  it('a denied application profile is denied as entry point and as a route, even when a glob allows it', async () => {
    const s = identity({ allow: [APP, HAIKU], deny: [APP], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['deny', viaAppProfile(APP, HAIKU, ['us-east-1'])],
      ['deny', single(INVOKE, fmArn(HAIKU, 'us-west-2'), { 'bedrock:InferenceProfileArn': APP })],
      ['allow', direct(HAIKU, 'us-east-1')],
    ]);
  });

  it('a denied model is denied through an allowed application profile and an allowed provisioned model is unaffected', async () => {
    const s = identity({ allow: [APP, PROV], deny: [OPUS3], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['deny', viaAppProfile(APP, OPUS3, ['us-east-1', 'us-west-2'])],
      ['allow', viaAppProfile(APP, HAIKU, ['us-east-1', 'us-west-2'])],
      ['allow', single(INVOKE, PROV)],
    ]);
  });
});

// -----------------------------------------------------------------------------------------------------------
// 3. ARNs: application inference profiles, provisioned and custom models, other accounts
// -----------------------------------------------------------------------------------------------------------
describe('ARN references', () => {
  it('an application-profile ARN glob must not open every foundation model to anyone who can create an application profile (identity policy)', async () => {
    // allow: a single approved model plus "our application profiles". ViaAppProfiles then grants
    // arn:aws:bedrock:*::foundation-model/* for any profile matching the glob, so a profile created tomorrow
    // by copying Claude 3 Opus (or any model) is usable. Correct: reject the glob, or never reach an unapproved model.
    let scenario: OracleScenario | undefined;
    try {
      scenario = identity({
        allow: [HAIKU, `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/*`],
        regions: ['us-east-1'],
        catalogRead: false,
      });
    } catch (error) {
      expect(error).toBeInstanceOf(PolicySpecError);
    }
    if (scenario) await expectCall(scenario, viaAppProfile(NEW_APP, OPUS3, ['us-east-1', 'us-west-2']), 'deny');
  });

  it('an application-profile ARN glob in the SCP allow-list must not exempt every foundation model', async () => {
    let scenario: OracleScenario | undefined;
    try {
      scenario = scp({ allow: [HAIKU, `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/*`] });
    } catch (error) {
      expect(error).toBeInstanceOf(PolicySpecError);
    }
    if (scenario) await expectCall(scenario, viaAppProfile(NEW_APP, OPUS3, ['us-east-1']), 'deny');
  });

  it('an exact application profile reaches its own model only through itself', async () => {
    const s = identity({ allow: [APP], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['allow', viaAppProfile(APP, OPUS3, ['us-east-1', 'us-west-2'])],
      ['deny', viaAppProfile(NEW_APP, OPUS3, ['us-east-1'])],
      ['deny', direct(OPUS3, 'us-east-1')],
      ['deny', viaProfile(catalog, `us.${OPUS3}`, 'us-east-1')],
      ['deny', single(INVOKE, fmArn(OPUS3, 'us-west-2'), { 'bedrock:InferenceProfileArn': profileArn(`us.${OPUS3}`, 'us-east-1') })],
    ]);
  });

  it('an ARN of another account grants that ARN only, not the same id in the own account', async () => {
    const foreign = 'arn:aws:bedrock:us-east-1:999999999999:application-inference-profile/app0123456789';
    const s = identity({ allow: [foreign], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['deny', viaAppProfile(APP, HAIKU, ['us-east-1'])],
      ['deny', single(INVOKE, fmArn(HAIKU, 'us-east-1'), { 'bedrock:InferenceProfileArn': APP })],
    ]);
  });

  it('rejects foundation-model, inference-profile, guardrail and unsupported ARNs, and wildcards outside the resource id', () => {
    const bad = [
      fmArn(HAIKU, 'us-east-1'),
      profileArn(`us.${HAIKU}`, 'us-east-1'),
      GR,
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent-alias/AGENT12345/ALIAS12345`,
      `arn:aws:bedrock:*:${ACCOUNT}:application-inference-profile/app0123456789`,
      `arn:aws:bedrock:us-east-1:*:application-inference-profile/app0123456789`,
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/\${aws:username}`,
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/`,
      `arn:aws-us-gov:bedrock:us-east-1:${ACCOUNT}:provisioned-model/prov01234567`,
      `arn:aws:bedrock:eu-west-1:${ACCOUNT}:provisioned-model/prov01234567`,
      `arn:aws:bedrock:us-east-1::provisioned-model/prov01234567`,
    ];
    for (const arn of bad) {
      const err = specError(() => identityResult({ allow: [arn], regions: ['us-east-1'] }));
      expect(err.problems.map((p) => p.field)).toEqual(['allow[0]']);
    }
  });

  it('a custom-model ARN in the form Bedrock returns (`custom-model/<base>/<id>`) is accepted and granted exactly', () => {
    // The evaluator has no InvokeModel data for custom-model ARNs (no.resource.types), so this checks the grant itself.
    const result = identityResult({ allow: [CUSTOM], regions: ['us-east-1'], catalogRead: false });
    // The allows that name a model or a profile (not the async-invoke, job or bedrock-mantle project grants).
    const modelResource = /:(foundation-model|inference-profile|application-inference-profile|custom-model|provisioned-model)\//;
    const allows = result.documents
      .flatMap((d) => d.Statement)
      .filter((st) => st.Effect === 'Allow' && asArray(st.Resource).some((r) => modelResource.test(r)));
    expect(allows).toEqual([
      { Sid: 'InvokeArns', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: CUSTOM },
    ]);
  });

  it('a provisioned-model ARN grants that ARN, not the foundation model behind it', async () => {
    const s = identity({ allow: [PROV], regions: ['us-east-1'], catalogRead: false });
    await expectCalls(s, [
      ['allow', single(INVOKE, PROV)],
      ['allow', single(INVOKE_STREAM, PROV)],
      ['deny', single(INVOKE, `arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/prov01234568`)],
      ['deny', direct(HAIKU, 'us-east-1')],
    ]);
  });
});

// -----------------------------------------------------------------------------------------------------------
// 4. The SCP: NotResource + ArnNotLike
// -----------------------------------------------------------------------------------------------------------
describe('organization SCP', () => {
  it('a call through a non-allowed profile is denied even when its entry check carries bedrock:InferenceProfileArn', async () => {
    const s = scp({ allow: [HAIKU, 'us.anthropic.claude-3-5-*'] });
    await expectCalls(s, [
      ['deny', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1', { profileKeyAtEntry: true })],
      ['deny', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1')],
      ['allow', viaProfile(catalog, 'us.anthropic.claude-3-5-haiku-20241022-v1:0', 'us-east-1', { profileKeyAtEntry: true })],
      ['allow', direct(HAIKU, 'us-west-2')],
    ]);
  });

  it('an allowed global profile glob with a denied model: denied at every check, other models pass', async () => {
    const s = scp({ allow: ['global.anthropic.*'], deny: [SONNET45] });
    await expectCalls(s, [
      ['deny', viaProfile(catalog, `global.${SONNET45}`, 'eu-west-1')],
      ['allow', viaProfile(catalog, `global.${HAIKU45}`, 'eu-west-1')],
      ['deny', direct(HAIKU45, 'us-east-1')],
    ]);
  });

  it('with regions: entry points only there, routed destinations anywhere, direct calls elsewhere denied', async () => {
    const s = scp({ allow: [HAIKU, 'us.anthropic.*', APP], regions: ['us-east-1'] });
    await expectCalls(s, [
      ['allow', direct(HAIKU, 'us-east-1')],
      ['deny', direct(HAIKU, 'us-west-2')],
      ['allow', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1')],
      ['deny', viaProfile(catalog, `us.${HAIKU}`, 'us-west-2')],
      ['deny', viaProfile(catalog, `us.${HAIKU}`, 'us-east-2')],
      ['allow', viaAppProfile(APP, OPUS3, ['us-east-1', 'us-west-2'])],
      // a routed destination check claiming a profile from a non-listed source region
      ['deny', single(INVOKE, fmArn(OPUS3, 'us-east-1'), { 'bedrock:InferenceProfileArn': profileArn(`us.${OPUS3}`, 'us-west-2') })],
      ['allow', single(INVOKE, fmArn(OPUS3, 'us-west-2'), { 'bedrock:InferenceProfileArn': profileArn(`us.${OPUS3}`, 'us-east-1') })],
    ]);
  });

  it('a `deny` that is not a list (e.g. a single string from YAML) is rejected, not ignored', () => {
    const spec = { allow: ['anthropic.*'], deny: OPUS3 } as unknown as OrganizationModelSpec;
    specError(() => buildOrganizationModelPolicies(spec, { catalog }));
  });

  it('`regions` that is not a list (e.g. a single string) is rejected, not read as "every region"', () => {
    const spec = { allow: [HAIKU], regions: 'us-east-1' } as unknown as OrganizationModelSpec;
    specError(() => buildOrganizationModelPolicies(spec, { catalog }));
  });

  it('a `partition` option that contradicts the regions is rejected (it would deny every invocation)', async () => {
    let scenario: OracleScenario | undefined;
    try {
      scenario = scp({ allow: [HAIKU], regions: ['us-east-1'] }, { partition: 'aws-us-gov' });
    } catch (error) {
      expect(error).toBeInstanceOf(PolicySpecError);
    }
    if (scenario) await expectCall(scenario, direct(HAIKU, 'us-east-1'), 'allow');
  });

  it('the identity-policy deny checks of a non-list deny are reported (reference behaviour)', () => {
    const spec = { allow: [HAIKU], deny: OPUS3, regions: ['us-east-1'] } as unknown as ModelAccessSpec;
    specError(() => identityResult(spec));
  });
});

// -----------------------------------------------------------------------------------------------------------
// 5. Conditions: guardrail and VPC endpoints
// -----------------------------------------------------------------------------------------------------------
describe('conditions', () => {
  it('a guardrail without version accepts every version of that guardrail, not a guardrail whose id extends it', async () => {
    const s = identity({ allow: [NOVA_LITE], regions: ['us-east-1'], guardrail: { arn: GR }, catalogRead: false });
    const withGuardrail = (id: string): BedrockCall => direct(NOVA_LITE, 'us-east-1', { 'bedrock:GuardrailIdentifier': id });
    await expectCalls(s, [
      ['allow', withGuardrail(GR)],
      ['allow', withGuardrail(`${GR}:1`)],
      ['allow', withGuardrail(`${GR}:DRAFT`)],
      ['deny', withGuardrail(`${GR}def`)],
      ['deny', withGuardrail(`${GR}def:1`)],
      ['deny', withGuardrail(`arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gr0ab:1`)],
      ['deny', withGuardrail(`arn:aws:bedrock:us-east-1:999999999999:guardrail/gr0abc:1`)],
      ['deny', direct(NOVA_LITE, 'us-east-1')],
    ]);
  });

  it('a versioned guardrail accepts that version only', async () => {
    const s = identity({ allow: [NOVA_LITE], regions: ['us-east-1'], guardrail: { arn: GR, version: '1' }, catalogRead: false });
    const withGuardrail = (id: string): BedrockCall => direct(NOVA_LITE, 'us-east-1', { 'bedrock:GuardrailIdentifier': id });
    await expectCalls(s, [
      ['allow', withGuardrail(`${GR}:1`)],
      ['deny', withGuardrail(`${GR}:10`)],
      ['deny', withGuardrail(GR)],
      ['deny', withGuardrail(`${GR}:DRAFT`)],
    ]);
  });

  it('mixed versioned and unversioned guardrails keep the versioned one exact', async () => {
    const GR2 = `arn:aws:bedrock:us-west-2:${ACCOUNT}:guardrail/gr0xyz`;
    const s = identity({
      allow: [HAIKU],
      regions: ['us-east-1', 'us-west-2'],
      guardrail: [{ arn: GR, version: '2' }, { arn: GR2 }],
      catalogRead: false,
    });
    await expectCalls(s, [
      ['allow', direct(HAIKU, 'us-east-1', { 'bedrock:GuardrailIdentifier': `${GR}:2` })],
      ['deny', direct(HAIKU, 'us-east-1', { 'bedrock:GuardrailIdentifier': `${GR}:3` })],
      ['deny', direct(HAIKU, 'us-east-1', { 'bedrock:GuardrailIdentifier': GR })],
      ['allow', direct(HAIKU, 'us-west-2', { 'bedrock:GuardrailIdentifier': `${GR2}:9` })],
    ]);
  });

  it('guardrail and VPC endpoint conditions hold at every entry point: profile, application profile, provisioned model', async () => {
    const ok = { 'aws:SourceVpce': VPCE_A, 'bedrock:GuardrailIdentifier': `${GR}:1` };
    const s = identity({ allow: [`us.${HAIKU}`, APP, PROV], regions: ['us-east-1'], sourceVpcEndpoints: [VPCE_A], guardrail: { arn: GR }, catalogRead: false });
    await expectCalls(s, [
      ['allow', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1', { context: ok })],
      ['allow', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1', { context: ok, carryContext: false, profileKeyAtEntry: true })],
      ['deny', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1', { context: { 'aws:SourceVpce': VPCE_A }, profileKeyAtEntry: true })],
      ['allow', viaAppProfile(APP, OPUS3, ['us-east-1'], ok)],
      ['deny', viaAppProfile(APP, OPUS3, ['us-east-1'], { 'bedrock:GuardrailIdentifier': `${GR}:1` })],
      ['allow', single(INVOKE, PROV, ok)],
      ['deny', single(INVOKE, PROV, { 'aws:SourceVpce': VPCE_B, 'bedrock:GuardrailIdentifier': `${GR}:1` })],
      ['deny', single(INVOKE, PROV, { 'aws:SourceVpce': VPCE_A })],
    ]);
  });

  it('VPC endpoint ids given as CDK tokens stay whole in the condition (checked after substituting a deployed id)', async () => {
    const token = '${Token[TOKEN.4242]}';
    const result = identityResult({ allow: [HAIKU], regions: ['us-east-1'], sourceVpcEndpoints: [token, token, VPCE_B], catalogRead: false });
    const resolved = JSON.parse(JSON.stringify(result.documents).split(token).join(VPCE_A)) as PolicyDoc[];
    const values = statementsOf(result.documents).flatMap((st) => asArray(st.Condition?.StringNotEquals?.['aws:SourceVpce']));
    expect(new Set(values)).toEqual(new Set([token, VPCE_B]));
    await expectCalls({ identityPolicies: resolved }, [
      ['allow', direct(HAIKU, 'us-east-1', { 'aws:SourceVpce': VPCE_A })],
      ['allow', direct(HAIKU, 'us-east-1', { 'aws:SourceVpce': VPCE_B })],
      ['deny', direct(HAIKU, 'us-east-1', { 'aws:SourceVpce': 'vpce-0000000000000000f' })],
      ['deny', direct(HAIKU, 'us-east-1')],
    ]);
  });

  it('rejects malformed VPC endpoint ids, guardrail ARNs with a version suffix, and a listed region without a guardrail', () => {
    for (const vpce of ['vpce-*', 'vpce-0A1B2C3D4E5F6', 'vpce-0a1b2c3d4e5f60718 ', '${aws:SourceVpce}', '*', '']) {
      specError(() => identityResult({ allow: [HAIKU], regions: ['us-east-1'], sourceVpcEndpoints: [vpce] }));
    }
    specError(() => identityResult({ allow: [HAIKU], regions: ['us-east-1'], sourceVpcEndpoints: [] }));
    for (const arn of [`${GR}:1`, `${GR}*`, `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/*`, `arn:aws:bedrock:us-east-1::guardrail/gr0abc`]) {
      specError(() => identityResult({ allow: [HAIKU], regions: ['us-east-1'], guardrail: { arn } }));
    }
    specError(() => identityResult({ allow: [HAIKU], regions: ['us-east-1'], guardrail: { arn: GR, version: '*' } }));
    specError(() => identityResult({ allow: [HAIKU], regions: ['us-east-1', 'us-west-2'], guardrail: { arn: GR } }));
    specError(() => identityResult({ allow: [HAIKU], regions: ['us-east-1'], guardrail: [] }));
  });
});

// -----------------------------------------------------------------------------------------------------------
// 6. Splitting across documents
// -----------------------------------------------------------------------------------------------------------
describe('splitting across documents', () => {
  const spec: ModelAccessSpec = {
    allow: [
      ...catalog.models.filter((m) => m.id.startsWith('meta.') || m.id.startsWith('mistral.')).map((m) => m.id),
      'us.anthropic.*',
      `global.${SONNET45}`,
      APP,
      PROV,
      HAIKU,
    ],
    deny: [OPUS3, 'anthropic.claude-opus-4-*', `us.${SONNET45}`, ...catalog.models.filter((m) => m.id.startsWith('cohere.')).map((m) => m.id)],
    regions: ['us-east-1', 'us-west-2', 'us-east-2'],
    sourceVpcEndpoints: [VPCE_A],
    guardrail: [
      { arn: GR, version: '1' },
      { arn: `arn:aws:bedrock:us-west-2:${ACCOUNT}:guardrail/gr0abc` },
      { arn: `arn:aws:bedrock:us-east-2:${ACCOUNT}:guardrail/gr0abc` },
    ],
  };
  const ok = { 'aws:SourceVpce': VPCE_A, 'bedrock:GuardrailIdentifier': `${GR}:1` };
  const okWest = { 'aws:SourceVpce': VPCE_A, 'bedrock:GuardrailIdentifier': `arn:aws:bedrock:us-west-2:${ACCOUNT}:guardrail/gr0abc:4` };
  const calls: BedrockCall[] = [
    direct('meta.llama3-1-8b-instruct-v1:0', 'us-west-2', okWest),
    direct('mistral.mistral-large-2402-v1:0', 'us-east-1', ok),
    direct('mistral.mistral-large-2402-v1:0', 'us-east-1', { 'aws:SourceVpce': VPCE_A }),
    direct(HAIKU, 'us-east-1', ok),
    direct(OPUS3, 'us-east-1', ok),
    direct(COHERE_R, 'us-east-1', ok),
    direct(NOVA_LITE, 'us-east-1', ok),
    viaProfile(catalog, `us.${HAIKU}`, 'us-east-1', { context: ok }),
    viaProfile(catalog, `us.${OPUS3}`, 'us-east-1', { context: ok }),
    viaProfile(catalog, 'us.anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-1', { context: ok }),
    viaProfile(catalog, `us.${SONNET45}`, 'us-east-1', { context: ok }),
    viaProfile(catalog, `global.${SONNET45}`, 'us-east-1', { context: ok }),
    viaProfile(catalog, 'us.meta.llama3-2-1b-instruct-v1:0', 'us-east-1', { context: ok }),
    viaAppProfile(APP, OPUS3, ['us-east-1'], ok),
    viaAppProfile(APP, HAIKU, ['us-east-1', 'us-west-2'], ok),
    viaAppProfile(APP, HAIKU, ['us-east-1'], { 'aws:SourceVpce': VPCE_B, 'bedrock:GuardrailIdentifier': `${GR}:1` }),
    single(INVOKE, PROV, ok),
    single(INVOKE, PROV, { 'aws:SourceVpce': VPCE_A }),
  ];

  it('small documents give the same decision as large ones for every call, and no Deny is lost', async () => {
    const whole = identityResult(spec, { maxCharacters: 100_000, maxDocuments: 1 });
    const split = identityResult(spec, { maxCharacters: 1200, maxDocuments: 40 });
    expect(whole.documents).toHaveLength(1);
    expect(split.documents.length).toBeGreaterThan(3);
    // every Deny resource and condition survives the split
    const denyKeys = (docs: readonly PolicyDocumentJson[]): Set<string> =>
      new Set(
        statementsOf(docs)
          .filter((st) => st.Effect === 'Deny')
          .flatMap((st) =>
            [...asArray(st.Resource), ...asArray(st.NotResource).map((r) => `not:${r}`)].map((r) => `${r}|${JSON.stringify(st.Condition ?? {})}`),
          ),
      );
    expect(denyKeys(split.documents)).toEqual(denyKeys(whole.documents));
    const wholeScenario: OracleScenario = { identityPolicies: whole.documents as PolicyDoc[] };
    const splitScenario: OracleScenario = { identityPolicies: split.documents as PolicyDoc[] };
    const expected: Expected[] = [];
    for (const call of calls) {
      const a = (await decideCall(wholeScenario, call)).decision;
      const b = (await decideCall(splitScenario, call)).decision;
      expect(b, call.name).toBe(a);
      expected.push(a === 'Allowed' ? 'allow' : 'deny');
    }
    // and the decisions are the intended ones
    // prettier-ignore
    expect(expected).toEqual([
      'allow', 'allow', 'deny', // meta/mistral direct with and without guardrail
      'allow', 'deny', 'deny', 'deny', // haiku, denied opus, denied cohere, nova not allowed
      'allow', 'deny', 'deny', 'deny', // us.haiku, us.opus3 (model denied), us.opus-4-1 (glob denied), us.sonnet (profile denied)
      'allow', 'deny', // global sonnet, a meta profile (only direct meta allowed)
      'deny', 'allow', 'deny', // app profile → denied opus, → haiku, wrong endpoint
      'allow', 'deny', // provisioned with and without guardrail
    ]);
  });

  it('(deploy failure) by default the SCPs leave room for FullAWSAccess on the target (at most 4 of 5)', () => {
    // A deny-list SCP needs an Allow (FullAWSAccess) attached at the same target, and it counts towards the
    // 5-policies-per-target quota; 5 engine documents cannot be attached beside it (fails at deploy time).
    const models = catalog.models.map((m) => m.id).filter((m) => !m.startsWith('anthropic.'));
    const profiles = catalog.profiles.map((p) => p.id).filter((p) => !p.includes('.anthropic.'));
    let count = 0;
    try {
      count = buildOrganizationModelPolicies({ allow: ['anthropic.*'], deny: [...models, ...profiles.slice(0, 48)] }, { catalog }).documents.length;
    } catch (error) {
      expect((error as Error).name).toBe('PolicyPackingError');
    }
    expect(count).toBeLessThanOrEqual(4);
  });

  it('SCP documents: a split never splits the allow-list statement, and fails loudly when it cannot fit', () => {
    const many = catalog.models.map((m) => m.id);
    expect(() => buildOrganizationModelPolicies({ allow: many, deny: [OPUS3] }, { catalog, maxCharacters: 2000 })).toThrow(/cannot be split/);
    // 1,500: the largest whole statement (DenyUnapprovedModelUse, every bounded action) must fit one document.
    const ok = buildOrganizationModelPolicies({ allow: ['anthropic.*'], deny: many.filter((m) => m.startsWith('meta.')) }, { catalog, maxCharacters: 1500 });
    const st = statementsOf(ok.documents);
    expect(st.filter((s) => s.Sid === 'DenyUnapprovedModels')).toHaveLength(1);
    const denied = st.filter((s) => s.Sid?.startsWith('DenyModels')).flatMap((s) => asArray(s.Resource));
    for (const m of many.filter((x) => x.startsWith('meta.'))) expect(denied).toContain(`arn:aws:bedrock:*::foundation-model/${m}`);
  });
});

// -----------------------------------------------------------------------------------------------------------
// 7. Odd input
// -----------------------------------------------------------------------------------------------------------
describe('odd input', () => {
  it('rejects empty, blank and padded references, `*` regions, tokens as regions and an empty allow-list', () => {
    for (const ref of ['', ' ', `${HAIKU} `, '\t']) specError(() => identityResult({ allow: [ref], regions: ['us-east-1'] }));
    for (const ref of ['', ' ']) specError(() => identityResult({ allow: [HAIKU], deny: [ref], regions: ['us-east-1'] }));
    for (const region of ['*', 'us-east-*', '${Token[TOKEN.1]}', 'US-EAST-1', '']) specError(() => identityResult({ allow: [HAIKU], regions: [region] }));
    specError(() => identityResult({ allow: [], regions: ['us-east-1'] }));
    specError(() => buildOrganizationModelPolicies({ allow: [] }, { catalog }));
    specError(() => buildOrganizationModelPolicies({ allow: [HAIKU], regions: ['*'] }, { catalog }));
  });

  it('duplicate references and regions produce the same documents (no duplicate statements)', () => {
    const once = identityResult({ allow: [HAIKU, `us.${HAIKU}`, APP], deny: [OPUS3], regions: ['us-east-1'] });
    const twice = identityResult({ allow: [HAIKU, `us.${HAIKU}`, APP, HAIKU, `us.${HAIKU}`, APP], deny: [OPUS3, OPUS3], regions: ['us-east-1', 'us-east-1'] });
    expect(twice.documents).toEqual(once.documents);
  });

  it('a profile glob that is silently dropped for a listed source region is reported', () => {
    // No `us.mistral.*` profile is callable from us-west-1 in the catalog. The entry is granted in every listed region
    // (an ARN naming no profile grants nothing; ADR 0005), so a newer us.mistral profile there is what the glob asked
    // for, and the warning says the catalog knows none yet. Exact profiles get a ProfileNotInRegion warning here.
    const result = identityResult({ allow: ['us.mistral.*'], regions: ['us-east-1', 'us-west-1'], catalogRead: false });
    const entry = statementsOf(result.documents).find((st) => st.Sid === 'InvokeProfiles');
    expect(asArray(entry?.Resource)).toEqual([profileArn('us.mistral.*', 'us-east-1'), profileArn('us.mistral.*', 'us-west-1')]);
    expect(result.warnings.filter((w) => w.message.includes('us-west-1')).map((w) => w.id)).toContain('ProfileNotInRegion');
  });

  it('an account given as a CDK token stays whole in every ARN (checked after substituting the deployed account)', async () => {
    const token = '${Token[AWS.AccountId.7]}';
    const result = buildModelAccessPolicies(
      { allow: [`us.${HAIKU}`, `global.${SONNET45}`], regions: ['us-east-1'], catalogRead: false },
      { catalog, account: token },
    );
    const text = JSON.stringify(result.documents);
    expect(text.includes(token)).toBe(true);
    const s: OracleScenario = { identityPolicies: JSON.parse(text.split(token).join(ACCOUNT)) as PolicyDoc[] };
    await expectCalls(s, [
      ['allow', viaProfile(catalog, `us.${HAIKU}`, 'us-east-1')],
      ['allow', viaProfile(catalog, `global.${SONNET45}`, 'us-east-1')],
      ['deny', direct(HAIKU, 'us-east-1')],
    ]);
  });

  it('a deny glob that matches nothing because of its case or a `?` geography is not silent: it is warned', () => {
    const result = identityResult({
      allow: ['us.anthropic.*'],
      deny: ['anthropic.Claude-3-*', 'u?.anthropic.claude-3-opus-20240229-v1:0'],
      regions: ['us-east-1'],
      catalogRead: false,
    });
    expect(result.warnings.filter((w) => w.id === 'GlobMatchesNothing').map((w) => w.message.slice(0, 7))).toEqual(['deny[0]', 'deny[1]']);
  });

  it('destinationRegions are accepted only with newerThanCatalog, and must be known regions', () => {
    specError(() => identityResult({ allow: [{ id: `us.${HAIKU}`, destinationRegions: ['eu-west-1'] }], regions: ['us-east-1'] }));
    specError(() =>
      identityResult({ allow: [{ id: 'us.anthropic.claude-next-v1:0', newerThanCatalog: true, destinationRegions: ['*'] }], regions: ['us-east-1'] }),
    );
    specError(() =>
      identityResult({ allow: [{ id: 'us.anthropic.claude-next-v1:0', newerThanCatalog: true, destinationRegions: [] }], regions: ['us-east-1'] }),
    );
  });

  it('an unknown id is rejected unless marked newer than the catalog, in deny lists too', () => {
    specError(() => identityResult({ allow: ['anthropic.claude-next-v1:0'], regions: ['us-east-1'] }));
    specError(() => identityResult({ allow: [HAIKU], deny: ['anthropic.claude-next-v1:0'], regions: ['us-east-1'] }));
    expect(() =>
      identityResult({ allow: [HAIKU], deny: [{ id: 'anthropic.claude-next-v1:0', newerThanCatalog: true }], regions: ['us-east-1'] }),
    ).not.toThrow();
  });

  it('a profile newer than the catalog grants its model only through itself, in the given destination regions', async () => {
    const id = 'us.anthropic.claude-next-v1:0';
    const s = identity({ allow: [{ id, newerThanCatalog: true, destinationRegions: ['us-east-1', 'us-west-2'] }], regions: ['us-east-1'], catalogRead: false });
    const model = 'anthropic.claude-next-v1:0';
    const key = { 'bedrock:InferenceProfileArn': profileArn(id, 'us-east-1') };
    await expectCalls(s, [
      ['allow', single(INVOKE, profileArn(id, 'us-east-1'))],
      ['allow', single(INVOKE, fmArn(model, 'us-west-2'), key)],
      ['deny', single(INVOKE, fmArn(model, 'eu-west-1'), key)],
      ['deny', direct(model, 'us-east-1')],
    ]);
  });
});
