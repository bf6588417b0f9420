import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { doc, envStack } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-EndpointPolicy';
let report: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));
const open = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
const scoped = { ...open, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } };
const endpoint = (s: Stack, id: string, service: string, policyDocument?: object): ec2.CfnVPCEndpoint =>
  new ec2.CfnVPCEndpoint(s, id, { vpcId: 'vpc-1', serviceName: `com.amazonaws.us-east-1.${service}`, vpcEndpointType: 'Interface', policyDocument });

beforeAll(() => {
  const app = nagApp();
  const s = envStack(app, 'S');
  endpoint(s, 'RuntimeNoPolicy', 'bedrock-runtime');
  endpoint(s, 'AgentOpen', 'bedrock-agent', doc(open));
  endpoint(s, 'ControlPlaneServiceWide', 'bedrock-fips', doc({ ...open, Action: 'bedrock:*' }));
  endpoint(s, 'MantleScoped', 'bedrock-mantle', doc(scoped));
  endpoint(s, 'Sqs', 'sqs');
  // L2 in an environment-agnostic stack: the service name is an Fn::Join on AWS::Region.
  const agnostic = new Stack(app, 'Agnostic');
  const vpc = new ec2.Vpc(agnostic, 'Vpc', { natGateways: 0, maxAzs: 1, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  vpc.addInterfaceEndpoint('AgentRuntime', { service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_AGENT_RUNTIME });
  const runtime = vpc.addInterfaceEndpoint('Runtime', { service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME });
  runtime.addToPolicy(
    new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['bedrock:InvokeModel'],
      resources: ['arn:aws:bedrock:*::foundation-model/amazon.nova-*'],
    }),
  );
  report = runBedrockChecks(app);
});

describe('EndpointPolicy', () => {
  it('flags a Bedrock endpoint without a policy (L1, and L2 with an Fn::Join service name)', () => {
    expect(at('S/RuntimeNoPolicy')).toEqual([`${RULE}[NoPolicy]`]);
    expect(at('Agnostic/Vpc/AgentRuntime/Resource')).toEqual([`${RULE}[NoPolicy]`]);
  });
  it('flags a policy that allows everything to everyone without a condition, FIPS endpoints included', () => {
    expect(at('S/AgentOpen')).toEqual([`${RULE}[OpenPolicy]`]);
    expect(at('S/ControlPlaneServiceWide')).toEqual([`${RULE}[OpenPolicy]`]);
  });
  it('accepts a policy scoped by a condition or to models, and ignores other services', () => {
    expect(at('S/MantleScoped')).toEqual([]);
    expect(at('Agnostic/Vpc/Runtime/Resource')).toEqual([]);
    expect(at('S/Sqs')).toEqual([]);
  });
});
