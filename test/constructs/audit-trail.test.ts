import { App, CfnResource, Stack, Token } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { BedrockAuditTrail } from '../../constructs/audit-trail/audit-trail';
import type { BedrockAuditTrailProps } from '../../constructs/audit-trail/audit-trail';
import { BEDROCK_DATA_EVENT_RESOURCE_TYPES } from '../../constructs/audit-trail/data-event-types';
import { bedrockAdvancedEventSelectors } from '../../constructs/audit-trail/event-selectors';
import { GovernanceKeys } from '../../constructs/governance-keys/governance-keys';
import { GovernedBucket } from '../../constructs/private/governed-bucket';
import { describeFindings, nagApp, runCompliancePacks } from '../support/nag';

const env = { account: '111111111111', region: 'eu-west-1' };
const ACCESS_LOGS_REASON = 'server access logs of this test stack are diagnostic data kept in one region only';

interface Fixture {
  readonly stack: Stack;
  readonly keys: GovernanceKeys;
  readonly trail: BedrockAuditTrail;
}

function build(props: Partial<BedrockAuditTrailProps> = {}, app: App = new App(), stackProps: StackProps = { env }): Fixture {
  const stack = new Stack(app, 'S', stackProps);
  const keys = new GovernanceKeys(stack, 'Keys');
  const accessLogs = new GovernedBucket(stack, 'AccessLogs', { notReplicatedBecause: ACCESS_LOGS_REASON }).bucket;
  const trail = new BedrockAuditTrail(stack, 'Trail', { encryptionKey: keys.auditLogs, serverAccessLogsBucket: accessLogs, ...props });
  return { stack, keys, trail };
}

/** A thunk building the trail with the given props, for `toThrow`. */
function attempt(props: Partial<BedrockAuditTrailProps>): () => void {
  return () => build(props);
}

const dataSelector = (type: string): unknown => ({
  Name: `Data events: ${type}`,
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: [type] },
  ],
});

