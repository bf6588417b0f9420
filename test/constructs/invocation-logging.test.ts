import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { GovernanceKeys } from '../../constructs/governance-keys/governance-keys';
import { handlerBundle, HANDLER_BUNDLE_DIR } from '../../constructs/invocation-logging/bundle';
import { InvocationLogging } from '../../constructs/invocation-logging/invocation-logging';
import type { InvocationLoggingProps } from '../../constructs/invocation-logging/invocation-logging';
import { GovernedBucket } from '../../constructs/private/governed-bucket';
import { describeFindings, nagApp, runCompliancePacks } from '../support/nag';

const env = { account: '111111111111', region: 'eu-west-1' };
const bedrockSourceArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:eu-west-1:111111111111:*']] };
const sourceConditions = { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': bedrockSourceArn } };

/** GovernanceKeys + an access-log GovernedBucket + InvocationLogging, as the landing zone composes them. */
function build(props: Partial<InvocationLoggingProps> = {}, stack = new Stack(new App(), 'S', { env })) {
  const keys = new GovernanceKeys(stack, 'Keys');
  const accessLogs = new GovernedBucket(stack, 'AccessLogs', {
    notReplicatedBecause: 'server access logs of the invocation-log bucket stay in the region of that bucket',
  });
  const logging = new InvocationLogging(stack, 'Logging', { encryptionKey: keys.invocationLogs, serverAccessLogsBucket: accessLogs.bucket, ...props });
  return {
    stack,
    keys,
    logging,
    get template(): Template {
      return Template.fromStack(stack);
    },
  };
}

interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}
const resources = (t: Template): Record<string, Resource> => (t.toJSON() as { Resources: Record<string, Resource> }).Resources;
/** One resource of the template, typed as the test reads it. */
const resource = <T>(t: Template, id: string): T => resources(t)[id] as unknown as T;

