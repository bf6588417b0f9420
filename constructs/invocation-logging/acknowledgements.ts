/**
 * The compliance findings InvocationLogging cannot fix, acknowledged on the resource that carries each one, with the
 * reason that holds for that resource. Everything else is fixed in the construct (KMS and retention on every log
 * group, customer-managed policies instead of inline ones, no AWS managed policy, the latest Node.js runtime).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as cr from 'aws-cdk-lib/custom-resources';
import type { IConstruct } from 'constructs';

/** The constructs that carry findings. */
export interface AcknowledgedConstructs {
  readonly handler: lambda.Function;
  readonly handlerPolicy: iam.ManagedPolicy;
  readonly providerRole: iam.Role;
  readonly provider: cr.Provider;
}

const LAMBDA_PACKS = ['HIPAA.Security', 'NIST.800.53.R5'] as const;
const ALL_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

/** Acknowledges the findings that remain, each on the narrowest construct. */
export function acknowledgeFindings(c: AcknowledgedConstructs): void {
  const stack = Stack.of(c.handler);
  const cfn = (construct: IConstruct): IConstruct => construct.node.defaultChild ?? construct;

  Validations.of(cfn(c.handlerPolicy)).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'bedrock:Get/Put/DeleteModelInvocationLoggingConfiguration support no resource type: IAM accepts only Resource "*" for them; ' +
      'the statement names only these three actions (one account-and-region setting) and iam:PassRole is scoped to the delivery role',
  });

  const handler = cfn(c.handler);
  for (const pack of LAMBDA_PACKS) {
    Validations.of(handler).acknowledge(
      {
        id: `${pack}::${pack}-LambdaConcurrency`,
        reason:
          'Invoked only by the Provider framework, once per CloudFormation operation on one resource; reserving concurrency would take it from ' +
          "the account's unreserved pool and fails to deploy in new accounts whose concurrency quota is 10",
      },
      {
        id: `${pack}::${pack}-LambdaDLQ`,
        reason:
          'Invoked synchronously (RequestResponse) by the Provider framework, which reports any error to CloudFormation as the failure reason; ' +
          'a dead-letter queue applies only to asynchronous invocations',
      },
    );
  }
  for (const pack of ALL_PACKS) {
    Validations.of(handler).acknowledge({
      id: `${pack}::${pack}-LambdaInsideVPC`,
      reason:
        'Runs only during deployment and calls only the Bedrock control-plane API (model invocation logging configuration); it holds no data, ' +
        'so a VPC would add a NAT gateway or interface endpoint and their cost without isolating anything',
    });
  }

  const framework = c.provider.node.findChild('framework-onEvent');
  if (!(framework instanceof lambda.Function)) throw new Error('aws-cdk-lib custom_resources.Provider no longer has a framework-onEvent function');
  const frameworkFn = cfn(framework);
  for (const pack of LAMBDA_PACKS) {
    Validations.of(frameworkFn).acknowledge(
      {
        id: `${pack}::${pack}-LambdaConcurrency`,
        reason:
          "The aws-cdk Provider framework's onEvent function is invoked only by CloudFormation for this one custom resource; reserved " +
          "concurrency would take from the account's unreserved pool and fails to deploy in accounts whose concurrency quota is 10",
      },
      {
        id: `${pack}::${pack}-LambdaDLQ`,
        reason:
          "The Provider framework's onEvent function reports every outcome, failures included, to CloudFormation's pre-signed response URL; " +
          'an event it cannot report times the stack operation out visibly, and a dead-letter queue would hold deployment events nobody replays',
      },
    );
  }
  for (const pack of ALL_PACKS) {
    Validations.of(frameworkFn).acknowledge({
      id: `${pack}::${pack}-LambdaInsideVPC`,
      reason:
        "The Provider framework's onEvent function only invokes the handler function and answers CloudFormation's pre-signed S3 URL during " +
        'deployment; it holds no data, so a VPC would add NAT cost and no isolation benefit',
    });
  }

  // The framework grants itself lambda:InvokeFunction (function and versions) and lambda:GetFunction on the handler
  // through the role's default policy, which the HIPAA, NIST and PCI packs see as an inline policy.
  const defaultPolicy = c.providerRole.node.tryFindChild('DefaultPolicy');
  if (defaultPolicy) {
    const handlerId = stack.getLogicalId(c.handler.node.defaultChild as lambda.CfnFunction);
    const policy = cfn(defaultPolicy);
    Validations.of(policy).acknowledge(
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
        reason:
          'Written by the aws-cdk Provider framework when it grants its onEvent function lambda:InvokeFunction on the handler: the ":*" covers ' +
          'the versions and aliases of this one handler function and nothing else',
      },
      ...ALL_PACKS.map((pack) => ({
        id: `${pack}::${pack}-IAMNoInlinePolicy`,
        reason:
          'Written by the aws-cdk Provider framework (grantInvoke on the handler) on the role dedicated to its onEvent function; it grants only ' +
          'lambda:InvokeFunction and lambda:GetFunction on the handler and cannot be attached elsewhere',
      })),
    );
  }
}
