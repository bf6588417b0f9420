/**
 * Types of the base-model table and of the dataset validator: plain data, no CDK, usable from the CLI.
 */

/** The customization types this package validates datasets for (`customizationType` of CreateModelCustomizationJob). */
export type CustomizationType = 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'DISTILLATION';

/** Every customization type, in the order the docs list them. */
export const CUSTOMIZATION_TYPES: readonly CustomizationType[] = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'];

/** Which dataset of a job a file is: the training data or the (optional) validation data. */
export type DatasetSplit = 'training' | 'validation';

/** `{"prompt": "…", "completion": "…"}` per line (non-conversational fine-tuning: Titan Text, Llama 3.1). */
export interface PromptCompletionFormat {
  readonly kind: 'prompt-completion';
}

/** `{"input": "…"}` per line (continued pre-training on unlabeled text). */
export interface ContinuedPretrainingFormat {
  readonly kind: 'continued-pretraining';
}

/**
 * The message schemas of conversational datasets:
 * - `bedrock-conversation-2024`: `{"schemaVersion": "bedrock-conversation-2024", "system": [{"text"}],
 *   "messages": [{"role", "content": [{"text"} | {"image"}]}]}` (Converse API shape: Nova, Llama 3.2, distillation);
 * - `anthropic-messages`: `{"system": "…", "messages": [{"role", "content": "…"}]}` (Claude 3 Haiku fine-tuning).
 */
export type ConversationSchema = 'bedrock-conversation-2024' | 'anthropic-messages';

/** A conversational dataset: messages alternating user and assistant, starting with the user. */
export interface ConversationFormat {
  readonly kind: 'conversation';
  readonly schema: ConversationSchema;
  /** `single`: exactly one user message (and its assistant answer); `multi`: any number of user/assistant exchanges. */
  readonly turns: 'single' | 'multi';
  /**
   * `required`: each record ends with the assistant's answer (fine-tuning); `optional`: a record may stop at the
   * user prompt and the teacher model writes the answer (distillation).
   */
  readonly assistant: 'required' | 'optional';
  /** Image formats accepted in user messages (`{"image": {"format", "source": {"s3Location": {"uri"}}}}`). @default - images rejected */
  readonly imageFormats?: readonly string[];
  /** Strings the service rejects anywhere in the system prompt or a user message (case-sensitive). @default - none */
  readonly reservedKeywords?: readonly string[];
}

/** The JSONL format of a dataset, one JSON object per line. */
export type DatasetFormat = PromptCompletionFormat | ContinuedPretrainingFormat | ConversationFormat;

/** Dataset limits of one customization type of one base model (omitted: not documented, not checked). */
export interface DatasetLimits {
  /** Fewest records in the training dataset. */
  readonly minRecords?: number;
  /** Most records in the training dataset. */
  readonly maxTrainingRecords?: number;
  /** Most records in the validation dataset. */
  readonly maxValidationRecords?: number;
  /** Most tokens per record (input and output together). Checked as characters: tokens × CHARACTERS_PER_TOKEN. */
  readonly maxTokensPerRecord?: number;
  /** Most characters of text per record; overrides the estimate from `maxTokensPerRecord`. */
  readonly maxCharactersPerRecord?: number;
  /** Largest training dataset, in bytes. */
  readonly maxTrainingBytes?: number;
  /** Largest validation dataset, in bytes. */
  readonly maxValidationBytes?: number;
}

/** What a customization type of a base model accepts. */
export interface CustomizationSpec {
  readonly format: DatasetFormat;
  readonly limits: DatasetLimits;
  /**
   * The parts of this entry not confirmed in the Bedrock user guide or quotas page (`format`, or a key of `limits`):
   * they come from AWS samples or are carried over from a sibling model. Raise or lower them with validation options.
   */
  readonly unconfirmed: readonly (keyof DatasetLimits | 'format')[];
}

/** A base model that Bedrock can customize, as CreateModelCustomizationJob names it. */
export interface CustomizationBaseModel {
  /** The `baseModelIdentifier` of CreateModelCustomizationJob, with its context-length suffix (`…:0:128k`). */
  readonly id: string;
  /** The foundation-model id used for inference (the id without the context-length suffix). */
  readonly foundationModelId: string;
  /** Display name. */
  readonly name: string;
  /** True when `id` is written as such in the Bedrock user guide's table of models supported for fine-tuning. */
  readonly idConfirmed: boolean;
  /** What each supported customization type accepts. */
  readonly customizations: Readonly<Partial<Record<CustomizationType, CustomizationSpec>>>;
}

/**
 * Characters per token the Bedrock user guide uses to estimate tokens ("Use approximately 6 characters per token";
 * "Character quota per sample in dataset: Token quota x 6 (estimated)").
 */
export const CHARACTERS_PER_TOKEN = 6;
