/**
 * The compliance findings ModelCustomizationJob cannot fix, acknowledged on the resource that carries each one, with
 * the reason that holds for the statement or function behind it. Everything else is fixed in the construct (KMS and
 * retention on every log group, state machine logging (ALL) and tracing, an encrypted TLS-only topic, customer-managed
 * policies instead of inline ones, no AWS managed policy). A wildcard in a statement without a reason below stays
 * open, so a new one gets reviewed.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { Acknowledgment } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as cr from 'aws-cdk-lib/custom-resources';
import type { IConstruct } from 'constructs';
import type { WorkflowStarter } from './starter';
import { wildcardFindings } from './wildcard-findings';

/** The constructs that carry findings. */
export interface AcknowledgedConstructs {
  readonly servicePolicy: iam.ManagedPolicy;
  readonly workflowPolicy: iam.ManagedPolicy;
  readonly starter: WorkflowStarter;
  readonly start: cr.AwsCustomResource;
}

const LAMBDA_PACKS = ['HIPAA.Security', 'NIST.800.53.R5'] as const;
const ALL_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

/** The id of aws-cdk-lib's AwsCustomResource singleton function (one per stack). */
const AWS_CUSTOM_RESOURCE_FUNCTION = 'AWS679f53fac002430cb0da5b7982bd2287';

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
const WORKFLOW_REASONS: Readonly<Record<string, string>> = {
  CreateJob:
    'CreateModelCustomizationJob is authorized on the job and the custom model it creates, whose ARNs end in ids Bedrock generates; the ' +
    'base model is named exactly (a bare model id also matches its :<version>:<context> forms)',
  PollAndStopJobs:
    'The .sync integration polls the job (GetModelCustomizationJob) and stops it only when the execution is stopped; job ARNs end in an id ' +
    'Bedrock generates when the job is created, so the statement covers jobs of this account and region only',
  TagAtCreation: 'Tags are applied when the job and its custom model are created, whose ARNs end in ids Bedrock generates at that moment',
  BuyThroughput:
    'CreateProvisionedModelThroughput is authorized on the custom model the job produced, whose ARN ends in an id Bedrock generates when ' +
    'the job completes; custom models of this account and region only',
  ReadUpdateThroughput:
    'The throughput and the custom model it is pointed at get ids Bedrock generates (provisioned-model and custom-model ARNs); the ' +
    'workflow reads and updates the one throughput it names, in this account and region',
  TagThroughput: 'Tags are applied when the workflow buys the throughput, whose provisioned-model ARN ends in an id Bedrock generates then',
  DeliverLogs:
    'The CloudWatch Logs log-delivery actions Step Functions needs to write execution logs (CreateLogDelivery, PutResourcePolicy, ' +
    'DescribeLogGroups...) support no resource-level permissions, as the Step Functions developer guide and aws-cdk-lib grant them',
  Trace: 'The X-Ray actions of a traced state machine (PutTraceSegments, PutTelemetryRecords, GetSampling*) support no resource-level permissions',
};

/** Acknowledges the findings that remain, each on the narrowest construct. */
export function acknowledgeFindings(c: AcknowledgedConstructs): void {
  const cfn = (construct: IConstruct): IConstruct => construct.node.defaultChild ?? construct;

  acknowledgeWildcards(cfn(c.servicePolicy), c.servicePolicy.document, (sid) => SERVICE_REASONS[sid ?? 'dataset']);
  acknowledgeWildcards(cfn(c.workflowPolicy), c.workflowPolicy.document, (sid) => (sid ? WORKFLOW_REASONS[sid] : undefined));
  acknowledgeWildcards(cfn(c.starter.policy), c.starter.policy.document, (sid) =>
    sid?.startsWith('Stop')
      ? 'Execution ARNs end in the execution name; the statement covers the executions of this one state machine only (stopJobOnDelete)'
      : sid?.startsWith('DeleteModel')
        ? 'Custom model ARNs end in an id Bedrock generates; DeleteCustomModel is called with the model name (deleteCustomModelOnDelete), ' +
          'on custom models of this account and region only'
        : undefined,
  );

  const fn = Stack.of(c.start).node.tryFindChild(AWS_CUSTOM_RESOURCE_FUNCTION);
  if (!(fn instanceof lambda.SingletonFunction) && !(fn instanceof lambda.Function)) {
    throw new Error(`aws-cdk-lib custom_resources.AwsCustomResource no longer creates its ${AWS_CUSTOM_RESOURCE_FUNCTION} function`);
  }
  const who = "aws-cdk-lib's AwsCustomResource function (it starts the model customization workflows of this stack)";
  for (const pack of LAMBDA_PACKS) {
    Validations.of(cfn(fn)).acknowledge(
      {
        id: `${pack}::${pack}-LambdaConcurrency`,
        reason:
          `${who} runs only during deployments, once per start resource and lifecycle event; reserving concurrency would take it from the ` +
          "account's unreserved pool and fails to deploy in accounts whose concurrency quota is 10",
      },
      {
        id: `${pack}::${pack}-LambdaDLQ`,
        reason:
          `${who} is invoked by CloudFormation for a custom resource and reports every failure to CloudFormation as the failure reason; a ` +
          'dead-letter queue would hold deployment events nobody replays',
      },
    );
  }
  for (const pack of ALL_PACKS) {
    Validations.of(cfn(fn)).acknowledge({
      id: `${pack}::${pack}-LambdaInsideVPC`,
      reason:
        `${who} calls only the Step Functions API (StartExecution, StopExecution), the Bedrock control plane (DeleteCustomModel, opt-in) and ` +
        "CloudFormation's response URL; it holds no data, so a VPC would add NAT or endpoint cost without isolating anything",
    });
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
