/**
 * The model boundary on every path (issue 8): every use category (inference incl. async and CountTokens, batch,
 * evaluation, training, serving), bedrock-mantle, API keys, baseline protection and service tiers, through every layer
 * (team identity policy, SCP, control-plane / mantle / runtime endpoint policies), in both directions, evaluated by an
 * independent IAM evaluator (@cloud-copilot/iam-simulate). Then a mutation check: removing any statement of the
 * generated documents must flip at least one case, so no statement is untested.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../policies/iam/catalog/catalog';
import { boundedActions, MODEL_CATEGORIES, type ModelCategory } from '../../../policies/iam/categories';
import type { PolicyDocumentJson } from '../../../policies/iam/document';
import { buildControlPlaneEndpointPolicy, buildMantleEndpointPolicy, buildRuntimeEndpointPolicy } from '../../../policies/iam/endpoint-policy';
import { buildModelAccessPolicies } from '../../../policies/iam/model-access';
import { buildOrganizationModelPolicies, type OrganizationModelSpec } from '../../../policies/iam/scp';
import type { ApiKeysMode, ModelAccessSpec } from '../../../policies/iam/spec';
import { type BedrockCall, decideCall, direct, fmArn, INVOKE, profileArn, single, viaProfile } from '../../support/bedrock-calls';
import { ACCOUNT, FULL_AWS_ACCESS, type OracleScenario, type PolicyDoc } from '../../support/iam-oracle';
import { as, bearer, bedrockArn, createApiKey, mantle, startAsyncInvoke, TAKES_CUSTOM_MODEL_ONLY, useModel } from '../../support/model-use-calls';

const catalog = loadCatalog();
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const OPUS3 = 'anthropic.claude-3-opus-20240229-v1:0';
const LLAMA = 'meta.llama3-1-8b-instruct-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';
const NOVA_PREMIER = 'amazon.nova-premier-v1:0';
const CUSTOM = `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/tuned0123456`;
const OTHER_ACCOUNT_CUSTOM = 'arn:aws:bedrock:us-east-1:999999999999:custom-model/tuned0123456';
const UNLISTED_CUSTOM = `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/unlisted01234`;
const PROV = `arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/prov0123456789`;
const REGIONS = ['us-east-1', 'us-west-2'];
const VPCE = 'vpce-0123456789abcdef0';

const ALLOW = [HAIKU, `us.${SONNET}`, 'amazon.nova-*', CUSTOM, PROV];
const DENY = [NOVA_PREMIER];

type Expected = 'allow' | 'deny';
type Case = readonly [Expected, BedrockCall];
const iff = (yes: boolean, call: BedrockCall): Case => [yes ? 'allow' : 'deny', call];

let total = 0;
const scenarios: { title: string; scenario: OracleScenario; cases: readonly Case[] }[] = [];
function matrix(title: string, scenario: OracleScenario, cases: readonly Case[]): void {
  total += cases.length;
  scenarios.push({ title, scenario, cases });
  describe(title, () => {
    it.each(cases.map(([expected, call]) => ({ expected, call, name: call.name })))('$expected: $name', async ({ expected, call }) => {
      const { decision, failing } = await decideCall(scenario, call);
      const got = decision === 'Allowed' ? 'allow' : 'deny';
      expect(got, got === 'allow' ? 'UNEXPECTED ALLOW' : `UNEXPECTED DENY (${decision}) at ${failing?.resource} ${JSON.stringify(failing?.context)}`).toBe(
        expected,
      );
    });
  });
}

const trainingOutput = (a: string): boolean => a === 'bedrock:CreateModelCustomizationJob' || a === 'bedrock:CreateModelCopyJob';
const categoryOf = (action: string): ModelCategory => MODEL_CATEGORIES.find((c) => boundedActions(c).includes(action))!;
const nonInvoke = MODEL_CATEGORIES.flatMap(boundedActions).filter((a) => a !== INVOKE && a !== 'bedrock:InvokeModelWithResponseStream');
const takesProfile = new Set(['bedrock:CreateInferenceProfile', 'bedrock:CreatePromptRouter', 'bedrock:CreateAdvancedPromptOptimizationJob']);

/** The model-use calls of every bounded action other than invocation, on approved and unapproved models. */
/**
 * `ownCustomPasses`: actions for which an existing, unlisted custom model of the account passes (documented caveat: AWS
 * checks the new custom model of a customization or copy with the same resource type as an existing one).
 */
