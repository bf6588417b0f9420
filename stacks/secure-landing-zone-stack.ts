import { Acknowledgment, CfnOutput, Fn, Stack, StackProps, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BedrockAuditTrail, BedrockAuditTrailProps, IBedrockAuditTrail } from '../constructs/audit-trail/audit-trail';
import { GovernanceKeys, GovernanceKeysProps } from '../constructs/governance-keys/governance-keys';
import { invocationLoggingRoleName } from '../constructs/invocation-logging/constants';
import { InvocationLogging, InvocationLoggingProps } from '../constructs/invocation-logging/invocation-logging';
import { BedrockEndpointService, BedrockPrivateEndpoints, EndpointModelAccess } from '../constructs/private-endpoints/private-endpoints';
import { GovernedBucket } from '../constructs/private/governed-bucket';
import type { EndpointPrincipals } from '../policies/iam/endpoint-policy';

/** Network choices of the landing zone. */
export interface LandingZoneNetwork {
  /** @default - a new isolated VPC with flow logs */
  readonly vpc?: ec2.IVpc;
  /** @default '10.40.0.0/16' */
  readonly vpcCidr?: string;
  /** @default 2 */
  readonly maxAzs?: number;
  /** @default ['bedrock', 'bedrock-runtime'] */
  readonly services?: readonly BedrockEndpointService[];
  /** @default - a client security group is created */
  readonly allowedSecurityGroups?: readonly ec2.ISecurityGroup[];
  /** @default - none */
  readonly allowedPrefixLists?: readonly string[];
  /** @default - this account */
  readonly principals?: EndpointPrincipals;
}

/** Trail choices: create one, or reference an organization trail. */
export interface LandingZoneTrail {
  /** Reference this trail (e.g. an organization trail) instead of creating one. @default - a trail is created */
  readonly existingTrailArn?: string;
  /** @default - a unique name derived from the stack */
  readonly trailName?: string;
  /** @default true */
  readonly isMultiRegionTrail?: boolean;
  /** @default - every Bedrock data-event resource type */
  readonly dataEventResourceTypes?: BedrockAuditTrailProps['dataEventResourceTypes'];
}

/** Properties of the secure landing zone. */
export interface SecureLandingZoneStackProps extends StackProps {
  /** Models the bedrock-runtime endpoint carries (its endpoint policy). */
  readonly endpointModels: EndpointModelAccess;
  /** @default - a new isolated VPC with bedrock and bedrock-runtime endpoints */
  readonly network?: LandingZoneNetwork;
  /** @default - aliases under alias/bedrock-governance, yearly rotation */
  readonly keys?: GovernanceKeysProps;
  /**
   * Retention of every log group of the landing zone (trail, invocation logs, flow logs).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /** @default - a multi-region trail with every Bedrock data event */
  readonly trail?: LandingZoneTrail;
  /** Invocation logging choices (delivery flags, destinations, on-delete behaviour, object lock). @default - text, image and embedding data to S3 and CloudWatch Logs */
  readonly invocationLogging?: Omit<InvocationLoggingProps, 'encryptionKey' | 'serverAccessLogsBucket' | 'logRetention'>;
  /**
   * Warnings on the endpoint policy that the platform team accepts (e.g. a deny overriding a glob), each with its
   * reason, acknowledged on the endpoints construct.
   * @default - none
   */
  readonly endpointAcknowledgements?: readonly Acknowledgment[];
}

/**
 * The account-and-region baseline every Bedrock workload relies on: customer-managed keys, private endpoints with
 * endpoint policies, an audit trail with Bedrock data events, and model invocation logging, composed from the
 * library's constructs. Buckets, keys and log groups are retained on deletion.
 */
export class SecureLandingZoneStack extends Stack {
  public readonly keys: GovernanceKeys;
  public readonly accessLogs: GovernedBucket;
  public readonly endpoints: BedrockPrivateEndpoints;
  public readonly trail: IBedrockAuditTrail;
  public readonly invocationLogging: InvocationLogging;

