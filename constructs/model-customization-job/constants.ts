/**
 * Names used by ModelCustomizationJob, in one place (like aws-cdk's perms.ts): the IAM actions of the custom
 * resource handler and of the job's service role.
 */

/** The service principal of Amazon Bedrock. */
export const BEDROCK_SERVICE = 'bedrock.amazonaws.com';

/** Starts a job: authorized on the base model, the custom model and the job. */
export const CREATE_JOB_ACTION = 'bedrock:CreateModelCustomizationJob';

/** Polls and stops jobs (model-customization-job resources). */
export const JOB_ACTIONS = ['bedrock:GetModelCustomizationJob', 'bedrock:StopModelCustomizationJob'] as const;

/** Reads a custom model (the handler checks that the model of a job it adopts still exists). */
export const GET_CUSTOM_MODEL_ACTION = 'bedrock:GetCustomModel';

/** Deletes the custom model on delete (only with deleteCustomModelOnDelete). */
export const DELETE_CUSTOM_MODEL_ACTION = 'bedrock:DeleteCustomModel';

/** Tags the job and the custom model at creation (only with tags). */
export const TAG_RESOURCE_ACTION = 'bedrock:TagResource';

/** Lets the handler hand the service role to Bedrock (scoped to that role and to Bedrock). */
export const PASS_ROLE_ACTION = 'iam:PassRole';

/** What the handler needs on its own log group. */
export { LOG_WRITE_ACTIONS } from '../private/provider-roles';

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

/** The Provider's polling interval. */
export const QUERY_INTERVAL_SECONDS = 60;
