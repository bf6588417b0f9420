/**
 * The compliance findings ProvisionedThroughput cannot fix, acknowledged on the resource that carries each one, with
 * the reason that holds for that resource. Everything else is fixed in the construct (retention on every log group,
 * customer-managed policies instead of inline ones, no AWS managed policy, the latest Node.js runtime).
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as cr from 'aws-cdk-lib/custom-resources';
import type { IConstruct } from 'constructs';

/** The constructs that carry findings. */
export interface AcknowledgedConstructs {
  readonly handlers: readonly lambda.Function[];
  readonly handlerPolicy: iam.ManagedPolicy;
  readonly frameworkRoles: readonly iam.Role[];
  readonly provider: cr.Provider;
  /** Log groups without a customer-managed key (none when `logEncryptionKey` is given). */
  readonly unencryptedLogGroups: readonly logs.LogGroup[];
}

const LAMBDA_PACKS = ['HIPAA.Security', 'NIST.800.53.R5'] as const;
const ALL_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

const cfn = (construct: IConstruct): IConstruct => construct.node.defaultChild ?? construct;

/** Acknowledges the findings that remain, each on the narrowest construct. */
export function acknowledgeFindings(c: AcknowledgedConstructs): void {
  const stack = Stack.of(c.provider);
  // The finding id shows the ARN as cdk-nag prints it: pseudo parameters for an environment-agnostic stack.
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  Validations.of(cfn(c.handlerPolicy)).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:${region}:${account}:provisioned-model/*]`,
    reason:
      'A provisioned model ARN ends in a random id Bedrock assigns when the throughput is bought, so the handler cannot be scoped to it in ' +
      'advance; the wildcard covers provisioned models of this account and region only, for Get/Update/Delete/Tag/Untag',
  });

  const frameworkFunctions = ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout'].map((id) => {
    const fn = c.provider.node.tryFindChild(id);
    if (!(fn instanceof lambda.Function)) throw new Error(`aws-cdk-lib custom_resources.Provider no longer has a ${id} function`);
    return fn;
  });
  for (const fn of [...c.handlers, ...frameworkFunctions]) acknowledgeLambda(cfn(fn), c.handlers.includes(fn));

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

  const waiter = c.provider.node.tryFindChild('waiter-state-machine');
  const stateMachine = waiter?.node.tryFindChild('Resource');
  if (!waiter || !stateMachine) throw new Error('aws-cdk-lib custom_resources.Provider no longer has a waiter-state-machine');
  Validations.of(stateMachine).acknowledge(
    {
      id: 'AwsSolutions::AwsSolutions-SF1',
      reason:
        "The aws-cdk Provider framework's waiter only calls the isComplete function every 30 seconds until the throughput is InService; " +
        'every call and its outcome are already in the handler and framework log groups, so state-machine logging would duplicate them',
    },
    {
      id: 'AwsSolutions::AwsSolutions-SF2',
      reason:
        "The aws-cdk Provider framework's waiter runs only during deployment (a retry loop around one Lambda function) and does not expose " +
        'X-Ray tracing; the handler logs each poll with the status Bedrock returned',
    },
  );

  // The framework grants its functions and its waiter lambda:InvokeFunction (function and versions) on the functions they
  // call, through the roles' default policies, which the HIPAA, NIST and PCI packs see as inline policies.
  const waiterRole = waiter.node.tryFindChild('Role');
  const roles: IConstruct[] = [...c.frameworkRoles, ...(waiterRole ? [waiterRole] : [])];
  for (const role of roles) {
    const defaultPolicy = role.node.tryFindChild('DefaultPolicy');
    if (!defaultPolicy) continue;
    const invoked = [...c.handlers, ...frameworkFunctions].map((fn) => stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction));
    Validations.of(cfn(defaultPolicy)).acknowledge(
      ...invoked.map((logicalId) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason:
          'Written by the aws-cdk Provider framework when it grants lambda:InvokeFunction on a function of this custom resource: the ":*" ' +
          'covers the versions and aliases of that one function and nothing else',
      })),
      ...ALL_PACKS.map((pack) => ({
        id: `${pack}::${pack}-IAMNoInlinePolicy`,
        reason:
          'Written by the aws-cdk Provider framework (grantInvoke on the functions of this custom resource) on a role dedicated to the ' +
          'framework; it grants only lambda:InvokeFunction and lambda:GetFunction on those functions and cannot be attached elsewhere',
      })),
    );
  }
}

function acknowledgeLambda(fn: IConstruct, ours: boolean): void {
  const who = ours
    ? 'The ProvisionedThroughput handler is invoked only by the Provider framework'
    : "The aws-cdk Provider framework's function is invoked only by CloudFormation or the framework's waiter";
  for (const pack of LAMBDA_PACKS) {
    Validations.of(fn).acknowledge(
      {
        id: `${pack}::${pack}-LambdaConcurrency`,
        reason:
          `${who}, a few times per CloudFormation operation on one throughput; reserving concurrency would take it from the account's ` +
          'unreserved pool and fails to deploy in new accounts whose concurrency quota is 10',
      },
      {
        id: `${pack}::${pack}-LambdaDLQ`,
        reason:
          `${who}, synchronously or from Step Functions, which report every error to CloudFormation as the failure reason; a dead-letter ` +
          'queue applies only to asynchronous invocations and would hold deployment events nobody replays',
      },
    );
  }
  const calls = ours
    ? 'the Bedrock control-plane API (provisioned throughput calls)'
    : "the handler functions, the waiter state machine and CloudFormation's pre-signed response URL";
  for (const pack of ALL_PACKS) {
    Validations.of(fn).acknowledge({
      id: `${pack}::${pack}-LambdaInsideVPC`,
      reason:
        `${who} during deployment and calls only ${calls}; it holds no data, so a VPC would add a NAT gateway or interface endpoints ` +
        'and their cost without isolating anything',
    });
  }
}
