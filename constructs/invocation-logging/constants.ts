/**
 * Names used by InvocationLogging, in one place: IAM actions (like aws-cdk's perms.ts), the S3 key layout Bedrock
 * writes, and the delivery metrics.
 */

/** Actions the custom resource handler needs (kept with the other IAM actions in policies/iam/actions.ts). */
export { LOGGING_CONFIGURATION_ACTIONS } from '../../policies/iam/actions';

/** Lets the handler hand the CloudWatch Logs delivery role to Bedrock (scoped to that role and to Bedrock). */
export const PASS_ROLE_ACTION = 'iam:PassRole';

/** What Bedrock needs on the log group, through the delivery role. */
export { LOG_WRITE_ACTIONS as LOG_DELIVERY_ACTIONS } from '../private/provider-roles';

/** What Bedrock needs on the bucket (bucket policy). */
export const S3_DELIVERY_ACTIONS = ['s3:PutObject'] as const;

/** Where Bedrock writes under the key prefix: `<prefix>/AWSLogs/<account>/BedrockModelInvocationLogs/…`. */
export const S3_LOG_PATH = (prefix: string, account: string): string => `${prefix}/AWSLogs/${account}/BedrockModelInvocationLogs/*`;

/** The service principal of Amazon Bedrock. */
export const BEDROCK_SERVICE = 'bedrock.amazonaws.com';

/** Namespace of the delivery metrics. */
export const METRIC_NAMESPACE = 'AWS/Bedrock';

/** Delivery metrics of model invocation logging (namespace AWS/Bedrock, no dimension). */
export const DELIVERY_METRICS = {
  s3Success: 'ModelInvocationLogsS3DeliverySuccess',
  s3Failure: 'ModelInvocationLogsS3DeliveryFailure',
  cloudWatchSuccess: 'ModelInvocationLogsCloudWatchDeliverySuccess',
  cloudWatchFailure: 'ModelInvocationLogsCloudWatchDeliveryFailure',
  largeDataS3Success: 'ModelInvocationLargeDataS3DeliverySuccess',
  largeDataS3Failure: 'ModelInvocationLargeDataS3DeliveryFailure',
} as const;

/**
 * Name of the role that sets the account's invocation-logging configuration in a landing zone (one per region; IAM
 * names are account-wide). An organization `baselineProtection` must exempt it: `bedrock-invocation-logging-*`.
 */
export function invocationLoggingRoleName(region: string): string {
  return `bedrock-invocation-logging-${region}`;
}
