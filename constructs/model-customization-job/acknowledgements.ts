/**
 * The compliance findings ModelCustomizationJob cannot fix, acknowledged on the resource that carries each one, with
 * the reason that holds for the statement or function behind it. Everything else is fixed in the construct (KMS and
 * retention on every log group, customer-managed policies instead of inline ones, no AWS managed policy, the latest
 * Node.js runtime). A wildcard in a statement without a reason below stays open, so a new one gets reviewed.
 */
import { Validations } from 'aws-cdk-lib';
import type { Acknowledgment } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as cr from 'aws-cdk-lib/custom-resources';
import type { IConstruct } from 'constructs';
import { wildcardFindings } from './wildcard-findings';

/** The constructs that carry findings. */
export interface AcknowledgedConstructs {
  readonly handlers: readonly lambda.Function[];
  readonly handlerPolicy: iam.ManagedPolicy;
  readonly servicePolicy: iam.ManagedPolicy;
  readonly frameworkRoles: readonly iam.Role[];
  readonly provider: cr.Provider;
}

const LAMBDA_PACKS = ['HIPAA.Security', 'NIST.800.53.R5'] as const;
const ALL_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

/** Why each statement (by Sid; `undefined` = a dataset's grantRead) needs its wildcard. */
const SERVICE_REASONS: Readonly<Record<string, string>> = {
  dataset:
    "Written by the dataset's own grantRead (IDatasetLocation) for the training or validation data: aws-cdk's S3 read action groups on the " +
    'dataset bucket and the objects under the dataset key prefix only; the JSONL object names are chosen at upload time',
  WriteOutput:
    'Bedrock writes the job output (metrics files in a folder named after the job id it generates) below the output prefix; the wildcard ' +
    'covers objects under that prefix of the output bucket only',
  DescribeNetwork:
    'The EC2 Describe actions Bedrock needs to place a job in a VPC support no resource-level permissions; they are read-only and granted ' +
    'only when vpcConfig is set',
  CreateTaggedEni:
    'ENI ids are generated when Bedrock creates them; the statement requires the request tags BedrockManaged=true and ' +
    "BedrockModelCustomizationJobArn of this account's jobs, as the Bedrock user guide gives it",
  ManageOwnEnis:
    'ENI permission and deletion actions are conditioned on ec2:Subnet being one of the job subnets and on the BedrockManaged and job-ARN ' +
    'tags Bedrock puts on the ENIs it creates, so only those ENIs match',
  TagEniAtCreation:
    'Tagging is allowed only as part of CreateNetworkInterface (ec2:CreateAction) and only with the two Bedrock tag keys, on ENIs whose ids ' +
    'do not exist before the job creates them',
};
const HANDLER_REASONS: Readonly<Record<string, string>> = {
  CreateJob:
    'CreateModelCustomizationJob is authorized on the job and the custom model it creates, whose ARNs end in ids Bedrock generates; the ' +
    'base model is named exactly (a bare model id also matches its :<version>:<context> forms)',
  PollAndStopJobs: 'Job ARNs end in an id Bedrock generates when the job is created; the handler may only get and stop jobs of this account and region',
  ReadCustomModels:
    'Custom model ARNs end in an id Bedrock generates; the handler reads (and deletes, only with deleteCustomModelOnDelete) the model of ' +
    'its own job in this account and region',
  TagAtCreation: 'Tags are applied when the job and its custom model are created, whose ARNs end in ids Bedrock generates at that moment',
};

