/**
 * The compliance findings ProvisionedThroughput cannot fix, acknowledged on the resource that carries each one, with
 * the reason that holds for that resource. Everything else is fixed in the construct (retention on every log group,
 * customer-managed policies instead of inline ones, no AWS managed policy, the latest Node.js runtime).
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

/** The constructs that carry findings of its own (the framework's are acknowledged by custom-resource-framework.ts). */
export interface AcknowledgedConstructs {
  readonly handlerPolicy: iam.ManagedPolicy;
  /** Log groups without a customer-managed key (none when `logEncryptionKey` is given). */
  readonly unencryptedLogGroups: readonly logs.LogGroup[];
}

const ALL_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

const cfn = (construct: IConstruct): IConstruct => construct.node.defaultChild ?? construct;

/** Acknowledges the findings that remain, each on the narrowest construct. */
export function acknowledgeFindings(c: AcknowledgedConstructs): void {
  const stack = Stack.of(c.handlerPolicy);
  // The finding id shows the ARN as cdk-nag prints it: pseudo parameters for an environment-agnostic stack.
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  Validations.of(cfn(c.handlerPolicy)).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:${region}:${account}:provisioned-model/*]`,
    reason:
      'A provisioned model ARN ends in a random id Bedrock assigns when the throughput is bought, so the handler cannot be scoped to it in ' +
      'advance; the wildcard covers provisioned models of this account and region only, for Get/Update/Delete/Tag/Untag',
  });

  for (const group of c.unencryptedLogGroups) {
    Validations.of(cfn(group)).acknowledge(
      ...ALL_PACKS.map((pack) => ({
        id: `${pack}::${pack}-CloudWatchLogGroupEncrypted`,
        reason:
          'Holds only the lifecycle log of one provisioned throughput (its name, ARN, model id, status and Bedrock errors), no model input or ' +
          'output; CloudWatch Logs encrypts it at rest with its own keys. Pass logEncryptionKey to use a customer-managed key',
      })),
    );
  }
}