function modelUseCases(
  approvedFor: (action: string) => boolean,
  opts: { context?: Record<string, string>; ownCustomPasses?: (action: string) => boolean } = {},
): Case[] {
  const ctx = opts.context ?? {};
  const cases: Case[] = [];
  for (const action of nonInvoke) {
    const ok = approvedFor(action);
    if (action.includes('MarketplaceModelEndpoint')) {
      // No allow-list entry names a marketplace endpoint: never approved.
      cases.push(iff(false, useModel(action, bedrockArn('bedrock-marketplace-model-endpoint', 'us-east-1'), 'us-east-1', ctx)));
      continue;
    }
    if (TAKES_CUSTOM_MODEL_ONLY.has(action)) {
      cases.push(iff(ok, useModel(action, CUSTOM, 'us-east-1', ctx)), iff(false, useModel(action, OTHER_ACCOUNT_CUSTOM, 'us-east-1', ctx)));
      continue;
    }
    cases.push(
      iff(ok, useModel(action, fmArn(HAIKU, 'us-east-1'), 'us-east-1', ctx)),
      iff(ok, useModel(action, fmArn(SONNET, 'us-east-1'), 'us-east-1', ctx)), // the model of an allowed profile, in a listed region
      iff(ok, useModel(action, fmArn(NOVA_LITE, 'us-west-2'), 'us-west-2', ctx)), // matched by a glob
      iff(false, useModel(action, fmArn(NOVA_PREMIER, 'us-east-1'), 'us-east-1', ctx)), // denied inside the glob
      iff(false, useModel(action, fmArn(OPUS3, 'us-east-1'), 'us-east-1', ctx)),
      iff(false, useModel(action, fmArn(LLAMA, 'us-west-2'), 'us-west-2', ctx)),
      iff(false, useModel(action, fmArn(HAIKU, 'eu-west-1'), 'eu-west-1', ctx)), // region not listed
    );
    if (takesProfile.has(action)) {
      cases.push(
        iff(ok, useModel(action, profileArn(`us.${SONNET}`, 'us-east-1'), 'us-east-1', ctx)),
        iff(false, useModel(action, profileArn(`us.${OPUS3}`, 'us-east-1'), 'us-east-1', ctx)),
      );
    }
    if (['bedrock:CreateProvisionedModelThroughput', 'bedrock:CreateModelCustomizationJob', 'bedrock:CreateModelInvocationJob'].includes(action)) {
      // Another account's custom model: denied (the evaluator, like AWS, needs that account's consent: same-account model).
      cases.push(
        iff(ok, useModel(action, CUSTOM, 'us-east-1', ctx)),
        iff(false, useModel(action, OTHER_ACCOUNT_CUSTOM, 'us-east-1', ctx)),
        iff(ok && (opts.ownCustomPasses?.(action) ?? false), useModel(action, UNLISTED_CUSTOM, 'us-east-1', ctx)),
      );
    }
  }
  return cases;
}

const mantleCases = (inference: boolean, training: boolean, ctx: Record<string, string> = {}): Case[] =>
  (['bedrock-mantle:CreateInference', 'bedrock-mantle:CountTokens', 'bedrock-mantle:CreateFineTuningJob'] as const).flatMap((a) => {
    const ok = a === 'bedrock-mantle:CreateFineTuningJob' ? training : inference;
    return [
      iff(ok, mantle(a, HAIKU, 'us-east-1', ctx)),
      iff(ok, mantle(a, SONNET, 'us-east-1', ctx)),
      iff(ok, mantle(a, NOVA_LITE, 'us-west-2', ctx)),
      iff(false, mantle(a, NOVA_PREMIER, 'us-east-1', ctx)),
      iff(false, mantle(a, OPUS3, 'us-east-1', ctx)),
      iff(false, mantle(a, LLAMA, 'us-east-1', ctx)),
    ];
  });

