import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { GovernanceKeys } from '../../constructs/governance-keys/governance-keys';
import { BedrockPrivateEndpoints, BedrockPrivateEndpointsProps } from '../../constructs/private-endpoints/private-endpoints';
import { describeFindings, nagApp, runCompliancePacks } from '../support/nag';

const env = { account: '111111111111', region: 'us-east-1' };
const AZS = { 'availability-zones:account=111111111111:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'] };
const modelAccess = { allow: ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.nova-*'], deny: ['amazon.nova-premier-v1:0'] };

function make(props: Partial<BedrockPrivateEndpointsProps> = {}, app = new App({ context: AZS })) {
  const stack = new Stack(app, 'S', { env });
  const keys = new GovernanceKeys(stack, 'Keys');
  const endpoints = new BedrockPrivateEndpoints(stack, 'Endpoints', { flowLogKey: props.vpc ? undefined : keys.auditLogs, modelAccess, ...props });
  return { stack, endpoints, t: Template.fromStack(stack) };
}

describe('BedrockPrivateEndpoints', () => {
  it('creates an isolated VPC with flow logs, and endpoints for bedrock and bedrock-runtime with private DNS', () => {
    const { t, endpoints } = make();
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    for (const svc of ['bedrock', 'bedrock-runtime']) {
      t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        ServiceName: `com.amazonaws.us-east-1.${svc}`,
        PrivateDnsEnabled: true,
        VpcEndpointType: 'Interface',
      });
    }
    expect(endpoints.vpcEndpointIds).toHaveLength(2);
  });

  it('admits HTTPS only from security groups, never from the VPC CIDR', () => {
    const { t } = make();
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.length).toBeGreaterThan(0);
    for (const r of ingress) {
      expect(r).toMatchObject({ Properties: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443 } });
      expect((r as { Properties: { SourceSecurityGroupId?: unknown } }).Properties.SourceSecurityGroupId).toBeDefined();
      expect(JSON.stringify(r)).not.toContain('CidrBlock');
    }
    expect(JSON.stringify(t.toJSON())).not.toMatch(/"CidrIp":\{"Fn::GetAtt":\[[^\]]*"CidrBlock"\]/);
  });

  it('admits the named security groups and prefix lists', () => {
    const app = new App({ context: AZS });
    const stack = new Stack(app, 'S', { env });
    const vpc = new ec2.Vpc(stack, 'Existing', { natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    const endpoints = new BedrockPrivateEndpoints(stack, 'Endpoints', {
      vpc,
      modelAccess,
      allowedSecurityGroups: [client],
      allowedPrefixLists: ['pl-0123456789abcdef0'],
    });
    const t = Template.fromStack(stack);
    expect(endpoints.clientSecurityGroup).toBeUndefined();
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourcePrefixListId: 'pl-0123456789abcdef0', FromPort: 443 });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Client'), 'GroupId'] } });
  });

  it('gives the runtime endpoint a policy that carries approved models only, for this account', () => {
    const { t } = make();
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-east-1.bedrock-runtime',
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Principal: '*', Resource: 'arn:aws:bedrock:*::foundation-model/amazon.nova-premier-v1:0' }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: '*',
            Resource: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-*',
            Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } },
          }),
        ]),
      },
    });
  });

  it('gives the control-plane and mantle endpoints the model boundary, not Action "*"', () => {
    const { t } = make({ services: ['bedrock', 'bedrock-runtime', 'bedrock-mantle'] });
    const policyOf = (service: string): { Statement: Record<string, unknown>[] } => {
      const found = Object.values(t.findResources('AWS::EC2::VPCEndpoint')).find((r) =>
        JSON.stringify((r as { Properties: { ServiceName: unknown } }).Properties.ServiceName).includes(service),
      ) as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } };
      return found.Properties.PolicyDocument;
    };
    for (const service of ['.bedrock"', 'bedrock-mantle']) {
      const statements = policyOf(service).Statement;
      expect(
        statements.some((st) => st.Action === '*'),
        service,
      ).toBe(false);
      expect(
        statements.some((st) => st.NotAction !== undefined && st.Effect === 'Allow'),
        service,
      ).toBe(true);
    }
    const control = policyOf('.bedrock"').Statement;
    const training = control.find((st) => st.Sid === 'TrainingModels');
    expect(training?.Effect).toBe('Allow');
    expect(JSON.stringify(training?.Action)).toContain('bedrock:CreateModelCustomizationJob');
    expect(control.some((st) => st.Effect === 'Deny' && st.Resource === 'arn:aws:bedrock:*::foundation-model/amazon.nova-premier-v1:0')).toBe(true);
    const mantle = policyOf('bedrock-mantle').Statement.find((st) => st.Sid === 'MantleInference');
    expect(JSON.stringify(mantle?.Condition)).toContain('"StringLike":{"bedrock-mantle:Model"');
  });

  it('creates the optional agent and mantle endpoints', () => {
    const { t } = make({ services: ['bedrock-runtime', 'bedrock-agent', 'bedrock-agent-runtime', 'bedrock-mantle'] });
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.us-east-1.bedrock-mantle', PrivateDnsEnabled: true });
  });

  it('passes the compliance packs with no open finding', () => {
    const app = nagApp();
    app.node.setContext(Object.keys(AZS)[0]!, Object.values(AZS)[0]);
    make({}, app);
    expect(describeFindings(runCompliancePacks(app).open)).toEqual([]);
  });

  it('fails when a service is unknown', () => {
    expect(() => make({ services: ['bedrock', 'bedrock-nope' as 'bedrock'] })).toThrow(
      /services\[1\] 'bedrock-nope' is not a Bedrock endpoint service; accepted: bedrock, bedrock-runtime/,
    );
  });

  it('fails when a prefix list id is malformed', () => {
    expect(() => make({ allowedPrefixLists: ['prefix-1'] })).toThrow(/allowedPrefixLists\[0\] 'prefix-1' is not a prefix list id/);
  });

  it('fails when the model list is invalid, naming the field', () => {
    expect(() => make({ modelAccess: { allow: ['anthropic.claude-nope'] } })).toThrow(/allow\[0\] 'anthropic.claude-nope': is not in the model catalog/);
  });

  it('fails when the stack has no region', () => {
    const stack = new Stack(new App(), 'S');
    const keys = new GovernanceKeys(stack, 'Keys');
    expect(() => new BedrockPrivateEndpoints(stack, 'E', { flowLogKey: keys.auditLogs, modelAccess })).toThrow(/no concrete region/);
  });
});