  constructor(scope: Construct, id: string, props: SecureLandingZoneStackProps) {
    super(scope, id, props);
    this.keys = new GovernanceKeys(this, 'Keys', props.keys);
    this.accessLogs = new GovernedBucket(this, 'AccessLogs', {
      notReplicatedBecause:
        'server access logs describe the buckets of this account and region and are kept beside them; they are not a primary audit record (CloudTrail is)',
    });
    const network = props.network ?? {};
    this.endpoints = new BedrockPrivateEndpoints(this, 'Endpoints', {
      vpc: network.vpc,
      vpcCidr: network.vpc ? undefined : network.vpcCidr,
      maxAzs: network.vpc ? undefined : network.maxAzs,
      flowLogKey: network.vpc ? undefined : this.keys.auditLogs,
      flowLogRetention: network.vpc ? undefined : props.logRetention,
      services: network.services,
      allowedSecurityGroups: network.allowedSecurityGroups,
      allowedPrefixLists: network.allowedPrefixLists,
      principals: network.principals,
      modelAccess: props.endpointModels,
    });
    this.trail = props.trail?.existingTrailArn
      ? BedrockAuditTrail.fromTrailArn(this, 'Trail', props.trail.existingTrailArn)
      : new BedrockAuditTrail(this, 'Trail', {
          encryptionKey: this.keys.auditLogs,
          serverAccessLogsBucket: this.accessLogs.bucket,
          trailName: props.trail?.trailName,
          isMultiRegionTrail: props.trail?.isMultiRegionTrail,
          dataEventResourceTypes: props.trail?.dataEventResourceTypes,
          logRetention: props.logRetention,
        });
    this.invocationLogging = new InvocationLogging(this, 'InvocationLogging', {
      // A known name, so that an SCP protecting the logging configuration can exempt exactly this principal.
      handlerRoleName: invocationLoggingRoleName(this.region),
      ...props.invocationLogging,
      encryptionKey: this.keys.invocationLogs,
      serverAccessLogsBucket: this.accessLogs.bucket,
      logRetention: props.logRetention,
    });
    if (props.endpointAcknowledgements?.length) Validations.of(this.endpoints).acknowledge(...props.endpointAcknowledgements);

    this.addOutputs();
  }

  /**
   * Stack outputs, with ids that are part of the stack's contract (docs/deploy.md lists them): scripts and other stacks
   * read them with `aws cloudformation describe-stacks`. Team role ARNs are outputs of the model-access stack, where the
   * roles are.
   */
  private addOutputs(): void {
    const output = (id: string, value: string, description: string): CfnOutput => new CfnOutput(this, id, { value, description });
    output('VpcEndpointIds', Fn.join(',', [...this.endpoints.vpcEndpointIds]), 'For ModelAccessPolicy.sourceVpcEndpoints');
    for (const [service, endpoint] of Object.entries(this.endpoints.endpoints)) {
      if (!endpoint) continue;
      output(`${endpointOutputId(service)}`, endpoint.vpcEndpointId, `Interface endpoint of com.amazonaws.${this.region}.${service}`);
    }
    output('VpcId', this.endpoints.vpc.vpcId, 'VPC of the Bedrock interface endpoints');
    if (this.endpoints.clientSecurityGroup) {
      output('ClientSecurityGroupId', this.endpoints.clientSecurityGroup.securityGroupId, 'Attach to workloads that call Bedrock');
    }
    output('TrailArn', this.trail.trailArn, 'Trail recording Bedrock management and data events');
    if (this.trail instanceof BedrockAuditTrail) {
      output('TrailBucketName', this.trail.bucket.bucketName, 'CloudTrail log files (retained on stack deletion)');
      output('TrailLogGroupName', this.trail.logGroup.logGroupName, 'CloudWatch Logs copy of the trail events (retained)');
    }
    output('AuditLogsKeyArn', this.keys.auditLogs.keyArn, 'KMS key of the trail, its bucket and the log groups (retained)');
    output('InvocationLogsKeyArn', this.keys.invocationLogs.keyArn, 'KMS key of the model invocation logs (retained)');
    output('TrainingDataKeyArn', this.keys.trainingData.keyArn, 'KMS key of training data and custom models (retained)');
    output('AccessLogsBucketName', this.accessLogs.bucket.bucketName, 'S3 server access logs of the landing-zone buckets (retained)');
    output('InvocationLogsBucketName', this.invocationLogging.bucket.bucketName, 'Model invocation logs (retained)');
    if (this.invocationLogging.logGroup) {
      output('InvocationLogGroupName', this.invocationLogging.logGroup.logGroupName, 'Model invocation logs in CloudWatch Logs (retained)');
    }
    if (this.endpoints.flowLogGroup) output('FlowLogGroupName', this.endpoints.flowLogGroup.logGroupName, 'VPC flow logs (retained)');
  }
}

/** `bedrock-agent-runtime` → `BedrockAgentRuntimeEndpointId`. */
export function endpointOutputId(service: string): string {
  return `${service
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('')}EndpointId`;
}