/** Inference calls: direct, streaming, through the profile, async, CountTokens, and their companions. */
const inferenceCases = (ok: boolean, ctx: Record<string, string> = {}): Case[] => [
  iff(ok, direct(HAIKU, 'us-east-1', ctx)),
  iff(ok, direct(NOVA_LITE, 'us-west-2', ctx, 'bedrock:InvokeModelWithResponseStream')),
  iff(ok, viaProfile(catalog, `us.${SONNET}`, 'us-east-1', { context: ctx })),
  iff(ok, single(INVOKE, PROV, ctx)),
  iff(ok, startAsyncInvoke(fmArn(HAIKU, 'us-east-1'), 'us-east-1', ctx)),
  iff(ok, startAsyncInvoke(fmArn('amazon.nova-reel-v1:0', 'us-east-1'), 'us-east-1', ctx)),
  iff(false, startAsyncInvoke(fmArn(OPUS3, 'us-east-1'), 'us-east-1', ctx)),
  iff(false, startAsyncInvoke(fmArn(NOVA_PREMIER, 'us-east-1'), 'us-east-1', ctx)),
  iff(ok, single('bedrock:CountTokens', fmArn(HAIKU, 'us-east-1'), ctx)),
  iff(ok, single('bedrock:CountTokens', fmArn(SONNET, 'us-west-2'), ctx)), // a profile-only model: counted on its model ARN
  iff(false, single('bedrock:CountTokens', fmArn(OPUS3, 'us-east-1'), ctx)),
  iff(false, single('bedrock:CountTokens', fmArn(NOVA_PREMIER, 'us-east-1'), ctx)),
  iff(false, direct(OPUS3, 'us-east-1', ctx)),
  iff(false, direct(NOVA_PREMIER, 'us-west-2', ctx)),
  iff(false, direct(SONNET, 'us-east-1', ctx)), // a profile's model, called directly
];

const identity = (spec: Partial<ModelAccessSpec>): PolicyDoc[] =>
  buildModelAccessPolicies({ allow: ALLOW, deny: DENY, regions: REGIONS, ...spec }, { catalog, account: ACCOUNT }).documents as PolicyDoc[];
const identityCompanions = (granted: readonly ModelCategory[]): Case[] => [
  iff(granted.includes('inference'), single('bedrock:GetAsyncInvoke', bedrockArn('async-invoke', 'us-east-1'))),
  iff(granted.includes('inference'), single('bedrock:ListAsyncInvokes', '*')),
  iff(granted.includes('batch'), single('bedrock:GetModelInvocationJob', bedrockArn('model-invocation-job', 'us-west-2'))),
  iff(granted.includes('batch'), single('bedrock:ListModelInvocationJobs', '*')),
  iff(granted.includes('evaluation'), single('bedrock:GetEvaluationJob', bedrockArn('evaluation-job', 'us-east-1'))),
  iff(granted.includes('training'), single('bedrock:GetModelCustomizationJob', bedrockArn('model-customization-job', 'us-east-1'))),
  iff(granted.includes('training'), single('bedrock:StopModelCustomizationJob', bedrockArn('model-customization-job', 'us-east-1'))),
  iff(granted.includes('serving'), single('bedrock:GetProvisionedModelThroughput', bedrockArn('provisioned-model', 'us-east-1'))),
  iff(granted.includes('evaluation'), single('bedrock:ListEvaluationJobs', '*')),
  iff(granted.includes('training'), single('bedrock:ListModelCustomizationJobs', '*')),
  iff(granted.includes('serving'), single('bedrock:ListProvisionedModelThroughputs', '*')),
  iff(false, single('bedrock:GetModelInvocationJob', bedrockArn('model-invocation-job', 'eu-west-1'))),
  // API keys, default short-term-only
  iff(true, bearer('bedrock', 'SHORT_TERM')),
  iff(true, bearer('bedrock-mantle', 'SHORT_TERM')),
  iff(false, bearer('bedrock', 'LONG_TERM')),
];

