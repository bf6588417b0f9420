/**
 * The workflow's states (Amazon States Language through aws-cdk-lib's tasks): train with the .sync pattern; on
 * success, buy or update the provisioned throughput when one is configured and wait until it is InService; report
 * the outcome on the notification topic; any failure is reported there too, then fails the execution.
 */
import { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { COMMITMENTS } from '../provisioned-throughput/constants';
import type { ThroughputTerms } from '../provisioned-throughput/validate';
import { THROUGHPUT_POLL_SECONDS } from './constants';
import { TrainingTask } from './training-task';
import type { JobRequest } from './training-task';

/** What the definition is built from. */
export interface WorkflowDefinitionProps {
  readonly request: JobRequest;
  readonly serviceRole: iam.IRole;
  readonly bucket: s3.IBucket;
  readonly topic: sns.ITopic;
  readonly throughput?: ThroughputTerms;
  /** Custom model name, for the messages. */
  readonly customModelName: string;
}

/** Errors worth retrying in every Bedrock call of the workflow (throttling; IAM propagation right after deployment). */
const TRANSIENT = ['Bedrock.ThrottlingException', 'Bedrock.ServiceUnavailableException', 'Bedrock.InternalServerException'];
const NOT_YET_AUTHORIZED = ['Bedrock.AccessDeniedException', 'Bedrock.ValidationException'];

const retryTransient = (task: sfn.TaskStateBase): void => {
  task.addRetry({ errors: TRANSIENT, interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 6, jitterStrategy: sfn.JitterType.FULL });
};

/** The definition: every error is caught, reported on the topic, and fails the execution. */
export function workflowDefinition(scope: Construct, props: WorkflowDefinitionProps): sfn.IChainable {
  const publish = (id: string, subject: string, message: Record<string, unknown>): tasks.SnsPublish =>
    new tasks.SnsPublish(scope, id, {
      topic: props.topic,
      subject,
      message: sfn.TaskInput.fromObject(message),
      resultPath: sfn.JsonPath.DISCARD,
    });

  const failed = new sfn.Fail(scope, 'Failed', { comment: 'The job or the throughput failed; the notification topic has the cause' });
  const notifyFailure = publish('NotifyFailure', `Bedrock customization failed: ${props.customModelName}`, {
    outcome: 'FAILED',
    jobName: sfn.JsonPath.stringAt('$$.Execution.Input.jobName'),
    customModelName: props.customModelName,
    execution: sfn.JsonPath.stringAt('$$.Execution.Id'),
    error: sfn.JsonPath.objectAt('$.error'),
  });
  notifyFailure.next(failed);
  const onError = (task: sfn.TaskStateBase): void => {
    task.addCatch(notifyFailure, { errors: ['States.ALL'], resultPath: '$.error' });
  };

  // The job: the execution waits here for hours or days; Step Functions polls the job for its status.
  const train = new TrainingTask(scope, 'Train', {
    comment: 'CreateModelCustomizationJob.sync: starts the job and waits until it completes, fails or is stopped',
    request: props.request,
    jobName: sfn.JsonPath.stringAt('$.jobName'),
    serviceRole: props.serviceRole,
    bucket: props.bucket,
    resultPath: sfn.JsonPath.DISCARD,
  });
  retryTransient(train);
  // A role created in the same deployment may not be usable yet: Bedrock answers AccessDenied or a ValidationException.
  train.addRetry({ errors: NOT_YET_AUTHORIZED, interval: Duration.seconds(15), backoffRate: 2, maxAttempts: 3, jitterStrategy: sfn.JitterType.FULL });
  onError(train);

  // The model the job produced (the .sync result is not relied on: GetModelCustomizationJob names it).
  const describe = new tasks.CallAwsService(scope, 'DescribeJob', {
    comment: 'GetModelCustomizationJob: the custom model ARN',
    service: 'bedrock',
    action: 'getModelCustomizationJob',
    parameters: { JobIdentifier: sfn.JsonPath.stringAt('$.jobName') },
    iamResources: ['*'],
    resultSelector: { arn: sfn.JsonPath.stringAt('$.OutputModelArn'), status: sfn.JsonPath.stringAt('$.Status') },
    resultPath: '$.customModel',
  });
  retryTransient(describe);
  onError(describe);

  const succeeded = new sfn.Succeed(scope, 'Succeeded');
  const notifySuccess = (id: string, extra: Record<string, unknown>): tasks.SnsPublish =>
    publish(id, `Bedrock customization completed: ${props.customModelName}`, {
      outcome: 'SUCCEEDED',
      jobName: sfn.JsonPath.stringAt('$$.Execution.Input.jobName'),
      customModelName: props.customModelName,
      customModelArn: sfn.JsonPath.stringAt('$.customModel.arn'),
      execution: sfn.JsonPath.stringAt('$$.Execution.Id'),
      ...extra,
    });

  train.next(describe);
  if (!props.throughput) {
    const done = notifySuccess('NotifySuccess', {});
    onError(done);
    describe.next(done.next(succeeded));
    return train;
  }
  const t = props.throughput;
  const commitment = COMMITMENTS[t.commitment].api;
  const tags = Object.entries(t.tags).map(([Key, Value]) => ({ Key, Value }));

  const lookUp = new tasks.CallAwsService(scope, 'FindThroughput', {
    comment: 'GetProvisionedModelThroughput by name: update it if it exists, buy it otherwise',
    service: 'bedrock',
    action: 'getProvisionedModelThroughput',
    parameters: { ProvisionedModelId: t.provisionedModelName },
    iamResources: ['*'],
    resultSelector: { arn: sfn.JsonPath.stringAt('$.ProvisionedModelArn') },
    resultPath: '$.throughput',
  });
  retryTransient(lookUp);
  const buy = new tasks.CallAwsService(scope, 'BuyThroughput', {
    comment: 'CreateProvisionedModelThroughput for the new custom model (the execution name is the idempotency token)',
    service: 'bedrock',
    action: 'createProvisionedModelThroughput',
    parameters: {
      ModelId: sfn.JsonPath.stringAt('$.customModel.arn'),
      ModelUnits: t.modelUnits,
      ProvisionedModelName: t.provisionedModelName,
      ClientRequestToken: sfn.JsonPath.stringAt('$$.Execution.Name'),
      ...(commitment === 'None' ? {} : { CommitmentDuration: commitment }),
      ...(tags.length > 0 ? { Tags: tags } : {}),
    },
    iamResources: ['*'],
    resultSelector: { arn: sfn.JsonPath.stringAt('$.ProvisionedModelArn') },
    resultPath: '$.throughput',
  });
  retryTransient(buy);
  onError(buy);
  const update = new tasks.CallAwsService(scope, 'UpdateThroughput', {
    comment: 'UpdateProvisionedModelThroughput: point the existing throughput at the new custom model',
    service: 'bedrock',
    action: 'updateProvisionedModelThroughput',
    parameters: { ProvisionedModelId: sfn.JsonPath.stringAt('$.throughput.arn'), DesiredModelId: sfn.JsonPath.stringAt('$.customModel.arn') },
    iamResources: ['*'],
    resultPath: sfn.JsonPath.DISCARD,
  });
  retryTransient(update);
  onError(update);
  lookUp.addCatch(buy, { errors: ['Bedrock.ResourceNotFoundException'], resultPath: '$.notFound' });
  onError(lookUp);

  const wait = new sfn.Wait(scope, 'WaitForThroughput', { time: sfn.WaitTime.duration(Duration.seconds(THROUGHPUT_POLL_SECONDS)) });
  const poll = new tasks.CallAwsService(scope, 'ThroughputStatus', {
    comment: 'GetProvisionedModelThroughput: Creating or Updating until InService or Failed',
    service: 'bedrock',
    action: 'getProvisionedModelThroughput',
    parameters: { ProvisionedModelId: sfn.JsonPath.stringAt('$.throughput.arn') },
    iamResources: ['*'],
    // The whole answer: a path to a field that may be absent (FailureMessage) would fail the state.
    resultPath: '$.throughputStatus',
  });
  retryTransient(poll);
  onError(poll);
  const done = notifySuccess('NotifySuccess', { provisionedModelArn: sfn.JsonPath.stringAt('$.throughput.arn') });
  onError(done);
  const throughputFailed = new sfn.Pass(scope, 'ThroughputFailed', {
    parameters: { Error: 'ThroughputFailed', Details: sfn.JsonPath.objectAt('$.throughputStatus') },
    resultPath: '$.error',
  });
  throughputFailed.next(notifyFailure);
  const status = new sfn.Choice(scope, 'InService?')
    .when(sfn.Condition.stringEquals('$.throughputStatus.Status', 'InService'), done.next(succeeded))
    .when(sfn.Condition.stringEquals('$.throughputStatus.Status', 'Failed'), throughputFailed)
    .otherwise(wait);

  describe.next(lookUp);
  lookUp.next(update);
  update.next(wait);
  buy.next(wait);
  wait.next(poll);
  poll.next(status);
  return train;
}
