/**
 * The compliance findings of the dataset upload that the construct cannot fix, acknowledged on the resource that
 * carries each one. Fixed in the construct instead: a dedicated role with no AWS managed policy and no inline policy,
 * least-privilege managed policies (exact object keys, the prefix, the key through S3 only), a log group with a
 * one-year retention (KMS-encrypted when `logEncryptionKey` is given), retained objects and no pruning.
 */
import { Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

const LAMBDA_PACKS = ['HIPAA.Security', 'NIST.800.53.R5'] as const;
const ALL_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

/** Reason for the upload log group without a customer-managed key. */
export const LOG_GROUP_UNENCRYPTED_REASON =
  'The upload function logs only the AWS CLI sync progress (object keys and sizes), never dataset content; the training-data key ' +
  'does not let CloudWatch Logs use it, and logEncryptionKey (e.g. GovernanceKeys.auditLogs) was not given';

const acknowledged = new WeakSet<lambda.Function>();

/** Acknowledges the findings of the BucketDeployment singleton function, once per function. */
export function acknowledgeUploadFunction(fn: lambda.Function): void {
  if (acknowledged.has(fn)) return;
  acknowledged.add(fn);
  const cfn = fn.node.defaultChild ?? fn;
  Validations.of(cfn).acknowledge({
    id: 'AwsSolutions::AwsSolutions-L1',
    reason:
      "The runtime of aws-cdk-lib's BucketDeployment function is chosen by aws-cdk-lib (it bundles the AWS CLI layer for that Python " +
      'version) and cannot be set by the construct; it moves to newer runtimes with aws-cdk-lib upgrades',
  });
  for (const pack of LAMBDA_PACKS) {
    Validations.of(cfn).acknowledge(
      {
        id: `${pack}::${pack}-LambdaConcurrency`,
        reason:
          'Invoked only by CloudFormation, once per dataset upload during a deployment; reserving concurrency would take it from the ' +
          "account's unreserved pool and fails to deploy in new accounts whose concurrency quota is 10",
      },
      {
        id: `${pack}::${pack}-LambdaDLQ`,
        reason:
          'Invoked synchronously by CloudFormation through the custom resource, which reports any failure as the stack event reason and ' +
          'rolls back; a dead-letter queue applies only to asynchronous invocations',
      },
    );
  }
  for (const pack of ALL_PACKS) {
    Validations.of(cfn).acknowledge({
      id: `${pack}::${pack}-LambdaInsideVPC`,
      reason:
        'Runs only during deployment and talks only to Amazon S3 (CDK asset bucket to dataset bucket, TLS, SSE-KMS); a VPC would need ' +
        'a NAT gateway or S3 gateway endpoint and isolates nothing: the role allows only the listed object keys',
    });
  }
}
