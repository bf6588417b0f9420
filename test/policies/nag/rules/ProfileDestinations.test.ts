import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelAccessPolicy } from '../../../../constructs/model-access-policy/model-access-policy';
import { loadCatalog } from '../../../../policies/iam/catalog/catalog';
import { doc, envStack, INVOKE, modelArn, profileArn } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-ProfileDestinations';
const US = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const GLOBAL = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** Destination regions of the US profile called from us-east-1, from the catalog (us-east-1, us-east-2, us-west-2). */
const US_DESTINATIONS = loadCatalog().profile(US)!.destinations['us-east-1']!;
const GLOBAL_DESTINATIONS = loadCatalog().profile(GLOBAL)!.destinations['us-east-1']!;
const viaProfile = (profile: string) => ({ ArnLike: { 'bedrock:InferenceProfileArn': profileArn('us-east-1', profile) } });

let report: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));

beforeAll(() => {
  const app = nagApp();
  const s = envStack(app, 'S');
  const policy = (id: string, ...statements: Record<string, unknown>[]): iam.CfnManagedPolicy =>
    new iam.CfnManagedPolicy(s, id, { policyDocument: doc(...statements) });
  // Non-compliant.
  policy(
    'SourceRegionOnly',
    { Effect: 'Allow', Action: INVOKE, Resource: profileArn('us-east-1', US) },
    { Effect: 'Allow', Action: INVOKE, Resource: modelArn('us-east-1', MODEL) },
  );
  policy(
    'WildcardRegionUnconditioned',
    { Effect: 'Allow', Action: INVOKE, Resource: profileArn('us-east-1', US) },
    { Effect: 'Allow', Action: INVOKE, Resource: `arn:aws:bedrock:*::foundation-model/${MODEL}` },
  );
  policy(
    'GlobalWithoutRegionless',
    { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: profileArn('us-east-1', GLOBAL) },
    { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: GLOBAL_DESTINATIONS.map((r) => modelArn(r, MODEL)), Condition: viaProfile(GLOBAL) },
  );
  // Compliant: AWS's documented pattern, with the destinations conditioned on the profile.
  policy(
    'Documented',
    { Effect: 'Allow', Action: INVOKE, Resource: profileArn('us-east-1', US) },
    { Effect: 'Allow', Action: INVOKE, Resource: US_DESTINATIONS.map((r) => modelArn(r, MODEL)), Condition: viaProfile(US) },
  );
  // Compliant: wildcard region, but a Deny stops direct calls.
  policy(
    'DirectDenied',
    { Effect: 'Allow', Action: INVOKE, Resource: [profileArn('us-east-1', US), `arn:aws:bedrock:*::foundation-model/${MODEL}`] },
    { Effect: 'Deny', Action: INVOKE, Resource: 'arn:aws:bedrock:*::foundation-model/*', Condition: { Null: { 'bedrock:InferenceProfileArn': 'true' } } },
  );
  // Compliant: the profile in one policy, its destinations in another attached to the same L2 role.
  const role = new iam.Role(s, 'Split', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: INVOKE, resources: [profileArn('us-east-1', US)] }));
  role.addManagedPolicy(
    new iam.ManagedPolicy(s, 'SplitDestinations', {
      statements: [new iam.PolicyStatement({ actions: INVOKE, resources: US_DESTINATIONS.map((r) => modelArn(r, MODEL)), conditions: viaProfile(US) })],
    }),
  );
  const alone = new iam.Role(s, 'Alone', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  alone.addToPolicy(new iam.PolicyStatement({ actions: INVOKE, resources: [profileArn('us-east-1', US)] }));
  // Compliant: the L3 construct.
  new ModelAccessPolicy(s, 'Access', { allow: [US, GLOBAL, 'us.amazon.nova-lite-v1:0'], regions: ['us-east-1', 'us-west-2'] });
  report = runBedrockChecks(app);
});

describe('ProfileDestinations', () => {
  it('flags a profile granted without its destination regions', () => {
    expect(at('S/SourceRegionOnly')).toEqual([`${RULE}[MissingDestinations::${US}]`]);
  });
  it('flags a role policy whose role has no destination grant elsewhere', () => {
    expect(at('S/Alone/DefaultPolicy/Resource')).toEqual([`${RULE}[MissingDestinations::${US}]`]);
  });
  it('flags destination grants that are not conditioned on bedrock:InferenceProfileArn', () => {
    expect(at('S/WildcardRegionUnconditioned')).toEqual([`${RULE}[UnconditionedDestinations::${US}]`]);
  });
  it('flags a global profile without the region-less model ARN', () => {
    expect(at('S/GlobalWithoutRegionless')).toEqual([`${RULE}[MissingDestinations::${GLOBAL}]`]);
  });
  it('accepts conditioned destination grants, denied direct calls, grants split over policies of one role, ModelAccessPolicy', () => {
    expect(at('S/Documented')).toEqual([]);
    expect(at('S/DirectDenied')).toEqual([]);
    expect(at('S/Split/DefaultPolicy/Resource')).toEqual([]);
    expect(report.lines('S/Access', RULE)).toEqual([]);
  });
});