// ---------------------------------------------------------------------------------------------------------------
// 1. Team identity policies: the default (inference) and every category.
// ---------------------------------------------------------------------------------------------------------------
{
  const docs = identity({});
  matrix('team policy, default categories (inference only)', { identityPolicies: docs }, [
    ...inferenceCases(true),
    ...modelUseCases((a) => categoryOf(a) === 'inference'),
    ...mantleCases(true, false),
    ...identityCompanions(['inference']),
  ]);
}
{
  const granted: ModelCategory[] = ['inference', 'batch', 'evaluation', 'training', 'serving'];
  matrix('team policy, every category', { identityPolicies: identity({ categories: granted }) }, [
    ...inferenceCases(true),
    ...modelUseCases(() => true, { ownCustomPasses: trainingOutput }),
    ...mantleCases(true, true),
    ...identityCompanions(granted),
  ]);
}
{
  const granted: ModelCategory[] = ['batch', 'training'];
  matrix('team policy, batch and training only (no inference)', { identityPolicies: identity({ categories: granted }) }, [
    ...inferenceCases(false),
    ...modelUseCases((a) => granted.includes(categoryOf(a)), { ownCustomPasses: trainingOutput }),
    ...mantleCases(false, true),
    ...identityCompanions(granted),
  ]);
}
{
  // A VPC-endpoint team: every inference path needs the endpoint, the other categories are not network-bound.
  const docs = identity({ sourceVpcEndpoints: [VPCE] });
  matrix('team policy with sourceVpcEndpoints', { identityPolicies: docs }, [
    ...inferenceCases(true, { 'aws:SourceVpce': VPCE }),
    ...inferenceCases(false, { 'aws:SourceVpce': 'vpce-0fffffffffffffff0' }).filter(([e]) => e === 'deny'),
    iff(false, single('bedrock:CountTokens', fmArn(HAIKU, 'us-east-1'))),
    iff(false, startAsyncInvoke(fmArn(HAIKU, 'us-east-1'), 'us-east-1')),
    iff(false, mantle('bedrock-mantle:CreateInference', HAIKU, 'us-east-1')),
    iff(true, mantle('bedrock-mantle:CreateInference', HAIKU, 'us-east-1', { 'aws:SourceVpce': VPCE })),
  ]);
}
{
  const cases = (mode: ApiKeysMode): Case[] => [
    iff(mode !== 'deny', bearer('bedrock', 'SHORT_TERM')),
    iff(mode !== 'deny', bearer('bedrock-mantle', 'SHORT_TERM')),
    iff(mode === 'allow', bearer('bedrock', 'LONG_TERM')),
    iff(mode === 'allow', bearer('bedrock-mantle', 'LONG_TERM')),
  ];
  for (const mode of ['deny', 'short-term-only', 'allow'] as const)
    matrix(`team policy, apiKeys: ${mode}`, { identityPolicies: identity({ apiKeys: mode }) }, cases(mode));
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The SCP, for an administrator of a member account (full identity access).
// ---------------------------------------------------------------------------------------------------------------
const ADMIN_ROLE = 'cdk-hnb659fds-cfn-exec-role-123456789012-us-east-1';
function scp(spec: Partial<OrganizationModelSpec> = {}): PolicyDoc[] {
  return buildOrganizationModelPolicies(
    {
      allow: ALLOW,
      deny: DENY,
      regions: REGIONS,
      baselineProtection: { adminRoles: ['cdk-hnb659fds-cfn-exec-role-*', 'GovernanceAdmin'] },
      serviceTiers: ['default', 'priority'],
      ...spec,
    },
    { catalog, maxCharacters: 10240 },
  ).documents as PolicyDoc[];
}
{
  const scps = scp();
  matrix('SCP for an administrator: every category, mantle, API keys (default), baseline, service tiers', { identityPolicies: [FULL_AWS_ACCESS], scps }, [
    ...inferenceCases(true),
    ...modelUseCases(() => true, { ownCustomPasses: () => true }),
    ...mantleCases(true, true),
    iff(true, bearer('bedrock', 'SHORT_TERM')),
    iff(true, bearer('bedrock-mantle', 'SHORT_TERM')),
    iff(false, bearer('bedrock', 'LONG_TERM')),
    iff(false, bearer('bedrock-mantle', 'LONG_TERM')),
    iff(false, createApiKey(30)),
    iff(false, createApiKey()),
    iff(true, createApiKey(30, 'codecommit.amazonaws.com')),
    ...[
      'bedrock:PutModelInvocationLoggingConfiguration',
      'bedrock:DeleteModelInvocationLoggingConfiguration',
      'bedrock:PutEnforcedGuardrailConfiguration',
      'bedrock:DeleteEnforcedGuardrailConfiguration',
      'bedrock:PutAccountDataRetention',
      'bedrock-mantle:PutAccountDataRetention',
    ].flatMap((a) => [iff(false, single(a, '*')), iff(true, as(ADMIN_ROLE, single(a, '*'))), iff(true, as('GovernanceAdmin', single(a, '*')))]),
    iff(true, single('bedrock:GetModelInvocationLoggingConfiguration', '*')),
    // a routed check via an allowed profile, to a model that profile does not serve
    iff(false, single(INVOKE, fmArn(OPUS3, 'us-east-2'), { 'bedrock:InferenceProfileArn': profileArn(`us.${SONNET}`, 'us-east-1') })),
    iff(true, single(INVOKE, fmArn(SONNET, 'us-east-2'), { 'bedrock:InferenceProfileArn': profileArn(`us.${SONNET}`, 'us-east-1') })),
    // invocation through a bedrock project names its model in bedrock:ModelArn
    iff(true, single(INVOKE, bedrockArn('project', 'us-east-1'), { 'bedrock:ModelArn': fmArn(HAIKU, 'us-east-1') })),
    iff(false, single(INVOKE, bedrockArn('project', 'us-east-1'), { 'bedrock:ModelArn': fmArn(OPUS3, 'us-east-1') })),
    iff(false, single(INVOKE, bedrockArn('project', 'us-east-1'))),
    iff(true, direct(HAIKU, 'us-east-1', { 'bedrock:ServiceTier': 'priority' })),
    iff(false, direct(HAIKU, 'us-east-1', { 'bedrock:ServiceTier': 'flex' })),
    iff(false, mantle('bedrock-mantle:CreateInference', HAIKU, 'us-east-1', { 'bedrock-mantle:ServiceTier': 'flex' })),
    iff(true, single('bedrock:GetGuardrail', `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abcdefgh1234`)),
    iff(true, single('bedrock:ListFoundationModels', '*')),
    iff(true, single('bedrock:GetFoundationModel', fmArn(OPUS3, 'us-east-1'))),
    iff(true, single('bedrock:DeleteProvisionedModelThroughput', PROV)),
    iff(true, single('s3:GetObject', 'arn:aws:s3:::some-bucket/key')),
  ]);
}
{
  const keys = (mode: ApiKeysMode): Case[] => [
    iff(mode !== 'deny', bearer('bedrock', 'SHORT_TERM')),
    iff(mode === 'allow', bearer('bedrock', 'LONG_TERM')),
    iff(mode === 'allow', bearer('bedrock-mantle', 'LONG_TERM')),
    iff(mode === 'allow', createApiKey(30)),
    iff(false, createApiKey(31)),
    iff(false, createApiKey()),
  ];
  for (const mode of ['deny', 'allow'] as const) {
    matrix(
      `SCP, apiKeys: ${mode}`,
      { identityPolicies: [FULL_AWS_ACCESS], scps: scp({ apiKeys: mode, ...(mode === 'allow' ? { longTermKeyMaxAgeDays: 30 } : {}) }) },
      keys(mode),
    );
  }
}
{
  // Team policy under the SCP: the intersection.
  const granted: ModelCategory[] = ['inference', 'training'];
  matrix(
    'team policy (inference, training) under the SCP',
    { identityPolicies: identity({ categories: granted }), scps: scp({ allow: [HAIKU, 'amazon.nova-*', CUSTOM, PROV] }) },
    [
      iff(true, direct(HAIKU, 'us-east-1')),
      iff(false, viaProfile(catalog, `us.${SONNET}`, 'us-east-1')), // the team allows it, the organization does not
      iff(true, useModel('bedrock:CreateModelCustomizationJob', fmArn(HAIKU, 'us-east-1'), 'us-east-1')),
      iff(false, useModel('bedrock:CreateModelCustomizationJob', fmArn(SONNET, 'us-east-1'), 'us-east-1')),
      iff(false, useModel('bedrock:CreateModelInvocationJob', fmArn(HAIKU, 'us-east-1'), 'us-east-1')), // batch not granted
      iff(true, mantle('bedrock-mantle:CreateFineTuningJob', NOVA_LITE, 'us-east-1')),
      iff(false, mantle('bedrock-mantle:CreateInference', SONNET, 'us-east-1')),
    ],
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Endpoint policies (the caller has full identity access; the call goes through the endpoint).
// ---------------------------------------------------------------------------------------------------------------
const through = { 'aws:SourceVpce': VPCE };
{
  const endpointPolicy = buildControlPlaneEndpointPolicy({ allow: ALLOW, deny: DENY, region: 'us-east-1', accounts: [ACCOUNT] }, { catalog, account: ACCOUNT })
    .document as PolicyDoc;
  const inRegion = modelUseCases(() => true, { context: through, ownCustomPasses: trainingOutput }).filter(
    ([, c]) => !c.checks.some((k) => k.resource.includes(':us-west-2:') || k.resource.includes(':eu-west-1:')),
  );
  matrix('control-plane (bedrock) endpoint policy', { identityPolicies: [FULL_AWS_ACCESS], endpointPolicy }, [
    ...inRegion.filter(([, c]) => !c.checks.some((k) => ['bedrock:CountTokens', 'bedrock:DetectGeneratedContent'].includes(k.action))),
    iff(true, single('bedrock:GetGuardrail', `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abcdefgh1234`, through)),
    iff(true, single('bedrock:ListFoundationModels', '*', through)),
    iff(true, single('bedrock:GetModelCustomizationJob', bedrockArn('model-customization-job', 'us-east-1'), through)),
    iff(
      false,
      as('Other', {
        name: 'another account',
        checks: [{ action: 'bedrock:ListFoundationModels', resource: '*', context: { ...through, 'aws:PrincipalAccount': '999999999999' } }],
      }),
    ),
  ]);
}
{
  const endpointPolicy = buildMantleEndpointPolicy({ allow: ALLOW, deny: DENY, region: 'us-east-1', accounts: [ACCOUNT] }, { catalog, account: ACCOUNT })
    .document as PolicyDoc;
  matrix('bedrock-mantle endpoint policy', { identityPolicies: [FULL_AWS_ACCESS], endpointPolicy }, [
    ...mantleCases(true, true, through).filter(([, c]) => c.checks.every((k) => k.resource.includes(':us-east-1:'))),
    iff(true, single('bedrock-mantle:ListProjects', `arn:aws:bedrock-mantle:us-east-1:${ACCOUNT}:project/proj0123456`, through)),
    iff(true, bearer('bedrock-mantle', 'SHORT_TERM')),
  ]);
}
{
  const runtime = (apiKeys?: ApiKeysMode): PolicyDoc =>
    buildRuntimeEndpointPolicy({ allow: ALLOW, deny: DENY, region: 'us-east-1', accounts: [ACCOUNT], apiKeys }, { catalog, account: ACCOUNT }).document;
  const inEast = (cases: Case[]): Case[] => cases.filter(([, c]) => !c.checks.some((k) => k.resource.includes(':us-west-2:') && k.action !== INVOKE));
  matrix('bedrock-runtime endpoint policy', { identityPolicies: [FULL_AWS_ACCESS], endpointPolicy: runtime() }, [
    ...inEast(inferenceCases(true, through)).filter(([, c]) => !c.name.includes('us-west-2') || c.name.includes('via')),
    iff(true, single('bedrock:GetAsyncInvoke', bedrockArn('async-invoke', 'us-east-1'), through)),
    iff(true, single('bedrock:ListAsyncInvokes', '*', through)),
    iff(true, single('bedrock:CountTokens', fmArn(SONNET, 'us-east-1'), through)),
    iff(true, single('bedrock:ApplyGuardrail', `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abcdefgh1234`, through)),
    iff(true, {
      ...bearer('bedrock', 'SHORT_TERM'),
      checks: bearer('bedrock', 'SHORT_TERM').checks.map((c) => ({ ...c, context: { ...c.context, ...through } })),
    }),
    iff(false, {
      ...bearer('bedrock', 'LONG_TERM'),
      checks: bearer('bedrock', 'LONG_TERM').checks.map((c) => ({ ...c, context: { ...c.context, ...through } })),
    }),
  ]);
}

describe('size of the matrix', () => {
  it('has at least 300 calls across categories and layers', () => {
    expect(total).toBeGreaterThanOrEqual(300);
    console.log(`category matrix: ${total} calls in ${scenarios.length} scenarios`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 4. Mutation check: dropping any one generated statement must change at least one outcome.
// ---------------------------------------------------------------------------------------------------------------
type Layer = 'identityPolicies' | 'scps' | 'endpointPolicy';
function mutants(scenario: OracleScenario, layer: Layer): { sid: string; scenario: OracleScenario }[] {
  const docs: PolicyDocumentJson[] = (layer === 'endpointPolicy' ? [scenario.endpointPolicy] : scenario[layer]) as PolicyDocumentJson[];
  const out: { sid: string; scenario: OracleScenario }[] = [];
  docs.forEach((doc, d) =>
    doc.Statement.forEach((st, i) => {
      const mutated = docs.map((x, j) => (j === d ? { ...x, Statement: x.Statement.filter((_, k) => k !== i) } : x)) as PolicyDoc[];
      out.push({ sid: st.Sid ?? `#${i}`, scenario: { ...scenario, [layer]: layer === 'endpointPolicy' ? mutated[0] : mutated } });
    }),
  );
  return out;
}

/** Statements whose removal no case can detect, with the reason. */
const EQUIVALENT: Readonly<Record<string, string>> = {
  ListCatalog: 'catalog reads are tested in simulation.test.ts',
  ReadCatalog: 'catalog reads are tested in simulation.test.ts',
};

describe('mutation check: every statement is needed by some case', () => {
  const targets: [string, Layer, RegExp?][] = [
    ['team policy, every category', 'identityPolicies'],
    ['team policy with sourceVpcEndpoints', 'identityPolicies', /^DenyOutsideVpce/],
    ['SCP for an administrator: every category, mantle, API keys (default), baseline, service tiers', 'scps'],
    ['control-plane (bedrock) endpoint policy', 'endpointPolicy'],
    ['bedrock-mantle endpoint policy', 'endpointPolicy'],
    ['bedrock-runtime endpoint policy', 'endpointPolicy'],
  ];
  it.each(targets.map(([title, layer, only]) => ({ title, layer, only })))(
    '$title',
    async ({ title, layer, only }) => {
      const base = scenarios.find((s) => s.title === title)!;
      const survivors: string[] = [];
      for (const m of mutants(base.scenario, layer)) {
        if (EQUIVALENT[m.sid] || (only && !only.test(m.sid))) continue;
        let killed = false;
        for (const [expected, call] of base.cases) {
          const got = (await decideCall(m.scenario, call)).decision === 'Allowed' ? 'allow' : 'deny';
          if (got !== expected) {
            killed = true;
            break;
          }
        }
        if (!killed) survivors.push(m.sid);
      }
      expect(survivors, `statements no case depends on in "${title}": ${survivors.join(', ')}`).toEqual([]);
    },
    120_000,
  );
});
