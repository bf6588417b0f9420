import { CfnResource, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { envStack } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-DataBucket';
let report: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));

beforeAll(() => {
  const app = nagApp();
  const s = envStack(app, 'S');
  const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
  // Non-compliant: Bedrock may write to it (bucket policy), S3-managed encryption, unversioned, no TLS deny.
  const plain = new s3.Bucket(s, 'PlainLogs', { encryption: s3.BucketEncryption.S3_MANAGED });
  plain.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('bedrock.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [plain.arnForObjects('*')],
    }),
  );
  // Non-compliant: L1 bucket tagged as invocation logs, KMS only.
  new s3.CfnBucket(s, 'TaggedL1', {
    bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.keyArn } }] },
    tags: [{ key: 'cdk-bedrock-governance:data', value: 'invocation-logs' }],
  });
  // Non-compliant: named by a logging custom resource of the stack, versioned and TLS-only but S3-managed.
  const named = new s3.Bucket(s, 'NamedByLogging', { versioned: true, enforceSSL: true });
  new CfnResource(s, 'Logging', {
    type: 'Custom::BedrockInvocationLogging',
    properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:x', LoggingConfig: { s3Config: { bucketName: named.bucketName } } },
  });
  // Compliant: tagged training data, KMS, versioned, TLS-only.
  const governed = new s3.Bucket(s, 'TrainingData', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, versioned: true, enforceSSL: true });
  Tags.of(governed).add('cdk-bedrock-governance:data', 'training-data');
  // Not a Bedrock data bucket.
  new s3.Bucket(s, 'Other');
  report = runBedrockChecks(app);
});

describe('DataBucket', () => {
  it('flags a bucket Bedrock writes to (bucket policy) without SSE-KMS, versioning and TLS-only', () => {
    expect(at('S/PlainLogs/Resource')).toEqual([`${RULE}[SSE-KMS]`, `${RULE}[TLS-only]`, `${RULE}[Versioning]`]);
  });
  it('flags an L1 bucket tagged as invocation logs', () => {
    expect(at('S/TaggedL1')).toEqual([`${RULE}[TLS-only]`, `${RULE}[Versioning]`]);
  });
  it('flags a bucket named by a model invocation logging custom resource', () => {
    expect(at('S/NamedByLogging/Resource')).toEqual([`${RULE}[SSE-KMS]`]);
  });
  it('accepts a governed training-data bucket and ignores other buckets', () => {
    expect(at('S/TrainingData/Resource')).toEqual([]);
    expect(at('S/Other/Resource')).toEqual([]);
  });
});
