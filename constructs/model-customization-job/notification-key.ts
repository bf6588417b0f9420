/** The default customer-managed key of the notification topics (one per construct, or one per stack when shared). */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
// Key administration as in GovernanceKeys (not `kms:Create*`, which includes kms:CreateGrant).
import { denyGrantsNotForAwsResources, KEY_ADMIN_ACTIONS } from '../governance-keys/governance-keys';

/**
 * The notification topic's key: rotation on, retained, administered by the account, and usable for data only through
 * SNS by the account's principals whose IAM policies allow it (the state machine role publishes; SNS decrypts to
 * deliver); no grant except for AWS resources (CT.KMS.PR.3). Amazon SNS developer guide, "Encryption at rest": publishers need kms:GenerateDataKey and kms:Decrypt.
 */
export function notificationKey(scope: Construct, id = 'NotificationKey'): kms.Key {
  const { account, region } = Stack.of(scope);
  const key = new kms.Key(scope, id, {
    description: 'Bedrock model customization: notification topic',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ sid: 'AccountAdministers', principals: [new iam.AccountRootPrincipal()], actions: [...KEY_ADMIN_ACTIONS], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'AccountUsesThroughSns',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': `sns.${region}.amazonaws.com`, 'kms:CallerAccount': account } },
        }),
      ],
    }),
  });
  // Control Tower CT.KMS.PR.3: no grant except for an AWS resource or by an AWS service.
  denyGrantsNotForAwsResources(key);
  return key;
}