const trailArnOf = (name: string): unknown => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudtrail:eu-west-1:111111111111:trail/${name}`]] });

describe('BedrockAuditTrail', () => {
  it('creates a multi-region trail with log file validation, KMS encryption and CloudWatch Logs delivery', () => {
    const { stack, keys, trail } = build();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudTrail::Trail', 1);
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: { 'Fn::GetAtt': [stack.getLogicalId(keys.auditLogs.node.defaultChild as never), 'Arn'] },
      S3BucketName: { Ref: stack.getLogicalId(trail.bucket.node.defaultChild as never) },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [stack.getLogicalId(trail.logGroup.node.defaultChild as never), 'Arn'] },
      CloudWatchLogsRoleArn: { 'Fn::GetAtt': [stack.getLogicalId(trail.cloudWatchLogsRole.node.defaultChild as never), 'Arn'] },
      EventSelectors: Match.absent(),
    });
    expect(trail.trail.node.id).toBe('Resource');
    expect(stack.resolve(trail.trailArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(trail.trail), 'Arn'] });
  });

  it('records all management events and the data events of every default Bedrock resource type', () => {
    const { stack, trail } = build();
    expect(BEDROCK_DATA_EVENT_RESOURCE_TYPES).toEqual([
      'AWS::Bedrock::AgentAlias',
      'AWS::Bedrock::KnowledgeBase',
      'AWS::Bedrock::FlowAlias',
      'AWS::Bedrock::Guardrail',
      'AWS::Bedrock::Model',
      'AWS::Bedrock::AsyncInvoke',
      'AWS::Bedrock::InlineAgent',
      'AWS::Bedrock::PromptVersion',
      'AWS::Bedrock::Session',
    ]);
    expect(trail.dataEventResourceTypes).toEqual(BEDROCK_DATA_EVENT_RESOURCE_TYPES);
    const props = Template.fromStack(stack).findResources('AWS::CloudTrail::Trail')[stack.getLogicalId(trail.trail)]!.Properties as Record<string, unknown>;
    expect(props.AdvancedEventSelectors).toEqual([
      { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ...BEDROCK_DATA_EVENT_RESOURCE_TYPES.map(dataSelector),
    ]);
    expect(props).not.toHaveProperty('EventSelectors');
  });

  it('records only the chosen management events and data-event resource types', () => {
    const { stack, trail } = build({
      managementEvents: cloudtrail.ReadWriteType.WRITE_ONLY,
      dataEventResourceTypes: ['AWS::Bedrock::Guardrail', 'AWS::Bedrock::FlowExecution'],
    });
    expect(trail.dataEventResourceTypes).toEqual(['AWS::Bedrock::Guardrail', 'AWS::Bedrock::FlowExecution']);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: [
        {
          Name: 'Management events (write only)',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
        dataSelector('AWS::Bedrock::Guardrail'),
        dataSelector('AWS::Bedrock::FlowExecution'),
      ],
      EventSelectors: Match.absent(),
    });
  });

  it('accepts the plain string forms of managementEvents, and data events only', () => {
    expect(bedrockAdvancedEventSelectors('ReadOnly', [])).toEqual([
      {
        Name: 'Management events (read only)',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'readOnly', Equals: ['true'] },
        ],
      },
    ]);
    const { stack } = build({ managementEvents: 'None' as cloudtrail.ReadWriteType, dataEventResourceTypes: ['AWS::Bedrock::Model'] });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', { AdvancedEventSelectors: [dataSelector('AWS::Bedrock::Model')] });
  });

  it('can record one region only, and then says so in the bucket acknowledgement', () => {
    const app = nagApp();
    const { stack } = build({ isMultiRegionTrail: false }, app);
    const { open, acknowledged } = runCompliancePacks(app);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', { IsMultiRegionTrail: false, IncludeGlobalServiceEvents: true });
    expect(describeFindings(open)).toEqual([]);
    const replication = acknowledged.filter((f) => f.rule.endsWith('S3BucketReplicationEnabled') && f.paths.includes('S/Trail/Bucket/Resource/Resource'));
    expect(replication).toHaveLength(3);
    for (const f of replication) expect(f.reason).toMatch(/one region by choice/);
  });

  it('delivers to a KMS-encrypted log group with a one-year default retention', () => {
    const { stack, keys } = build();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(keys.auditLogs.node.defaultChild as never), 'Arn'] },
      RetentionInDays: 365,
    });
    const custom = build({ logRetention: logs.RetentionDays.THREE_MONTHS });
    Template.fromStack(custom.stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('lets CloudTrail deliver to its log group through a managed policy on the log streams it names', () => {
    const { stack, trail } = build();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' } }] },
    });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: stack.getLogicalId(trail.cloudWatchLogsRole.node.defaultChild as never) }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'CloudTrailLogStreams',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':logs:eu-west-1:111111111111:log-group:',
                  { Ref: stack.getLogicalId(trail.logGroup.node.defaultChild as never) },
                  ':log-stream:111111111111_CloudTrail_*',
                ],
              ],
            },
          },
        ],
      },
    });
  });

  it('stores the log files in a governed bucket whose policy admits CloudTrail only for this trail', () => {
    const { stack, keys, trail } = build({ trailName: 'bedrock-audit' });
    const t = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(trail.bucket.node.defaultChild as never);
    t.hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: 'bedrock-audit' });
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [stack.getLogicalId(keys.auditLogs.node.defaultChild as never), 'Arn'] },
            },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') }, LogFilePrefix: 'S-Trail-Bucket/' },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Status: 'Enabled' })]) },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: 'CloudTrailAclCheck',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:GetBucketAcl',
            Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
            Condition: { StringEquals: { 'aws:SourceArn': trailArnOf('bedrock-audit') } },
          },
          {
            Sid: 'CloudTrailWrite',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/AWSLogs/111111111111/*']] },
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArnOf('bedrock-audit') } },
          },
        ]),
      },
    });
    // Every statement granting CloudTrail names this trail.
    const policy = Object.values(t.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }))[0]!;
    const statements = (policy.Properties as { PolicyDocument: { Statement: { Principal?: { Service?: string }; Condition?: unknown }[] } }).PolicyDocument
      .Statement;
    const toCloudTrail = statements.filter((s) => s.Principal?.Service === 'cloudtrail.amazonaws.com');
    expect(toCloudTrail).toHaveLength(2);
    for (const s of toCloudTrail) expect(JSON.stringify(s.Condition)).toContain(':cloudtrail:eu-west-1:111111111111:trail/bedrock-audit');
  });

  it('creates the trail after the bucket policy, the role and its policy', () => {
    const { stack, trail } = build();
    const logsPolicy = trail.node.findChild('CloudWatchLogsPolicy').node.defaultChild as never;
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { DependsOn: string[]; Properties: Record<string, unknown> }>;
    const resource = resources[stack.getLogicalId(trail.trail)]!;
    // The role comes first through the GetAtt of its ARN; an explicit DependsOn on it would be redundant (cfn-lint W3005).
    expect(resource.Properties.CloudWatchLogsRoleArn).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(trail.cloudWatchLogsRole.node.defaultChild as never), 'Arn'],
    });
    expect([...resource.DependsOn].sort()).toEqual(
      [stack.getLogicalId(trail.bucket.policy!.node.defaultChild as never), stack.getLogicalId(logsPolicy)].sort(),
    );
  });

  it('retains the trail, its bucket, its log group and the key on deletion', () => {
    const { stack, keys, trail } = build();
    const t = Template.fromStack(stack);
    const ids = [trail.trail, trail.bucket.node.defaultChild, trail.logGroup.node.defaultChild, keys.auditLogs.node.defaultChild].map((c) =>
      stack.getLogicalId(c as never),
    );
    const resources = t.toJSON().Resources as Record<string, { DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
    for (const id of ids) expect(resources[id], id).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('passes the compliance packs with no open finding, each acknowledgement with a specific reason', () => {
    const app = nagApp();
    build({}, app);
    const { open, acknowledged } = runCompliancePacks(app);
    expect(describeFindings(open)).toEqual([]);
    const ours = acknowledged.filter((f) => f.paths.some((p) => p.startsWith('S/Trail/')));
    expect(ours.map((f) => `${f.rule} at ${f.paths.join(', ')}`).sort()).toEqual(
      [
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:111111111111:log-group:<TrailLogGroup4CBE3AF5>:log-stream:111111111111_CloudTrail_*] at S/Trail/CloudWatchLogsPolicy/Resource',
        'HIPAA.Security-S3BucketReplicationEnabled at S/Trail/Bucket/Resource/Resource',
        'NIST.800.53.R5-S3BucketReplicationEnabled at S/Trail/Bucket/Resource/Resource',
        'PCI.DSS.321-S3BucketReplicationEnabled at S/Trail/Bucket/Resource/Resource',
      ].sort(),
    );
    for (const f of acknowledged) expect(f.reason?.length ?? 0, `${f.rule} at ${f.paths.join(', ')}`).toBeGreaterThan(40);
  });

  it('passes the compliance packs in an environment-agnostic stack', () => {
    const app = nagApp();
    build({}, app, {});
    expect(describeFindings(runCompliancePacks(app).open)).toEqual([]);
  });

  describe('fromTrailArn', () => {
    it('references an existing organization trail and creates nothing', () => {
      const stack = new Stack(new App(), 'S', { env });
      const arn = 'arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail';
      const trail = BedrockAuditTrail.fromTrailArn(stack, 'OrgTrail', arn);
      expect(trail.trailArn).toBe(arn);
      expect(Stack.of(trail)).toBe(stack);
      expect(stack.node.findAll().filter(CfnResource.isCfnResource)).toEqual([]);
    });

    it('accepts other partitions and unresolved tokens', () => {
      const stack = new Stack(new App(), 'S', { env });
      expect(BedrockAuditTrail.fromTrailArn(stack, 'Gov', 'arn:aws-us-gov:cloudtrail:us-gov-west-1:222222222222:trail/org.trail_1').trailArn).toMatch(
        /trail\/org\.trail_1$/,
      );
      const token = Token.asString({ Ref: 'TrailArn' });
      expect(BedrockAuditTrail.fromTrailArn(stack, 'Param', token).trailArn).toBe(token);
    });

    it('fails when the ARN is not a trail ARN', () => {
      const stack = new Stack(new App(), 'S', { env });
      for (const [i, bad] of [
        'arn:aws:s3:::my-bucket',
        'arn:aws:cloudtrail:us-east-1:2222:trail/org-trail',
        'arn:aws:cloudtrail:us-east-1:222222222222:eventdatastore/abc',
        'arn:aws:cloudtrail:us-east-1:222222222222:trail/',
        'org-trail',
      ].entries()) {
        expect(() => BedrockAuditTrail.fromTrailArn(stack, `T${i}`, bad)).toThrow(
          new RegExp(
            `trailArn '${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' is not a trail ARN; accepted: arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`,
          ),
        );
      }
    });
  });

  it('fails when a data-event resource type is unknown', () => {
    expect(attempt({ dataEventResourceTypes: ['AWS::Bedrock::Agent'] })).toThrow(
      /dataEventResourceTypes\[0\] 'AWS::Bedrock::Agent' is not a Bedrock data-event resource type; accepted: AWS::Bedrock::AgentAlias, .*AWS::Bedrock::Session, AWS::Bedrock::FlowExecution/,
    );
    expect(attempt({ dataEventResourceTypes: ['AWS::Bedrock::Model', 'AWS::S3::Object'] })).toThrow(/dataEventResourceTypes\[1\] 'AWS::S3::Object'/);
  });

  it('fails when a data-event resource type is listed twice', () => {
    expect(attempt({ dataEventResourceTypes: ['AWS::Bedrock::Model', 'AWS::Bedrock::Guardrail', 'AWS::Bedrock::Model'] })).toThrow(
      /dataEventResourceTypes\[2\] 'AWS::Bedrock::Model' is listed twice \(first at \[0\]\)/,
    );
  });

  it('fails when managementEvents is not a ReadWriteType', () => {
    expect(attempt({ managementEvents: 'Everything' as cloudtrail.ReadWriteType })).toThrow(
      /managementEvents 'Everything' is not valid; accepted: ReadOnly, WriteOnly, All, None/,
    );
  });

  it('fails when the trail would record nothing', () => {
    expect(attempt({ managementEvents: cloudtrail.ReadWriteType.NONE, dataEventResourceTypes: [] })).toThrow(
      /managementEvents 'None' with an empty dataEventResourceTypes records nothing/,
    );
  });

  it('fails when logRetention is infinite or not a RetentionDays value', () => {
    expect(attempt({ logRetention: logs.RetentionDays.INFINITE })).toThrow(
      /logRetention 9999 days is not valid; accepted: a finite logs.RetentionDays value \(1, 3, 5/,
    );
    expect(attempt({ logRetention: 42 as logs.RetentionDays })).toThrow(/logRetention 42 days is not valid/);
  });

  it('fails when trailName is not a valid trail name', () => {
    for (const bad of ['ab', '-trail', 'trail-', 'my..trail', 'my trail', '10.0.0.1', 'x'.repeat(129)]) {
      expect(attempt({ trailName: bad }), bad).toThrow(/trailName '.*' is not valid; accepted: 3 to 128 letters, digits/);
    }
    expect(attempt({ trailName: Token.asString({ Ref: 'Name' }) })).toThrow(/trailName must be known at synth time/);
  });
});
