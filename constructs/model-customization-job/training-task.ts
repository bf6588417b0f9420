/**
 * The training step of the workflow: aws-cdk-lib's `BedrockCreateModelCustomizationJob` with the Run a Job (.sync)
 * integration pattern, so that the execution waits for the job (hours or days) instead of CloudFormation.
 *
 * Four gaps of the aws-cdk-lib 2.276 task are closed here, each checked against its source
 * (node_modules/aws-cdk-lib/aws-stepfunctions-tasks/lib/bedrock/create-model-customization-job.js):
 * 1. With `IntegrationPattern.RUN_JOB` it still renders `arn:…:states:::bedrock:createModelCustomizationJob`, without
 *    the `.sync` suffix: the task would return as soon as the job is created. The resource is rendered with `.sync`.
 * 2. `customModelKmsKey` adds a statement to the key's policy naming the job role; for a key of another stack (the
 *    landing zone's training-data key) that is a cross-stack cycle. The key id is rendered here instead; the key
 *    policy already lets Bedrock use the key on behalf of the account's roles (GovernanceKeys).
 * 3. It has no distillation `CustomizationConfig` (teacher model) and requires validation data or an
 *    "Evaluation percentage" hyperparameter, which Nova and Titan do not take: both are rendered from our request.
 * 4. Its IAM (CreateModelCustomizationJob and TagResource, PassRole without `iam:PassedToService`) lacks the
 *    GetModelCustomizationJob and StopModelCustomizationJob that the .sync pattern needs (Step Functions developer
 *    guide, "IAM policies for calling Amazon Bedrock"). The state machine role therefore does not take the task's
 *    statements: it gets ours (permissions.ts).
 */
import { Aws } from 'aws-cdk-lib';
import type * as bedrock from 'aws-cdk-lib/aws-bedrock';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** The CreateModelCustomizationJob request, in the field names of the API (camelCase). */
export type JobRequest = Readonly<Record<string, unknown>>;

/** Properties of TrainingTask. */
export interface TrainingTaskProps extends sfn.TaskStateBaseProps {
  /** The request (without jobName): rendered as the task's parameters, in Step Functions' PascalCase. */
  readonly request: JobRequest;
  /** Where the job name comes from (a JsonPath of the execution input). */
  readonly jobName: string;
  /** The role Bedrock assumes (the service role). */
  readonly serviceRole: tasks.BedrockCreateModelCustomizationJobProps['role'];
  /** A bucket of the request: aws-cdk-lib's task needs one for its (unused) S3 parameters. */
  readonly bucket: s3.IBucket;
}

/** `createModelCustomizationJob.sync`, with the parameters of our request. */
export class TrainingTask extends tasks.BedrockCreateModelCustomizationJob {
  private readonly request: JobRequest;
  private readonly jobNamePath: string;

  constructor(scope: Construct, id: string, props: TrainingTaskProps) {
    const baseModel: bedrock.IModel = { modelArn: String(props.request.baseModelIdentifier) };
    super(scope, id, {
      ...props,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      baseModel,
      customModelName: String(props.request.customModelName),
      jobName: props.jobName,
      role: props.serviceRole,
      trainingData: { bucket: props.bucket },
      outputData: { bucket: props.bucket },
      // Satisfies the task's check only; the validators rendered are those of the request (see 3. above).
      validationData: [{ bucket: props.bucket }],
    });
    this.request = props.request;
    this.jobNamePath = props.jobName;
  }

  /** @internal */
  protected override _renderTask(): unknown {
    return {
      Resource: `arn:${Aws.PARTITION}:states:::bedrock:createModelCustomizationJob.sync`,
      Parameters: sfn.FieldUtils.renderObject({ ...pascalCase(this.request), JobName: this.jobNamePath }),
    };
  }
}

/** Step Functions takes service parameters in PascalCase, even where the API is camelCase; map keys are kept. */
export function pascalCase(value: JobRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const key = k.charAt(0).toUpperCase() + k.slice(1);
    out[key] = k === 'hyperParameters' ? v : convert(v);
  }
  return out;
}

function convert(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(convert);
  if (v !== null && typeof v === 'object') return pascalCase(v as JobRequest);
  return v;
}
