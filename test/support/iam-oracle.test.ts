import { describe, it, expect } from 'vitest';
import {
  ACCOUNT,
  PRINCIPAL,
  OracleSetupError,
  decide,
  evaluate,
  explain,
  foundationModelArn,
  inferenceProfileArn,
  policy,
  requestedRegionFor,
  type Decision,
  type OracleRequest,
  type OracleScenario,
  type PolicyDoc,
} from './iam-oracle';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const TITAN = 'amazon.titan-text-express-v1';
const HAIKU_ARN = foundationModelArn(HAIKU);
const TITAN_ARN = foundationModelArn(TITAN);
const HAIKU_GLOBAL_ARN = `arn:aws:bedrock:::foundation-model/${HAIKU}`;
const US_PROFILE_ARN = inferenceProfileArn(`us.${HAIKU}`);
const EU_PROFILE_ARN = inferenceProfileArn(`eu.${HAIKU}`, 'eu-west-1');
const VPCE = 'vpce-0123456789abcdef0';
const GUARDRAIL_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gr0123456789:1`;

const invoke = (resource: string, context?: Record<string, string | string[]>): OracleRequest => ({
  action: 'bedrock:InvokeModel',
  resource,
  ...(context ? { context } : {}),
});

const allowInvoke = (resource: string | string[], extra: Record<string, unknown> = {}): PolicyDoc =>
  policy({ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: resource, ...extra });

const ADMIN: PolicyDoc = policy({ Effect: 'Allow', Action: '*', Resource: '*' });

async function expectDecision(scenario: OracleScenario, request: OracleRequest, expected: Decision): Promise<void> {
  const result = await evaluate(scenario, request);
  if (result.decision !== expected) {
    expect.fail(`expected ${expected}\n${await explain(scenario, request)}`);
  }
}

describe('iam-oracle: basic resource matching', () => {
  const scenario: OracleScenario = { identityPolicies: [allowInvoke(HAIKU_ARN)] };

  it('allows InvokeModel on the allowed foundation model (empty-account ARN)', async () => {
    await expectDecision(scenario, invoke(HAIKU_ARN), 'Allowed');
  });
  it('does not allow another model', async () => {
    await expectDecision(scenario, invoke(TITAN_ARN), 'ImplicitlyDenied');
  });
  it('does not allow the same model in another region', async () => {
    await expectDecision(scenario, invoke(foundationModelArn(HAIKU, 'us-west-2')), 'ImplicitlyDenied');
  });
  it('allows an inference profile only when it is the allowed one', async () => {
    const s: OracleScenario = { identityPolicies: [allowInvoke(US_PROFILE_ARN)] };
    await expectDecision(s, invoke(US_PROFILE_ARN), 'Allowed');
    await expectDecision(s, invoke(EU_PROFILE_ARN), 'ImplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN), 'ImplicitlyDenied');
  });
  it('bedrock:InvokeModel* does not cover bedrock:InvokeAgent, bedrock:Invoke* does', async () => {
    const agentAlias = `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent-alias/AGENT12345/ALIAS12345`;
    const req: OracleRequest = { action: 'bedrock:InvokeAgent', resource: agentAlias };
    const star = (action: string): OracleScenario => ({
      identityPolicies: [policy({ Effect: 'Allow', Action: action, Resource: '*' })],
    });
    await expectDecision(star('bedrock:InvokeModel*'), req, 'ImplicitlyDenied');
    await expectDecision(star('bedrock:Invoke*'), req, 'Allowed');
    await expectDecision(star('bedrock:InvokeModel*'), { ...req, action: 'bedrock:InvokeModelWithResponseStream', resource: HAIKU_ARN }, 'Allowed');
  });
});

describe('iam-oracle: region-less (global cross-region inference) ARNs', () => {
  it('arn:aws:bedrock:*::foundation-model/x matches arn:aws:bedrock:::foundation-model/x', async () => {
    const s: OracleScenario = { identityPolicies: [allowInvoke(`arn:aws:bedrock:*::foundation-model/${HAIKU}`)] };
    const result = await evaluate(s, invoke(HAIKU_GLOBAL_ARN));
    expect(result.decision).toBe('Allowed');
    expect(result.engine).toBe('runUnsafeSimulation');
    expect(result.context['aws:RequestedRegion']).toBe('unspecified');
  });
  it('a regional model ARN does not match the region-less ARN, and vice versa', async () => {
    await expectDecision({ identityPolicies: [allowInvoke(HAIKU_ARN)] }, invoke(HAIKU_GLOBAL_ARN), 'ImplicitlyDenied');
    await expectDecision({ identityPolicies: [allowInvoke(HAIKU_GLOBAL_ARN)] }, invoke(HAIKU_ARN), 'ImplicitlyDenied');
    await expectDecision({ identityPolicies: [allowInvoke(HAIKU_GLOBAL_ARN)] }, invoke(HAIKU_GLOBAL_ARN), 'Allowed');
  });
  it('a region-restricting SCP blocks the region-less ARN unless "unspecified" is listed', async () => {
    const regionScp = (regions: string[]): PolicyDoc =>
      policy({
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
      });
    const allow = allowInvoke('arn:aws:bedrock:*::foundation-model/*');
    await expectDecision({ identityPolicies: [allow], scps: [regionScp(['us-east-1'])] }, invoke(HAIKU_GLOBAL_ARN), 'ExplicitlyDenied');
    await expectDecision({ identityPolicies: [allow], scps: [regionScp(['us-east-1', 'unspecified'])] }, invoke(HAIKU_GLOBAL_ARN), 'Allowed');
    await expectDecision({ identityPolicies: [allow], scps: [regionScp(['us-east-1'])] }, invoke(HAIKU_ARN), 'Allowed');
    // the caller can override the derived value
    await expectDecision(
      { identityPolicies: [allow], scps: [regionScp(['us-east-1'])] },
      invoke(HAIKU_GLOBAL_ARN, { 'aws:RequestedRegion': 'us-east-1' }),
      'Allowed',
    );
  });
  it('the region-less path honours SCP and endpoint-policy denies', async () => {
    const allow = allowInvoke('*');
    const denyScp = policy({ Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: HAIKU_GLOBAL_ARN });
    await expectDecision({ identityPolicies: [allow], scps: [denyScp] }, invoke(HAIKU_GLOBAL_ARN), 'ExplicitlyDenied');
    const endpointPolicy = policy({ Effect: 'Allow', Principal: '*', Action: 'bedrock:InvokeModel', Resource: TITAN_ARN });
    await expectDecision({ identityPolicies: [allow], endpointPolicy }, invoke(HAIKU_GLOBAL_ARN, { 'aws:SourceVpce': VPCE }), 'ImplicitlyDenied');
    await expectDecision({ identityPolicies: [allow], endpointPolicy }, invoke(HAIKU_GLOBAL_ARN), 'Allowed');
  });
});

describe('iam-oracle: condition keys and operators', () => {
  it('ArnLike bedrock:InferenceProfileArn allows only when the key matches', async () => {
    const s: OracleScenario = {
      identityPolicies: [
        allowInvoke('arn:aws:bedrock:*::foundation-model/*', {
          Condition: { ArnLike: { 'bedrock:InferenceProfileArn': `arn:aws:bedrock:*:${ACCOUNT}:inference-profile/us.*` } },
        }),
      ],
    };
    await expectDecision(s, invoke(HAIKU_ARN, { 'bedrock:InferenceProfileArn': US_PROFILE_ARN }), 'Allowed');
    await expectDecision(s, invoke(HAIKU_ARN, { 'bedrock:InferenceProfileArn': EU_PROFILE_ARN }), 'ImplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN), 'ImplicitlyDenied');
  });

  it('ArnNotLike in a Deny: denies when the key is absent or differs, not when it matches', async () => {
    const s: OracleScenario = {
      identityPolicies: [
        allowInvoke('*'),
        policy({
          Effect: 'Deny',
          Action: 'bedrock:InvokeModel',
          Resource: 'arn:aws:bedrock:*::foundation-model/*',
          Condition: { ArnNotLike: { 'bedrock:InferenceProfileArn': `arn:aws:bedrock:*:${ACCOUNT}:inference-profile/us.*` } },
        }),
      ],
    };
    await expectDecision(s, invoke(HAIKU_ARN), 'ExplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN, { 'bedrock:InferenceProfileArn': EU_PROFILE_ARN }), 'ExplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN, { 'bedrock:InferenceProfileArn': US_PROFILE_ARN }), 'Allowed');
  });

  it('an explicit Deny beats an Allow', async () => {
    const deny = policy({ Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: HAIKU_ARN });
    await expectDecision({ identityPolicies: [ADMIN, deny] }, invoke(HAIKU_ARN), 'ExplicitlyDenied');
    await expectDecision({ identityPolicies: [ADMIN, deny] }, invoke(TITAN_ARN), 'Allowed');
    await expectDecision({ identityPolicies: [ADMIN] }, invoke(HAIKU_ARN), 'Allowed');
  });

  it('StringNotEquals aws:SourceVpce in a Deny: denies when absent or different, not when equal', async () => {
    const s: OracleScenario = {
      identityPolicies: [
        ADMIN,
        policy({
          Effect: 'Deny',
          Action: 'bedrock:InvokeModel',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
        }),
      ],
    };
    await expectDecision(s, invoke(HAIKU_ARN), 'ExplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN, { 'aws:SourceVpce': 'vpce-ffffffffffffffff0' }), 'ExplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN, { 'aws:SourceVpce': VPCE }), 'Allowed');
  });

  it('StringNotLike in a Deny behaves the same way for a missing key', async () => {
    const s: OracleScenario = {
      identityPolicies: [
        ADMIN,
        policy({
          Effect: 'Deny',
          Action: 'bedrock:InvokeModel',
          Resource: '*',
          Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-0123*' } },
        }),
      ],
    };
    await expectDecision(s, invoke(HAIKU_ARN), 'ExplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN, { 'aws:SourceVpce': 'vpce-9999' }), 'ExplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN, { 'aws:SourceVpce': VPCE }), 'Allowed');
  });

  it('Null {bedrock:InferenceProfileArn: true} in a Deny blocks direct invocation only', async () => {
    const s: OracleScenario = {
      identityPolicies: [
        ADMIN,
        policy({
          Effect: 'Deny',
          Action: 'bedrock:InvokeModel',
          Resource: 'arn:aws:bedrock:*::foundation-model/*',
          Condition: { Null: { 'bedrock:InferenceProfileArn': 'true' } },
        }),
      ],
    };
    await expectDecision(s, invoke(HAIKU_ARN), 'ExplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN, { 'bedrock:InferenceProfileArn': US_PROFILE_ARN }), 'Allowed');
    await expectDecision(s, invoke(US_PROFILE_ARN), 'Allowed');
  });

  it('bedrock:GuardrailIdentifier is evaluated (Allow with StringEquals)', async () => {
    const s: OracleScenario = {
      identityPolicies: [allowInvoke('*', { Condition: { StringEquals: { 'bedrock:GuardrailIdentifier': GUARDRAIL_ARN } } })],
    };
    await expectDecision(s, invoke(HAIKU_ARN, { 'bedrock:GuardrailIdentifier': GUARDRAIL_ARN }), 'Allowed');
    await expectDecision(s, invoke(HAIKU_ARN, { 'bedrock:GuardrailIdentifier': `${GUARDRAIL_ARN}0` }), 'ImplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_ARN), 'ImplicitlyDenied');
  });

  it('NotResource in a Deny denies everything but the listed models', async () => {
    const s: OracleScenario = {
      identityPolicies: [ADMIN, policy({ Effect: 'Deny', Action: 'bedrock:InvokeModel', NotResource: [HAIKU_ARN, US_PROFILE_ARN] })],
    };
    await expectDecision(s, invoke(HAIKU_ARN), 'Allowed');
    await expectDecision(s, invoke(US_PROFILE_ARN), 'Allowed');
    await expectDecision(s, invoke(TITAN_ARN), 'ExplicitlyDenied');
    await expectDecision(s, invoke(HAIKU_GLOBAL_ARN), 'ExplicitlyDenied');
  });

  it('aws:RequestedRegion is derived from the resource ARN', async () => {
    expect(requestedRegionFor(HAIKU_ARN)).toBe('us-east-1');
    expect(requestedRegionFor(HAIKU_GLOBAL_ARN)).toBe('unspecified');
    const s: OracleScenario = {
      identityPolicies: [allowInvoke('*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })],
    };
    await expectDecision(s, invoke(HAIKU_ARN), 'Allowed');
    await expectDecision(s, invoke(foundationModelArn(HAIKU, 'us-west-2')), 'ImplicitlyDenied');
    await expectDecision(s, { ...invoke(HAIKU_ARN), defaultContext: false }, 'ImplicitlyDenied');
  });

  it('aws:PrincipalArn is populated (break-glass exemption in an SCP)', async () => {
    const scp = policy({
      Effect: 'Deny',
      Action: 'bedrock:InvokeModel',
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/BreakGlass` } },
    });
    await expectDecision({ identityPolicies: [ADMIN], scps: [scp] }, invoke(HAIKU_ARN), 'ExplicitlyDenied');
    await expectDecision({ identityPolicies: [ADMIN], scps: [scp] }, { ...invoke(HAIKU_ARN), principal: `arn:aws:iam::${ACCOUNT}:role/BreakGlass` }, 'Allowed');
  });
});

