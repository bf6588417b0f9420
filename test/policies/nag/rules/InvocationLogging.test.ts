import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { beforeAll, describe, expect, it } from 'vitest';
import { envStack, INVOKE, modelArn } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-InvocationLogging';
const ACK = `BedrockGovernance::${RULE}`;
let report: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));
const invokePolicy = (s: Stack, id: string): iam.ManagedPolicy =>
  new iam.ManagedPolicy(s, id, { statements: [new iam.PolicyStatement({ actions: INVOKE, resources: [modelArn('*', 'amazon.nova-lite-v1:0')] })] });
const loggingResource = (s: Stack): CfnResource =>
  new CfnResource(s, 'Logging', { type: 'Custom::BedrockInvocationLogging', properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:x' } });

beforeAll(() => {
  const app = nagApp();
  // No logging in 111111111111/us-east-1.
  const unlogged = envStack(app, 'Unlogged');
  invokePolicy(unlogged, 'Invoke');
  new iam.ManagedPolicy(unlogged, 'ListOnly', { statements: [new iam.PolicyStatement({ actions: ['bedrock:ListFoundationModels'], resources: ['*'] })] });
  // Logging configured by another stack of the same environment.
  const logged = { account: '222222222222', region: 'eu-west-1' };
  invokePolicy(envStack(app, 'Workload', logged), 'Invoke');
  loggingResource(envStack(app, 'Platform', logged));
  // Logging configured with an AwsCustomResource.
  const sdk = envStack(app, 'Sdk', { account: '333333333333', region: 'us-west-2' });
  invokePolicy(sdk, 'Invoke');
  new cr.AwsCustomResource(sdk, 'PutLogging', {
    onCreate: {
      service: 'Bedrock',
      action: 'putModelInvocationLoggingConfiguration',
      parameters: { loggingConfig: { s3Config: { bucketName: 'logs' } } },
      physicalResourceId: cr.PhysicalResourceId.of('logging'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
  });
  // Environment-agnostic stacks share one environment.
  invokePolicy(new Stack(app, 'AgnosticWorkload'), 'Invoke');
  loggingResource(new Stack(app, 'AgnosticPlatform'));
  // Logging configured outside the app: acknowledged on the stack.
  const elsewhere = envStack(app, 'Elsewhere', { account: '444444444444', region: 'us-east-1' });
  invokePolicy(elsewhere, 'Invoke');
  Validations.of(elsewhere).acknowledge({ id: ACK, reason: 'model invocation logging is configured by the platform StackSet' });
  // Logging in us-east-1 only, policies granting other regions from a stack in us-east-1.
  const multi = { account: '555555555555', region: 'us-east-1' };
  const home = envStack(app, 'Home', multi);
  loggingResource(home);
  const grant = (id: string, statement: iam.PolicyStatement): iam.ManagedPolicy => new iam.ManagedPolicy(home, id, { statements: [statement] });
  grant(
    'OtherRegion',
    new iam.PolicyStatement({ actions: INVOKE, resources: [modelArn('us-east-1', 'amazon.nova-lite-v1:0'), modelArn('us-west-2', 'amazon.nova-lite-v1:0')] }),
  );
  grant('HomeRegion', new iam.PolicyStatement({ actions: INVOKE, resources: [modelArn('us-east-1', 'amazon.nova-lite-v1:0')] }));
  grant(
    'Destinations',
    new iam.PolicyStatement({
      actions: INVOKE,
      resources: [modelArn('us-west-2', 'amazon.nova-lite-v1:0'), 'arn:aws:bedrock:::foundation-model/amazon.nova-lite-v1:0'],
      conditions: { ArnLike: { 'bedrock:InferenceProfileArn': 'arn:aws:bedrock:us-east-1:555555555555:inference-profile/us.amazon.nova-lite-v1:0' } },
    }),
  );
  grant(
    'ProfileElsewhere',
    new iam.PolicyStatement({ actions: INVOKE, resources: ['arn:aws:bedrock:eu-central-1:555555555555:inference-profile/eu.amazon.nova-lite-v1:0'] }),
  );
  report = runBedrockChecks(app);
});

describe('InvocationLogging', () => {
  it('flags a policy that allows invocation in an environment without invocation logging', () => {
    expect(at('Unlogged/Invoke/Resource')).toEqual([RULE]);
    expect(report.open.find((f) => f.rule === RULE)?.severity).toBe('warning');
  });
  it('accepts logging in another stack of the same environment, through an AwsCustomResource, and in environment-agnostic stacks', () => {
    expect(at('Workload/Invoke/Resource')).toEqual([]);
    expect(at('Sdk/Invoke/Resource')).toEqual([]);
    expect(at('AgnosticWorkload/Invoke/Resource')).toEqual([]);
  });
  it('ignores policies that do not allow invocation', () => {
    expect(at('Unlogged/ListOnly/Resource')).toEqual([]);
  });
  it('flags a policy in a logged stack that grants invocation in another region, directly or through a profile', () => {
    expect(at('Home/OtherRegion/Resource')).toEqual([RULE]);
    expect(at('Home/ProfileElsewhere/Resource')).toEqual([RULE]);
  });
  it('accepts grants in logged regions, and destination grants conditioned on the profile that starts in a logged region', () => {
    expect(at('Home/HomeRegion/Resource')).toEqual([]);
    expect(at('Home/Destinations/Resource')).toEqual([]);
  });
  it('can be acknowledged where logging is configured outside the app', () => {
    expect(at('Elsewhere/Invoke/Resource')).toEqual([]);
    expect(report.acknowledged.filter((f) => f.rule === RULE).map((f) => f.path)).toEqual(['Elsewhere/Invoke/Resource']);
  });
});
