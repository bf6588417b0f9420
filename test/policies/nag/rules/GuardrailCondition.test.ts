import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { Construct } from 'constructs';
import { ModelAccessPolicy } from '../../../../constructs/model-access-policy/model-access-policy';
import { BedrockGovernanceChecks } from '../../../../policies/nag/bedrock-governance-checks';
import { doc, envStack, INVOKE, modelArn } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-GuardrailCondition';
const GUARDRAIL = 'arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123def456';
const OTHER = 'arn:aws:bedrock:us-east-1:111111111111:guardrail/zzz999zzz999';
const model = modelArn('us-east-1', 'amazon.nova-lite-v1:0');

let report: PackReport;
let unconfigured: PackReport;
let scoped: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));

beforeAll(() => {
  const app = nagApp();
  const s = envStack(app, 'S');
  const policy = (id: string, ...statements: Record<string, unknown>[]): iam.CfnManagedPolicy =>
    new iam.CfnManagedPolicy(s, id, { policyDocument: doc(...statements) });
  // Non-compliant.
  new iam.ManagedPolicy(s, 'NoCondition', { statements: [new iam.PolicyStatement({ actions: INVOKE, resources: [model] })] });
  policy('OtherGuardrail', { Effect: 'Allow', Action: INVOKE, Resource: model, Condition: { StringEquals: { 'bedrock:GuardrailIdentifier': `${OTHER}:1` } } });
  policy(
    'WrongVersionDeny',
    { Effect: 'Allow', Action: INVOKE, Resource: model },
    { Effect: 'Deny', Action: INVOKE, Resource: '*', Condition: { StringNotEquals: { 'bedrock:GuardrailIdentifier': `${GUARDRAIL}:2` } } },
  );
  policy('IfExists', {
    Effect: 'Allow',
    Action: INVOKE,
    Resource: model,
    Condition: { StringEqualsIfExists: { 'bedrock:GuardrailIdentifier': `${GUARDRAIL}:1` } },
  });
  // Compliant.
  policy('AllowConditioned', {
    Effect: 'Allow',
    Action: INVOKE,
    Resource: model,
    Condition: { StringEquals: { 'bedrock:GuardrailIdentifier': `${GUARDRAIL}:1` } },
  });
  policy(
    'DenyWithout',
    { Effect: 'Allow', Action: 'bedrock:InvokeModel*', Resource: model },
    { Effect: 'Deny', Action: 'bedrock:InvokeModel*', Resource: '*', Condition: { StringNotEquals: { 'bedrock:GuardrailIdentifier': `${GUARDRAIL}:1` } } },
  );
  policy('NoInvoke', { Effect: 'Allow', Action: 'bedrock:ListFoundationModels', Resource: '*' });
  new ModelAccessPolicy(s, 'Access', { allow: ['us.amazon.nova-lite-v1:0'], regions: ['us-east-1'], guardrail: { arn: GUARDRAIL, version: '1' } });
  report = runBedrockChecks(app, { guardrail: { arn: GUARDRAIL, version: '1' } });

  const other = nagApp();
  new iam.ManagedPolicy(envStack(other, 'S'), 'NoCondition', { statements: [new iam.PolicyStatement({ actions: INVOKE, resources: [model] })] });
  unconfigured = runBedrockChecks(other);

  // A guardrail required for one team's scope only, two guardrails (one per region) for another.
  const teams = nagApp();
  const t = envStack(teams, 'T');
  const asks = new Construct(t, 'Asks');
  const free = new Construct(t, 'Free');
  const twoRegions = new Construct(t, 'TwoRegions');
  new iam.ManagedPolicy(asks, 'NoCondition', { statements: [new iam.PolicyStatement({ actions: INVOKE, resources: [model] })] });
  new iam.ManagedPolicy(free, 'NoCondition', { statements: [new iam.PolicyStatement({ actions: INVOKE, resources: [model] })] });
  const WEST = 'arn:aws:bedrock:us-west-2:111111111111:guardrail/west123west1';
  new iam.CfnManagedPolicy(twoRegions, 'EitherGuardrail', {
    policyDocument: doc({
      Effect: 'Allow',
      Action: INVOKE,
      Resource: model,
      Condition: { StringEquals: { 'bedrock:GuardrailIdentifier': [`${GUARDRAIL}:1`, `${WEST}:3`] } },
    }),
  });
  BedrockGovernanceChecks.requireGuardrail(asks, { arn: GUARDRAIL, version: '1' });
  BedrockGovernanceChecks.requireGuardrail(twoRegions, [
    { arn: GUARDRAIL, version: '1' },
    { arn: WEST, version: '3' },
  ]);
  scoped = runBedrockChecks(teams);
});

describe('GuardrailCondition', () => {
  it('flags invocation allowed without a guardrail condition (L2 managed policy)', () => {
    expect(at('S/NoCondition/Resource')).toEqual([RULE]);
  });
  it('flags a condition naming another guardrail or version, and IfExists conditions', () => {
    expect(at('S/OtherGuardrail')).toEqual([RULE]);
    expect(at('S/WrongVersionDeny')).toEqual([RULE]);
    expect(at('S/IfExists')).toEqual([RULE]);
  });
  it('accepts an Allow conditioned on the guardrail, a Deny without it, policies without invocation, ModelAccessPolicy', () => {
    expect(at('S/AllowConditioned')).toEqual([]);
    expect(at('S/DenyWithout')).toEqual([]);
    expect(at('S/NoInvoke')).toEqual([]);
    expect(report.lines('S/Access', RULE)).toEqual([]);
  });
  it('applies only under the scopes that require a guardrail, accepting any guardrail of the scope', () => {
    expect(scoped.lines('T/Asks', RULE)).toEqual([`${RULE} at T/Asks/NoCondition/Resource`]);
    expect(scoped.lines('T/Free', RULE)).toEqual([]);
    expect(scoped.lines('T/TwoRegions', RULE)).toEqual([]);
  });
  it('does not apply when the pack is given no guardrail', () => {
    expect(unconfigured.lines('', RULE)).toEqual([]);
    expect(unconfigured.lines('S/NoCondition')).not.toEqual([]);
  });
});
