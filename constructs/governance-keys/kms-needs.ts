/**
 * What every AWS service and principal that uses a key of `GovernanceKeys` needs from that key, as documented by AWS,
 * and the key-policy statement (by Sid) that meets it. One table, read by docs/kms.md (rendered by kms-needs-doc.ts)
 * and by test/constructs/kms-needs.test.ts, which evaluates each row with an IAM simulator against the synthesized key
 * policies of the reference landing zone. The key policies are written independently in governance-keys.ts: this table
 * is their specification, not their source.
 *
 * Placeholders in `context`: `${Partition}`, `${Region}`, `${Account}` (of the landing-zone stack), `${TrailArn}` (the
 * trail the stack creates), `${Caller}` (the role named in `principal.role`).
 */

/** The keys of `GovernanceKeys`. */
export type GovernanceKeyName = 'auditLogs' | 'invocationLogs' | 'trainingData';

/** Who makes the KMS request. */
export type KmsNeedPrincipal =
  /** An AWS service principal (`logs.${Region}.amazonaws.com` is regional). */
  | { readonly service: string }
  /** An IAM role of the account, described in words; the request is made through another service (`kms:ViaService`). */
  | { readonly role: string };

/** One documented need of one principal on one key. */
export interface KmsNeed {
  /** Stable id of the row. */
  readonly id: string;
  /** The service and the use, in words. */
  readonly use: string;
  readonly key: GovernanceKeyName;
  readonly principal: KmsNeedPrincipal;
  /** KMS actions the principal calls (each is asserted separately). */
  readonly actions: readonly string[];
  /** The documented condition, in words. */
  readonly condition: string;
  /** The request context AWS sends (placeholders resolved per stack). */
  readonly context: Readonly<Record<string, string>>;
  /** Context keys the key policy restricts: a request with a foreign value of any of them must be refused. */
  readonly restricts: readonly string[];
  /**
   * Actions of the row that another statement also allows without the condition (kms:DescribeKey: key metadata, part
   * of the account's key administration); the test checks that they are allowed with foreign values too.
   */
  readonly unconditionedActions?: readonly string[];
  /** Sid of the key-policy statement that meets the need (it alone, with the key's Deny statements, allows it). */
  readonly metBy: string;
  /** Sid of a Deny statement that narrows the need to what is documented (e.g. grants only for AWS resources). */
  readonly limitedBy?: string;
  /**
   * For a role: where its identity policy grants the same actions (KMS requires both, the key policy delegating to
   * IAM through the account principal). `unmet:` says what is missing and where.
   */
  readonly identity?: string;
  /** Only where the landing zone creates the trail (the other regions reference it). */
  readonly onlyWithTrail?: boolean;
  /** The AWS documentation pages. */
  readonly sources: readonly string[];
  /** How sure the fact is when the pages do not say it all, or what they say exactly. */
  readonly note?: string;
}

const CLOUDTRAIL_KMS = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html';
const LOGS_KMS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html';
const INVOCATION_LOGGING = 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html';
const CUSTOM_MODEL_KMS = 'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-custom-job.html';
const S3_KMS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html';

const trailContext = { 'aws:SourceArn': '${TrailArn}', 'aws:PrincipalIsAWSService': 'true' };
const bedrockSource = {
  'aws:SourceAccount': '${Account}',
  'aws:SourceArn': 'arn:${Partition}:bedrock:${Region}:${Account}:model-invocation-logging',
  'aws:PrincipalIsAWSService': 'true',
};
const viaS3 = { 'kms:ViaService': 's3.${Region}.amazonaws.com', 'kms:CallerAccount': '${Account}', 'aws:PrincipalIsAWSService': 'false' };
const viaBedrock = { 'kms:ViaService': 'bedrock.${Region}.amazonaws.com', 'kms:CallerAccount': '${Account}', 'aws:PrincipalIsAWSService': 'false' };
/** Grants Bedrock creates on a caller's behalf are for an AWS resource (the custom model, the provisioned throughput). */
const grantViaBedrock = { ...viaBedrock, 'kms:GrantIsForAWSResource': 'true' };
const logsContext = (group: string) => ({
  'kms:EncryptionContext:aws:logs:arn': `arn:\${Partition}:logs:\${Region}:\${Account}:log-group:${group}`,
  'aws:PrincipalIsAWSService': 'true',
});