describe('iam-oracle: SCPs', () => {
  const denyInvoke = policy({ Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: '*' });

  it('an SCP Deny blocks an AdministratorAccess principal', async () => {
    await expectDecision({ identityPolicies: [ADMIN], scps: [denyInvoke] }, invoke(HAIKU_ARN), 'ExplicitlyDenied');
    await expectDecision({ identityPolicies: [ADMIN], scps: [] }, invoke(HAIKU_ARN), 'Allowed');
  });
  it('an SCP denying only bedrock:InvokeModel does not block s3:GetObject', async () => {
    const req: OracleRequest = { action: 's3:GetObject', resource: 'arn:aws:s3:::my-bucket/key.txt' };
    await expectDecision({ identityPolicies: [ADMIN], scps: [denyInvoke] }, req, 'Allowed');
    await expectDecision({ identityPolicies: [], scps: [denyInvoke] }, req, 'ImplicitlyDenied');
  });
  it('an SCP Allow never grants by itself', async () => {
    await expectDecision({ identityPolicies: [], scps: [ADMIN] }, invoke(HAIKU_ARN), 'ImplicitlyDenied');
  });
  it('allow-list model: with scpsReplaceFullAWSAccess only SCP-allowed actions pass', async () => {
    const allowBedrock = policy({ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' });
    const s: OracleScenario = { identityPolicies: [ADMIN], scps: [allowBedrock], scpsReplaceFullAWSAccess: true };
    await expectDecision(s, invoke(HAIKU_ARN), 'Allowed');
    await expectDecision(s, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, 'ImplicitlyDenied');
  });
});

describe('iam-oracle: VPC endpoint policy', () => {
  const endpointPolicy = policy({
    Effect: 'Allow',
    Principal: '*',
    Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    Resource: [TITAN_ARN],
  });
  const s: OracleScenario = { identityPolicies: [ADMIN], endpointPolicy };

  it('an endpoint policy that does not allow a model denies the call through the endpoint', async () => {
    await expectDecision(s, invoke(HAIKU_ARN, { 'aws:SourceVpce': VPCE }), 'ImplicitlyDenied');
    await expectDecision(s, invoke(TITAN_ARN, { 'aws:SourceVpce': VPCE }), 'Allowed');
  });
  it('the endpoint policy does not apply to calls that do not go through the endpoint', async () => {
    const result = await evaluate(s, invoke(HAIKU_ARN));
    expect(result.decision).toBe('Allowed');
    expect(result.endpointPolicyApplied).toBe(false);
  });
  it('an explicit Deny in the endpoint policy is an explicit deny; {"AWS":"*"} is accepted', async () => {
    const denying: OracleScenario = {
      identityPolicies: [ADMIN],
      endpointPolicy: policy(
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 'bedrock:InvokeModel', Resource: HAIKU_ARN },
      ),
    };
    await expectDecision(denying, invoke(HAIKU_ARN, { 'aws:SourceVpce': VPCE }), 'ExplicitlyDenied');
    await expectDecision(denying, invoke(TITAN_ARN, { 'aws:SourceVpce': VPCE }), 'Allowed');
  });
  it('the endpoint policy does not grant by itself', async () => {
    await expectDecision({ identityPolicies: [], endpointPolicy }, invoke(TITAN_ARN, { 'aws:SourceVpce': VPCE }), 'ImplicitlyDenied');
  });
});

describe('iam-oracle: invalid setups throw instead of denying', () => {
  const s: OracleScenario = { identityPolicies: [allowInvoke('*')] };

  it('bedrock:Converse is not an IAM action: the library reports invalid.action', async () => {
    await expect(decide(s, { action: 'bedrock:Converse', resource: HAIKU_ARN })).rejects.toThrow(/invalid\.action/);
    await expect(decide(s, { action: 'bedrock:ConverseStream', resource: HAIKU_ARN })).rejects.toThrow(OracleSetupError);
  });
  it('an unknown service is rejected', async () => {
    await expect(decide(s, { action: 'bedrok:InvokeModel', resource: HAIKU_ARN })).rejects.toThrow(/invalid\.service/);
  });
  it('a policy naming bedrock:Converse is rejected unless allowUnknownPolicyActions', async () => {
    const withConverse: OracleScenario = {
      identityPolicies: [policy({ Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:Converse'], Resource: '*' })],
    };
    await expect(decide(withConverse, invoke(HAIKU_ARN))).rejects.toThrow(/bedrock:Converse/);
    expect(await decide(withConverse, invoke(HAIKU_ARN), { allowUnknownPolicyActions: true })).toBe('Allowed');
  });
  it('a resource ARN of a type the action does not take is rejected', async () => {
    await expect(decide(s, { action: 'bedrock:InvokeModel', resource: 'arn:aws:s3:::bucket/key' })).rejects.toThrow(/no\.resource\.types/);
  });
  it('wildcard request ARNs are rejected', async () => {
    await expect(decide(s, invoke('arn:aws:bedrock:us-east-1::foundation-model/*'))).rejects.toThrow(OracleSetupError);
  });
  it('unknown context keys are rejected (the library would silently drop them)', async () => {
    await expect(decide(s, invoke(HAIKU_ARN, { 'bedrock:InferenceProfileArnn': US_PROFILE_ARN }))).rejects.toThrow(/unknown/);
  });
  it('context keys not applicable to the action are rejected', async () => {
    await expect(
      decide(s, { action: 'bedrock:GetFoundationModel', resource: HAIKU_ARN, context: { 'bedrock:InferenceProfileArn': US_PROFILE_ARN } }),
    ).rejects.toThrow(/not applicable/);
  });
  it('multiple values for a single-valued key are rejected', async () => {
    await expect(decide(s, invoke(HAIKU_ARN, { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] }))).rejects.toThrow(/single-valued/);
  });
  it('malformed policies are rejected', async () => {
    const bad: OracleScenario = { identityPolicies: [policy({ Effect: 'Allw', Action: 'bedrock:InvokeModel', Resource: '*' })] };
    await expect(decide(bad, invoke(HAIKU_ARN))).rejects.toThrow(/policy\.errors|Effect/);
  });
  it('unknown condition operators and keys are rejected (the library treats them as no-match)', async () => {
    const badOp: OracleScenario = {
      identityPolicies: [ADMIN, policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEqualz: { 'aws:SourceVpce': VPCE } } })],
    };
    await expect(decide(badOp, invoke(HAIKU_ARN))).rejects.toThrow(/StringNotEqualz/);
    const badKey: OracleScenario = {
      identityPolicies: [ADMIN, policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpc3': VPCE } } })],
    };
    await expect(decide(badKey, invoke(HAIKU_ARN))).rejects.toThrow(/aws:SourceVpc3/);
    const ok: OracleScenario = {
      identityPolicies: [
        ADMIN,
        policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringNotEqualsIfExists': { 'aws:CalledVia': 'x' } } }),
      ],
    };
    expect(await decide(ok, invoke(HAIKU_ARN))).toBe('Allowed');
  });
  it('endpoint policies with a specific Principal are rejected (not modelled by the library)', async () => {
    const ep: OracleScenario = {
      identityPolicies: [ADMIN],
      endpointPolicy: policy({ Effect: 'Allow', Principal: { AWS: PRINCIPAL }, Action: '*', Resource: '*' }),
    };
    await expect(decide(ep, invoke(HAIKU_ARN, { 'aws:SourceVpce': VPCE }))).rejects.toThrow(/Principal/);
  });
});

describe('iam-oracle: region-less engine agrees with the validated engine on regional ARNs', () => {
  const scenarios: OracleScenario[] = [
    { identityPolicies: [allowInvoke(HAIKU_ARN)] },
    {
      identityPolicies: [
        allowInvoke('arn:aws:bedrock:*::foundation-model/*', {
          Condition: { ArnLike: { 'bedrock:InferenceProfileArn': `arn:aws:bedrock:*:${ACCOUNT}:inference-profile/us.*` } },
        }),
      ],
    },
    { identityPolicies: [ADMIN], scps: [policy({ Effect: 'Deny', Action: 'bedrock:InvokeModel', NotResource: [TITAN_ARN] })] },
    {
      identityPolicies: [ADMIN],
      scps: [policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } })],
      endpointPolicy: policy({ Effect: 'Allow', Principal: '*', Action: 'bedrock:InvokeModel', Resource: TITAN_ARN }),
    },
    {
      identityPolicies: [ADMIN],
      endpointPolicy: policy(
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { Null: { 'bedrock:InferenceProfileArn': 'true' } } },
      ),
    },
  ];
  const requests: OracleRequest[] = [
    invoke(HAIKU_ARN),
    invoke(TITAN_ARN),
    invoke(HAIKU_ARN, { 'bedrock:InferenceProfileArn': US_PROFILE_ARN }),
    invoke(HAIKU_ARN, { 'bedrock:InferenceProfileArn': EU_PROFILE_ARN, 'aws:SourceVpce': VPCE }),
    invoke(TITAN_ARN, { 'aws:SourceVpce': VPCE }),
    invoke(US_PROFILE_ARN, { 'aws:SourceVpce': VPCE }),
  ];
  it('gives identical decisions for every scenario x request', async () => {
    const seen = new Set<Decision>();
    for (const scenario of scenarios) {
      for (const request of requests) {
        const safe = await decide(scenario, request);
        const unsafe = await decide(scenario, request, { forceUnsafeEngine: true });
        if (safe !== unsafe) {
          expect.fail(`engines disagree (${safe} vs ${unsafe})\n${await explain(scenario, request)}`);
        }
        seen.add(safe);
      }
    }
    expect([...seen].sort()).toEqual(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']);
  });
});

