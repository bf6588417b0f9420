/**
 * The base models Amazon Bedrock can customize, with the JSONL format and the dataset limits of each customization
 * type: plain data (no CDK), checked against the Bedrock user guide ("Prepare data for fine-tuning your models" and its
 * "Model requirements for training and validation datasets", "Supported models and Regions for fine-tuning",
 * "Prepare your training datasets for distillation") and the Amazon Nova user guide. What those pages do not state is
 * listed in each entry's `unconfirmed` and in the table of constructs/training-dataset/README.md. Record quotas are
 * adjustable through Service Quotas: pass raised values as the `limits` option rather than editing this table.
 */
import { closest } from '../iam/glob';
import type { ConversationFormat, CustomizationBaseModel, CustomizationSpec, CustomizationType, DatasetLimits } from './types';
import { CUSTOMIZATION_TYPES } from './types';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** Terms the Nova user guide reserves: a system or user prompt containing one fails the job. */
export const NOVA_RESERVED_KEYWORDS: readonly string[] = ['User:', 'Bot:', 'Assistant:', 'System:', '<image>', '<video>', '[EOS]'];
/** Image formats of the Nova understanding models (Nova user guide and AWS sample validator). */
const NOVA_IMAGE_FORMATS: readonly string[] = ['png', 'jpeg', 'gif', 'webp'];
/** Image formats of Llama 3.2 11B and 90B Vision Instruct (Bedrock user guide). */
const LLAMA_IMAGE_FORMATS: readonly string[] = ['gif', 'jpeg', 'png', 'webp'];

const spec = (format: CustomizationSpec['format'], limits: DatasetLimits, unconfirmed: CustomizationSpec['unconfirmed'] = []): CustomizationSpec => ({
  format,
  limits,
  unconfirmed,
});
const promptCompletion = { kind: 'prompt-completion' } as const;
const continuedPretraining = { kind: 'continued-pretraining' } as const;
const converse = (turns: ConversationFormat['turns'], extra: Partial<ConversationFormat> = {}): ConversationFormat => ({
  kind: 'conversation',
  schema: 'bedrock-conversation-2024',
  turns,
  assistant: 'required',
  ...extra,
});
/** Distillation input: Converse-shaped prompts, the assistant answer optional (the teacher writes it). */
const distillation = (turns: ConversationFormat['turns'], extra: Partial<ConversationFormat> = {}): ConversationFormat =>
  converse(turns, { assistant: 'optional', ...extra });

/**
 * Titan Text (user guide, "Model requirements"): 4,096 input+output tokens at batch size 1, training file ≤ 1 GB,
 * validation file ≤ 100 MB. Record counts (10,000 training / 1,000 validation for fine-tuning, 100,000 for
 * continued pre-training) are the quotas page's defaults as we knew them: *unconfirmed* here.
 */
const titanFineTuning = (maxTrainingRecords: number): CustomizationSpec =>
  spec(promptCompletion, { maxTrainingRecords, maxValidationRecords: 1_000, maxTokensPerRecord: 4_096, maxTrainingBytes: GB, maxValidationBytes: 100 * MB }, [
    'maxTrainingRecords',
    'maxValidationRecords',
  ]);
const titanContinuedPretraining = spec(
  continuedPretraining,
  { maxTrainingRecords: 100_000, maxValidationRecords: 1_000, maxTokensPerRecord: 4_096, maxTrainingBytes: 10 * GB, maxValidationBytes: 100 * MB },
  ['maxTrainingRecords', 'maxValidationRecords', 'maxTokensPerRecord', 'maxTrainingBytes', 'maxValidationBytes'],
);

/**
 * Meta Llama 3.1/3.2 (user guide): 16,000 input+output tokens (10,000 for 3.2 90B); at least 100 and at most 10,000
 * records, training and validation together; the minimum is applied to the training dataset alone (stricter: with 90
 * training and 10 validation records, pass `limits: { minRecords: 90 }`). File sizes are not documented.
 */
const llamaLimits = (maxTokensPerRecord: number): DatasetLimits => ({ minRecords: 100, maxTrainingRecords: 10_000, maxTokensPerRecord });
/** Llama as a distillation student: single-turn only (user guide); limits not documented. */
const llamaDistillation = spec(distillation('single'), {});

