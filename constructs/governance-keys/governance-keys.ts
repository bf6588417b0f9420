import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { oneOrMany } from '../../policies/iam/document';
import { validationError } from '../private/engine-errors';

/**
 * Key-management actions the account keeps (no data use: that goes through S3 or the granted services). Not
 * `kms:Create*`: it includes kms:CreateGrant, which would let the account's principals give themselves data use of the
 * key through any AWS service; grants come only through the services named in `AccountUsesThroughServices`.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

/**
 * Adds to a key policy the statement Control Tower CT.KMS.PR.3 requires: `kms:CreateGrant` is denied to every
 * principal unless the grant is for an AWS resource (a service integrated with KMS creating it on a principal's
 * behalf, e.g. Bedrock for a custom model) or the caller is an AWS service principal; no principal, the key
 * administrators included, can create a grant directly. Sid `DenyGrantsNotForAwsResources`. Use it on every key
 * created outside `GovernanceKeys` too (e.g. the key of an SNS topic).
 */
export function denyGrantsNotForAwsResources(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsNotForAwsResources',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
}

/** Properties of GovernanceKeys. */
export interface GovernanceKeysProps {
  /**
   * Prefix of the key aliases (`<prefix>/audit-logs`, `/invocation-logs`, `/training-data`).
   * @default 'alias/bedrock-governance'
   */
  readonly aliasPrefix?: string;
  /**
   * Automatic rotation period.
   * @default Duration.days(365)
   */
  readonly rotationPeriod?: Duration;
  /**
   * Waiting period before a key scheduled for deletion is deleted (7 to 30 days).
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
}

/**
 * Customer-managed KMS keys by purpose, rotation on, retained on stack deletion, with key policies that let the
 * services that need them use them, each conditioned on this account and region and nothing wider:
 * - `auditLogs`: CloudTrail (encryption context of this account's trails) and CloudWatch Logs (log groups of
 *   this account and region);
 * - `invocationLogs`: Amazon Bedrock model invocation logging (`aws:SourceAccount`, `aws:SourceArn`) and
 *   CloudWatch Logs;
 * - `trainingData`: training data and custom models (Bedrock, with the same source conditions).
 * The account administers the keys (key-management actions, through IAM policies) and its principals may use them
 * for data only through S3 (`kms:ViaService`), e.g. to read log files — and, for the training-data key, through
 * Bedrock too (custom model encryption on behalf of a job's role); no principal gets `kms:*`, and no principal can
 * create a grant except for an AWS resource or as an AWS service (Control Tower CT.KMS.PR.3). Every service need and
 * the statement that meets it: `KMS_NEEDS` (kms-needs.ts) and docs/kms.md.
 *
 * @example
 * const keys = new GovernanceKeys(this, 'Keys');
 * keys.auditLogs; keys.invocationLogs; keys.trainingData;
 */
export class GovernanceKeys extends Construct {
  /** Key for CloudTrail logs, their bucket and log group. */
  public readonly auditLogs: kms.Key;
  /** Key for model invocation logs (bucket and log group). */
  public readonly invocationLogs: kms.Key;
  /** Key for training data and custom models. */
  public readonly trainingData: kms.Key;

  constructor(scope: Construct, id: string, props: GovernanceKeysProps = {}) {
    super(scope, id);
    const prefix = props.aliasPrefix ?? 'alias/bedrock-governance';
    if (!/^alias\/[a-zA-Z0-9/_-]{1,200}$/.test(prefix) || prefix.startsWith('alias/aws')) {
      throw validationError(
        'GovernanceKeysInvalid',
        `aliasPrefix '${prefix}' is not valid; accepted: 'alias/' followed by letters, digits, '/', '_' or '-', not 'alias/aws…'`,
        this,
      );
    }
    const rotation = props.rotationPeriod ?? Duration.days(365);
    if (rotation.toDays() < 90 || rotation.toDays() > 2560) {
      throw validationError('GovernanceKeysInvalid', `rotationPeriod ${rotation.toDays()} days is out of range; accepted: 90 to 2560 days`, this);
    }
    const pending = props.pendingWindow ?? Duration.days(30);
    if (pending.toDays() < 7 || pending.toDays() > 30) {
      throw validationError('GovernanceKeysInvalid', `pendingWindow ${pending.toDays()} days is out of range; accepted: 7 to 30 days`, this);
    }
    const { account, region, partition } = Stack.of(this);
    const key = (keyId: string, purpose: string, viaServices: readonly string[]): kms.Key =>
      new kms.Key(this, keyId, {
        description: `Bedrock governance: ${purpose}`,
        alias: `${prefix}/${purpose}`,
        enableKeyRotation: true,
        rotationPeriod: rotation,
        pendingWindow: pending,
        removalPolicy: RemovalPolicy.RETAIN,
        // In CDK v2 an explicit policy is the key's whole policy (no default root kms:* is added).
        policy: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'AccountAdministers',
              principals: [new iam.AccountRootPrincipal()],
              actions: [...KEY_ADMIN_ACTIONS],
              resources: ['*'],
            }),
            new iam.PolicyStatement({
              sid: 'AccountUsesThroughServices',
              principals: [new iam.AccountRootPrincipal()],
              actions: [
                'kms:Decrypt',
                'kms:Encrypt',
                'kms:GenerateDataKey*',
                'kms:ReEncrypt*',
                'kms:DescribeKey',
                ...(viaServices.includes('bedrock') ? ['kms:CreateGrant'] : []),
              ],
              resources: ['*'],
              conditions: {
                StringEquals: { 'kms:ViaService': oneOrMany(viaServices.map((svc) => `${svc}.${region}.amazonaws.com`)), 'kms:CallerAccount': account },
              },
            }),
          ],
        }),
      });
    const logsOf = (k: kms.Key): void => {
      k.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchLogs',
          principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } },
        }),
      );
    };
    const bedrockOf = (k: kms.Key, actions: string[]): void => {
      k.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'Bedrock',
          principals: [new iam.ServicePrincipal('bedrock.amazonaws.com')],
          actions,
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:SourceAccount': account },
            ArnLike: { 'aws:SourceArn': `arn:${partition}:bedrock:${region}:${account}:*` },
          },
        }),
      );
    };

    this.auditLogs = key('AuditLogs', 'audit-logs', ['s3']);
    this.auditLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncrypt',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*` },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${account}:trail/*` },
        },
      }),
    );
    // The trail bucket uses an S3 Bucket Key: CloudTrail then needs kms:Decrypt to create or update the trail
    // (CloudTrail user guide, "Required KMS key policy elements for trails").
    this.auditLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailBucketKeyDecrypt',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${account}:trail/*` } },
      }),
    );
    this.auditLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribe',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${account}:trail/*` } },
      }),
    );
    logsOf(this.auditLogs);

    this.invocationLogs = key('InvocationLogs', 'invocation-logs', ['s3']);
    bedrockOf(this.invocationLogs, ['kms:GenerateDataKey', 'kms:Decrypt']);
    logsOf(this.invocationLogs);

    // Custom models are encrypted by Bedrock on behalf of the job's role: that use goes through Bedrock, not S3.
    this.trainingData = key('TrainingData', 'training-data', ['s3', 'bedrock']);
    bedrockOf(this.trainingData, ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant']);
    for (const k of [this.auditLogs, this.invocationLogs, this.trainingData]) denyGrantsNotForAwsResources(k);
  }
}
