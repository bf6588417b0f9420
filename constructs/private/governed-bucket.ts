import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Options of a governed bucket. */
export interface GovernedBucketProps {
  /**
   * Customer-managed key for SSE-KMS (bucket keys on). Omit only for a server-access-log bucket: S3 delivers
   * server access logs only to buckets encrypted with SSE-S3.
   */
  readonly encryptionKey?: kms.IKey;
  /** Bucket receiving the server access logs; omit only for an access-log bucket itself. */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /** Prefix of the access logs in that bucket. @default - the construct path */
  readonly serverAccessLogsPrefix?: string;
  /** Move objects to Glacier Instant Retrieval after this many days. @default 90 */
  readonly transitionAfterDays?: number;
  /** Expire objects after this many days. @default - never (audit and customer data are kept) */
  readonly expireAfterDays?: number;
  /** Keep noncurrent versions this many days. @default 365 */
  readonly noncurrentVersionDays?: number;
  /**
   * Why the bucket is not replicated to another region: the NIST 800-53, HIPAA and PCI packs flag every bucket
   * without replication, and each acknowledgement must say why for this bucket.
   */
  readonly notReplicatedBecause: string;
  /** Enable S3 Object Lock (governance mode default retention, days). @default - no object lock */
  readonly objectLockRetentionDays?: number;
}

/**
 * An S3 bucket for audit or customer data: SSE-KMS with a customer-managed key, versioned, TLS-only, public access
 * blocked, object ownership enforced, server access logs, lifecycle to colder storage, retained on stack deletion.
 */
export class GovernedBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: GovernedBucketProps) {
    super(scope, id);
    const transition = props.transitionAfterDays ?? 90;
    this.bucket = new s3.Bucket(this, 'Resource', {
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      versioned: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket ? (props.serverAccessLogsPrefix ?? `${this.node.path.replace(/\//g, '-')}/`) : undefined,
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
      objectLockEnabled: props.objectLockRetentionDays !== undefined ? true : undefined,
      objectLockDefaultRetention:
        props.objectLockRetentionDays !== undefined ? s3.ObjectLockRetention.governance(Duration.days(props.objectLockRetentionDays)) : undefined,
      lifecycleRules: [
        {
          id: 'colder-storage',
          transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(transition) }],
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 365),
          expiration: props.expireAfterDays !== undefined ? Duration.days(props.expireAfterDays) : undefined,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    const acks = [
      ...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
        id: `${pack}::${pack}-S3BucketReplicationEnabled`,
        reason: props.notReplicatedBecause,
      })),
      ...(props.encryptionKey
        ? []
        : ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
            id: `${pack}::${pack}-S3DefaultEncryptionKMS`,
            reason: 'S3 server access logs can only be delivered to a bucket encrypted with SSE-S3 (AES-256); SSE-KMS target buckets are not supported',
          }))),
    ];
    Validations.of(this.bucket).acknowledge(...acks);
  }
}