/**
 * Nova understanding models (Nova user guide): Converse format, multi-turn, reserved keywords; 8 to 20,000 samples
 * (AWS sample validator `nova_ft_dataset_validator.py`, not the user guide: *unconfirmed*). Micro takes text only.
 */
const novaFineTuning = (imageFormats: readonly string[] | undefined, minRecords = 8): CustomizationSpec =>
  spec(converse('multi', { imageFormats, reservedKeywords: NOVA_RESERVED_KEYWORDS }), { minRecords, maxTrainingRecords: 20_000 }, [
    'minRecords',
    'maxTrainingRecords',
  ]);
const novaDistillation = spec(distillation('multi', { reservedKeywords: NOVA_RESERVED_KEYWORDS }), {});

const TABLE: readonly CustomizationBaseModel[] = [
  {
    id: 'amazon.titan-text-express-v1:0:8k',
    foundationModelId: 'amazon.titan-text-express-v1',
    name: 'Amazon Titan Text G1 - Express',
    idConfirmed: true,
    customizations: { FINE_TUNING: titanFineTuning(10_000), CONTINUED_PRE_TRAINING: titanContinuedPretraining },
  },
  {
    id: 'amazon.titan-text-lite-v1:0:4k',
    foundationModelId: 'amazon.titan-text-lite-v1',
    name: 'Amazon Titan Text G1 - Lite',
    idConfirmed: false,
    customizations: { FINE_TUNING: titanFineTuning(10_000), CONTINUED_PRE_TRAINING: titanContinuedPretraining },
  },
  {
    id: 'amazon.titan-text-premier-v1:0:32k',
    foundationModelId: 'amazon.titan-text-premier-v1:0',
    name: 'Amazon Titan Text G1 - Premier',
    idConfirmed: false,
    customizations: { FINE_TUNING: titanFineTuning(20_000) },
  },
  {
    id: 'anthropic.claude-3-haiku-20240307-v1:0:200k',
    foundationModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    name: 'Anthropic Claude 3 Haiku',
    idConfirmed: true,
    customizations: {
      // User guide: single- and multi-turn, `{"system": "…", "messages": [{"role", "content": "…"}]}`; all limits documented.
      FINE_TUNING: spec(
        { kind: 'conversation', schema: 'anthropic-messages', turns: 'multi', assistant: 'required' },
        {
          minRecords: 32,
          maxTrainingRecords: 10_000,
          maxValidationRecords: 1_000,
          maxTokensPerRecord: 32_000,
          maxTrainingBytes: 10 * GB,
          maxValidationBytes: GB,
        },
      ),
      // Distillation student: "Anthropic and Meta Llama models support only single-turn conversation prompts".
      DISTILLATION: spec(distillation('single'), {}),
    },
  },
  {
    id: 'meta.llama3-1-8b-instruct-v1:0:128k',
    foundationModelId: 'meta.llama3-1-8b-instruct-v1:0',
    name: 'Meta Llama 3.1 8B Instruct',
    idConfirmed: true,
    customizations: { FINE_TUNING: spec(promptCompletion, llamaLimits(16_000)), DISTILLATION: llamaDistillation },
  },
  {
    id: 'meta.llama3-1-70b-instruct-v1:0:128k',
    foundationModelId: 'meta.llama3-1-70b-instruct-v1:0',
    name: 'Meta Llama 3.1 70B Instruct',
    idConfirmed: true,
    customizations: { FINE_TUNING: spec(promptCompletion, llamaLimits(16_000)), DISTILLATION: llamaDistillation },
  },
  {
    id: 'meta.llama3-2-1b-instruct-v1:0:128k',
    foundationModelId: 'meta.llama3-2-1b-instruct-v1:0',
    name: 'Meta Llama 3.2 1B Instruct',
    idConfirmed: true,
    customizations: { FINE_TUNING: spec(converse('multi'), llamaLimits(16_000)), DISTILLATION: llamaDistillation },
  },
  {
    id: 'meta.llama3-2-3b-instruct-v1:0:128k',
    foundationModelId: 'meta.llama3-2-3b-instruct-v1:0',
    name: 'Meta Llama 3.2 3B Instruct',
    idConfirmed: true,
    customizations: { FINE_TUNING: spec(converse('multi'), llamaLimits(16_000)), DISTILLATION: llamaDistillation },
  },
  {
    id: 'meta.llama3-2-11b-instruct-v1:0:128k',
    foundationModelId: 'meta.llama3-2-11b-instruct-v1:0',
    name: 'Meta Llama 3.2 11B Vision Instruct',
    idConfirmed: true,
    customizations: { FINE_TUNING: spec(converse('multi', { imageFormats: LLAMA_IMAGE_FORMATS }), llamaLimits(16_000)) },
  },
  {
    id: 'meta.llama3-2-90b-instruct-v1:0:128k',
    foundationModelId: 'meta.llama3-2-90b-instruct-v1:0',
    name: 'Meta Llama 3.2 90B Vision Instruct',
    idConfirmed: false,
    customizations: { FINE_TUNING: spec(converse('multi', { imageFormats: LLAMA_IMAGE_FORMATS }), llamaLimits(10_000)) },
  },
  {
    id: 'amazon.nova-micro-v1:0:128k',
    foundationModelId: 'amazon.nova-micro-v1:0',
    name: 'Amazon Nova Micro',
    idConfirmed: true,
    customizations: { FINE_TUNING: novaFineTuning(undefined), DISTILLATION: novaDistillation },
  },
  {
    id: 'amazon.nova-lite-v1:0:300k',
    foundationModelId: 'amazon.nova-lite-v1:0',
    name: 'Amazon Nova Lite',
    idConfirmed: true,
    customizations: { FINE_TUNING: novaFineTuning(NOVA_IMAGE_FORMATS), DISTILLATION: novaDistillation },
  },
  {
    id: 'amazon.nova-pro-v1:0:300k',
    foundationModelId: 'amazon.nova-pro-v1:0',
    name: 'Amazon Nova Pro',
    idConfirmed: true,
    customizations: { FINE_TUNING: novaFineTuning(NOVA_IMAGE_FORMATS), DISTILLATION: novaDistillation },
  },
  {
    id: 'amazon.nova-2-lite-v1:0:256k',
    foundationModelId: 'amazon.nova-2-lite-v1:0',
    name: 'Amazon Nova 2 Lite',
    idConfirmed: true,
    // The AWS sample validator asks for 200 to 20,000 samples for Nova 2 Lite supervised fine-tuning.
    customizations: { FINE_TUNING: novaFineTuning(['png', 'jpeg', 'gif'], 200) },
  },
];

