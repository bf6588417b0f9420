import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { afterAll, describe, expect, it } from 'vitest';
import { GovernanceKeys } from '../../constructs/governance-keys/governance-keys';
import { GovernedBucket } from '../../constructs/private/governed-bucket';
import { TrainingDataset } from '../../constructs/training-dataset/training-dataset';
import type { TrainingDatasetProps } from '../../constructs/training-dataset/training-dataset';
import { ephemeralStorageFor } from '../../constructs/training-dataset/upload';
import { decide } from '../support/iam-oracle';
import type { PolicyDoc } from '../support/iam-oracle';
import { describeFindings, nagApp, runCompliancePacks } from '../support/nag';

const env = { account: '111111111111', region: 'us-west-2' };
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'datasets');
const TRAIN = path.join(FIXTURES, 'titan-fine-tuning', 'train.jsonl');
const EXTRA = path.join(FIXTURES, 'titan-fine-tuning', 'more', 'extra.jsonl');
const MALFORMED = path.join(FIXTURES, 'malformed', 'train.jsonl');
const base = { baseModel: 'amazon.titan-text-express-v1:0:8k', customizationType: 'FINE_TUNING' } as const;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-dataset-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** GovernanceKeys + an access-log GovernedBucket + a TrainingDataset of local files, as a landing zone composes them. */
function build(props: Partial<TrainingDatasetProps> = {}, stack = new Stack(new App(), 'S', { env })) {
  const keys = new GovernanceKeys(stack, 'Keys');
  const accessLogs = new GovernedBucket(stack, 'AccessLogs', { notReplicatedBecause: 'server access logs stay in the region of the buckets they describe' });
  const dataset = new TrainingDataset(stack, 'Train', {
    ...base,
    files: [TRAIN],
    encryptionKey: keys.trainingData,
    serverAccessLogsBucket: accessLogs.bucket,
    ...props,
  });
  return { stack, keys, accessLogs, dataset, template: () => Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string }>;
const resources = (t: Template): Resources => (t.toJSON() as { Resources: Resources }).Resources;
/** Evaluates `Fn::Join` and `Ref AWS::Partition` (the only intrinsics in policies on imported resources). */
function concrete(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(concrete);
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  if (o.Ref === 'AWS::Partition') return 'aws';
  const join = o['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map(concrete).join(join[0]);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, concrete(v)]));
}
const ofType = (t: Template, type: string): [string, Resources[string]][] => Object.entries(resources(t)).filter(([, r]) => r.Type === type);

describe('TrainingDataset with local files', () => {
  it('creates a KMS-encrypted, versioned, retained bucket with access logs', () => {
    const t = build().template();
    const keyId = Object.keys(t.findResources('AWS::KMS::Key', { Properties: { Description: 'Bedrock governance: training-data' } }))[0]!;
    t.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') } },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('uploads with BucketDeployment under the prefix, SSE-KMS, never pruning, retaining on delete', () => {
    const t = build().template();
    t.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^TrainBucket') },
      DestinationBucketKeyPrefix: 'datasets/Train/',
      Prune: false,
      RetainOnDelete: true,
      SystemMetadata: { sse: 'aws:kms', 'sse-kms-key-id': { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysTrainingData'), 'Arn'] } },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      EphemeralStorage: { Size: 512 },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^TrainingDatasetUploadsLogs') } },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('gives the upload function a role with no inline or AWS managed policy and exact-key permissions', () => {
    const t = build().template();
    const [[roleId, role]] = ofType(t, 'AWS::IAM::Role').filter(([id]) => id.startsWith('TrainingDatasetUploadsRole')) as [[string, Resources[string]]];
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).not.toContain('arn:aws:iam::aws:policy');
    expect(ofType(t, 'AWS::IAM::Policy')).toEqual([]);
    const [, upload] = ofType(t, 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('TrainUploadPolicy'))!;
    expect(upload.Properties.Roles).toEqual([{ Ref: roleId }]);
    expect((upload.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      {
        Sid: 'ReadPackage',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, expect.stringMatching(/^:s3:::cdk-[a-z0-9]+-assets-111111111111-us-west-2\/[a-f0-9]{64}\.zip$/)],
          ],
        },
      },
      {
        Sid: 'ListPrefix',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TrainBucket/), 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['datasets/Train/*'] } },
      },
      {
        Sid: 'WriteFiles',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^TrainBucket/), 'Arn'] }, '/datasets/Train/train.jsonl']] },
      },
      {
        Sid: 'EncryptThroughS3',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^KeysTrainingData/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
      },
    ]);
    // The copy starts only once its permissions exist.
    const [, cr] = ofType(t, 'Custom::CDKBucketDeployment')[0]!;
    expect(cr.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^TrainUploadPolicy/)]));
  });

  it('grantRead gives exactly GetObject on the objects, ListBucket on the prefix and Decrypt through S3, in IAM only', () => {
    const before = build().template();
    const { stack, dataset, template } = build();
    const role = new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com') });
    const grant = dataset.grantRead(role);
    expect(grant.success).toBe(true);
    const t = template();
    const policies = ofType(t, 'AWS::IAM::Policy');
    expect(policies).toHaveLength(1);
    expect((policies[0]![1].Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^TrainBucket/), 'Arn'] }, '/datasets/Train/train.jsonl']] },
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TrainBucket/), 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['datasets/Train/*'] } },
      },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^KeysTrainingData/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
      },
    ]);
    // No bucket policy or key policy changed.
    for (const type of ['AWS::S3::BucketPolicy', 'AWS::KMS::Key'])
      expect(JSON.stringify(t.findResources(type))).toBe(JSON.stringify(before.findResources(type)));
  });

  it('grantRead lets the role read the dataset objects and list their prefix, nothing else (IAM oracle)', async () => {
    const stack = new Stack(new App(), 'S', { env });
    const keys = new GovernanceKeys(stack, 'Keys');
    const bucket = s3.Bucket.fromBucketName(stack, 'Given', 'corp-datasets');
    const dataset = new TrainingDataset(stack, 'Train', { ...base, files: [TRAIN, EXTRA], encryptionKey: keys.trainingData, bucket, keyPrefix: 'ft/v1/' });
    dataset.grantRead(new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com') }));
    const doc = concrete(
      (Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0] as { Properties: { PolicyDocument: unknown } }).Properties.PolicyDocument,
    ) as PolicyDoc;
    // KMS: the key policy decides too (the oracle models no key policy); only the S3 statements are evaluated here.
    const scenario = { identityPolicies: [{ ...doc, Statement: doc.Statement.filter((st) => !JSON.stringify(st).includes('kms:')) }] };
    const get = (key: string) => decide(scenario, { action: 's3:GetObject', resource: `arn:aws:s3:::corp-datasets/${key}` });
    const list = (prefix: string) => decide(scenario, { action: 's3:ListBucket', resource: 'arn:aws:s3:::corp-datasets', context: { 's3:prefix': prefix } });
    expect(await get('ft/v1/train.jsonl')).toBe('Allowed');
    expect(await get('ft/v1/extra.jsonl')).toBe('Allowed');
    expect(await get('ft/v1/other.jsonl')).toBe('ImplicitlyDenied');
    expect(await get('ft/v2/train.jsonl')).toBe('ImplicitlyDenied');
    expect(await list('ft/v1/')).toBe('Allowed');
    expect(await list('ft/')).toBe('ImplicitlyDenied');
    expect(await decide(scenario, { action: 's3:PutObject', resource: 'arn:aws:s3:::corp-datasets/ft/v1/train.jsonl' })).toBe('ImplicitlyDenied');
  });

  it('fails when grantRead is given a principal that cannot hold an identity policy', () => {
    const { dataset } = build();
    expect(() => dataset.grantRead(new iam.ServicePrincipal('bedrock.amazonaws.com'))).toThrow(
      /grantRead: .* cannot hold an identity policy; accepted: an IAM role/,
    );
  });

  it('exposes the summary, the key, the prefix and an s3Uri that resolves after the upload', () => {
    const { stack, dataset, keys } = build();
    expect(dataset.summary).toMatchObject({ records: 5, bytes: fs.statSync(TRAIN).size, longestRecord: { file: TRAIN, line: expect.any(Number) as number } });
    expect(dataset.encryptionKey).toBe(keys.trainingData);
    expect(dataset.keyPrefix).toBe('datasets/Train/');
    expect(dataset.baseModel.id).toBe('amazon.titan-text-express-v1:0:8k');
    const uri = JSON.stringify(stack.resolve(dataset.s3Uri));
    expect(uri).toContain('DestinationBucketArn');
    expect(uri).toContain('/datasets/Train/train.jsonl');
  });

  it('uploads several files from several folders under one prefix, as one dataset', () => {
    const { stack, dataset, template } = build({ files: [TRAIN, EXTRA], keyPrefix: 'ft/v1/' });
    expect(dataset.summary?.records).toBe(7);
    expect(JSON.stringify(stack.resolve(dataset.s3Uri))).toMatch(/"\/ft\/v1\/"\]/);
    const t = template();
    t.hasResourceProperties('Custom::CDKBucketDeployment', { DestinationBucketKeyPrefix: 'ft/v1/', SourceObjectKeys: [Match.anyValue(), Match.anyValue()] });
    expect(JSON.stringify(t.toJSON())).toContain('/ft/v1/extra.jsonl');
  });

  it('uploads into a given bucket without creating one', () => {
    const stack = new Stack(new App(), 'S', { env });
    const keys = new GovernanceKeys(stack, 'Keys');
    const bucket = s3.Bucket.fromBucketName(stack, 'Given', 'my-datasets');
    new TrainingDataset(stack, 'Train', { ...base, files: [TRAIN], encryptionKey: keys.trainingData, bucket });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::Bucket', 0);
    t.hasResourceProperties('Custom::CDKBucketDeployment', { DestinationBucketName: 'my-datasets' });
  });

  it('shares one upload role, log group and function between the datasets of a stack', () => {
    const { stack, keys, dataset } = build();
    new TrainingDataset(stack, 'Validation', {
      ...base,
      split: 'validation',
      files: [EXTRA],
      encryptionKey: keys.trainingData,
      bucket: dataset.bucket,
      keyPrefix: 'datasets/validation/',
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::Logs::LogGroup', 1);
    t.resourceCountIs('Custom::CDKBucketDeployment', 2);
    expect(ofType(t, 'AWS::IAM::ManagedPolicy').filter(([id]) => /^(Train|Validation)UploadPolicy/.test(id))).toHaveLength(2);
  });

  it('encrypts the upload log group with logEncryptionKey', () => {
    const stack = new Stack(new App(), 'S', { env });
    const { keys } = build({}, stack);
    expect(
      () =>
        new TrainingDataset(stack, 'Other', {
          ...base,
          files: [EXTRA],
          encryptionKey: keys.trainingData,
          bucket: s3.Bucket.fromBucketName(stack, 'B', 'bucket-b'),
          logEncryptionKey: keys.auditLogs,
        }),
    ).toThrow(/logEncryptionKey differs from the one of another TrainingDataset in this stack/);
    const s2 = new Stack(new App(), 'S2', { env });
    const k2 = new GovernanceKeys(s2, 'Keys');
    new TrainingDataset(s2, 'Train', {
      ...base,
      files: [TRAIN],
      encryptionKey: k2.trainingData,
      bucket: s3.Bucket.fromBucketName(s2, 'B', 'bucket-b'),
      logEncryptionKey: k2.auditLogs,
    });
    Template.fromStack(s2).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysAuditLogs'), 'Arn'] } });
  });

  it('sizes the upload function storage for the dataset, up to about 5 GiB', () => {
    expect(ephemeralStorageFor(1_000)).toBe(512);
    expect(ephemeralStorageFor(300 * 1024 ** 2)).toBe(1024);
    expect(ephemeralStorageFor(4 * 1024 ** 3)).toBe(10240);
    expect(ephemeralStorageFor(5.1 * 1024 ** 3)).toBeUndefined();
  });

  it('fails synth on a malformed file, citing file:line: field: reason', () => {
    expect(() => build({ files: [MALFORMED] })).toThrow(
      new RegExp(
        [
          '2 problems in the training dataset for amazon\\.titan-text-express-v1:0:8k FINE_TUNING:',
          '  .*malformed/train\\.jsonl:2: invalid JSON \\(.*\\); accepted: one JSON object per line',
          '  .*malformed/train\\.jsonl:3: completion: missing; accepted: a non-empty string',
        ].join('\\n'),
      ),
    );
  });

  it('passes the compliance packs with no open finding and specific acknowledgements on resources', () => {
    const app = nagApp();
    build({}, new Stack(app, 'S', { env }));
    const { open, acknowledged } = runCompliancePacks(app);
    expect(describeFindings(open)).toEqual([]);
    const ours = acknowledged.filter((f) => f.paths.some((p) => /^S\/(Train|TrainingDatasetUploads|Custom::CDKBucketDeployment)/.test(p)));
    expect(ours.length).toBeGreaterThan(0);
    for (const f of ours) expect(f.reason?.length ?? 0, `${f.pack} ${f.rule} at ${f.paths.join(', ')}`).toBeGreaterThan(40);
    for (const f of ours) for (const p of f.paths) expect(p).toMatch(/\/Resource$/);
    expect(ours.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['AwsSolutions-L1', 'HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted']),
    );
  });
});

