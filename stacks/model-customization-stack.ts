import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { GovernanceKeys } from '../constructs/governance-keys/governance-keys';
import {
  CustomizationTypeName,
  ModelCustomizationHyperParameters,
  ModelCustomizationJob,
  ModelCustomizationThroughput,
} from '../constructs/model-customization-job/model-customization-job';
import { notificationKey as createNotificationKey } from '../constructs/model-customization-job/notification-key';
import { GovernedBucket } from '../constructs/private/governed-bucket';
import { THROUGHPUT_TAG_KEY } from '../policies/iam/throughput';
import { ProvisionedThroughput, ProvisionedThroughputCommitment } from '../constructs/provisioned-throughput/provisioned-throughput';
import { TrainingDataset } from '../constructs/training-dataset/training-dataset';
import { validationError } from '../constructs/private/engine-errors';
import { normalizeCustomizationType } from '../policies/customization/hyperparameters';

/** A dataset of local JSONL files. */
export interface CustomizationDatasetSpec {
  /** Name, unique among datasets (construct id `Dataset<Name>`). */
  readonly name: string;
  readonly baseModel: string;
  readonly customizationType: CustomizationTypeName;
  /** Local JSONL files, validated at synth. */
  readonly files: readonly string[];
  /** @default 'training' */
  readonly split?: 'training' | 'validation';
}

/** A customization job over named datasets. */
export interface CustomizationJobSpec {
  readonly name: string;
  readonly baseModel: string;
  readonly customizationType: CustomizationTypeName;
  /** Name of a training dataset. */
  readonly trainingDataset: string;
  /** @default - none */
  readonly validationDataset?: string;
  /** @default - the base model's defaults */
  readonly hyperParameters?: ModelCustomizationHyperParameters;
  readonly customModelName: string;
  /** Teacher model (distillation only). @default - none */
  readonly teacherModel?: string;
}

/**
 * Provisioned throughput for a job's custom model (bought by the job's workflow when the job succeeds) or for a
 * foundation model (a CloudFormation-managed ProvisionedThroughput).
 */
export interface CustomizationThroughputSpec {
  readonly name: string;
  readonly model: { readonly job: string } | { readonly foundationModel: string };
  readonly modelUnits: number;
  /** @default 'none' */
  readonly commitment?: ProvisionedThroughputCommitment;
  /** @default false */
  readonly acknowledgeCommitmentCost?: boolean;
}

/** Keys from the landing zone. */
export interface CustomizationKeys {
  /** Training data, outputs and custom models. */
  readonly trainingData: kms.IKey;
  /** Log groups of the custom resources. */
  readonly logs: kms.IKey;
}

/** Properties of the reference customization stack. */
export interface ModelCustomizationStackProps extends StackProps {
  readonly datasets: readonly CustomizationDatasetSpec[];
  readonly jobs: readonly CustomizationJobSpec[];
  /** @default - none */
  readonly provisionedThroughput?: readonly CustomizationThroughputSpec[];
  /** The landing zone's keys. @default - keys of this stack (GovernanceKeys) */
  readonly keys?: CustomizationKeys;
  /** The landing zone's access-log bucket. @default - a bucket of this stack */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

const pascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/** The workflow's throughput terms for a spec. */
function throughputOf(t: CustomizationThroughputSpec | undefined): ModelCustomizationThroughput | undefined {
  return t && { modelUnits: t.modelUnits, commitment: t.commitment, acknowledgeCommitmentCost: t.acknowledgeCommitmentCost, tags: governanceTag(t) };
}

/**
 * The governance tag of a throughput (`THROUGHPUT_TAG_KEY = <name>`), set when it is bought: team policies, endpoint
 * policies and the SCP grant invocation by it, since the throughput's ARN is not known before it exists.
 */
function governanceTag(t: CustomizationThroughputSpec): Record<string, string> {
  return { [THROUGHPUT_TAG_KEY]: t.name };
}

/**
 * Reference stack: datasets validated and uploaded to a governed bucket, customization jobs run by Step Functions
 * workflows (started by the deployment, not waited for) that produce custom models and buy their provisioned
 * throughput, and provisioned throughput of foundation models. Uses the landing zone's keys when given. Outputs, per
 * job: the workflow's ARN, how to see its status, the notification topic.
 */
export class ModelCustomizationStack extends Stack {
  public readonly datasets: Readonly<Record<string, TrainingDataset>>;
  public readonly jobs: Readonly<Record<string, ModelCustomizationJob>>;
  /** Throughput of foundation models (CloudFormation resources); a job's throughput is bought by its workflow. */
  public readonly throughput: Readonly<Record<string, ProvisionedThroughput>>;

