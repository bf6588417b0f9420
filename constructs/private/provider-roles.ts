import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** What CloudWatch Logs needs from a writer: create its streams, put events. */
export const LOG_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** A role of the Provider framework: its construct id and what it does (for its description). */
export interface FrameworkRoleSpec {
  readonly id: string;
  readonly what: string;
}

/**
 * Roles for the aws-cdk Provider framework's functions, without the AWS managed AWSLambdaBasicExecutionRole: one
 * customer-managed policy (`ProviderPolicy`) lets them write to the framework's own log group only. Construct ids
 * and descriptions are the caller's, so resources keep their logical ids.
 */
export function providerFrameworkRoles<const T extends readonly FrameworkRoleSpec[]>(
  scope: Construct,
  owner: string,
  logGroup: logs.ILogGroup,
  roles: T,
): { readonly [K in keyof T]: iam.Role } {
  const policy = new iam.ManagedPolicy(scope, 'ProviderPolicy', {
    description: `Provider framework of the ${owner} custom resource: writes its logs`,
    statements: [new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: [...LOG_WRITE_ACTIONS], resources: [logGroup.logGroupArn] })],
  });
  return roles.map(
    (r: FrameworkRoleSpec) =>
      new iam.Role(scope, r.id, {
        description: `Provider framework of the ${owner} custom resource (${r.what})`,
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        managedPolicies: [policy],
      }),
  ) as unknown as { readonly [K in keyof T]: iam.Role };
}
