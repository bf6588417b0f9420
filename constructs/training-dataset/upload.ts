/**
 * Upload of local dataset files with aws-cdk-lib's BucketDeployment (no Docker: the files are a CDK asset, the
 * deployment's Lambda function copies them into the bucket with the AWS CLI).
 *
 * BucketDeployment runs one singleton function per stack (per memory and storage size) and keeps the role and log
 * group of the first deployment that created it. So the role and the log group are shared by every TrainingDataset of
 * a stack (`DatasetUploads`, created once at stack level), and each dataset attaches its own least-privilege managed
 * policy to that role: read its own asset object, list its own prefix, write its own object keys, encrypt with its own
 * key through S3. The role is handed to BucketDeployment without policy updates, so its broad default grants
 * (`s3:GetObject*`, `s3:List*`, `s3:DeleteObject*`, `kms:*` on the bucket and the asset bucket) are never written.
 */
import { RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { validationError } from '../private/engine-errors';
import { acknowledgeUploadFunction, LOG_GROUP_UNENCRYPTED_REASON } from './acknowledgements';
import type { LocalFile } from './validate';

const MiB = 1024 * 1024;
/** Lambda ephemeral storage steps (MiB): the function holds the package and its extracted files in /tmp. */
const STORAGE_STEPS = [512, 1024, 2048, 4096, 8192, 10240] as const;
/** Memory of the upload function: the AWS CLI's sync is I/O-bound; 1 GiB gives it a full vCPU share for unzipping. */
export const UPLOAD_MEMORY_MIB = 1024;

/** The /tmp size needed for a dataset of `bytes` (package + extracted copy + 64 MiB), or undefined if over 10 GiB. */
export function ephemeralStorageFor(bytes: number): number | undefined {
  const needed = (2 * bytes) / MiB + 64;
  return STORAGE_STEPS.find((s) => s >= needed);
}

/** The role and log group shared by the dataset uploads of one stack. */
class DatasetUploads extends Construct {
  public static of(scope: IConstruct, logEncryptionKey: kms.IKey | undefined): DatasetUploads {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild('TrainingDatasetUploads');
    if (existing instanceof DatasetUploads) {
      if (existing.logEncryptionKey !== logEncryptionKey) {
        throw validationError(
          'TrainingDatasetInvalid',
          'logEncryptionKey differs from the one of another TrainingDataset in this stack; accepted: the same key (or none) for all: they share one upload function and log group',
          scope,
        );
      }
      return existing;
    }
    return new DatasetUploads(stack, 'TrainingDatasetUploads', logEncryptionKey);
  }

  public readonly role: iam.Role;
  /** The role as BucketDeployment gets it: its grants are not written. */
  public readonly uploadRole: iam.IRole;
  public readonly logGroup: logs.LogGroup;
  /** The deployments of TrainingDatasets, to tell them from other BucketDeployments of the stack. */
  public readonly deployments = new Set<s3deploy.BucketDeployment>();

  private constructor(
    scope: Construct,
    id: string,
    public readonly logEncryptionKey: kms.IKey | undefined,
  ) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: logEncryptionKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (!logEncryptionKey) {
      Validations.of(this.logGroup.node.defaultChild ?? this.logGroup).acknowledge(
        ...['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => ({
          id: `${pack}::${pack}-CloudWatchLogGroupEncrypted`,
          reason: LOG_GROUP_UNENCRYPTED_REASON,
        })),
      );
    }
    const logsPolicy = new iam.ManagedPolicy(this, 'LogsPolicy', {
      description: 'TrainingDataset uploads: the upload function writes its own logs',
      statements: [
        new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      description: 'Copies TrainingDataset files from the CDK asset bucket into their dataset buckets (BucketDeployment function)',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [logsPolicy],
    });
    this.uploadRole = this.role.withoutPolicyUpdates();
    // Another BucketDeployment with the same memory and storage sizes would run in our function with our role, whose
    // policies do not cover it (and its grants would be dropped): fail synth rather than fail the deployment.
    this.node.addValidation({
      validate: () =>
        Stack.of(this)
          .node.findAll()
          .filter(
            (c): c is s3deploy.BucketDeployment => c instanceof s3deploy.BucketDeployment && !this.deployments.has(c) && c.handlerRole === this.uploadRole,
          )
          .map(
            (c) =>
              `BucketDeployment '${c.node.path}' shares the upload function of the TrainingDatasets of this stack (same memoryLimit ${UPLOAD_MEMORY_MIB} MiB ` +
              'and ephemeral storage); accepted: another memoryLimit for it, or its own stack',
          ),
    });
  }
}

