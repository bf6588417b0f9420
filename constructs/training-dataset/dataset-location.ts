import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Where a training or validation dataset lives in S3: what a ModelCustomizationJob needs from a TrainingDataset
 * (or from any other source of JSONL in S3).
 */
export interface IDatasetLocation {
  /** The bucket holding the dataset. */
  readonly bucket: s3.IBucket;
  /** Key prefix (folder) of the dataset in the bucket, without a leading `/`, ending with `/`. */
  readonly keyPrefix: string;
  /** The S3 URI Bedrock reads: `s3://<bucket>/<prefix>` or the URI of one JSONL object. */
  readonly s3Uri: string;
  /** The KMS key the objects are encrypted with, if any (the job role needs to decrypt through S3). */
  readonly encryptionKey?: kms.IKey;
  /** Grants reading the dataset (objects under the prefix, and decrypting them through S3). */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/** A custom model, as a ModelCustomizationJob produces it: what ProvisionedThroughput needs. */
export interface ICustomModel {
  /** ARN of the custom model (`arn:aws:bedrock:<region>:<account>:custom-model/…`); a token until deployed. */
  readonly customModelArn: string;
}