describe('TrainingDataset with existing objects', () => {
  const existing = (stack: Stack, more: Partial<NonNullable<TrainingDatasetProps['existing']>>) => {
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'corp-datasets');
    return new TrainingDataset(stack, 'Data', { ...base, existing: { bucket, encryptionKey: key, ...more } });
  };

  it('points at one object, grants it only, and says it cannot be validated', () => {
    const stack = new Stack(new App(), 'S', { env });
    const ds = existing(stack, { objectKey: 'ft/2024/train.jsonl' });
    expect(stack.resolve(ds.s3Uri)).toBe('s3://corp-datasets/ft/2024/train.jsonl');
    expect(ds.keyPrefix).toBe('ft/2024/');
    expect(ds.summary).toBeUndefined();
    const role = new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com') });
    ds.grantRead(role);
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::CDKBucketDeployment', 0);
    const doc = JSON.stringify(stack.resolve(Object.values(t.findResources('AWS::IAM::Policy'))[0]));
    expect(doc).toContain(':s3:::corp-datasets/ft/2024/train.jsonl"');
    expect(doc).not.toContain('train.jsonl*');
    expect(doc).not.toContain('ft/2024/*"]]');
    Annotations.fromStack(stack).hasInfo('/S/Data', Match.stringLikeRegexp('cannot be validated at synth time'));
  });

  it('points at a prefix and grants every object under it', () => {
    const stack = new Stack(new App(), 'S', { env });
    const ds = existing(stack, { keyPrefix: 'ft/2024/' });
    expect(stack.resolve(ds.s3Uri)).toBe('s3://corp-datasets/ft/2024/');
    ds.grantRead(new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com') }));
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain(':s3:::corp-datasets/ft/2024/*"');
  });
});

