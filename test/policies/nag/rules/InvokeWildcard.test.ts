import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { doc, envStack, INVOKE, modelArn } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-InvokeWildcard';
let report: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));

beforeAll(() => {
  const app = nagApp();
  const s = envStack(app, 'S');
  // Non-compliant, L1 and L2.
  new iam.CfnManagedPolicy(s, 'BedrockStar', { policyDocument: doc({ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }) });
  const role = new iam.Role(s, 'InvokeStar', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['bedrock:Invoke*'], resources: [modelArn('us-east-1', 'amazon.nova-lite-v1:0')] }));
  new iam.CfnRole(s, 'InlineStar', {
    assumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    policies: [{ policyName: 'all', policyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }],
  });
  new iam.CfnUser(s, 'NotAction', { policies: [{ policyName: 'p', policyDocument: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }] });
  new iam.CfnGroup(s, 'AnyBedrockResource', {
    policies: [
      { policyName: 'p', policyDocument: doc({ Effect: 'Allow', Action: INVOKE, Resource: `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` }) },
    ],
  });
  // Compliant.
  new iam.ManagedPolicy(s, 'NamedModels', {
    statements: [
      new iam.PolicyStatement({ actions: ['bedrock:InvokeModel*'], resources: [modelArn('us-east-1', 'amazon.nova-*')] }),
      new iam.PolicyStatement({ actions: ['bedrock:ListFoundationModels'], resources: ['*'] }),
    ],
  });
  new iam.CfnPolicy(s, 'DenyAll', {
    policyName: 'deny',
    groups: ['g'],
    policyDocument: doc(
      { Effect: 'Deny', Action: 'bedrock:*', Resource: '*' },
      { Effect: 'Allow', Action: INVOKE, Resource: `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/amazon.titan-text-express-v1` },
    ),
  });
  report = runBedrockChecks(app);
});

describe('InvokeWildcard', () => {
  it('flags bedrock:* on Resource * (L1 managed policy)', () => {
    expect(at('S/BedrockStar')).toEqual([`${RULE}[Action::bedrock:*]`, `${RULE}[Resource::*]`]);
  });
  it('flags bedrock:Invoke* granted through an L2 role', () => {
    expect(at('S/InvokeStar/DefaultPolicy/Resource')).toEqual([`${RULE}[Action::bedrock:Invoke*]`]);
  });
  it('flags Action * in a role inline policy, NotAction in a user inline policy, a bedrock ARN ending in :* in a group', () => {
    expect(at('S/InlineStar')).toEqual([`${RULE}[Action::*]`, `${RULE}[Resource::*]`]);
    expect(at('S/NotAction')).toEqual([`${RULE}[NotAction]`, `${RULE}[Resource::*]`]);
    expect(at('S/AnyBedrockResource')).toEqual([`${RULE}[Resource::arn:<AWS::Partition>:bedrock:us-east-1:111111111111:*]`]);
  });
  it('accepts named models and model globs, catalog reads on *, denies, and Fn::Join ARNs', () => {
    expect(at('S/NamedModels/Resource')).toEqual([]);
    expect(at('S/DenyAll')).toEqual([]);
  });
});
