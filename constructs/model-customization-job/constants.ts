/**
 * Names used by ModelCustomizationJob, in one place (like aws-cdk's perms.ts): the IAM actions of the workflow's
 * state machine role, of the start custom resource and of the job's service role.
 */

/** The service principal of Amazon Bedrock. */
export const BEDROCK_SERVICE = 'bedrock.amazonaws.com';

/** Starts a job: authorized on the base model, the custom model and the job. */
export const CREATE_JOB_ACTION = 'bedrock:CreateModelCustomizationJob';

/**
 * What the Run a Job (.sync) pattern calls on the job: Step Functions polls it, and stops it when the execution is
 * stopped (Step Functions developer guide, "IAM policies for calling Amazon Bedrock", CreateModelCustomizationJob.sync).
 */
export const JOB_ACTIONS = ['bedrock:GetModelCustomizationJob', 'bedrock:StopModelCustomizationJob'] as const;

/** Deletes the custom model on delete (only with deleteCustomModelOnDelete). */
export const DELETE_CUSTOM_MODEL_ACTION = 'bedrock:DeleteCustomModel';

/** Tags the job and the custom model at creation (only with tags). */
export const TAG_RESOURCE_ACTION = 'bedrock:TagResource';

/** Lets the state machine hand the service role to Bedrock (scoped to that role and to Bedrock). */
export const PASS_ROLE_ACTION = 'iam:PassRole';

/** What the start function needs on its own log group. */
export { LOG_WRITE_ACTIONS } from '../private/provider-roles';

/** Starts the workflow (the deployment's only call; idempotent for standard workflows with the same name and input). */
export const START_EXECUTION_ACTION = 'states:StartExecution';

/** Stops the workflow's execution on delete (only with stopJobOnDelete: Step Functions then stops the job). */
export const STOP_EXECUTION_ACTION = 'states:StopExecution';

/** The provisioned throughput calls of the workflow (only with provisionedThroughput). */
export const CREATE_THROUGHPUT_ACTION = 'bedrock:CreateProvisionedModelThroughput';
export const THROUGHPUT_ACTIONS = ['bedrock:GetProvisionedModelThroughput', 'bedrock:UpdateProvisionedModelThroughput'] as const;

/** Publishing to the notification topic, and the topic key through SNS (Amazon SNS developer guide, "Encryption at rest"). */
export const PUBLISH_ACTION = 'sns:Publish';
export const TOPIC_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * What Step Functions needs to deliver execution logs to CloudWatch Logs (vended log delivery; these actions support
 * no resource-level permissions), as aws-cdk-lib's StateMachine grants them.
 */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
] as const;

/** X-Ray tracing of the state machine (no resource-level permissions), as aws-cdk-lib's StateMachine grants them. */
export const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'] as const;

/** Seconds between two GetProvisionedModelThroughput calls while the workflow waits for InService. */
export const THROUGHPUT_POLL_SECONDS = 60;

/** Output written by the job under the output prefix (AWS's example policy, narrowed to the prefix). */
export const OUTPUT_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject'] as const;

/** Listing of the output bucket, conditioned on the output prefix. */
export const OUTPUT_LIST_ACTION = 's3:ListBucket';

/** Encrypting output objects with the output bucket's key, through S3. */
export const OUTPUT_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** What Bedrock needs on the custom model key, through Bedrock (AWS's PermissionsModelCustomization statement). */
export const MODEL_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:CreateGrant'] as const;

/** Invoking the teacher model of a distillation job. */
export const INVOKE_TEACHER_ACTION = 'bedrock:InvokeModel';

/**
 * ENI permissions of a job in a VPC, as the Bedrock user guide ("Protect your model customization jobs using a VPC")
 * and aws-cdk's BedrockCreateModelCustomizationJob give them.
 */
export const VPC_DESCRIBE_ACTIONS = [
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVpcs',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
] as const;
export const VPC_CREATE_ENI_ACTION = 'ec2:CreateNetworkInterface';
export const VPC_MANAGE_ENI_ACTIONS = ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'] as const;
export const VPC_TAG_ACTION = 'ec2:CreateTags';
/** Tags Bedrock puts on the ENIs it creates. */
export const VPC_ENI_TAG_KEYS = ['BedrockManaged', 'BedrockModelCustomizationJobArn'] as const;

/** The old Provider's polling interval: `timeout` (deprecated) is still checked against it. */
export const QUERY_INTERVAL_SECONDS = 60;
