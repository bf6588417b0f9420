/**
 * Names used by ProvisionedThroughput, in one place: the IAM actions of its handler (like aws-cdk's perms.ts; they
 * belong with the other IAM actions in policies/iam/actions.ts when that file is next edited), limits and defaults.
 */
import { Duration } from 'aws-cdk-lib';

/** Buys a throughput; authorized on the foundation-model or custom-model ARN it is bought for. */
export const CREATE_THROUGHPUT_ACTION = 'bedrock:CreateProvisionedModelThroughput';

/** Reads and deletes a throughput; authorized on its provisioned-model ARN. */
export const READ_DELETE_THROUGHPUT_ACTIONS = ['bedrock:GetProvisionedModelThroughput', 'bedrock:DeleteProvisionedModelThroughput'] as const;

/** Renames a throughput or changes its model; authorized on the provisioned-model ARN and on the model ARN. */
export const UPDATE_THROUGHPUT_ACTION = 'bedrock:UpdateProvisionedModelThroughput';

/** Tags a throughput (tags at creation, and tag changes); authorized on the provisioned-model ARN. */
export const TAG_ACTIONS = ['bedrock:TagResource', 'bedrock:UntagResource'] as const;

/**
 * What the caller of CreateProvisionedModelThroughput needs on the key of an encrypted custom model, through Bedrock
 * (Bedrock user guide, "Encryption of custom models").
 */
export const MODEL_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant'] as const;

/** What a Lambda function needs on its own log group. */
export { LOG_WRITE_ACTIONS } from '../private/provider-roles';

/**
 * Upper bound of `modelUnits`: a typo guard. One model unit of a large model costs tens of dollars an hour and the
 * default model-unit quotas are a handful per account and region; a throughput of more than 100 units is almost
 * certainly a mistake (one extra digit) rather than a plan.
 */
export const MAX_MODEL_UNITS = 100;

/** Provisioned model names: 1–63 characters, letters and digits, each optionally followed by one `-` or `_`. */
export const NAME_PATTERN = /^([0-9a-zA-Z][_-]?)+$/;
export const MAX_NAME_LENGTH = 63;

/**
 * Longest wait for InService. CloudFormation waits at most one hour for a custom resource (ServiceTimeout ≤ 3600 s),
 * and the Provider framework needs a few minutes of that to start and to report; a longer wait would end in a
 * CloudFormation timeout instead of the framework's "Operation timed out".
 */
export const MAX_TIMEOUT = Duration.minutes(55);

/** Default wait for InService. */
export const DEFAULT_TIMEOUT = Duration.minutes(50);

/** Time between two GetProvisionedModelThroughput calls while waiting. */
export const QUERY_INTERVAL = Duration.seconds(30);

/** Terms of a commitment in plain words, and the API's value. */
export const COMMITMENTS = {
  none: { api: 'None', term: '' },
  'one-month': { api: 'OneMonth', term: '1 month' },
  'six-months': { api: 'SixMonths', term: '6 months' },
} as const;