describe('TrainingDataset fails when', () => {
  const stack = (): Stack => new Stack(new App(), 'S', { env });
  it.each<[string, Partial<TrainingDatasetProps>, RegExp]>([
    [
      'the base model is unknown',
      { baseModel: 'amazon.titan-text-express-v2' },
      /baseModel 'amazon.titan-text-express-v2' is not a base model Bedrock can customize; closest: amazon\.titan-text-express-v1:0:8k/,
    ],
    [
      'the customization type is not supported by the model',
      { customizationType: 'DISTILLATION' },
      /customizationType 'DISTILLATION' is not supported for amazon.titan-text-express-v1:0:8k; accepted for this model: FINE_TUNING, CONTINUED_PRE_TRAINING/,
    ],
    ['split is not training or validation', { split: 'test' as 'training' }, /split 'test' is not valid; accepted: 'training' or 'validation'/],
    ['files is empty', { files: [] }, /files is empty; accepted: one or more local JSONL files/],
    ['encryptionKey is missing', { encryptionKey: undefined }, /encryptionKey is missing; accepted: the KMS key/],
    ['serverAccessLogsBucket is missing', { serverAccessLogsBucket: undefined }, /serverAccessLogsBucket is missing/],
    ['keyPrefix is not valid', { keyPrefix: 'data/*/' }, /keyPrefix 'data\/\*\/' is not valid; accepted: at most 104 characters/],
    ['keyPrefix has no trailing slash', { keyPrefix: 'data' }, /keyPrefix 'data' is not valid/],
    [
      'a file is not .jsonl',
      { files: [path.join(FIXTURES, 'titan-fine-tuning', 'train.json')] },
      /files\[0\] '.*train\.json' is not valid; accepted: a file name .* ending with \.jsonl/,
    ],
    ['a file does not exist', { files: [path.join(FIXTURES, 'missing.jsonl')] }, /files\[0\] '.*missing\.jsonl' does not exist or is not a file/],
    ['two files share a name', { files: [TRAIN, MALFORMED] }, /files\[1\] '.*malformed\/train\.jsonl' has the same file name as another file/],
    ['notReplicatedBecause is too short', { notReplicatedBecause: 'n/a' }, /notReplicatedBecause 'n\/a' is too short/],
    ['limits are not valid', { limits: { maxTrainingRecords: 1.5 } }, /limits.maxTrainingRecords 1.5 is not valid; accepted: a non-negative integer/],
    [
      'the dataset is over a limit',
      { limits: { maxTrainingRecords: 2 } },
      /train\.jsonl: 5 records; accepted: at most 2 training records .*\(the limits option\)/,
    ],
  ])('%s', (_name, props, message) => {
    expect(() => build(props, stack())).toThrow(message);
  });

  it('both or neither of files and existing are given, or existing has both or neither of keyPrefix and objectKey', () => {
    const s = stack();
    const bucket = s3.Bucket.fromBucketName(s, 'Given', 'bucket-b');
    expect(() => new TrainingDataset(s, 'A', { ...base })).toThrow(/neither files nor existing is set; accepted: exactly one/);
    expect(() => new TrainingDataset(s, 'B', { ...base, files: [TRAIN], existing: { bucket, keyPrefix: 'x/' } })).toThrow(/files and existing are both set/);
    expect(() => new TrainingDataset(s, 'C', { ...base, existing: { bucket } })).toThrow(/existing: neither keyPrefix nor objectKey is set/);
    expect(() => new TrainingDataset(s, 'D', { ...base, existing: { bucket, keyPrefix: 'x/', objectKey: 'x/a.jsonl' } })).toThrow(
      /keyPrefix and objectKey are both set/,
    );
    expect(() => new TrainingDataset(s, 'E', { ...base, existing: { bucket, keyPrefix: '/x' } })).toThrow(/existing.keyPrefix '\/x' is not valid/);
    expect(() => new TrainingDataset(s, 'F', { ...base, existing: { bucket, objectKey: 'x/*.jsonl' } })).toThrow(
      /existing.objectKey 'x\/\*.jsonl' is not valid/,
    );
    const key = kms.Key.fromKeyArn(s, 'K', 'arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(() => new TrainingDataset(s, 'G', { ...base, existing: { bucket, keyPrefix: 'x/' }, encryptionKey: key })).toThrow(
      /encryptionKey is set with existing; accepted: only with files \(existing data is not uploaded: use existing.encryptionKey\)/,
    );
  });

  it('another BucketDeployment would share the upload function', () => {
    const first = stack();
    const other = (s: Stack): s3deploy.BucketDeployment =>
      new s3deploy.BucketDeployment(s, 'Site', {
        sources: [s3deploy.Source.data('index.html', 'hi')],
        destinationBucket: s3.Bucket.fromBucketName(s, 'Site Bucket', 'site-bucket'),
        memoryLimit: 1024,
        ephemeralStorageSize: Size.mebibytes(512),
      });
    other(first);
    expect(() => build({}, first)).toThrow(
      /the BucketDeployment function for memoryLimit 1024 MiB and 512 MiB of storage already exists in this stack with another role/,
    );
    const second = stack();
    build({}, second);
    other(second);
    expect(() => Template.fromStack(second)).toThrow(/BucketDeployment 'S\/Site' shares the upload function of the TrainingDatasets of this stack/);
  });

  it('baseModel is a deploy-time value', () => {
    expect(() => build({ baseModel: Lazy.string({ produce: () => 'amazon.nova-micro-v1:0' }) }, stack())).toThrow(
      /baseModel and customizationType must be known at synth time/,
    );
  });

  it('the default prefix is not a valid key prefix', () => {
    const s = stack();
    const keys = new GovernanceKeys(s, 'Keys');
    expect(
      () =>
        new TrainingDataset(s, 'My Data', { ...base, files: [TRAIN], encryptionKey: keys.trainingData, bucket: s3.Bucket.fromBucketName(s, 'B', 'bucket-b') }),
    ).toThrow(/keyPrefix 'datasets\/My Data\/' is not valid; .*\(the default is datasets\/<construct id>\/: set keyPrefix\)/);
  });

  it('a file is over the size limit of the model', () => {
    const big = path.join(tmp, 'big.jsonl');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 1024 ** 3 + 1);
    expect(() => build({ files: [big] }, stack())).toThrow(/big\.jsonl: 1,073,741,825 bytes; accepted: at most 1,073,741,824 bytes of training data/);
  });
});
