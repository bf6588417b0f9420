import { ArnFormat, Names, RemovalPolicy, Resource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { GovernedBucket } from '../private/governed-bucket';
import { validationError } from '../private/engine-errors';
import { BEDROCK_DATA_EVENT_RESOURCE_TYPES, KNOWN_BEDROCK_DATA_EVENT_RESOURCE_TYPES } from './data-event-types';
import { bedrockAdvancedEventSelectors } from './event-selectors';
import type { ManagementEventsSelection } from './event-selectors';

/** A CloudTrail trail that records Bedrock activity: one created by `BedrockAuditTrail` or an existing one. */
export interface IBedrockAuditTrail extends IConstruct {
  /** ARN of the trail, `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`. */
  readonly trailArn: string;
}

/** Properties of BedrockAuditTrail. */
export interface BedrockAuditTrailProps {
  /**
   * Customer-managed KMS key encrypting the log files, the trail bucket (SSE-KMS) and the CloudWatch Logs log
   * group. Its key policy must let `cloudtrail.amazonaws.com` generate data keys (encryption context
   * `aws:cloudtrail:arn` of this account's trails), decrypt (the bucket uses an S3 Bucket Key: CloudTrail needs
   * `kms:Decrypt` to create or update the trail) and describe the key, and let `logs.<region>.amazonaws.com` use it for
   * this account's log groups: `GovernanceKeys.auditLogs` does all of it (docs/kms.md).
   */
  readonly encryptionKey: kms.IKey;
  /** Bucket receiving the S3 server access logs of the trail bucket (SSE-S3, as S3 requires for log delivery). */
  readonly serverAccessLogsBucket: s3.IBucket;
  /**
   * Name of the trail (3 to 128 letters, digits, `.`, `_` or `-`, starting and ending with a letter or digit).
   * The bucket policy names the trail ARN in `aws:SourceArn`, so the name is always fixed at synth time.
   * @default - a unique name derived from the stack name and the construct path
   */
  readonly trailName?: string;
  /**
   * Record events of every region of the partition (global service events included), not only this stack's region.
   * @default true
   */
  readonly isMultiRegionTrail?: boolean;
  /**
   * Management events to record (InvokeModel, Converse and every control-plane call are management events):
   * `ReadWriteType.ALL`, `READ_ONLY`, `WRITE_ONLY` or `NONE`; the plain strings `'All'`, `'ReadOnly'`, `'WriteOnly'`
   * and `'None'` are accepted.
   * @default cloudtrail.ReadWriteType.ALL
   */
  readonly managementEvents?: cloudtrail.ReadWriteType;
  /**
   * Bedrock resource types whose data events are recorded, one advanced event selector each. Accepted: the values
   * of `KNOWN_BEDROCK_DATA_EVENT_RESOURCE_TYPES`. An empty list records management events only.
   * @default BEDROCK_DATA_EVENT_RESOURCE_TYPES (agent aliases, knowledge bases, flow aliases, guardrails, models,
   * async invocations, inline agents, prompt versions, sessions)
   */
  readonly dataEventResourceTypes?: readonly string[];
  /**
   * How long the CloudWatch Logs copy of the events is kept (the S3 bucket keeps the log files; its lifecycle moves
   * them to Glacier Instant Retrieval after 90 days and never expires them). Any finite `RetentionDays` value.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

const NAME = 'BedrockAuditTrailInvalid';
const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;
const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:trail\/([^/]+)$/;
const MANAGEMENT_EVENTS: readonly string[] = Object.values(cloudtrail.ReadWriteType);
const RETENTIONS: readonly number[] = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v !== logs.RetentionDays.INFINITE);

function isValidTrailName(name: string): boolean {
  return TRAIL_NAME.test(name) && !/[._-]{2}/.test(name) && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

class ImportedBedrockAuditTrail extends Resource implements IBedrockAuditTrail {
  constructor(
    scope: Construct,
    id: string,
    public readonly trailArn: string,
  ) {
    super(scope, id, Token.isUnresolved(trailArn) ? {} : { environmentFromArn: trailArn });
  }
}

/**
 * A CloudTrail trail for Bedrock governance: multi-region by default, log file validation, SSE-KMS log files,
 * delivery to a KMS-encrypted CloudWatch Logs log group, and advanced event selectors recording management events
 * plus the Bedrock data events (agent, knowledge base, flow, guardrail, … invocations) that trails skip by default.
 * Log files go to a governed bucket (SSE-KMS, versioned, TLS-only, access-logged, lifecycle, retained) whose policy
 * admits CloudTrail only for this trail (`aws:SourceArn`). Bucket, log group and trail are retained on deletion.
 *
 * Where an organization trail already records Bedrock, reference it with `BedrockAuditTrail.fromTrailArn`.
 *
 * @example
 * const keys = new GovernanceKeys(this, 'Keys');
 * const accessLogs = new s3.Bucket(this, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
 * new BedrockAuditTrail(this, 'Trail', { encryptionKey: keys.auditLogs, serverAccessLogsBucket: accessLogs });
 */
export class BedrockAuditTrail extends Construct implements IBedrockAuditTrail {
  /**
   * References an existing trail, typically the organization trail of a log-archive account, instead of creating
   * one: nothing is created. Validates the ARN format (`arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`).
   */
  public static fromTrailArn(scope: Construct, id: string, trailArn: string): IBedrockAuditTrail {
    if (!Token.isUnresolved(trailArn)) {
      const m = TRAIL_ARN.exec(trailArn);
      if (!m || !isValidTrailName(m[1]!)) {
        throw validationError(NAME, `trailArn '${trailArn}' is not a trail ARN; accepted: arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`, scope);
      }
    }
    return new ImportedBedrockAuditTrail(scope, id, trailArn);
  }

  /** The trail (`AWS::CloudTrail::Trail`, id `Resource`). */
  public readonly trail: cloudtrail.CfnTrail;
  /** ARN of the trail. */
  public readonly trailArn: string;
  /** Bucket receiving the log files and their digests. */
  public readonly bucket: s3.Bucket;
  /** Log group receiving a copy of the events. */
  public readonly logGroup: logs.LogGroup;
  /** Role CloudTrail assumes to write to the log group. */
  public readonly cloudWatchLogsRole: iam.Role;
  /** Bedrock resource types whose data events this trail records. */
  public readonly dataEventResourceTypes: readonly string[];

  constructor(scope: Construct, id: string, props: BedrockAuditTrailProps) {
    super(scope, id);
    const management = (props.managementEvents ?? cloudtrail.ReadWriteType.ALL) as string;
    const types = [...(props.dataEventResourceTypes ?? BEDROCK_DATA_EVENT_RESOURCE_TYPES)];
    const retention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    this.validate(props, management, types, retention);
    this.dataEventResourceTypes = types;

    const stack = Stack.of(this);
    const multiRegion = props.isMultiRegionTrail ?? true;
    const trailName = props.trailName ?? Names.uniqueResourceName(this, { maxLength: 128 });
    // Built from the name, not from the trail's Arn attribute: the trail depends on the bucket policy.
    const arnOfThisTrail = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });

    this.bucket = new GovernedBucket(this, 'Bucket', {
      encryptionKey: props.encryptionKey,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      notReplicatedBecause: multiRegion
        ? 'A multi-region trail already gathers the log files of every region into this one bucket; a copy outside this account is the job of an organization trail in a log-archive account (BedrockAuditTrail.fromTrailArn), not of cross-region replication'
        : 'This trail records one region by choice (isMultiRegionTrail: false) and its log files stay in that region; a copy outside this account is the job of an organization trail in a log-archive account (BedrockAuditTrail.fromTrailArn)',
    }).bucket;
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailAclCheck',
        principals: [cloudTrail],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceArn': arnOfThisTrail } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailWrite',
        principals: [cloudTrail],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': arnOfThisTrail } },
      }),
    );

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.encryptionKey,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No aws:SourceArn / aws:SourceAccount condition in the trust policy: CloudTrail does not send them when it
    // assumes the CloudWatch Logs role, and delivery stops if they are required.
    this.cloudWatchLogsRole = new iam.Role(this, 'CloudWatchLogsRole', {
      assumedBy: cloudTrail,
      description: `CloudTrail delivery of trail ${trailName} to its CloudWatch Logs log group`,
    });
    // The log streams CloudTrail creates are named <account>_CloudTrail_<region>, one per recorded region.
    const streams = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${this.logGroup.logGroupName}:log-stream:${stack.account}_CloudTrail_*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // A customer-managed policy rather than an inline one (the HIPAA, NIST and PCI packs flag inline policies).
    const logsPolicy = new iam.ManagedPolicy(this, 'CloudWatchLogsPolicy', {
      description: `CloudTrail delivery of trail ${trailName} to its CloudWatch Logs log group`,
      roles: [this.cloudWatchLogsRole],
      statements: [new iam.PolicyStatement({ sid: 'CloudTrailLogStreams', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [streams] })],
    });
    // cdk-nag names the finding after the resolved ARN: pseudo parameters and the log group's Ref in <…>.
    const shown = (value: string, pseudo: string): string => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    const logGroupId = stack.getLogicalId(this.logGroup.node.defaultChild as logs.CfnLogGroup);
    const account = shown(stack.account, 'AWS::AccountId');
    const finding = `arn:${shown(stack.partition, 'AWS::Partition')}:logs:${shown(stack.region, 'AWS::Region')}:${account}:log-group:<${logGroupId}>:log-stream:${account}_CloudTrail_*`;
    Validations.of(logsPolicy.node.defaultChild!).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${finding}]`,
      reason:
        'CloudTrail writes one log stream per recorded region, named <account>_CloudTrail_<region>, so the grant ends in a wildcard; it covers only the CloudTrail streams of the log group dedicated to this trail and only CreateLogStream and PutLogEvents',
    });

    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName,
      isLogging: true,
      isMultiRegionTrail: multiRegion,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.encryptionKey.keyArn,
      s3BucketName: this.bucket.bucketName,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: this.cloudWatchLogsRole.roleArn,
      advancedEventSelectors: bedrockAdvancedEventSelectors(management as ManagementEventsSelection, types).map((s) => ({
        name: s.Name,
        fieldSelectors: s.FieldSelectors.map((f) => ({ field: f.Field, equalTo: [...f.Equals] })),
      })),
    });
    this.trail.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // CloudTrail checks its permissions when the trail is created: bucket policy and the role's policy first (the role
    // itself is already a dependency through cloudWatchLogsRoleArn; naming it again is cfn-lint W3005).
    this.trail.node.addDependency(this.bucket.policy!, logsPolicy);
    this.trailArn = this.trail.attrArn;
  }

  private validate(props: BedrockAuditTrailProps, management: string, types: readonly string[], retention: number): void {
    if (!MANAGEMENT_EVENTS.includes(management)) {
      throw validationError(NAME, `managementEvents '${management}' is not valid; accepted: ${MANAGEMENT_EVENTS.join(', ')}`, this);
    }
    types.forEach((type, i) => {
      if (!KNOWN_BEDROCK_DATA_EVENT_RESOURCE_TYPES.includes(type)) {
        throw validationError(
          NAME,
          `dataEventResourceTypes[${i}] '${type}' is not a Bedrock data-event resource type; accepted: ${KNOWN_BEDROCK_DATA_EVENT_RESOURCE_TYPES.join(', ')}`,
          this,
        );
      }
      if (types.indexOf(type) !== i) {
        throw validationError(NAME, `dataEventResourceTypes[${i}] '${type}' is listed twice (first at [${types.indexOf(type)}])`, this);
      }
    });
    if (management === 'None' && types.length === 0) {
      throw validationError(
        NAME,
        `managementEvents 'None' with an empty dataEventResourceTypes records nothing; accepted: management events, data events or both`,
        this,
      );
    }
    if (!Token.isUnresolved(retention) && !RETENTIONS.includes(retention)) {
      throw validationError(
        NAME,
        `logRetention ${retention} days is not valid; accepted: a finite logs.RetentionDays value (${RETENTIONS.join(', ')}); the S3 bucket already keeps the log files indefinitely`,
        this,
      );
    }
    if (props.trailName !== undefined && !Token.isUnresolved(props.trailName) && !isValidTrailName(props.trailName)) {
      throw validationError(
        NAME,
        `trailName '${props.trailName}' is not valid; accepted: 3 to 128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, no two of '._-' in a row, not an IP address`,
        this,
      );
    }
    if (props.trailName !== undefined && Token.isUnresolved(props.trailName)) {
      throw validationError(NAME, `trailName must be known at synth time: the bucket policy names the trail ARN in aws:SourceArn`, this);
    }
  }
}
