import { CustomResource, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { CustomizationType } from '../../policies/customization/hyperparameters';
import { providerFrameworkRoles } from '../private/provider-roles';
import { validationError } from '../private/engine-errors';
import type { ICustomModel, IDatasetLocation } from '../training-dataset/dataset-location';
import { acknowledgeFindings } from './acknowledgements';
import { handlerBundle } from './bundle';
import { QUERY_INTERVAL_SECONDS } from './constants';
import { createServiceRole, handlerStatements } from './permissions';
import { validateProps } from './validate';

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
  /** KMS key for the log groups of the custom resource's functions; its policy must let CloudWatch Logs use it (`GovernanceKeys.auditLogs` does). */
  readonly logEncryptionKey: kms.IKey;
  /**
   * Customer-managed key the custom model is encrypted with (`customModelKmsKeyId`). Its key policy must let the
   * service role and the handler role use it through Bedrock.
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
   * How long the deployment waits for the job: whole minutes, 5 to 60 (CloudFormation waits at most one hour for
   * a custom resource). At the timeout the deployment fails naming the job; the timeout does not stop the job, but
   * a rollback deletes the resource, which stops a job in progress.
   * @default Duration.minutes(60)
   */
  readonly timeout?: Duration;
  /**
   * Wait for the job to complete. With `false` the deployment only starts the job: `customModelArn` is then not
   * available (it throws at synth), use `jobArn` and look the model up when the job is done.
   * @default true
   */
  readonly waitForCompletion?: boolean;
  /**
   * Delete the custom model when the resource is deleted (stack deletion, or replacement after a change of the
   * training inputs). Never deleted otherwise.
   * @default false
   */
  readonly deleteCustomModelOnDelete?: boolean;
}

/**
 * An Amazon Bedrock model customization job (fine-tuning, continued pre-training or distillation) and the custom
 * model it produces, as a custom resource: a service role with least privilege, and a Provider that starts the job,
 * waits for it and returns the custom model ARN.
 *
 * @example
 * const job = new ModelCustomizationJob(this, 'SupportBot', {
 *   baseModel: 'amazon.titan-text-express-v1:0:8k',
 *   customizationType: 'FINE_TUNING',
 *   trainingData: dataset,
 *   customModelName: 'support-bot-v1',
 *   output: { bucket: outputBucket, keyPrefix: 'support-bot/' },
 *   logEncryptionKey: keys.auditLogs,
 * });
 * job.customModelArn;
 */
export class ModelCustomizationJob extends Construct implements ICustomModel {
  /** The role Bedrock assumes to run the job. */
  public readonly role: iam.IRole;
  /** ARN of the job (the custom resource's physical id); a token until deployed. */
  public readonly jobArn: string;
  /** The custom resource. */
  public readonly resource: CustomResource;
  /** The function that starts, updates and stops the job (onEvent). */
  public readonly handler: lambda.IFunction;
  /** The function that polls the job (isComplete). */
  public readonly isCompleteHandler: lambda.IFunction;
  private readonly waitsForCompletion: boolean;

