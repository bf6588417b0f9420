import { ArnFormat, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { CustomizationType } from '../../policies/customization/hyperparameters';
import { validationError } from '../private/engine-errors';
import type { ProvisionedThroughputCommitment } from '../provisioned-throughput/provisioned-throughput';
import type { ICustomModel, IDatasetLocation } from '../training-dataset/dataset-location';
import { acknowledgeFindings } from './acknowledgements';
import { jobNameFor } from './naming';
import { jobRequest } from './request';
import { notificationKey } from './notification-key';
import { createServiceRole, stateMachineStatements, starterStatements } from './permissions';
import { WorkflowStarter } from './starter';
import { validateProps } from './validate';
import { workflowDefinition } from './workflow';

/**
 * The customization type: the API names, or the lower-case / kebab-case forms users write in YAML
 * (`'fine-tuning'`, `'continued-pre-training'`, `'distillation'`).
 */
export type CustomizationTypeName = CustomizationType | 'fine-tuning' | 'continued-pre-training' | 'distillation';

/** Hyperparameters of the job; which ones apply, their ranges and defaults depend on the base model (see the README). */
export interface ModelCustomizationHyperParameters {
  /** Passes through the training data. */
  readonly epochCount?: number;
  /** Samples per parameter update. */
  readonly batchSize?: number;
  /** Learning rate (Titan, Nova, Llama). */
  readonly learningRate?: number;
  /** Steps over which the learning rate ramps up (Titan, Nova). */
  readonly learningRateWarmupSteps?: number;
  /** Multiplier of the learning rate (Claude 3 Haiku). */
  readonly learningRateMultiplier?: number;
  /** Minimum validation-loss improvement before stopping early (Claude 3 Haiku). */
  readonly earlyStoppingThreshold?: number;
  /** Evaluations without improvement before stopping early (Claude 3 Haiku). */
  readonly earlyStoppingPatience?: number;
}

/** Where the job writes its output (metrics, not the model: Bedrock keeps the model). */
export interface ModelCustomizationOutput {
  /** The output bucket. */
  readonly bucket: s3.IBucket;
  /** Key prefix of the output, without a leading `/`, ending with `/`. */
  readonly keyPrefix: string;
  /**
   * The bucket's KMS key, when it uses SSE-KMS (the role gets kms:GenerateDataKey and kms:Decrypt through S3).
   * @default - the bucket is not encrypted with a customer-managed key
   */
  readonly encryptionKey?: kms.IKey;
}

/** Run the job in a VPC (Bedrock creates ENIs in the subnets). */
export interface ModelCustomizationVpcConfig {
  /** The VPC. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets for the job's ENIs (1 to 16).
   * @default - the VPC's private subnets
   */
  readonly subnets?: ec2.SubnetSelection;
  /** Security groups of the ENIs (1 to 5). */
  readonly securityGroups: ec2.ISecurityGroup[];
}

/** Properties of ModelCustomizationJob. */
export interface ModelCustomizationJobProps {
  /**
   * The base model: a customization id of the base-model table (`amazon.titan-text-express-v1:0:8k`), its
   * foundation-model id or ARN, or a custom-model ARN to customize further.
   */
  readonly baseModel: string;
  /** `'FINE_TUNING'`, `'CONTINUED_PRE_TRAINING'` or `'DISTILLATION'` (also `'fine-tuning'` and the like). */
  readonly customizationType: CustomizationTypeName;
  /** The training dataset (JSONL in S3); the service role gets read access to it through its `grantRead`. */
  readonly trainingData: IDatasetLocation;
  /**
   * The validation dataset.
   * @default - no validation data
   */
  readonly validationData?: IDatasetLocation;
  /**
   * Hyperparameters; those not given take the base model's defaults, which are sent explicitly.
   * @default - the base model's defaults
   */
  readonly hyperParameters?: ModelCustomizationHyperParameters;
  /** Name of the custom model: 1 to 63 characters, `^([0-9a-zA-Z][_-]?)+$`; unique in the account and region. */
  readonly customModelName: string;
  /** Where the job writes its output; the role may write only under this prefix. */
  readonly output: ModelCustomizationOutput;
  /** KMS key of the log groups (the workflow's, the start function's); its policy must let CloudWatch Logs use it (`GovernanceKeys.auditLogs` does). */
  readonly logEncryptionKey: kms.IKey;
  /**
   * Customer-managed key the custom model is encrypted with (`customModelKmsKeyId`). Its key policy must let the
   * service role and the state machine role use it through Bedrock.
   * @default - an AWS-owned key
   */
  readonly customModelKey?: kms.IKey;
  /**
   * Teacher foundation model id (DISTILLATION only, required there).
   * @default - none
   */
  readonly teacherModel?: string;
  /**
   * Longest teacher response used for distillation, in tokens (DISTILLATION only).
   * @default - Bedrock's default
   */
  readonly maxResponseLengthForInference?: number;
  /**
   * Run the job in a VPC. Only then does the role get EC2 ENI permissions, scoped to these subnets and groups.
   * @default - no VPC
   */
  readonly vpcConfig?: ModelCustomizationVpcConfig;
  /**
   * Tags of the job and of the custom model.
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Deprecated: the deployment no longer waits for the job (it runs in a Step Functions workflow, beyond
   * CloudFormation's one hour). Still checked (whole minutes, 5 to 60), otherwise ignored with a warning.
   * @deprecated remove it; the workflow has no deployment-side timeout
   * @default - not used
   */
  readonly timeout?: Duration;
  /**
   * Deprecated: the deployment never waits for training any more; `true` is ignored with a warning. The custom model
   * ARN is known when the workflow succeeds (notification topic, execution output, `aws bedrock get-model-customization-job`).
   * @deprecated remove it
   * @default - not used
   */
  readonly waitForCompletion?: boolean;
  /**
   * Delete the custom model named `customModelName` when this construct's resources are deleted (stack deletion, or
   * removal from the app). Never deleted otherwise, and never by a rollback of an update.
   * @default false
   */
  readonly deleteCustomModelOnDelete?: boolean;
  /**
   * Stop the workflow's execution, and with it a job still in progress, when the start resource is deleted: stack
   * deletion, a rollback of the deployment that started it, or a change of the training inputs (which starts a new
   * job). Without it a job, once started, always runs to its end (and is billed to its end).
   * @default false
   */
  readonly stopJobOnDelete?: boolean;
  /**
   * Provisioned throughput the workflow buys for the new custom model when the job succeeds (a custom model is invoked
   * only through provisioned throughput), or points at the new model when a throughput of that name exists. It is
   * not a CloudFormation resource: deleting the stack does not delete it (see the README).
   * @default - none
   */
  readonly provisionedThroughput?: ModelCustomizationThroughput;
  /**
   * Customer-managed key of the notification topic. Its key policy must let the state machine role use it through
   * SNS (`kms:GenerateDataKey`, `kms:Decrypt` with `kms:ViaService` = `sns.<region>.amazonaws.com`).
   * @default - a key of this construct: rotation on, retained, usable by the account's principals only through SNS
   */
  readonly notificationKey?: kms.IKey;
  /**
   * Run the job again with the same training inputs (after a failure or a stop): a different number gives the job
   * and the execution a new name (`-r<n>`). Redeploying the same inputs and number never restarts a job.
   * @default 1
   */
  readonly runAttempt?: number;
}

/** The provisioned throughput the workflow buys (or updates) for the custom model when the job succeeds. */
export interface ModelCustomizationThroughput {
  /** Model units: an integer from 1 to 100. Not changed on an existing throughput (the default name includes it). */
  readonly modelUnits: number;
  /**
   * `'none'`, `'one-month'` or `'six-months'`; a commitment needs `acknowledgeCommitmentCost: true`.
   * @default 'none'
   */
  readonly commitment?: ProvisionedThroughputCommitment;
  /**
   * Accept the cost of a commitment (synth fails without it when `commitment` is not `'none'`).
   * @default false
   */
  readonly acknowledgeCommitmentCost?: boolean;
  /**
   * Name of the throughput; the workflow updates the throughput of this name when it exists.
   * @default - the construct's unique name, the model units and the commitment
   */
  readonly provisionedModelName?: string;
  /**
   * Tags of a throughput the workflow buys.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An Amazon Bedrock model customization job (fine-tuning, continued pre-training or distillation) run by a Step
 * Functions standard workflow, so that training can outlast CloudFormation's one-hour limit: the deployment only
 * starts the workflow (idempotently: the execution and the job are named after a hash of the training inputs) and
 * never waits for training. The workflow runs the job (`createModelCustomizationJob.sync`), buys or updates the
 * provisioned throughput when configured, and reports the outcome on a KMS-encrypted SNS topic. Rollback and
 * deletion never stop a job or delete a custom model unless `stopJobOnDelete` / `deleteCustomModelOnDelete` say so.
 *
 * @example
 * const job = new ModelCustomizationJob(this, 'SupportBot', {
 *   baseModel: 'amazon.titan-text-express-v1:0:8k',
 *   customizationType: 'FINE_TUNING',
 *   trainingData: dataset,
 *   customModelName: 'support-bot-v1',
 *   output: { bucket: outputBucket, keyPrefix: 'support-bot/' },
 *   logEncryptionKey: keys.auditLogs,
 *   provisionedThroughput: { modelUnits: 1 },
 * });
 * job.stateMachine.stateMachineArn; job.notificationTopic.topicArn;
 */
export class ModelCustomizationJob extends Construct implements ICustomModel {
  /** The role Bedrock assumes to run the job. */
  public readonly role: iam.IRole;
  /** The standard workflow that runs the job (and buys the throughput). */
  public readonly stateMachine: sfn.StateMachine;
  /** The role of the state machine. */
  public readonly stateMachineRole: iam.IRole;
  /** Where the workflow reports success and failure (encrypted with `notificationKey`). */
  public readonly notificationTopic: sns.Topic;
  /** The key of the notification topic. */
  public readonly notificationKey: kms.IKey;
  /** The execution log group of the state machine (retained). */
  public readonly logGroup: logs.LogGroup;
  /** Name of the job and of the execution: `<prefix>-<hash of the training inputs>[-r<runAttempt>]`. */
  public readonly jobName: string;
  /** ARN of the execution that runs the job (a token until deployed). */
  public readonly executionArn: string;
  /** The custom resource that starts the execution (StartExecution, idempotent). */
  public readonly start: cr.AwsCustomResource;
  /** The name of the throughput the workflow buys or updates, when configured. */
  public readonly provisionedModelName?: string;
  private readonly customModelName: string;

  constructor(scope: Construct, id: string, props: ModelCustomizationJobProps) {
    super(scope, id);
    const settings = validateProps(this, props);
    const stack = Stack.of(this);
    this.customModelName = props.customModelName;

    const { role, policy: servicePolicy } = createServiceRole(this, props, settings);
    this.role = role;

    const request = jobRequest(props, settings, role);
    this.jobName = jobNameFor(this, request, settings.runAttempt);

    this.notificationKey = props.notificationKey ?? notificationKey(this);
    this.notificationTopic = new sns.Topic(this, 'Notifications', {
      displayName: `Bedrock model customization ${props.customModelName}`,
      masterKey: this.notificationKey,
      enforceSSL: true,
    });
    this.logGroup = new logs.LogGroup(this, 'WorkflowLogGroup', {
      encryptionKey: props.logEncryptionKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const workflowPolicy = new iam.ManagedPolicy(this, 'WorkflowPolicy', {
      description: 'Runs one Bedrock model customization job (.sync), buys its provisioned throughput, notifies, logs and traces',
      statements: stateMachineStatements(this, props, settings, role, {
        topicArn: this.notificationTopic.topicArn,
        topicKeyArn: this.notificationKey.keyArn,
        throughput: settings.throughput ? { tagged: Object.keys(settings.throughput.tags).length > 0 } : undefined,
      }),
    });
    const workflowRole = new iam.Role(this, 'WorkflowRole', {
      description: 'Runs the Bedrock model customization workflow (Step Functions state machine of ModelCustomizationJob)',
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      managedPolicies: [workflowPolicy],
    });
    this.stateMachineRole = workflowRole;

    const definition = workflowDefinition(this, {
      request,
      serviceRole: role,
      bucket: props.output.bucket,
      topic: this.notificationTopic,
      throughput: settings.throughput,
      customModelName: props.customModelName,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: `Trains ${props.customModelName} (Bedrock model customization) beyond CloudFormation's one-hour limit`,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // The role gets exactly the statements above (the tasks' own grants are replaced, see training-task.ts).
      role: workflowRole.withoutPolicyUpdates(),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    // The role's policy (log delivery) is checked when the state machine is created; the role itself is referenced.
    this.stateMachine.node.addDependency(workflowPolicy);
    this.provisionedModelName = settings.throughput?.provisionedModelName;

    const executionsArn = stack.formatArn({
      service: 'states',
      resource: 'execution',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: `${this.stateMachine.stateMachineName}:*`,
    });
    this.executionArn = stack.formatArn({
      service: 'states',
      resource: 'execution',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: `${this.stateMachine.stateMachineName}:${this.jobName}`,
    });

    const starter = WorkflowStarter.of(this, props.logEncryptionKey);
    starter.policy.addStatements(
      ...starterStatements(this, Names.uniqueId(this).replace(/[^A-Za-z0-9]/g, ''), settings, this.stateMachine.stateMachineArn, executionsArn),
    );
    const startCall: cr.AwsSdkCall = {
      service: 'SFN',
      action: 'startExecution',
      parameters: { stateMachineArn: this.stateMachine.stateMachineArn, name: this.jobName, input: JSON.stringify({ jobName: this.jobName }) },
      physicalResourceId: cr.PhysicalResourceId.of(this.executionArn),
      // Same name and input as an execution that exists: running → the same execution; finished → this error. Either
      // way the job is not started again.
      ignoreErrorCodesMatching: 'ExecutionAlreadyExists',
    };
    this.start = new cr.AwsCustomResource(this, 'Start', {
      resourceType: 'Custom::BedrockModelCustomizationStart',
      role: starter.role,
      logGroup: starter.logGroup,
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
      onCreate: startCall,
      onUpdate: startCall,
      onDelete: settings.stopJobOnDelete
        ? {
            service: 'SFN',
            action: 'stopExecution',
            parameters: { executionArn: new cr.PhysicalResourceIdReference(), cause: 'ModelCustomizationJob stopJobOnDelete: the start resource was deleted' },
            ignoreErrorCodesMatching: 'ExecutionDoesNotExist',
          }
        : undefined,
    });
    // The request the workflow sends, also on the start resource: `cdk diff` shows what a deployment would train, and
    // the compliance rules that read CreateModelCustomizationJob requests (CustomerManagedKey) see it. The function
    // ignores the property.
    const startResource = this.start.node.findChild('Resource').node.defaultChild as CfnResource;
    startResource.addPropertyOverride('Job', { ...request, jobName: this.jobName });
    // The state machine and the service role are referenced; their policies, and the starter's, come first too.
    this.start.node.addDependency(servicePolicy, workflowPolicy, starter.policy);

    if (settings.deleteCustomModelOnDelete) {
      const deleteModel = new cr.AwsCustomResource(this, 'DeleteModelOnDelete', {
        resourceType: 'Custom::BedrockCustomModelDeletion',
        role: starter.role,
        logGroup: starter.logGroup,
        installLatestAwsSdk: false,
        timeout: Duration.minutes(2),
        onDelete: {
          service: 'Bedrock',
          action: 'deleteCustomModel',
          parameters: { modelIdentifier: props.customModelName },
          physicalResourceId: cr.PhysicalResourceId.of(props.customModelName),
          ignoreErrorCodesMatching: 'ResourceNotFoundException',
        },
      });
      deleteModel.node.addDependency(starter.policy);
    }

    // A job outlives the stack unless stopped: what it needs to finish (and to report) is kept on stack deletion.
    for (const c of [role, servicePolicy, workflowRole, workflowPolicy, this.stateMachine, this.notificationTopic]) {
      (c.node.defaultChild as CfnResource).applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    acknowledgeFindings({ servicePolicy, workflowPolicy, starter, start: this.start });
  }

  /** The command that lists the workflow's executions and their status. */
  public get statusCommand(): string {
    return `aws stepfunctions list-executions --region ${Stack.of(this).region} --state-machine-arn ${this.stateMachine.stateMachineArn}`;
  }

  /**
   * Not available: the custom model exists only once the workflow's job completes, after the deployment. Use
   * `provisionedThroughput` to have the workflow buy throughput for it, or read the ARN from the notification topic.
   */
  public get customModelArn(): string {
    throw validationError(
      'ModelCustomizationJobNoModelArn',
      `customModelArn is not available: the deployment only starts the job (it runs in a Step Functions workflow, beyond CloudFormation's one hour), so ` +
        `the custom model does not exist when the stack completes; accepted: provisionedThroughput on this construct (the workflow buys it when ` +
        `the job succeeds), or the custom model '${this.customModelName}' looked up once the notification topic reports it`,
      this,
    );
  }
}