/** Acknowledges the findings that remain, each on the narrowest construct. */
export function acknowledgeFindings(c: AcknowledgedConstructs): void {
  const cfn = (construct: IConstruct): IConstruct => construct.node.defaultChild ?? construct;

  acknowledgeWildcards(cfn(c.servicePolicy), c.servicePolicy.document, (sid) => SERVICE_REASONS[sid ?? 'dataset']);
  acknowledgeWildcards(cfn(c.handlerPolicy), c.handlerPolicy.document, (sid) => (sid ? HANDLER_REASONS[sid] : undefined));

  const framework = (name: string): lambda.Function => {
    const fn = c.provider.node.findChild(name);
    if (!(fn instanceof lambda.Function)) throw new Error(`aws-cdk-lib custom_resources.Provider no longer has a ${name} function`);
    return fn;
  };
  const ours = c.handlers.map(cfn);
  const frameworkFns = ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout'].map((n) => cfn(framework(n)));
  for (const [fns, who] of [
    [ours, 'This custom resource handler'],
    [frameworkFns, "The aws-cdk Provider framework's function"],
  ] as const) {
    for (const fn of fns) {
      for (const pack of LAMBDA_PACKS) {
        Validations.of(fn).acknowledge(
          {
            id: `${pack}::${pack}-LambdaConcurrency`,
            reason:
              `${who} runs only during deployments of this one custom resource (one invocation per poll); reserving concurrency would take ` +
              "it from the account's unreserved pool and fails to deploy in accounts whose concurrency quota is 10",
          },
          {
            id: `${pack}::${pack}-LambdaDLQ`,
            reason:
              `${who} is invoked synchronously by the Provider framework or its waiter state machine, which report every failure to ` +
              'CloudFormation as the failure reason; a dead-letter queue applies only to asynchronous invocations',
          },
        );
      }
      for (const pack of ALL_PACKS) {
        Validations.of(fn).acknowledge({
          id: `${pack}::${pack}-LambdaInsideVPC`,
          reason:
            `${who} runs only during deployment and calls only the Bedrock control-plane API, Lambda, Step Functions and the CloudFormation ` +
            'response URL; it holds no data, so a VPC would add NAT or endpoint cost without isolating anything',
        });
      }
    }
  }

  // The framework grants lambda:InvokeFunction (function and versions) on the functions it calls through the default
  // policies of its roles and of the waiter state machine's role, which the HIPAA, NIST and PCI packs see as inline.
  const waiter = c.provider.node.tryFindChild('waiter-state-machine');
  const waiterRole = waiter?.node.tryFindChild('Role');
  const frameworkPolicies = [...c.frameworkRoles, ...(waiterRole ? [waiterRole] : [])]
    .map((r) => r.node.tryFindChild('DefaultPolicy'))
    .filter((p): p is iam.Policy => p !== undefined);
  for (const policy of frameworkPolicies) {
    acknowledgeWildcards(
      cfn(policy),
      policy.document,
      () =>
        'Written by the aws-cdk Provider framework when it grants lambda:InvokeFunction on the functions it calls (the handlers, the ' +
        'framework isComplete and onTimeout functions): the ":*" covers the versions and aliases of those functions only',
    );
    Validations.of(cfn(policy)).acknowledge(
      ...ALL_PACKS.map((pack): Acknowledgment => ({
        id: `${pack}::${pack}-IAMNoInlinePolicy`,
        reason:
          'Written by the aws-cdk Provider framework (grantInvoke) on a role dedicated to its functions or its waiter state machine; it grants ' +
          'only lambda:InvokeFunction and lambda:GetFunction on the functions of this custom resource and cannot be attached elsewhere',
      })),
    );
  }

  const stateMachine = waiter?.node.defaultChild;
  if (stateMachine) {
    Validations.of(stateMachine).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SF1',
        reason:
          "The Provider framework's waiter state machine only calls the isComplete function at a fixed interval; every call and outcome is logged " +
          "by the functions in KMS-encrypted log groups, and logging its execution data would write CloudFormation's pre-signed response URL",
      },
      {
        id: 'AwsSolutions::AwsSolutions-SF2',
        reason:
          "The Provider framework's waiter state machine is a deployment-time poll loop of one custom resource (a Task and its retries); X-Ray " +
          'traces would show only that fixed loop, whose calls the function logs already record',
      },
    );
  }
}

/** Acknowledges each AwsSolutions-IAM5 wildcard of the document whose statement has a reason; the others stay open. */
function acknowledgeWildcards(resource: IConstruct, document: iam.PolicyDocument, reasonFor: (sid: string | undefined) => string | undefined): void {
  const reasons = new Map<string, Set<string>>();
  for (const { finding, sid } of wildcardFindings(resource, document)) {
    const reason = reasonFor(sid);
    if (reason) reasons.set(finding, (reasons.get(finding) ?? new Set()).add(reason));
  }
  const acks = [...reasons].map(([finding, set]): Acknowledgment => ({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason: [...set].join(' Also: ') }));
  if (acks.length > 0) Validations.of(resource).acknowledge(...acks);
}
