/**
 * The compliance findings InvocationLogging cannot fix, acknowledged on the resource that carries each one, with the
 * reason that holds for that resource. Everything else is fixed in the construct (KMS and retention on every log
 * group, customer-managed policies instead of inline ones, no AWS managed policy, the latest Node.js runtime).
 */
import { Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** The constructs that carry findings of its own (the framework's are acknowledged by custom-resource-framework.ts). */
export interface AcknowledgedConstructs {
  readonly handlerPolicy: iam.ManagedPolicy;
}

/** Acknowledges the findings that remain, each on the narrowest construct. */
export function acknowledgeFindings(c: AcknowledgedConstructs): void {
  const cfn = (construct: IConstruct): IConstruct => construct.node.defaultChild ?? construct;

  Validations.of(cfn(c.handlerPolicy)).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'bedrock:Get/Put/DeleteModelInvocationLoggingConfiguration support no resource type: IAM accepts only Resource "*" for them; ' +
      'the statement names only these three actions (one account-and-region setting) and iam:PassRole is scoped to the delivery role',
  });
}