describe('iam-oracle: explain and timing', () => {
  it('explain names the blocking policy', async () => {
    const scenario: OracleScenario = {
      identityPolicies: [ADMIN],
      scps: [policy({ Sid: 'DenyHaiku', Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: HAIKU_ARN })],
    };
    const text = await explain(scenario, invoke(HAIKU_ARN));
    expect(text).toContain('ExplicitlyDenied');
    expect(text).toContain('DenyHaiku');
    expect(await explain(scenario, { action: 'bedrock:Converse', resource: HAIKU_ARN })).toContain('setup error');
  });

  it('measures throughput (informational only)', async () => {
    const scenario: OracleScenario = {
      identityPolicies: [
        allowInvoke(['arn:aws:bedrock:*::foundation-model/*', `arn:aws:bedrock:*:${ACCOUNT}:inference-profile/*`]),
        policy({
          Effect: 'Deny',
          Action: 'bedrock:InvokeModel',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
        }),
      ],
      scps: [
        policy({
          Effect: 'Deny',
          Action: 'bedrock:InvokeModel',
          Resource: 'arn:aws:bedrock:*::foundation-model/*',
          Condition: { Null: { 'bedrock:InferenceProfileArn': 'true' } },
        }),
      ],
      endpointPolicy: policy({ Effect: 'Allow', Principal: '*', Action: 'bedrock:InvokeModel', Resource: '*' }),
    };
    const requests: OracleRequest[] = [];
    const resources = [HAIKU_ARN, TITAN_ARN, US_PROFILE_ARN, HAIKU_GLOBAL_ARN];
    for (let i = 0; i < 200; i++) {
      const ctx: Record<string, string> = {};
      if (i % 2 === 0) ctx['aws:SourceVpce'] = VPCE;
      if (i % 3 === 0) ctx['bedrock:InferenceProfileArn'] = US_PROFILE_ARN;
      requests.push(invoke(resources[i % resources.length] ?? HAIKU_ARN, ctx));
    }
    const start = performance.now();
    const counts: Record<Decision, number> = { Allowed: 0, ImplicitlyDenied: 0, ExplicitlyDenied: 0 };
    for (const request of requests) counts[await decide(scenario, request)]++;
    const ms = performance.now() - start;
    console.log(
      `[iam-oracle] ${requests.length} decisions in ${ms.toFixed(0)} ms: ` +
        `${((requests.length / ms) * 1000).toFixed(0)} req/s, ${(ms / requests.length).toFixed(2)} ms/req ` +
        JSON.stringify(counts),
    );
    expect(counts.Allowed + counts.ImplicitlyDenied + counts.ExplicitlyDenied).toBe(200);
  });
});