  constructor(scope: Construct, id: string, props: ModelCustomizationStackProps) {
    super(scope, id, props);
    const ownKeys = props.keys ? undefined : new GovernanceKeys(this, 'Keys', { aliasPrefix: 'alias/bedrock-customization' });
    const keys: CustomizationKeys = props.keys ?? { trainingData: ownKeys!.trainingData, logs: ownKeys!.auditLogs };
    const accessLogs =
      props.serverAccessLogsBucket ??
      new GovernedBucket(this, 'AccessLogs', {
        notReplicatedBecause: 'server access logs of the customization buckets are kept beside them in this account and region; CloudTrail is the audit record',
      }).bucket;
    const data = new GovernedBucket(this, 'Data', {
      encryptionKey: keys.trainingData,
      serverAccessLogsBucket: accessLogs,
      notReplicatedBecause: 'training data and custom-model outputs stay in the region where Bedrock customizes the model (data residency)',
    }).bucket;

    const datasets: Record<string, TrainingDataset> = {};
    const fail = (msg: string): never => {
      throw validationError('ModelCustomizationStackInvalid', msg, this);
    };
    for (const d of props.datasets) {
      const type =
        normalizeCustomizationType(d.customizationType) ??
        fail(`datasets '${d.name}': customizationType '${d.customizationType}' is not fine-tuning, continued-pre-training or distillation`);
      datasets[d.name] = new TrainingDataset(this, `Dataset${pascal(d.name)}`, {
        baseModel: d.baseModel,
        customizationType: type,
        split: d.split,
        files: d.files,
        bucket: data,
        encryptionKey: keys.trainingData,
        keyPrefix: `datasets/${d.name}/`,
        logEncryptionKey: keys.logs,
      });
    }
    const jobThroughput = new Map<string, CustomizationThroughputSpec>();
    for (const t of props.provisionedThroughput ?? []) {
      if (!('job' in t.model)) continue;
      if (!props.jobs.some((j) => 'job' in t.model && j.name === t.model.job))
        fail(`provisionedThroughput '${t.name}': job '${t.model.job}' is not one of the jobs`);
      if (jobThroughput.has(t.model.job))
        fail(`provisionedThroughput '${t.name}': job '${t.model.job}' already has a provisioned throughput; accepted: one per job`);
      jobThroughput.set(t.model.job, t);
    }
    // One key for the notification topics of every job (its policy lets the account's principals use it through SNS).
    const notificationKey = props.jobs.length > 0 ? createNotificationKey(this) : undefined;
    const jobs: Record<string, ModelCustomizationJob> = {};
    for (const j of props.jobs) {
      const training = datasets[j.trainingDataset];
      if (!training)
        throw new Error(`jobs '${j.name}': trainingDataset '${j.trainingDataset}' is not one of the datasets (${Object.keys(datasets).join(', ')})`);
      const validation = j.validationDataset ? datasets[j.validationDataset] : undefined;
      if (j.validationDataset && !validation) fail(`jobs '${j.name}': validationDataset '${j.validationDataset}' is not one of the datasets`);
      const job = new ModelCustomizationJob(this, `Job${pascal(j.name)}`, {
        baseModel: j.baseModel,
        customizationType: j.customizationType,
        trainingData: training,
        validationData: validation,
        hyperParameters: j.hyperParameters,
        customModelName: j.customModelName,
        teacherModel: j.teacherModel,
        output: { bucket: data, keyPrefix: `outputs/${j.name}/`, encryptionKey: keys.trainingData },
        customModelKey: keys.trainingData,
        logEncryptionKey: keys.logs,
        notificationKey,
        provisionedThroughput: throughputOf(jobThroughput.get(j.name)),
      });
      jobs[j.name] = job;
      const id = pascal(j.name);
      new CfnOutput(this, `${id}StateMachineArn`, {
        description: `Job '${j.name}': the Step Functions workflow that runs it (the deployment starts it and does not wait)`,
        value: job.stateMachine.stateMachineArn,
      });
      new CfnOutput(this, `${id}Status`, {
        description: `Job '${j.name}': how to see its status (executions of the workflow; the job is ${job.jobName})`,
        value: `${job.statusCommand}  |  aws bedrock get-model-customization-job --job-identifier ${job.jobName}`,
      });
      new CfnOutput(this, `${id}NotificationTopicArn`, {
        description: `Job '${j.name}': success and failure notifications (subscribe to be told when training ends)`,
        value: job.notificationTopic.topicArn,
      });
    }
    const throughput: Record<string, ProvisionedThroughput> = {};
    for (const t of props.provisionedThroughput ?? []) {
      if ('job' in t.model) continue; // bought by the job's workflow
      throughput[t.name] = new ProvisionedThroughput(this, `Throughput${pascal(t.name)}`, {
        model: t.model.foundationModel,
        modelUnits: t.modelUnits,
        commitment: t.commitment,
        acknowledgeCommitmentCost: t.acknowledgeCommitmentCost,
        logEncryptionKey: keys.logs,
        tags: governanceTag(t),
      });
    }
    this.datasets = datasets;
    this.jobs = jobs;
    this.throughput = throughput;
  }
}
