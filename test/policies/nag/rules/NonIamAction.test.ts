import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { beforeAll, describe, expect, it } from 'vitest';
import { doc, envStack, modelArn } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-NonIamAction';
let report: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));
const model = modelArn('us-east-1', 'amazon.nova-lite-v1:0');

beforeAll(() => {
  const app = nagApp();
  const s = envStack(app, 'S');
  new iam.CfnPolicy(s, 'Converse', {
    policyName: 'converse',
    roles: ['r'],
    policyDocument: doc({ Effect: 'Allow', Action: ['bedrock:Converse', 'bedrock:ConverseStream', 'bedrock:InvokeModel'], Resource: model }),
  });
  new iam.ManagedPolicy(s, 'Typo', { statements: [new iam.PolicyStatement({ actions: ['bedrock:InvokeModle', 'bedrock:Converse*'], resources: [model] })] });
  new organizations.CfnPolicy(s, 'Scp', {
    name: 'deny-streams',
    type: 'SERVICE_CONTROL_POLICY',
    content: doc({ Effect: 'Deny', Action: 'bedrock:InvokeModelStream', Resource: '*' }),
  });
  new ec2.CfnVPCEndpoint(s, 'Endpoint', {
    vpcId: 'vpc-1',
    serviceName: 'com.amazonaws.us-east-1.bedrock-runtime',
    vpcEndpointType: 'Interface',
    policyDocument: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'bedrock:converse',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } },
    }),
  });
  new iam.ManagedPolicy(s, 'Valid', {
    statements: [
      new iam.PolicyStatement({ actions: ['bedrock:InvokeModel*', 'bedrock:invokemodel', 'bedrock:Get*', 'bedrock:CallWithBearerToken'], resources: [model] }),
      new iam.PolicyStatement({ actions: ['bedrock-mantle:*', 's3:GetObject'], resources: ['*'] }),
    ],
  });
  report = runBedrockChecks(app);
});

describe('NonIamAction', () => {
  it('flags bedrock:Converse and bedrock:ConverseStream (L1 policy)', () => {
    expect(at('S/Converse')).toEqual([`${RULE}[Action::bedrock:ConverseStream]`, `${RULE}[Action::bedrock:Converse]`]);
  });
  it('flags a typo and a glob that matches no action (L2 managed policy)', () => {
    expect(at('S/Typo/Resource')).toEqual([`${RULE}[Action::bedrock:Converse*]`, `${RULE}[Action::bedrock:InvokeModle]`]);
  });
  it('flags non-IAM actions in SCPs and endpoint policies, whatever their case', () => {
    expect(at('S/Scp')).toEqual([`${RULE}[Action::bedrock:InvokeModelStream]`]);
    expect(at('S/Endpoint')).toEqual([`${RULE}[Action::bedrock:converse]`]);
  });
  it('accepts IAM actions in any case, globs that match actions, and other services', () => {
    expect(at('S/Valid/Resource')).toEqual([]);
  });
});