/** The base models that support customization, as data (see the module comment for sources). */
export const CUSTOMIZATION_BASE_MODELS: readonly CustomizationBaseModel[] = TABLE;

/** Thrown for a base model or customization type the table does not know. */
export class CustomizationSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CustomizationSpecError';
  }
}

/**
 * The table entry of a base model, by its customization id (`amazon.nova-micro-v1:0:128k`) or its foundation-model id
 * (`amazon.nova-micro-v1:0`); undefined when the table does not have it.
 */
export function customizationBaseModel(id: string): CustomizationBaseModel | undefined {
  return TABLE.find((m) => m.id === id) ?? TABLE.find((m) => m.foundationModelId === id);
}

/** The customization ids closest to `id`, for "did you mean" messages. */
export function closestBaseModelIds(id: string, count = 3): string[] {
  return closest(
    id,
    TABLE.map((m) => m.id),
    count,
  );
}

/**
 * The format and limits for one base model and customization type. Throws CustomizationSpecError naming the value,
 * the closest known ids, or the types the model supports.
 */
export function customizationSpec(baseModel: string, customizationType: string): { model: CustomizationBaseModel; spec: CustomizationSpec } {
  const model = customizationBaseModel(baseModel);
  if (!model) {
    throw new CustomizationSpecError(
      `baseModel '${baseModel}' is not a base model Bedrock can customize; closest: ${closestBaseModelIds(baseModel).join(', ')}`,
    );
  }
  if (!(CUSTOMIZATION_TYPES as readonly string[]).includes(customizationType)) {
    throw new CustomizationSpecError(`customizationType '${customizationType}' is not valid; accepted: ${CUSTOMIZATION_TYPES.join(', ')}`);
  }
  const found = model.customizations[customizationType as CustomizationType];
  if (!found) {
    const supported = CUSTOMIZATION_TYPES.filter((t) => model.customizations[t] !== undefined);
    throw new CustomizationSpecError(
      `customizationType '${customizationType}' is not supported for ${model.id}; accepted for this model: ${supported.join(', ')}`,
    );
  }
  return { model, spec: found };
}
