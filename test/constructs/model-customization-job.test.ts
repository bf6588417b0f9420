import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { GovernanceKeys } from '../../constructs/governance-keys/governance-keys';
import { ModelCustomizationJob } from '../../constructs/model-customization-job/model-customization-job';
import type { ModelCustomizationJobProps } from '../../constructs/model-customization-job/model-customization-job';
import { flattenCfnReference } from '../../constructs/model-customization-job/wildcard-findings';
import { GovernedBucket } from '../../constructs/private/governed-bucket';
import type { IDatasetLocation } from '../../constructs/training-dataset/dataset-location';
import { renderHyperParameterTable, validateHyperParameters } from '../../policies/customization/hyperparameters';
import { describeFindings, nagApp, runCompliancePacks } from '../support/nag';

const env = { account: '111111111111', region: 'us-east-1' };
/** A string matcher typed as the string it stands for. */
const like = (re: RegExp): string => expect.stringMatching(re) as string;
const jobsArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:us-east-1:111111111111:model-customization-job/*']] };

/** An IDatasetLocation over a bucket prefix, as TrainingDataset provides one (read grant limited to the prefix). */
function dataset(bucket: s3.IBucket, keyPrefix: string, encryptionKey?: kms.IKey): IDatasetLocation {
  return {
    bucket,
    keyPrefix,
    encryptionKey,
    s3Uri: `s3://${bucket.bucketName}/${keyPrefix}`,
    grantRead: (grantee: iam.IGrantable) => bucket.grantRead(grantee, `${keyPrefix}*`),
  };
}

