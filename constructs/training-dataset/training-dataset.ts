import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { CustomizationBaseModel, CustomizationType, DatasetLimits, DatasetSplit } from '../../policies/customization/types';
import { validationError } from '../private/engine-errors';
import { GovernedBucket } from '../private/governed-bucket';
import type { IDatasetLocation } from './dataset-location';
import { uploadFiles } from './upload';
import { validateProps } from './validate';

/** JSONL objects already in S3 (not validated: the construct cannot read them at synth time). */
export interface ExistingDataset {
  /** The bucket holding the objects. */
  readonly bucket: s3.IBucket;
  /** Folder of the dataset (ending with `/`); exactly one of keyPrefix and objectKey. @default - objectKey */
  readonly keyPrefix?: string;
  /** Key of one JSONL object; exactly one of keyPrefix and objectKey. @default - keyPrefix */
  readonly objectKey?: string;
  /** The KMS key the objects are encrypted with. @default - the bucket's encryptionKey, if any */
  readonly encryptionKey?: kms.IKey;
}

/** Properties of TrainingDataset. */
export interface TrainingDatasetProps {
  /** The base model to customize: its customization id (`amazon.nova-micro-v1:0:128k`) or foundation-model id (`amazon.nova-micro-v1:0`). */
  readonly baseModel: string;
  /** The customization type the dataset is for; decides the JSONL format and the limits. */
  readonly customizationType: CustomizationType;
  /** Whether this is the training or the validation dataset of the job. @default 'training' */
  readonly split?: DatasetSplit;
  /**
   * Local JSONL files, validated at synth time (a malformed file fails synth, citing `file:line: field: reason`) and
   * uploaded under `keyPrefix`. Exactly one of files and existing.
   * @default - existing
   */
  readonly files?: readonly string[];
  /** Objects already in S3, used as they are (no validation possible). Exactly one of files and existing. @default - files */
  readonly existing?: ExistingDataset;
  /** With files: the KMS key the objects are encrypted with (and of the bucket the construct creates); GovernanceKeys.trainingData fits. @default - required with files */
  readonly encryptionKey?: kms.IKey;
  /** With files: the bucket to upload to. @default - a governed bucket (SSE-KMS with encryptionKey, versioned, TLS-only, access logs, retained) */
  readonly bucket?: s3.IBucket;
  /** With files and no bucket: the bucket receiving the server access logs of the created bucket. @default - required when the bucket is created */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /** With files: the folder the files go to, ending with `/`. @default 'datasets/<construct id>/' */
  readonly keyPrefix?: string;
  /** With files: limits replacing the base-model table's (e.g. a record quota raised through Service Quotas). @default - the table's limits */
  readonly limits?: DatasetLimits;
  /**
   * With files and no bucket: why the created bucket is not replicated to another region.
   * @default - training data stays in the region where Bedrock customizes the model
   */
  readonly notReplicatedBecause?: string;
  /**
   * With files: KMS key of the upload function's log group (its policy must let CloudWatch Logs use it:
   * GovernanceKeys.auditLogs does). Shared by the TrainingDatasets of a stack, so it must be the same for all.
   * @default - no customer-managed key (the log holds object keys only; acknowledged)
   */
  readonly logEncryptionKey?: kms.IKey;
}

/** Records, bytes and the longest record of the local files, as validated at synth time. */
export interface TrainingDatasetSummary {
  readonly records: number;
  readonly bytes: number;
  /** The longest record: file (as given), line and bytes. */
  readonly longestRecord?: { readonly file: string; readonly line: number; readonly bytes: number };
}

const DEFAULT_NOT_REPLICATED =
  'Bedrock reads training data from a bucket in the region where the customization job runs; copying customer training data to ' +
  'another region is a data-residency decision left to the owner of this stack (objects are versioned and retained)';

/**
 * A JSONL dataset for a Bedrock model customization job: local files validated at synth time against the base model's
 * format and limits, then uploaded to a governed bucket (or any bucket) under a prefix, never pruned and retained on
 * delete; or objects already in S3. Implements IDatasetLocation: `s3Uri`, `bucket`, `keyPrefix`, `encryptionKey` and a
 * least-privilege `grantRead`.
 *
 * @example
 * new TrainingDataset(this, 'Train', {
 *   baseModel: 'amazon.nova-micro-v1:0:128k',
 *   customizationType: 'FINE_TUNING',
 *   files: ['data/train.jsonl'],
 *   encryptionKey: keys.trainingData,
 *   serverAccessLogsBucket: accessLogs,
 * });
 */