  constructor(scope: Construct, id: string, props: ModelCustomizationJobProps) {
    super(scope, id);
    const settings = validateProps(this, props);
    const bundle = handlerBundle(this);
    const { region } = Stack.of(this);
    this.waitsForCompletion = settings.waitForCompletion;

    const { role, policy: servicePolicy } = createServiceRole(this, props, settings);
    this.role = role;

    const handlerLogGroup = new logs.LogGroup(this, 'HandlerLogGroup', {
      encryptionKey: props.logEncryptionKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const handlerPolicy = new iam.ManagedPolicy(this, 'HandlerPolicy', {
      description: 'Starts, polls and stops the Bedrock model customization job (ModelCustomizationJob custom resource handler)',
      statements: handlerStatements(this, props, settings, role, handlerLogGroup.logGroupArn),
    });
    const handlerRole = new iam.Role(this, 'HandlerRole', {
      description: 'Starts, polls and stops the Bedrock model customization job (custom resource handler)',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [handlerPolicy],
    });
    const fn = (fnId: string, entry: 'onEvent' | 'isComplete', description: string): lambda.Function =>
      new lambda.Function(this, fnId, {
        description,
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: `index.${entry}`,
        code: lambda.Code.fromAsset(bundle),
        timeout: Duration.minutes(5),
        memorySize: 256,
        role: handlerRole,
        logGroup: handlerLogGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
      });
    const onEvent = fn('Handler', 'onEvent', 'Starts, replaces and stops the Amazon Bedrock model customization job (ModelCustomizationJob)');
    const isComplete = fn('IsCompleteHandler', 'isComplete', 'Polls the Amazon Bedrock model customization job (ModelCustomizationJob)');
    this.handler = onEvent;
    this.isCompleteHandler = isComplete;

    const providerLogGroup = new logs.LogGroup(this, 'ProviderLogGroup', {
      encryptionKey: props.logEncryptionKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const [providerRole, waiterRole] = providerFrameworkRoles(this, 'ModelCustomizationJob', providerLogGroup, [
      { id: 'ProviderRole', what: 'invokes the onEvent handler' },
      { id: 'ProviderWaiterRole', what: 'invokes the isComplete handler and reports timeouts' },
    ]);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(QUERY_INTERVAL_SECONDS),
      totalTimeout: settings.timeout,
      logGroup: providerLogGroup,
      frameworkOnEventRole: providerRole,
      frameworkCompleteAndTimeoutRole: waiterRole,
    });

    const { bucket, keyPrefix } = props.output;
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::BedrockModelCustomizationJob',
      properties: {
        Region: region,
        JobNamePrefix: Names.uniqueResourceName(this, { maxLength: 40, separator: '-' }),
        Job: {
          roleArn: role.roleArn,
          baseModelIdentifier: props.baseModel,
          customizationType: settings.customizationType,
          customModelName: props.customModelName,
          trainingDataConfig: { s3Uri: props.trainingData.s3Uri },
          ...(props.validationData ? { validationDataConfig: { validators: [{ s3Uri: props.validationData.s3Uri }] } } : {}),
          outputDataConfig: { s3Uri: `s3://${bucket.bucketName}/${keyPrefix}` },
          ...(Object.keys(settings.hyperParameters).length > 0 ? { hyperParameters: settings.hyperParameters } : {}),
          ...(props.customModelKey ? { customModelKmsKeyId: props.customModelKey.keyArn } : {}),
          ...(props.vpcConfig
            ? {
                vpcConfig: {
                  subnetIds: props.vpcConfig.vpc.selectSubnets(props.vpcConfig.subnets).subnetIds,
                  securityGroupIds: props.vpcConfig.securityGroups.map((sg) => sg.securityGroupId),
                },
              }
            : {}),
          ...(settings.teacherModelId
            ? {
                customizationConfig: {
                  distillationConfig: {
                    teacherModelConfig: { teacherModelIdentifier: settings.teacherModelId, maxResponseLengthForInference: props.maxResponseLengthForInference },
                  },
                },
              }
            : {}),
        },
        ...(settings.tags.length > 0 ? { Tags: settings.tags } : {}),
        WaitForCompletion: settings.waitForCompletion,
        DeleteCustomModelOnDelete: settings.deleteCustomModelOnDelete,
        TimeoutSeconds: settings.timeout.toSeconds(),
        QueryIntervalSeconds: QUERY_INTERVAL_SECONDS,
      },
    });
    // Bedrock checks the role's access when the job is created: the role and its policy come first (and stay
    // until the job is stopped on delete).
    this.resource.node.addDependency(role, servicePolicy);
    this.jobArn = this.resource.getAttString('JobArn');

    acknowledgeFindings({ handlers: [onEvent, isComplete], handlerPolicy, servicePolicy, frameworkRoles: [providerRole, waiterRole], provider });
  }

  /**
   * ARN of the custom model (`arn:aws:bedrock:<region>:<account>:custom-model/…`); a token until deployed.
   * Not available with `waitForCompletion: false` (the model does not exist yet when the stack completes).
   */
  public get customModelArn(): string {
    if (!this.waitsForCompletion) {
      throw validationError(
        'ModelCustomizationJobNoModelArn',
        `customModelArn is not available when waitForCompletion is false: the deployment only starts the job; accepted: waitForCompletion: true, or use jobArn and look the model up when the job is done`,
        this,
      );
    }
    return this.resource.getAttString('CustomModelArn');
  }
}