/** GovernanceKeys + an access-log GovernedBucket (no key) + a dataset bucket + the job, as a landing zone composes them. */
function build(props: Partial<ModelCustomizationJobProps> = {}, stack = new Stack(new App(), 'S', { env })) {
  const keys = new GovernanceKeys(stack, 'Keys');
  const accessLogs = new GovernedBucket(stack, 'AccessLogs', { notReplicatedBecause: 'server access logs of the training data bucket stay in its region' });
  const data = new GovernedBucket(stack, 'Data', {
    encryptionKey: keys.trainingData,
    serverAccessLogsBucket: accessLogs.bucket,
    notReplicatedBecause: 'training data stays in the region where the customization jobs run',
  });
  const job = new ModelCustomizationJob(stack, 'Job', {
    baseModel: 'amazon.titan-text-express-v1:0:8k',
    customizationType: 'FINE_TUNING',
    trainingData: dataset(data.bucket, 'datasets/train/', keys.trainingData),
    validationData: dataset(data.bucket, 'datasets/validation/', keys.trainingData),
    customModelName: 'support-bot-v1',
    output: { bucket: data.bucket, keyPrefix: 'output/support-bot/', encryptionKey: keys.trainingData },
    logEncryptionKey: keys.auditLogs,
    ...props,
  });
  return { stack, keys, data: data.bucket, job, template: () => Template.fromStack(stack) };
}

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
const resources = (t: Template): Resources => (t.toJSON() as { Resources: Resources }).Resources;
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
/** The statements of the managed policies attached to the role with this logical-id prefix. */
function roleStatements(t: Template, rolePrefix: string): Statement[] {
  const all = resources(t);
  const [, role] = Object.entries(all).find(([id, r]) => r.Type === 'AWS::IAM::Role' && id.startsWith(rolePrefix))!;
  expect(role.Properties.Policies).toBeUndefined();
  return (role.Properties.ManagedPolicyArns as { Ref: string }[]).flatMap(
    ({ Ref }) => (all[Ref]!.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}
const flatResources = (s: Statement): string[] => list(s.Resource).map(flattenCfnReference);
const customResource = (t: Template) =>
  Object.values(t.findResources('Custom::BedrockModelCustomizationStart'))[0] as { Properties: Record<string, unknown>; DependsOn: string[] };
/** A JSON text built with Fn::Join, references written `<Logical>` / `<Logical.Attr>` and literal text kept. */
function joinedText(node: unknown): string {
  if (typeof node === 'string') return node;
  const o = node as Record<string, unknown>;
  if (Array.isArray(o['Fn::Join'])) return ((o['Fn::Join'] as unknown[])[1] as unknown[]).map(joinedText).join((o['Fn::Join'] as string[])[0]);
  if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  if (typeof o.Ref === 'string') return `<${o.Ref}>`;
  if ('Fn::ImportValue' in o) return '<import>';
  throw new Error(`unexpected node ${JSON.stringify(node)}`);
}
/** The state machine's definition, parsed. */
function definition(t: Template): { StartAt: string; States: Record<string, Record<string, unknown>> } {
  const sm = Object.values(t.findResources('AWS::StepFunctions::StateMachine'))[0] as { Properties: { DefinitionString: unknown } };
  return JSON.parse(joinedText(sm.Properties.DefinitionString)) as { StartAt: string; States: Record<string, Record<string, unknown>> };
}
/** The AwsCustomResource call of an event, parsed. */
function sdkCall(t: Template, event: 'Create' | 'Update' | 'Delete', type = 'Custom::BedrockModelCustomizationStart'): Record<string, unknown> | undefined {
  const r = Object.values(t.findResources(type))[0] as { Properties: Record<string, unknown> };
  const raw = r.Properties[event];
  return raw === undefined ? undefined : (JSON.parse(joinedText(raw)) as Record<string, unknown>);
}
/** The state machine's name as the flattened references show it. */
const sdkStateMachineName = (t: Template): string => `<${Object.keys(t.findResources('AWS::StepFunctions::StateMachine'))[0]}.Name>`;

describe('ModelCustomizationJob', () => {
  it('creates a service role trusted by Bedrock for model customization jobs of this account and region only', () => {
    build()
      .template()
      .hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: 'sts:AssumeRole',
              Effect: 'Allow',
              Principal: { Service: 'bedrock.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': jobsArn } },
            },
          ],
        },
      });
  });

  it('lets the service role read only the dataset prefixes and write only under the output prefix', () => {
    const statements = roleStatements(build().template(), 'JobServiceRole');
    const objectResources = statements.flatMap(flatResources).filter((r) => r.includes('/'));
    for (const r of objectResources) expect(r).toMatch(/^<Data\w+\.Arn>\/(datasets\/train|datasets\/validation|output\/support-bot)\/\*$/);
    const writes = statements.filter((s) => list(s.Action).some((a) => /Put|Delete|Write/.test(a)));
    expect(writes.map((s) => [s.Sid, list(s.Action), flatResources(s)])).toEqual([
      ['WriteOutput', ['s3:GetObject', 's3:PutObject'], [expect.stringMatching(/^<Data\w+\.Arn>\/output\/support-bot\/\*$/)]],
    ]);
    expect(statements.find((s) => s.Sid === 'ListOutputPrefix')!.Condition).toEqual({ StringLike: { 's3:prefix': ['output/support-bot/*'] } });
    const reads = statements.filter((s) => s.Sid === undefined && list(s.Action).includes('s3:GetObject*'));
    expect(reads.map((s) => flatResources(s).filter((r) => r.includes('/')))).toEqual([
      [expect.stringMatching(/\/datasets\/train\/\*$/)],
      [expect.stringMatching(/\/datasets\/validation\/\*$/)],
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/"ec2:|bedrock:/);
  });

  it('grants the keys through S3 for data and through Bedrock for the custom model key', () => {
    const { template } = build();
    const stack = new Stack(new App(), 'S', { env });
    const withKey = build({ customModelKey: new GovernanceKeys(stack, 'ModelKeys').trainingData }, stack);
    const kmsOf = (t: Template) => roleStatements(t, 'JobServiceRole').filter((s) => list(s.Action).some((a) => a.startsWith('kms:')));
    // Both datasets share a bucket and key: aws-cdk merges their identical kms:Decrypt statements into one.
    expect(kmsOf(template()).map((s) => s.Sid ?? 'dataset')).toEqual(['dataset', 'EncryptOutput']);
    expect(kmsOf(template()).find((s) => s.Sid === 'EncryptOutput')!.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
    const modelKey = kmsOf(withKey.template()).find((s) => s.Sid === 'UseCustomModelKey')!;
    expect(modelKey).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:CreateGrant'],
      Condition: { StringEquals: { 'kms:ViaService': 'bedrock.us-east-1.amazonaws.com' } },
    });
  });

  it('gives ENI permissions, scoped to the subnets, security groups and Bedrock tags, only with vpcConfig', () => {
    const stack = new Stack(new App(), 'S', { env });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      privateSubnetIds: ['subnet-a', 'subnet-b'],
    });
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-1');
    const { template } = build({ vpcConfig: { vpc, securityGroups: [sg] } }, stack);
    const statements = roleStatements(template(), 'JobServiceRole');
    const ec2s = statements.filter((s) => list(s.Action).some((a) => a.startsWith('ec2:')));
    expect(ec2s.map((s) => s.Sid)).toEqual(['DescribeNetwork', 'CreateTaggedEni', 'CreateEniInSubnetsAndGroups', 'ManageOwnEnis', 'TagEniAtCreation']);
    const arn = (r: string) => `arn:<AWS::Partition>:ec2:us-east-1:111111111111:${r}`;
    expect(flatResources(ec2s[2]!)).toEqual([arn('security-group/sg-1'), arn('subnet/subnet-a'), arn('subnet/subnet-b')]);
    expect(ec2s[1]).toMatchObject({
      Condition: { StringEquals: { 'aws:RequestTag/BedrockManaged': ['true'] }, ArnLike: { 'aws:RequestTag/BedrockModelCustomizationJobArn': [jobsArn] } },
    });
    expect(list(ec2s[3]!.Condition!.ArnEquals!['ec2:Subnet']).map(flattenCfnReference)).toEqual([arn('subnet/subnet-a'), arn('subnet/subnet-b')]);
    expect(ec2s[4]!.Condition).toEqual({
      StringEquals: { 'ec2:CreateAction': ['CreateNetworkInterface'] },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['BedrockManaged', 'BedrockModelCustomizationJobArn'] },
    });
    expect(customResource(template()).Properties.Job).toMatchObject({ vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] } });
  });

  it('puts the job request in the workflow and on the start resource, hyperparameters as strings with defaults filled', () => {
    const { template, job } = build({ hyperParameters: { epochCount: 3, learningRate: 0.00002 }, tags: { team: 'support' } });
    const cr = customResource(template());
    const request = {
      roleArn: { 'Fn::GetAtt': [expect.stringMatching(/^JobServiceRole/), 'Arn'] },
      baseModelIdentifier: 'amazon.titan-text-express-v1:0:8k',
      customizationType: 'FINE_TUNING',
      customModelName: 'support-bot-v1',
      trainingDataConfig: { s3Uri: { 'Fn::Join': ['', ['s3://', { Ref: like(/^Data/) }, '/datasets/train/']] } },
      validationDataConfig: { validators: [{ s3Uri: { 'Fn::Join': ['', ['s3://', { Ref: like(/^Data/) }, '/datasets/validation/']] } }] },
      outputDataConfig: { s3Uri: { 'Fn::Join': ['', ['s3://', { Ref: like(/^Data/) }, '/output/support-bot/']] } },
      hyperParameters: { epochCount: '3', batchSize: '1', learningRate: '0.00002', learningRateWarmupSteps: '5' },
      jobTags: [{ key: 'team', value: 'support' }],
      customModelTags: [{ key: 'team', value: 'support' }],
    };
    expect(cr.Properties.Job).toEqual({ ...request, jobName: job.jobName });
    expect(job.jobName).toMatch(/^S-Job-[0-9A-F]{8}-[0-9a-f]{12}$/);
    expect(Object.keys(cr.Properties.Job as object)).not.toContain('customModelKmsKeyId');
    // The same request, in Step Functions' PascalCase, is the Train state's parameters; the name comes from the input.
    const train = definition(template()).States.Train!;
    expect(train.Parameters).toEqual({
      RoleArn: like(/^<JobServiceRole\w+\.Arn>$/),
      BaseModelIdentifier: 'amazon.titan-text-express-v1:0:8k',
      CustomizationType: 'FINE_TUNING',
      CustomModelName: 'support-bot-v1',
      TrainingDataConfig: { S3Uri: like(/^s3:\/\/<Data\w+>\/datasets\/train\/$/) },
      ValidationDataConfig: { Validators: [{ S3Uri: like(/^s3:\/\/<Data\w+>\/datasets\/validation\/$/) }] },
      OutputDataConfig: { S3Uri: like(/^s3:\/\/<Data\w+>\/output\/support-bot\/$/) },
      HyperParameters: { epochCount: '3', batchSize: '1', learningRate: '0.00002', learningRateWarmupSteps: '5' },
      JobTags: [{ Key: 'team', Value: 'support' }],
      CustomModelTags: [{ Key: 'team', Value: 'support' }],
      'JobName.$': '$.jobName',
    });
    // The execution and its job exist only after the roles and policies they need (the roles and the state machine
    // are referenced by the properties).
    expect(JSON.stringify(cr.Properties)).toMatch(/JobStateMachine\w+/);
    expect(cr.DependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^JobServiceRolePolicy/),
        expect.stringMatching(/^JobWorkflowPolicy/),
        expect.stringMatching(/^ModelCustomizationWorkflowStarterPolicy/),
      ]),
    );
  });

  it('starts the workflow with StartExecution named after the inputs, treating ExecutionAlreadyExists as success', () => {
    const { template, job } = build();
    const create = sdkCall(template(), 'Create')!;
    expect(create).toEqual({
      service: 'SFN',
      action: 'startExecution',
      parameters: { stateMachineArn: like(/^<JobStateMachine\w+>$/), name: job.jobName, input: JSON.stringify({ jobName: job.jobName }) },
      physicalResourceId: { id: `arn:<AWS::Partition>:states:us-east-1:111111111111:execution:${sdkStateMachineName(template())}:${job.jobName}` },
      ignoreErrorCodesMatching: 'ExecutionAlreadyExists',
    });
    // An update with the same inputs makes the same call: Step Functions answers with the running execution or
    // ExecutionAlreadyExists, so the job is never started twice. Nothing is called on delete by default.
    expect(sdkCall(template(), 'Update')).toEqual(create);
    expect(sdkCall(template(), 'Delete')).toBeUndefined();
    expect(customResource(template()).Properties.InstallLatestAwsSdk).toBe(false);
  });

  it('names the job after a hash of the training inputs: same inputs, same name; changed inputs or runAttempt, a new one', () => {
    const name = (props: Partial<ModelCustomizationJobProps> = {}) => build(props).job.jobName;
    expect(name()).toBe(name());
    expect(name({ hyperParameters: { epochCount: 3 } })).not.toBe(name());
    expect(name({ customModelName: 'support-bot-v2' })).not.toBe(name());
    expect(name({ tags: { a: 'b' } })).not.toBe(name());
    expect(name({ runAttempt: 2 })).toBe(`${name()}-r2`);
  });

  it('runs the job in a STANDARD state machine with .sync, logging ALL to a retained encrypted log group, and tracing', () => {
    const t = build().template();
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobWorkflowLogGroup'), 'Arn'] } } }],
      },
      TracingConfiguration: { Enabled: true },
    });
    const [, logGroup] = Object.entries(t.findResources('AWS::Logs::LogGroup')).find(([id]) => id.startsWith('JobWorkflowLogGroup'))!;
    expect(logGroup).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { KmsKeyId: { 'Fn::GetAtt': [like(/^KeysAuditLogs/), 'Arn'] }, RetentionInDays: 365 },
    });
    const d = definition(t);
    expect(d.StartAt).toBe('Train');
    expect(d.States.Train!.Resource).toBe('arn:<AWS::Partition>:states:::bedrock:createModelCustomizationJob.sync');
    expect(Object.keys(d.States).sort()).toEqual(['DescribeJob', 'Failed', 'NotifyFailure', 'NotifySuccess', 'Succeeded', 'Train']);
    // No custom resource waits for training: no Provider framework, no isComplete, no waiter, one state machine.
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(JSON.stringify(t.toJSON())).not.toMatch(/isComplete|waiter|Custom::BedrockModelCustomizationJob"/);
    t.resourceCountIs('AWS::Lambda::Function', 1);
  });

  it('reports success and failure on an SNS topic encrypted with a customer-managed key the state machine may use through SNS', () => {
    const t = build().template();
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobNotificationKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    t.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AccountUsesThroughSns',
              Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey'],
              Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com', 'kms:CallerAccount': '111111111111' } },
            }),
            Match.objectLike({
              Sid: 'DenyGrantsNotForAwsResources',
              Effect: 'Deny',
              Action: 'kms:CreateGrant',
              Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
            }),
          ]),
        },
      },
    });
    // No kms:Create* for the administrators (it includes CreateGrant): CT.KMS.PR.3.
    const [, key] = Object.entries(t.findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('JobNotificationKey'))! as [
      string,
      { Properties: { KeyPolicy: { Statement: Statement[] } } },
    ];
    expect(key.Properties.KeyPolicy.Statement.flatMap((s) => list(s.Action))).not.toContain('kms:Create*');
    const statements = roleStatements(t, 'JobWorkflowRole');
    expect(statements.find((s) => s.Sid === 'UseTopicKey')).toMatchObject({
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
    });
    const d = definition(t);
    expect(d.States.NotifyFailure).toMatchObject({ Resource: 'arn:<AWS::Partition>:states:::sns:publish', Next: 'Failed' });
    for (const state of ['Train', 'DescribeJob', 'NotifySuccess']) {
      expect(d.States[state]!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyFailure' }]);
    }
  });

  it('uses the notification key it is given', () => {
    const stack = new Stack(new App(), 'S', { env });
    const key = new kms.Key(stack, 'Given', { enableKeyRotation: true });
    const t = build({ notificationKey: key }, stack).template();
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Given'), 'Arn'] } });
    expect(Object.keys(t.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('JobNotificationKey'))).toEqual([]);
  });

  it('keeps what a running job needs on stack deletion: roles, policies, state machine, topic', () => {
    const t = build().template();
    const all = resources(t) as Record<string, { Type: string; DeletionPolicy?: string }>;
    for (const [prefix, type] of [
      ['JobServiceRole', 'AWS::IAM::Role'],
      ['JobServiceRolePolicy', 'AWS::IAM::ManagedPolicy'],
      ['JobWorkflowRole', 'AWS::IAM::Role'],
      ['JobWorkflowPolicy', 'AWS::IAM::ManagedPolicy'],
      ['JobStateMachine', 'AWS::StepFunctions::StateMachine'],
      ['JobNotifications', 'AWS::SNS::Topic'],
    ] as const) {
      const matches = Object.entries(all).filter(([id, r]) => r.Type === type && new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
      expect(matches.map(([id, r]) => [id.slice(0, prefix.length), r.DeletionPolicy])).toEqual([[prefix, 'Retain']]);
    }
  });

  it('gives the state machine role only what the workflow needs (the .sync calls of the Step Functions guide)', () => {
    const t = build().template();
    const statements = roleStatements(t, 'JobWorkflowRole');
    const bedrock = (r: string) => `arn:<AWS::Partition>:bedrock:us-east-1:${r}`;
    expect(statements.map((s) => [s.Sid, list(s.Action), flatResources(s)])).toEqual([
      [
        'CreateJob',
        ['bedrock:CreateModelCustomizationJob'],
        [
          bedrock(':foundation-model/amazon.titan-text-express-v1:0:8k'),
          bedrock('111111111111:custom-model/*'),
          bedrock('111111111111:model-customization-job/*'),
        ],
      ],
      ['PollAndStopJobs', ['bedrock:GetModelCustomizationJob', 'bedrock:StopModelCustomizationJob'], [bedrock('111111111111:model-customization-job/*')]],
      ['PassServiceRole', ['iam:PassRole'], [like(/^<JobServiceRole\w+\.Arn>$/)]],
      ['Notify', ['sns:Publish'], [like(/^<JobNotifications\w+>$/)]],
      ['UseTopicKey', ['kms:GenerateDataKey', 'kms:Decrypt'], [like(/^<JobNotificationKey\w+\.Arn>$/)]],
      [
        'DeliverLogs',
        [
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:DescribeResourcePolicies',
          'logs:DescribeLogGroups',
        ],
        ['*'],
      ],
      ['Trace', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], ['*']],
    ]);
    expect(statements[2]!.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } });
    // The role is the state machine's, for this account only, and takes no inline policy from aws-cdk-lib's tasks.
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'states.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          },
        ],
      },
    });
    t.resourceCountIs('AWS::IAM::Policy', 0);
  });

  it("covers every action aws-cdk-lib's tasks of the workflow ask for (TagResource only when there are tags)", () => {
    for (const props of [{}, { provisionedThroughput: { modelUnits: 1, tags: { a: 'b' } }, tags: { a: 'b' } }]) {
      const { job, template } = build(props);
      // Each task's own statements (TaskStateBase's protected taskPolicies, which the state machine role does not take).
      const tasks = job.node.findAll().filter((c): c is sfn.TaskStateBase => c instanceof sfn.TaskStateBase);
      const policies = (t: sfn.TaskStateBase) => (t as unknown as { taskPolicies?: iam.PolicyStatement[] }).taskPolicies ?? [];
      const asked = new Set(tasks.flatMap(policies).flatMap((st) => st.actions));
      // IAM action names are case-insensitive (CallAwsService asks for `bedrock:getModelCustomizationJob`).
      const granted = new Set(roleStatements(template(), 'JobWorkflowRole').flatMap((st) => list(st.Action).map((a) => a.toLowerCase())));
      if (!('tags' in props)) asked.delete('bedrock:TagResource');
      expect([...asked].filter((a) => !granted.has(a.toLowerCase()))).toEqual([]);
      expect(asked.size).toBeGreaterThan(2);
    }
  });

  it('lets the start function start this workflow only; stop and model deletion only when opted in', () => {
    const starter = (t: Template) => roleStatements(t, 'ModelCustomizationWorkflowStarterRole');
    expect(starter(build().template()).map((s) => [s.Sid, list(s.Action), flatResources(s)])).toEqual([
      ['WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [like(/^<ModelCustomizationWorkflowStarterLogGroup\w+\.Arn>$/)]],
      [like(/^StartSJob[0-9A-F]{8}$/), ['states:StartExecution'], [like(/^<JobStateMachine\w+>$/)]],
    ]);
    const { template, job } = build({ deleteCustomModelOnDelete: true, stopJobOnDelete: true, tags: { team: 'support' } });
    const t = template();
    expect(starter(t).map((s) => list(s.Action))).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['states:StartExecution'],
      ['states:StopExecution'],
      ['bedrock:DeleteCustomModel'],
    ]);
    expect(flatResources(starter(t)[2]!)).toEqual([`arn:<AWS::Partition>:states:us-east-1:111111111111:execution:${sdkStateMachineName(t)}:*`]);
    expect(sdkCall(t, 'Delete')).toMatchObject({
      service: 'SFN',
      action: 'stopExecution',
      parameters: { executionArn: 'PHYSICAL:RESOURCEID:' },
      ignoreErrorCodesMatching: 'ExecutionDoesNotExist',
    });
    const deletion = Object.values(t.findResources('Custom::BedrockCustomModelDeletion'))[0] as { Properties: Record<string, unknown> };
    expect(deletion.Properties.Create).toBeUndefined();
    expect(sdkCall(t, 'Delete', 'Custom::BedrockCustomModelDeletion')).toMatchObject({
      service: 'Bedrock',
      action: 'deleteCustomModel',
      parameters: { modelIdentifier: 'support-bot-v1' },
      ignoreErrorCodesMatching: 'ResourceNotFoundException',
    });
    expect(roleStatements(t, 'JobWorkflowRole').find((s) => s.Sid === 'TagAtCreation')!.Action).toBe('bedrock:TagResource');
    expect(job.executionArn).toBeDefined();
  });

  it('buys or updates the provisioned throughput when the job succeeds, waiting until it is InService', () => {
    const stack = new Stack(new App(), 'S', { env });
    const { template, job } = build(
      { provisionedThroughput: { modelUnits: 2, tags: { team: 'support' } }, customModelKey: new kms.Key(stack, 'ModelKey', { enableKeyRotation: true }) },
      stack,
    );
    const d = definition(template());
    expect(Object.keys(d.States).sort()).toEqual(
      [
        'Train',
        'DescribeJob',
        'FindThroughput',
        'BuyThroughput',
        'UpdateThroughput',
        'WaitForThroughput',
        'ThroughputStatus',
        'InService?',
        'NotifySuccess',
        'Succeeded',
        'ThroughputFailed',
        'NotifyFailure',
        'Failed',
      ].sort(),
    );
    expect(job.provisionedModelName).toMatch(/^S-Job-[0-9A-F]{8}-2mu$/);
    expect(d.States.DescribeJob!.Next).toBe('FindThroughput');
    expect(d.States.FindThroughput).toMatchObject({
      Resource: 'arn:<AWS::Partition>:states:::aws-sdk:bedrock:getProvisionedModelThroughput',
      Parameters: { ProvisionedModelId: job.provisionedModelName },
      Next: 'UpdateThroughput',
      Catch: [
        expect.objectContaining({ ErrorEquals: ['Bedrock.ResourceNotFoundException'], Next: 'BuyThroughput' }),
        expect.objectContaining({ Next: 'NotifyFailure' }),
      ],
    });
    expect(d.States.BuyThroughput).toMatchObject({
      Resource: 'arn:<AWS::Partition>:states:::aws-sdk:bedrock:createProvisionedModelThroughput',
      Parameters: {
        'ModelId.$': '$.customModel.arn',
        ModelUnits: 2,
        ProvisionedModelName: job.provisionedModelName,
        'ClientRequestToken.$': '$$.Execution.Name',
        Tags: [{ Key: 'team', Value: 'support' }],
      },
      Next: 'WaitForThroughput',
    });
    expect(Object.keys(d.States.BuyThroughput!.Parameters as object)).not.toContain('CommitmentDuration');
    expect(d.States.UpdateThroughput).toMatchObject({ Parameters: { 'ProvisionedModelId.$': '$.throughput.arn', 'DesiredModelId.$': '$.customModel.arn' } });
    expect(d.States['InService?']).toMatchObject({
      Choices: [
        { Variable: '$.throughputStatus.Status', StringEquals: 'InService', Next: 'NotifySuccess' },
        { Variable: '$.throughputStatus.Status', StringEquals: 'Failed', Next: 'ThroughputFailed' },
      ],
      Default: 'WaitForThroughput',
    });
    const statements = roleStatements(template(), 'JobWorkflowRole');
    const bedrock = (r: string) => `arn:<AWS::Partition>:bedrock:us-east-1:111111111111:${r}`;
    expect(statements.filter((s) => /Throughput/.test(s.Sid ?? '')).map((s) => [s.Sid, list(s.Action), flatResources(s)])).toEqual([
      ['BuyThroughput', ['bedrock:CreateProvisionedModelThroughput'], [bedrock('custom-model/*')]],
      [
        'ReadUpdateThroughput',
        ['bedrock:GetProvisionedModelThroughput', 'bedrock:UpdateProvisionedModelThroughput'],
        [bedrock('provisioned-model/*'), bedrock('custom-model/*')],
      ],
      ['TagThroughput', ['bedrock:TagResource'], [bedrock('provisioned-model/*')]],
    ]);
    // A throughput on an encrypted custom model: Decrypt, DescribeKey and CreateGrant through Bedrock.
    expect(statements.find((s) => s.Sid === 'UseCustomModelKey')).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:CreateGrant'],
      Condition: { StringEquals: { 'kms:ViaService': 'bedrock.us-east-1.amazonaws.com' } },
    });
  });

  it('fails when the throughput terms are invalid or a commitment is not acknowledged', () => {
    expect(() => build({ provisionedThroughput: { modelUnits: 0 } })).toThrow(/provisionedThroughput: modelUnits 0 is not valid/);
    expect(() => build({ provisionedThroughput: { modelUnits: 1, commitment: 'one-month' } })).toThrow(
      /provisionedThroughput: commitment 'one-month' buys this provisioned throughput for a fixed term of 1 month/,
    );
    const { template } = build({ provisionedThroughput: { modelUnits: 1, commitment: 'six-months', acknowledgeCommitmentCost: true } });
    expect(definition(template()).States.BuyThroughput!.Parameters).toMatchObject({ CommitmentDuration: 'SixMonths' });
  });

  it('fails when customModelArn is read: the model exists only after the workflow', () => {
    const { job } = build();
    expect(() => job.customModelArn).toThrow(/customModelArn is not available: the deployment only starts the job .*accepted: provisionedThroughput/);
    expect(job.role.roleArn).toBeDefined();
  });

  it('warns that the deprecated timeout and waitForCompletion are ignored, and still checks timeout', () => {
    const { stack } = build({ timeout: Duration.minutes(30), waitForCompletion: true });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('deprecated and ignored'));
    expect(warnings.map((w) => w.entry.data as string)).toEqual([
      expect.stringMatching(/^timeout is deprecated and ignored/),
      expect.stringMatching(/^waitForCompletion is deprecated and ignored/),
    ]);
    expect(() => build({ runAttempt: 0 })).toThrow(/runAttempt 0 is not valid; accepted: a whole number from 1 to 99/);
  });

  it('accepts the lower-case and kebab-case customization types', () => {
    const { template } = build({ customizationType: 'continued-pre-training' });
    expect(customResource(template()).Properties.Job).toMatchObject({ customizationType: 'CONTINUED_PRE_TRAINING' });
  });

  it('distils from a teacher the role may invoke', () => {
    const { template } = build({
      baseModel: 'amazon.nova-lite-v1:0:300k',
      customizationType: 'distillation',
      teacherModel: 'amazon.nova-pro-v1:0',
      maxResponseLengthForInference: 1000,
    });
    const cr = customResource(template());
    expect(cr.Properties.Job).toMatchObject({
      customizationType: 'DISTILLATION',
      customizationConfig: {
        distillationConfig: { teacherModelConfig: { teacherModelIdentifier: 'amazon.nova-pro-v1:0', maxResponseLengthForInference: 1000 } },
      },
    });
    expect(Object.keys(cr.Properties.Job as object)).not.toContain('hyperParameters');
    const teacher = roleStatements(template(), 'JobServiceRole').find((s) => s.Sid === 'InvokeTeacher')!;
    expect([teacher.Action, flatResources(teacher)]).toEqual([
      'bedrock:InvokeModel',
      ['arn:<AWS::Partition>:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0'],
    ]);
  });

  it('fails when epochCount is out of range', () => {
    expect(() => build({ hyperParameters: { epochCount: 12 } })).toThrow(
      /epochCount 12 is out of range for amazon\.titan-text-express-v1:0:8k; accepted: 1 to 10/,
    );
  });

  it('fails when a hyperparameter is not an integer, not accepted by the model, or out of range', () => {
    expect(() => build({ hyperParameters: { batchSize: 2.5 } })).toThrow(
      /batchSize 2\.5 is not an integer; accepted for amazon\.titan-text-express-v1:0:8k: whole numbers from 1 to 64/,
    );
    expect(() => build({ baseModel: 'amazon.nova-micro-v1:0:128k', hyperParameters: { batchSize: 8 } })).toThrow(
      /hyperparameter 'batchSize' is not accepted for FINE_TUNING of amazon\.nova-micro-v1:0:128k; accepted: epochCount, learningRate, learningRateWarmupSteps/,
    );
    expect(() => build({ baseModel: 'anthropic.claude-3-haiku-20240307-v1:0:200k', hyperParameters: { learningRateMultiplier: 3, batchSize: 2 } })).toThrow(
      /learningRateMultiplier 3 is out of range for anthropic\.claude-3-haiku-20240307-v1:0:200k; accepted: 0\.1 to 2 \| batchSize 2 is out of range .*accepted: 4 to 256/,
    );
  });

  it.each(['', 'a'.repeat(64), 'bad name', 'two--dashes', '-leading', 'x.y'])('fails when customModelName is %j', (customModelName) => {
    expect(() => build({ customModelName })).toThrow(/customModelName '.*' is not valid; accepted: 1 to 63 characters matching/);
  });

  it('fails when the base model does not support the customization type, or is unknown', () => {
    expect(() => build({ baseModel: 'amazon.titan-text-premier-v1:0:32k', customizationType: 'CONTINUED_PRE_TRAINING' })).toThrow(
      /customizationType 'CONTINUED_PRE_TRAINING' is not supported for amazon\.titan-text-premier-v1:0:32k .*; accepted: FINE_TUNING/,
    );
    expect(() => build({ baseModel: 'amazon.titan-embed-text-v2:0' })).toThrow(
      /baseModel 'amazon\.titan-embed-text-v2:0' is not a base model Bedrock can customize; accepted: a custom-model ARN or a customization base model id \(closest: /,
    );
    expect(() => build({ customizationType: 'rlhf' as 'FINE_TUNING' })).toThrow(
      /customizationType 'rlhf' is not valid; accepted: FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION/,
    );
  });

  it('fails when distillation settings are missing or misplaced', () => {
    expect(() => build({ baseModel: 'amazon.nova-lite-v1:0:300k', customizationType: 'DISTILLATION' })).toThrow(/teacherModel is missing/);
    expect(() => build({ teacherModel: 'amazon.nova-pro-v1:0' })).toThrow(/teacherModel 'amazon\.nova-pro-v1:0' is set but customizationType is FINE_TUNING/);
    expect(() => build({ baseModel: 'amazon.nova-lite-v1:0:300k', customizationType: 'DISTILLATION', teacherModel: 'us.amazon.nova-pro-v1:0' })).toThrow(
      /inference profiles are not supported here/,
    );
  });

  it('fails when the timeout, the output prefix, the tags or the VPC settings are invalid', () => {
    expect(() => build({ timeout: Duration.minutes(61) })).toThrow(/timeout 1 hour 1 minute is not valid; accepted: whole minutes from 5 to 60 \(deprecated/);
    expect(() => build({ timeout: Duration.seconds(390) })).toThrow(/timeout .* is not valid/);
    expect(() => build({ output: { bucket: build().data, keyPrefix: '/output' } })).toThrow(/output\.keyPrefix '\/output' is not valid/);
    expect(() => build({ tags: { 'aws:owner': 'x' } })).toThrow(/tags key 'aws:owner' is not valid/);
    const stack = new Stack(new App(), 'S', { env });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-a'] });
    expect(() => build({ vpcConfig: { vpc, securityGroups: [] } }, stack)).toThrow(/vpcConfig\.securityGroups has 0 security groups; accepted: 1 to 5/);
  });

  it('passes the compliance packs with no open finding and specific acknowledgements on resources', () => {
    const variants: Partial<ModelCustomizationJobProps>[] = [
      {},
      // A bare foundation-model id (CreateJob on `<arn>:*` too), tags, model deletion and a VPC.
      { baseModel: 'amazon.titan-text-express-v1', customizationType: 'continued-pre-training', tags: { a: 'b' }, deleteCustomModelOnDelete: true },
      { baseModel: 'amazon.nova-lite-v1:0:300k', customizationType: 'distillation', teacherModel: 'amazon.nova-pro-v1:0' },
      // The workflow buys a throughput (tagged) and stops the job on delete.
      { provisionedThroughput: { modelUnits: 1, tags: { team: 'a' } }, stopJobOnDelete: true },
    ];
    for (const props of variants) {
      const app = nagApp();
      const stack = new Stack(app, 'S', { env });
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-a'] });
      const vpcConfig = Object.keys(props).length > 0 ? { vpc, securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-1')] } : undefined;
      // A customer-managed key for the custom model, as the Bedrock pack requires (CustomerManagedKey).
      build({ ...props, vpcConfig, customModelKey: new kms.Key(stack, 'ModelKey', { enableKeyRotation: true }) }, stack);
      // The distillation role may invoke its teacher; logging belongs to the landing zone, not to this test stack.
      Validations.of(stack).acknowledge({
        id: 'BedrockGovernance::BedrockGovernance-InvocationLogging',
        reason: 'test stack: invocation logging is configured by the landing zone stack of the same environment',
      });
      const { open, acknowledged } = runCompliancePacks(app);
      expect(describeFindings(open)).toEqual([]);
      const ours = acknowledged.filter((f) => f.paths.some((p) => p.startsWith('S/Job/')));
      expect(ours.length).toBeGreaterThan(0);
      for (const f of ours) expect(f.reason?.length ?? 0, `${f.pack} ${f.rule} at ${f.paths.join(', ')}`).toBeGreaterThan(40);
      for (const f of ours) for (const p of f.paths) expect(p).toMatch(/\/Resource$/);
    }
  });
});

describe('validateHyperParameters', () => {
  it('returns the full map as strings with defaults filled, in plain decimal notation', () => {
    expect(validateHyperParameters('amazon.titan-text-premier-v1:0:32k', 'FINE_TUNING', { learningRate: 1e-7 })).toEqual({
      hyperParameters: { epochCount: '2', batchSize: '1', learningRate: '0.0000001', learningRateWarmupSteps: '5' },
      problems: [],
    });
    expect(
      validateHyperParameters('arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-8b-instruct-v1:0:128k', 'FINE_TUNING', { epochCount: '3' })
        .hyperParameters,
    ).toEqual({
      epochCount: '3',
      batchSize: '1',
      learningRate: '0.0001',
    });
  });

  it('checks names and numbers only for a custom model given as base (its ranges are those of its own base)', () => {
    const arn = 'arn:aws:bedrock:us-east-1:111111111111:custom-model/amazon.titan-text-express-v1:0:8k/abc';
    expect(validateHyperParameters(arn, 'FINE_TUNING', { epochCount: 40 })).toEqual({ hyperParameters: { epochCount: '40' }, problems: [] });
    expect(validateHyperParameters(arn, 'FINE_TUNING', { epochs: 4, batchSize: 'x' }).problems).toEqual([
      expect.stringMatching(/^hyperparameter 'epochs' is not accepted .*; accepted: epochCount, batchSize/),
      'batchSize "x" is not a number; accepted: a finite number',
    ]);
  });

  it('rejects every hyperparameter for distillation (unconfirmed in the docs, one place to change)', () => {
    expect(validateHyperParameters('amazon.nova-micro-v1:0:128k', 'DISTILLATION', { epochCount: 2 }).problems).toEqual([
      "hyperparameter 'epochCount' is not accepted for DISTILLATION of amazon.nova-micro-v1:0:128k; accepted: none",
    ]);
  });

  it('is the table the README shows', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../constructs/model-customization-job/README.md'), 'utf8');
    // Compared cell by cell: prettier pads the README's table.
    const cells = (md: string): string[] =>
      md
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .map((l) => l.replace(/\s*\|\s*/g, '|').replace(/-{3,}/g, '---'));
    const table = cells(renderHyperParameterTable());
    const lines = cells(readme);
    const start = lines.indexOf(table[0]!);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start, start + table.length)).toEqual(table);
  });
});