export class TrainingDataset extends Construct implements IDatasetLocation {
  /** The bucket holding the dataset. */
  public readonly bucket: s3.IBucket;
  /** Folder of the dataset in the bucket (no leading `/`, ending with `/`; empty for an object at the bucket root). */
  public readonly keyPrefix: string;
  /** `s3://<bucket>/<prefix><file>` for one file or object, `s3://<bucket>/<prefix>` otherwise; with files it resolves after the upload. */
  public readonly s3Uri: string;
  /** The KMS key of the objects, if any. */
  public readonly encryptionKey?: kms.IKey;
  /** The base model's table entry (its customization id is `baseModel.id`). */
  public readonly baseModel: CustomizationBaseModel;
  /** The customization type. */
  public readonly customizationType: CustomizationType;
  /** Training or validation dataset. */
  public readonly split: DatasetSplit;
  /** With files: what synth-time validation found. */
  public readonly summary?: TrainingDatasetSummary;
  /** With files: the upload. */
  public readonly deployment?: s3deploy.BucketDeployment;
  /** Object keys of the dataset (with files, or one existing object); undefined for an existing prefix. */
  private readonly objectKeys?: readonly string[];

  constructor(scope: Construct, id: string, props: TrainingDatasetProps) {
    super(scope, id);
    const settings = validateProps(this, id, props);
    this.baseModel = settings.model;
    this.customizationType = props.customizationType;
    this.split = settings.split;
    this.keyPrefix = settings.keyPrefix;

    if (settings.mode === 'existing') {
      const ex = settings.existing;
      this.bucket = ex.bucket;
      this.encryptionKey = ex.encryptionKey ?? ex.bucket.encryptionKey;
      this.objectKeys = settings.objectKey !== undefined ? [settings.objectKey] : undefined;
      this.s3Uri = `s3://${ex.bucket.bucketName}/${settings.objectKey ?? settings.keyPrefix}`;
      Annotations.of(this).addInfo(
        `TrainingDataset uses existing objects at ${this.s3Uri} that cannot be validated at synth time; validate them with validateDataset before upload`,
      );
      return;
    }

    const { encryptionKey } = settings;
    this.encryptionKey = encryptionKey;
    const bucket =
      props.bucket ??
      new GovernedBucket(this, 'Bucket', {
        encryptionKey,
        serverAccessLogsBucket: props.serverAccessLogsBucket,
        notReplicatedBecause: props.notReplicatedBecause ?? DEFAULT_NOT_REPLICATED,
      }).bucket;
    this.bucket = bucket;
    const { summary } = settings;
    this.summary = { records: summary.records, bytes: summary.bytes, longestRecord: summary.longestRecord };
    this.objectKeys = settings.files.map((f) => `${settings.keyPrefix}${f.name}`);
    this.deployment = uploadFiles(this, {
      files: settings.files,
      totalBytes: summary.bytes,
      bucket,
      keyPrefix: settings.keyPrefix,
      encryptionKey,
      logEncryptionKey: props.logEncryptionKey,
    });
    // The deployed bucket's name resolves only after the upload: a job reading s3Uri waits for the files.
    const deployedBucketName = this.deployment.deployedBucket.bucketName;
    const only = settings.files.length === 1 ? settings.files[0]?.name : undefined;
    this.s3Uri = `s3://${deployedBucketName}/${settings.keyPrefix}${only ?? ''}`;
  }

  /**
   * Grants reading the dataset: `s3:GetObject` on its objects (the exact keys, or every key under an existing prefix),
   * `s3:ListBucket` limited to the prefix, and `kms:Decrypt` on its key through S3 only (`kms:ViaService`). All three are
   * identity-policy statements on the grantee (a role of this account, e.g. the customization job's service role); no
   * bucket or key policy is changed. With GovernanceKeys' keys, the key policy already lets account principals decrypt
   * through S3, so IAM and key policy both allow.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const objects = this.objectKeys ? this.objectKeys.map((k) => this.bucket.arnForObjects(k)) : [this.bucket.arnForObjects(`${this.keyPrefix}*`)];
    let grant = iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: objects });
    grant = grant.combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['s3:ListBucket'],
        resourceArns: [this.bucket.bucketArn],
        conditions: this.keyPrefix === '' ? undefined : { StringLike: { 's3:prefix': [`${this.keyPrefix}*`] } },
      }),
    );
    if (this.encryptionKey) {
      grant = grant.combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['kms:Decrypt'],
          resourceArns: [this.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    if (!grant.success) {
      throw validationError(
        'TrainingDatasetInvalid',
        `grantRead: the grantee (${grantee.grantPrincipal.constructor.name}) cannot hold an identity policy; accepted: an IAM role, user or group (e.g. the customization job's service role)`,
        this,
      );
    }
    return grant;
  }
}