const logicalId = (t: Template, type: string, props: object): string => {
  const ids = Object.keys(t.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('InvocationLogging', () => {
  it('lets only Bedrock of this account and region write logs under the prefix', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AmazonBedrockLogsWrite',
            Effect: 'Allow',
            Principal: { Service: 'bedrock.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: {
              'Fn::Join': [
                '',
                [
                  { 'Fn::GetAtt': [Match.stringLikeRegexp('^LoggingBucket'), 'Arn'] },
                  '/bedrock-invocation-logs/AWSLogs/111111111111/BedrockModelInvocationLogs/*',
                ],
              ],
            },
            Condition: sourceConditions,
          },
        ]),
      },
    });
  });

  it('creates a KMS-encrypted, versioned bucket with access logs and a custom prefix', () => {
    const { template } = build({ keyPrefix: 'ai/invocations' });
    const keyId = logicalId(template, 'AWS::KMS::Key', { Description: 'Bedrock governance: invocation-logs' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') } },
    });
    expect(JSON.stringify(template.toJSON())).toContain('/ai/invocations/AWSLogs/111111111111/BedrockModelInvocationLogs/*');
  });

  it('creates the log group with the KMS key, the retention and Retain', () => {
    const { template } = build({ logRetention: logs.RetentionDays.TWO_YEARS });
    const keyId = logicalId(template, 'AWS::KMS::Key', { Description: 'Bedrock governance: invocation-logs' });
    const cr = Object.values(template.findResources('Custom::BedrockInvocationLogging'))[0] as {
      Properties: { LoggingConfig: { cloudWatchConfig: { logGroupName: { Ref: string } } } };
    };
    const groupId = cr.Properties.LoggingConfig.cloudWatchConfig.logGroupName.Ref;
    expect(resources(template)[groupId]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 731 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('defaults the log group retention to one year', () => {
    build().template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('creates a delivery role trusted by Bedrock of this account and region, writing to its log group only', () => {
    const { template } = build();
    const roleId = logicalId(template, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'bedrock.amazonaws.com' }, Condition: sourceConditions }],
      },
    });
    const role = resource<{ Properties: { ManagedPolicyArns: { Ref: string }[]; Policies?: unknown } }>(template, roleId);
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toHaveLength(1);
    const policy = resource<{ Properties: { PolicyDocument: unknown } }>(template, role.Properties.ManagedPolicyArns[0]!.Ref);
    expect(policy.Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DeliverLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LoggingLogGroup/), 'Arn'] },
        },
      ],
    });
  });

  it('sets the configuration through a custom resource with both destinations and the data flags', () => {
    const { template } = build();
    template.hasResource('Custom::BedrockInvocationLogging', {
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LoggingProviderframeworkonEvent'), 'Arn'] },
        Account: '111111111111',
        Region: 'eu-west-1',
        OnDelete: 'restore-previous',
        LoggingConfig: {
          s3Config: { bucketName: { Ref: Match.stringLikeRegexp('^LoggingBucket') }, keyPrefix: 'bedrock-invocation-logs' },
          cloudWatchConfig: {
            logGroupName: { Ref: Match.stringLikeRegexp('^LoggingLogGroup') },
            roleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LoggingDeliveryRole'), 'Arn'] },
            largeDataDeliveryS3Config: { bucketName: { Ref: Match.stringLikeRegexp('^LoggingBucket') }, keyPrefix: 'bedrock-invocation-logs' },
          },
          textDataDeliveryEnabled: true,
          imageDataDeliveryEnabled: true,
          embeddingDataDeliveryEnabled: true,
          videoDataDeliveryEnabled: false,
          audioDataDeliveryEnabled: false,
        },
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^LoggingBucketPolicy'), Match.stringLikeRegexp('^LoggingDeliveryRole')]),
      DeletionPolicy: 'Delete',
    });
  });

  it('passes the chosen flags, destinations and onDelete', () => {
    const { template } = build({ deliverToCloudWatchLogs: false, audioDataDeliveryEnabled: true, imageDataDeliveryEnabled: false, onDelete: 'delete' });
    const cr = Object.values(template.findResources('Custom::BedrockInvocationLogging'))[0] as { Properties: Record<string, Record<string, unknown>> };
    expect(cr.Properties.OnDelete).toBe('delete');
    expect(Object.keys(cr.Properties.LoggingConfig!)).not.toContain('cloudWatchConfig');
    expect(cr.Properties.LoggingConfig).toMatchObject({ audioDataDeliveryEnabled: true, imageDataDeliveryEnabled: false, textDataDeliveryEnabled: true });
    template.resourcePropertiesCountIs(
      'AWS::IAM::Role',
      { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'bedrock.amazonaws.com' } })] } },
      0,
    );
    expect(JSON.stringify(template.toJSON())).not.toContain('iam:PassRole');
  });

  it('keeps the bucket for large payloads when only CloudWatch Logs is chosen', () => {
    const { template } = build({ deliverToS3: false });
    const cr = Object.values(template.findResources('Custom::BedrockInvocationLogging'))[0] as { Properties: { LoggingConfig: Record<string, unknown> } };
    expect(Object.keys(cr.Properties.LoggingConfig)).not.toContain('s3Config');
    expect(cr.Properties.LoggingConfig.cloudWatchConfig).toMatchObject({ largeDataDeliveryS3Config: { keyPrefix: 'bedrock-invocation-logs' } });
  });

  it('gives the handler exactly the logging-configuration actions, PassRole on the delivery role and its own logs', () => {
    const { template } = build();
    const handlerId = logicalId(template, 'AWS::Lambda::Function', { Handler: 'index.handler' });
    const fn = resource<{ Properties: { Role: { 'Fn::GetAtt': [string, string] }; Runtime: string } }>(template, handlerId);
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    const role = resource<{ Properties: { ManagedPolicyArns: { Ref: string }[]; Policies?: unknown } }>(template, fn.Properties.Role['Fn::GetAtt'][0]);
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toHaveLength(1);
    const policy = resource<{ Properties: { PolicyDocument: { Statement: unknown[] } } }>(template, role.Properties.ManagedPolicyArns[0]!.Ref);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'LoggingConfiguration',
        Effect: 'Allow',
        Action: [
          'bedrock:GetModelInvocationLoggingConfiguration',
          'bedrock:PutModelInvocationLoggingConfiguration',
          'bedrock:DeleteModelInvocationLoggingConfiguration',
        ],
        Resource: '*',
      },
      {
        Sid: 'PassDeliveryRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LoggingDeliveryRole/), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
      },
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LoggingHandlerLogGroup/), 'Arn'] },
      },
    ]);
    // No other identity policy anywhere names a Bedrock action.
    const bedrockPolicies = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type.startsWith('AWS::IAM::') && JSON.stringify(r).includes('"bedrock:'),
    );
    expect(bedrockPolicies).toHaveLength(1);
  });

  it('retains the bucket, the key and every log group', () => {
    const { template } = build();
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
      const resources = Object.entries(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const [id, r] of resources) expect({ id, ...r }).toMatchObject({ id, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('passes the compliance packs with no open finding and specific acknowledgements', () => {
    const app = nagApp();
    build({}, new Stack(app, 'S', { env }));
    const { open, acknowledged } = runCompliancePacks(app);
    expect(describeFindings(open)).toEqual([]);
    const ours = acknowledged.filter((f) => f.paths.some((p) => p.startsWith('S/Logging/')));
    expect(ours.length).toBeGreaterThan(0);
    for (const f of ours) expect(f.reason?.length ?? 0, `${f.pack} ${f.rule} at ${f.paths.join(', ')}`).toBeGreaterThan(40);
    // Each acknowledgement sits on a resource, never on the stack or the construct as a whole.
    for (const f of ours) for (const p of f.paths) expect(p).toMatch(/\/(Resource|DefaultPolicy\/Resource)$/);
  });

  it('exposes the delivery metrics in AWS/Bedrock', () => {
    const { logging } = build();
    const cases: [() => { namespace: string; metricName: string; statistic: string }, string][] = [
      [() => logging.metricS3DeliverySuccess(), 'ModelInvocationLogsS3DeliverySuccess'],
      [() => logging.metricS3DeliveryFailure(), 'ModelInvocationLogsS3DeliveryFailure'],
      [() => logging.metricCloudWatchDeliverySuccess(), 'ModelInvocationLogsCloudWatchDeliverySuccess'],
      [() => logging.metricCloudWatchDeliveryFailure(), 'ModelInvocationLogsCloudWatchDeliveryFailure'],
      [() => logging.metricLargeDataS3DeliverySuccess(), 'ModelInvocationLargeDataS3DeliverySuccess'],
      [() => logging.metricLargeDataS3DeliveryFailure(), 'ModelInvocationLargeDataS3DeliveryFailure'],
    ];
    for (const [metric, name] of cases) expect(metric()).toMatchObject({ namespace: 'AWS/Bedrock', metricName: name, statistic: 'Sum' });
    const m = logging.metric('ModelInvocationLogsS3DeliveryFailure', { statistic: 'Maximum', period: Duration.minutes(1) });
    expect(m).toMatchObject({ statistic: 'Maximum', region: 'eu-west-1', account: '111111111111' });
    expect(m.period.toMinutes()).toBe(1);
  });

  it('allows one instance per environment across the stacks of an app', () => {
    const app = new App();
    build({}, new Stack(app, 'A', { env }));
    expect(() => build({}, new Stack(app, 'B', { env: { ...env, region: 'us-east-1' } }))).not.toThrow();
    expect(() => build({}, new Stack(app, 'C', { env: { ...env, account: '222222222222' } }))).not.toThrow();
  });

  it('fails when two instances configure the same account and region (same stack)', () => {
    const { stack, keys } = build();
    const bucket = new GovernedBucket(stack, 'More', { notReplicatedBecause: 'a second access-log bucket for the duplicate test' });
    expect(() => new InvocationLogging(stack, 'Again', { encryptionKey: keys.invocationLogs, serverAccessLogsBucket: bucket.bucket })).toThrow(
      /InvocationLogging 'S\/Again' configures model invocation logging for account 111111111111 in region eu-west-1, which 'S\/Logging' already does/,
    );
  });

  it('fails when two stacks of one app share an environment', () => {
    const app = new App();
    build({}, new Stack(app, 'A', { env }));
    expect(() => build({}, new Stack(app, 'B', { env }))).toThrow(
      /'B\/Logging' .*which 'A\/Logging' already does; accepted: one InvocationLogging per account and region/,
    );
  });

  it('fails when two environment-agnostic stacks of one app both configure logging', () => {
    const app = new App();
    build({}, new Stack(app, 'A'));
    expect(() => build({}, new Stack(app, 'B'))).toThrow(/deploy-time account \(environment-agnostic stack\).*which 'A\/Logging' already does/);
  });

  it('fails when no destination is chosen', () => {
    expect(() => build({ deliverToS3: false, deliverToCloudWatchLogs: false })).toThrow(/deliverToS3 and deliverToCloudWatchLogs are both false/);
  });

  it.each(['/logs', 'logs/', 'a//b', 'with space', 'star*', 'x'.repeat(513), ''])('fails when keyPrefix is %j', (keyPrefix) => {
    expect(() => build({ keyPrefix })).toThrow(/keyPrefix '.*' is not valid; accepted: 1 to 512 characters/);
  });

  it('fails when the log retention is infinite or not a CloudWatch value', () => {
    expect(() => build({ logRetention: logs.RetentionDays.INFINITE })).toThrow(/logRetention 9999 is not valid; accepted: a finite logs.RetentionDays value/);
    expect(() => build({ logRetention: 42 as logs.RetentionDays })).toThrow(/logRetention 42 is not valid/);
  });

  it('fails when CloudWatch options are set without CloudWatch delivery', () => {
    expect(() => build({ deliverToCloudWatchLogs: false, logGroupName: 'bedrock' })).toThrow(
      /logGroupName 'bedrock' is set but deliverToCloudWatchLogs is false/,
    );
    expect(() => build({ deliverToCloudWatchLogs: false, logRetention: logs.RetentionDays.ONE_MONTH })).toThrow(
      /logRetention 30 is set but deliverToCloudWatchLogs is false/,
    );
  });

  it('fails when logGroupName, onDelete, objectLockRetentionDays or notReplicatedBecause is invalid', () => {
    expect(() => build({ logGroupName: 'bad name' })).toThrow(/logGroupName 'bad name' is not valid/);
    expect(() => build({ onDelete: 'keep' as 'delete' })).toThrow(/onDelete 'keep' is not valid; accepted: 'restore-previous' or 'delete'/);
    expect(() => build({ objectLockRetentionDays: 0 })).toThrow(/objectLockRetentionDays 0 is out of range/);
    expect(() => build({ notReplicatedBecause: 'n/a' })).toThrow(/notReplicatedBecause 'n\/a' is too short/);
  });

  it('fails when the handler bundle has not been built, telling how to build it', () => {
    const stack = new Stack(new App(), 'S', { env });
    expect(() => handlerBundle(stack, path.join(HANDLER_BUNDLE_DIR, 'missing'))).toThrow(/run 'npm run build:handlers'/);
    expect(fs.existsSync(path.join(handlerBundle(stack), 'index.js'))).toBe(true);
  });

  it('bundles a handler that exports the onEvent function', async () => {
    const bundled = (await import(path.join(HANDLER_BUNDLE_DIR, 'index.js'))) as { handler?: unknown; default?: { handler?: unknown } };
    expect(typeof (bundled.handler ?? bundled.default?.handler)).toBe('function');
  });
});
