/**
 * The `customization` section of the governance config: training datasets, model customization jobs and
 * provisioned throughput, as plain data (the TrainingDataset, ModelCustomizationJob and ProvisionedThroughput
 * constructs consume it).
 */
import { z } from 'zod';
import { identifier, MODEL_ID_RE } from './schema-common';

/** Kinds of model customization Bedrock offers. */
export const CONFIG_CUSTOMIZATION_TYPES = ['fine-tuning', 'continued-pre-training', 'distillation'] as const;

/** Commitment terms of provisioned throughput. */
export const CONFIG_COMMITMENTS = ['none', 'one-month', 'six-months'] as const;

const BaseModel = z
  .string()
  .regex(MODEL_ID_RE, 'must be a base model id such as amazon.nova-lite-v1:0:300k')
  .describe(
    'Base model to customize: its customization id (amazon.nova-lite-v1:0:300k) or foundation model id (amazon.nova-lite-v1:0); it must be a model Bedrock can customize with this customization type.',
  );

const CustomizationType = z.enum(CONFIG_CUSTOMIZATION_TYPES).describe('Kind of customization: fine-tuning, continued-pre-training or distillation.');

/** A training or validation dataset: files uploaded from the repository, or data already in S3. */
export const Dataset = z
  .strictObject({
    name: identifier('dataset').describe('Name of the dataset, unique among datasets; jobs refer to it.'),
    baseModel: BaseModel,
    customizationType: CustomizationType,
    files: z
      .array(z.string().min(1, 'must not be empty'))
      .min(1, 'must list at least one file when given')
      .optional()
      .describe('JSON Lines files to upload, relative to the config file. Exactly one of files and existing.'),
    existing: z
      .strictObject({
        bucketName: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens')
          .describe('Bucket holding the data.'),
        keyPrefix: z.string().describe('Key prefix of the data in the bucket (may be empty).'),
      })
      .optional()
      .describe('Data already in S3. Exactly one of files and existing.'),
  })
  .refine((d) => (d.files === undefined) !== (d.existing === undefined), {
    message: 'must give exactly one of files (uploaded from the repository) and existing (data already in S3)',
  })
  .describe('A dataset for model customization.');

/** Hyperparameters of a customization job; each defaults to the base model's own default. */
export const HyperParameters = z
  .strictObject({
    epochCount: z.number().int().min(1).optional().describe('Passes over the training data. Default: the base model default.'),
    batchSize: z.number().int().min(1).optional().describe('Records per batch. Default: the base model default.'),
    learningRate: z.number().positive().optional().describe('Learning rate. Default: the base model default.'),
    learningRateWarmupSteps: z.number().int().min(0).optional().describe('Steps over which the learning rate ramps up. Default: the base model default.'),
    learningRateMultiplier: z
      .number()
      .positive()
      .optional()
      .describe('Multiplier of the learning rate (models that take one). Default: the base model default.'),
    earlyStoppingThreshold: z.number().min(0).optional().describe('Smallest improvement of the validation loss that counts. Default: the base model default.'),
    earlyStoppingPatience: z.number().int().min(1).optional().describe('Epochs without improvement before training stops. Default: the base model default.'),
  })
  .describe('Hyperparameters of the job.');

/** A model customization job. */
export const Job = z
  .strictObject({
    name: identifier('job').describe('Name of the job, unique among jobs; provisioned throughput refers to it.'),
    baseModel: BaseModel,
    customizationType: CustomizationType,
    trainingDataset: z.string().describe('Name of the training dataset (one of customization.datasets).'),
    validationDataset: z.string().optional().describe('Name of the validation dataset (one of customization.datasets). Default: none.'),
    hyperParameters: HyperParameters.optional().describe('Hyperparameters of the job. Default: the base model defaults.'),
    teacherModel: z
      .string()
      .regex(MODEL_ID_RE, 'must be a foundation model id or inference profile id such as us.amazon.nova-premier-v1:0')
      .optional()
      .describe(
        'Teacher model of a distillation job (required for distillation, rejected otherwise): a model or inference profile id of the catalog. Default: none.',
      ),
    customModelName: z
      .string()
      .regex(/^([0-9a-zA-Z][_-]?){1,63}$/, "must be 1 to 63 letters and digits, each optionally followed by one '_' or '-'")
      .describe('Name of the custom model the job creates.'),
  })
  .describe('A model customization job.');

/** Provisioned throughput for a custom or foundation model. */
export const ProvisionedThroughput = z
  .strictObject({
    name: identifier('provisioned throughput').describe('Name of the provisioned throughput, unique among them.'),
    model: z
      .strictObject({
        job: z.string().optional().describe('Name of the job whose custom model is served (one of customization.jobs).'),
        foundationModel: z
          .string()
          .regex(MODEL_ID_RE, 'must be a foundation model id such as amazon.nova-lite-v1:0')
          .optional()
          .describe('Foundation model id to serve.'),
      })
      .refine((m) => (m.job === undefined) !== (m.foundationModel === undefined), {
        message: 'must give exactly one of job (a custom model of this config) and foundationModel',
      })
      .describe('The model served: { job: <job name> } or { foundationModel: <model id> }.'),
    modelUnits: z.number().int().min(1).describe('Model units to provision.'),
    commitment: z.enum(CONFIG_COMMITMENTS).default('none').describe('Commitment term; a commitment is billed for its whole term whether used or not.'),
    acknowledgeCommitmentCost: z
      .boolean()
      .optional()
      .describe('Must be true when commitment is not none: the platform team accepts the cost of the whole term. Default: false.'),
  })
  .describe('Provisioned throughput.');

/** Model customization: datasets, jobs and provisioned throughput. */
export const Customization = z
  .strictObject({
    datasets: z.array(Dataset).default([]).describe('Training and validation datasets.'),
    jobs: z.array(Job).default([]).describe('Model customization jobs.'),
    provisionedThroughput: z.array(ProvisionedThroughput).default([]).describe('Provisioned throughput for custom or foundation models.'),
  })
  .describe(
    'Model customization: datasets, jobs and provisioned throughput, in the first landing-zone region (regions[0]), encrypted with the landing-zone training-data key.',
  );