/** What to upload. */
export interface UploadOptions {
  readonly files: readonly LocalFile[];
  readonly totalBytes: number;
  readonly bucket: s3.IBucket;
  readonly keyPrefix: string;
  readonly encryptionKey: kms.IKey;
  readonly logEncryptionKey?: kms.IKey;
}

/** Creates the asset(s), the least-privilege policy and the BucketDeployment (prune off, retained on delete). */
export function uploadFiles(scope: Construct, options: UploadOptions): s3deploy.BucketDeployment {
  const storage = ephemeralStorageFor(options.totalBytes);
  if (storage === undefined) {
    throw validationError(
      'TrainingDatasetInvalid',
      `files total ${(options.totalBytes / MiB).toFixed(0)} MiB; accepted: at most about 5 GiB for an upload at deploy time ` +
        '(the upload function holds the package and the files in its 10 GiB /tmp): upload larger datasets yourself and use existing',
      scope,
    );
  }
  const uploads = DatasetUploads.of(scope, options.logEncryptionKey);
  const { region } = Stack.of(scope);
  // One asset per source directory, holding only the listed files (no copy of anything else in the directory).
  const byDir = new Map<string, string[]>();
  for (const f of options.files) {
    const dir = f.absolute.slice(0, f.absolute.length - f.name.length);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f.name]);
  }
  const assets = [...byDir.entries()].map(
    ([dir, names], i) => new s3assets.Asset(scope, `Files${i === 0 ? '' : i + 1}`, { path: dir, exclude: ['*', ...names.map((n) => `!${n}`)] }),
  );
  const keys = options.files.map((f) => `${options.keyPrefix}${f.name}`);
  const policy = new iam.ManagedPolicy(scope, 'UploadPolicy', {
    description: `Upload of the TrainingDataset ${scope.node.path} into its bucket (BucketDeployment function)`,
    roles: [uploads.role],
    statements: [
      new iam.PolicyStatement({ sid: 'ReadPackage', actions: ['s3:GetObject'], resources: assets.map((a) => a.bucket.arnForObjects(a.s3ObjectKey)) }),
      new iam.PolicyStatement({
        sid: 'ListPrefix',
        actions: ['s3:ListBucket'],
        resources: [options.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${options.keyPrefix}*`] } },
      }),
      new iam.PolicyStatement({
        sid: 'WriteFiles',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: keys.map((k) => options.bucket.arnForObjects(k)),
      }),
      new iam.PolicyStatement({
        sid: 'EncryptThroughS3',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [options.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      }),
    ],
  });
  const deployment = new s3deploy.BucketDeployment(scope, 'Upload', {
    sources: assets.map((a) => s3deploy.Source.bucket(a.bucket, a.s3ObjectKey)),
    destinationBucket: options.bucket,
    destinationKeyPrefix: options.keyPrefix,
    prune: false,
    retainOnDelete: true,
    extract: true,
    serverSideEncryption: s3deploy.ServerSideEncryption.AWS_KMS,
    serverSideEncryptionAwsKmsKeyId: options.encryptionKey.keyArn,
    memoryLimit: UPLOAD_MEMORY_MIB,
    ephemeralStorageSize: Size.mebibytes(storage),
    role: uploads.uploadRole,
    logGroup: uploads.logGroup,
  });
  if (deployment.handlerRole !== uploads.uploadRole) {
    throw validationError(
      'TrainingDatasetInvalid',
      `the BucketDeployment function for memoryLimit ${UPLOAD_MEMORY_MIB} MiB and ${storage} MiB of storage already exists in this stack with another role ` +
        '(created by another BucketDeployment); accepted: another memoryLimit for that deployment, or a separate stack',
      scope,
    );
  }
  uploads.deployments.add(deployment);
  // The copy must not start before its permissions exist.
  deployment.node.addDependency(policy);
  for (const child of Stack.of(scope).node.children) {
    if (child instanceof lambda.Function && child.role === uploads.uploadRole) acknowledgeUploadFunction(child);
  }
  return deployment;
}