/** Every documented need on the keys of `GovernanceKeys`, as the reference landing zone and customization stack use them. */
export const KMS_NEEDS: readonly KmsNeed[] = [
  {
    id: 'cloudtrail-encrypt',
    use: 'CloudTrail encrypts log and digest files of the trail (SSE-KMS)',
    key: 'auditLogs',
    principal: { service: 'cloudtrail.amazonaws.com' },
    actions: ['kms:GenerateDataKey'],
    condition: '`kms:EncryptionContext:aws:cloudtrail:arn` like a trail of this account; `aws:SourceArn` like a trail of this account and region',
    context: { ...trailContext, 'kms:EncryptionContext:aws:cloudtrail:arn': '${TrailArn}' },
    restricts: ['aws:SourceArn', 'kms:EncryptionContext:aws:cloudtrail:arn'],
    metBy: 'CloudTrailEncrypt',
    onlyWithTrail: true,
    sources: [CLOUDTRAIL_KMS],
  },
  {
    id: 'cloudtrail-bucket-key',
    use: 'CloudTrail creates or updates the trail on a bucket with an S3 Bucket Key (SSE-KMS)',
    key: 'auditLogs',
    principal: { service: 'cloudtrail.amazonaws.com' },
    actions: ['kms:Decrypt'],
    condition: '`aws:SourceArn` like a trail of this account and region',
    context: trailContext,
    restricts: ['aws:SourceArn'],
    metBy: 'CloudTrailBucketKeyDecrypt',
    onlyWithTrail: true,
    sources: [CLOUDTRAIL_KMS],
    note: '"If you are using an existing S3 bucket with an S3 Bucket Key, kms:Decrypt permissions are required to create or update a trail with SSE-KMS encryption enabled."',
  },
  {
    id: 'cloudtrail-describe',
    use: 'CloudTrail describes the key when the trail is created or updated',
    key: 'auditLogs',
    principal: { service: 'cloudtrail.amazonaws.com' },
    actions: ['kms:DescribeKey'],
    condition: '`aws:SourceArn` like a trail of this account and region',
    context: trailContext,
    restricts: ['aws:SourceArn'],
    metBy: 'CloudTrailDescribe',
    onlyWithTrail: true,
    sources: [CLOUDTRAIL_KMS],
  },
  {
    id: 'logs-audit',
    use: 'CloudWatch Logs encrypts the trail log group, the VPC flow-log group and the customization stack log groups',
    key: 'auditLogs',
    principal: { service: 'logs.${Region}.amazonaws.com' },
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    condition: '`kms:EncryptionContext:aws:logs:arn` like a log group of this account and region',
    context: logsContext('BedrockLandingZone-TrailLogGroup'),
    restricts: ['kms:EncryptionContext:aws:logs:arn'],
    metBy: 'CloudWatchLogs',
    sources: [LOGS_KMS],
  },
  {
    id: 'audit-readers',
    use: 'Principals of the account read the trail log files (and digests) from S3',
    key: 'auditLogs',
    principal: { role: 'an auditor role of the account' },
    actions: ['kms:Decrypt'],
    condition: '`kms:ViaService` = `s3.<region>.amazonaws.com`, `kms:CallerAccount` = this account',
    context: viaS3,
    restricts: ['kms:ViaService', 'kms:CallerAccount'],
    metBy: 'AccountUsesThroughServices',
    identity: "the reader's own policy (s3:GetObject on the trail bucket, kms:Decrypt on the key)",
    sources: [S3_KMS],
  },
  {
    id: 'invocation-logs-s3',
    use: 'Bedrock model invocation logging writes to the S3 bucket (SSE-KMS with a Bucket Key), including large data of the CloudWatch Logs destination',
    key: 'invocationLogs',
    principal: { service: 'bedrock.amazonaws.com' },
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    condition: '`aws:SourceAccount` = this account; `aws:SourceArn` like `arn:<partition>:bedrock:<region>:<account>:*`',
    context: bedrockSource,
    restricts: ['aws:SourceAccount', 'aws:SourceArn'],
    metBy: 'Bedrock',
    sources: [INVOCATION_LOGGING],
    note: 'Partially confirmed: the page documents the bucket policy with these source conditions; kms:Decrypt is for the Bucket Key.',
  },
  {
    id: 'invocation-logs-cloudwatch',
    use: 'CloudWatch Logs encrypts the invocation log group Bedrock writes to (through its delivery role)',
    key: 'invocationLogs',
    principal: { service: 'logs.${Region}.amazonaws.com' },
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    condition: '`kms:EncryptionContext:aws:logs:arn` like a log group of this account and region',
    context: logsContext('BedrockLandingZone-InvocationLogGroup'),
    restricts: ['kms:EncryptionContext:aws:logs:arn'],
    metBy: 'CloudWatchLogs',
    sources: [LOGS_KMS, INVOCATION_LOGGING],
  },
  {
    id: 'invocation-logs-readers',
    use: 'Principals of the account read invocation logs from S3',
    key: 'invocationLogs',
    principal: { role: 'a log reader role of the account' },
    actions: ['kms:Decrypt'],
    condition: '`kms:ViaService` = `s3.<region>.amazonaws.com`, `kms:CallerAccount` = this account',
    context: viaS3,
    restricts: ['kms:ViaService', 'kms:CallerAccount'],
    metBy: 'AccountUsesThroughServices',
    identity: "the reader's own policy",
    sources: [S3_KMS],
  },
  {
    id: 'customization-input',
    use: 'The customization job role reads the training and validation data (SSE-KMS objects); the dataset upload writes them',
    key: 'trainingData',
    principal: { role: "the customization job's service role (and the dataset upload role)" },
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    condition: '`kms:ViaService` = `s3.<region>.amazonaws.com`, `kms:CallerAccount` = this account',
    context: viaS3,
    restricts: ['kms:ViaService', 'kms:CallerAccount'],
    metBy: 'AccountUsesThroughServices',
    identity: 'met: TrainingDataset.grantRead (kms:Decrypt via S3) on the job role; the upload policy `EncryptThroughS3`',
    sources: [CUSTOM_MODEL_KMS, S3_KMS],
  },
  {
    id: 'customization-output',
    use: 'The customization job role writes the output data (metrics, validation results) to the governed bucket',
    key: 'trainingData',
    principal: { role: "the customization job's service role" },
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    condition: '`kms:ViaService` = `s3.<region>.amazonaws.com`, `kms:CallerAccount` = this account',
    context: viaS3,
    restricts: ['kms:ViaService', 'kms:CallerAccount'],
    metBy: 'AccountUsesThroughServices',
    identity: 'met: `EncryptOutput` of the job service role policy',
    sources: [CUSTOM_MODEL_KMS],
  },
  {
    id: 'custom-model-encryption',
    use: 'Bedrock encrypts the custom model (`customModelKmsKeyId`) on behalf of the job role and of the principal creating the job',
    key: 'trainingData',
    principal: { role: "the customization job's service role and the job-creating handler role" },
    actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:CreateGrant'],
    condition:
      '`kms:ViaService` = `bedrock.<region>.amazonaws.com`, `kms:CallerAccount` = this account; CreateGrant only with `kms:GrantIsForAWSResource` (CT.KMS.PR.3)',
    context: grantViaBedrock,
    restricts: ['kms:ViaService', 'kms:CallerAccount', 'kms:GrantIsForAWSResource'],
    unconditionedActions: ['kms:DescribeKey'],
    metBy: 'AccountUsesThroughServices',
    limitedBy: 'DenyGrantsNotForAwsResources',
    identity: 'met: `UseCustomModelKey` on the job service role policy and on the handler policy',
    sources: [CUSTOM_MODEL_KMS],
  },
  {
    id: 'custom-model-bedrock',
    use: 'Bedrock itself uses the key and the grants it created for the custom model',
    key: 'trainingData',
    principal: { service: 'bedrock.amazonaws.com' },
    actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:CreateGrant'],
    condition: '`aws:SourceAccount` = this account; `aws:SourceArn` like `arn:<partition>:bedrock:<region>:<account>:*`',
    context: { ...bedrockSource, 'aws:SourceArn': 'arn:${Partition}:bedrock:${Region}:${Account}:model-customization-job/abc123' },
    restricts: ['aws:SourceAccount', 'aws:SourceArn'],
    metBy: 'Bedrock',
    sources: [CUSTOM_MODEL_KMS],
  },
  {
    id: 'provisioned-throughput',
    use: 'Creating provisioned throughput for a custom model encrypted with the key (CreateProvisionedModelThroughput)',
    key: 'trainingData',
    principal: { role: 'the provisioned-throughput handler role' },
    actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant'],
    condition: '`kms:ViaService` = `bedrock.<region>.amazonaws.com`, `kms:CallerAccount` = this account; CreateGrant only for an AWS resource',
    context: grantViaBedrock,
    restricts: ['kms:ViaService', 'kms:CallerAccount', 'kms:GrantIsForAWSResource'],
    unconditionedActions: ['kms:DescribeKey'],
    metBy: 'AccountUsesThroughServices',
    limitedBy: 'DenyGrantsNotForAwsResources',
    identity:
      'met: `UseCustomModelKey` on the provisioned-throughput handler policy (`customModelKey`, given the training-data key by the customization stack)',
    sources: [CUSTOM_MODEL_KMS],
  },
  {
    id: 'custom-model-callers',
    use: 'Invoking an encrypted custom model (through its provisioned throughput)',
    key: 'trainingData',
    principal: { role: 'a team role that invokes the throughput' },
    actions: ['kms:Decrypt'],
    condition: '`kms:ViaService` = `bedrock.<region>.amazonaws.com`, `kms:CallerAccount` = this account',
    context: viaBedrock,
    restricts: ['kms:ViaService', 'kms:CallerAccount'],
    metBy: 'AccountUsesThroughServices',
    identity:
      'met: `DecryptModelKeys` on the team policies that allow the throughput (`{ provisionedThroughput }` in a team allow-list, kms:Decrypt through bedrock.<region>), and on the grantee of ProvisionedThroughput.grantInvoke with `customModelKey`',
    sources: [CUSTOM_MODEL_KMS],
  },
];
