// Public API of the dataset validation for Bedrock model customization (pure functions, no CDK).
export {
  CUSTOMIZATION_BASE_MODELS,
  NOVA_RESERVED_KEYWORDS,
  closestBaseModelIds,
  customizationBaseModel,
  customizationSpec,
  CustomizationSpecError,
} from './base-models';
export { CONVERSATION_SCHEMA_VERSION } from './conversation';
export { formatDatasetError, formatDatasetErrors, validateDataset } from './jsonl';
export type { DatasetError, DatasetFileSummary, DatasetSummary, DatasetValidationOptions, LongestRecord } from './jsonl';
export { DEFAULT_CHUNK_SIZE, DEFAULT_MAX_LINE_BYTES, readLines } from './lines';
export type { Line, ReadLinesOptions, ReadTotals } from './lines';
export { CHARACTERS_PER_TOKEN, CUSTOMIZATION_TYPES } from './types';
export type {
  ContinuedPretrainingFormat,
  ConversationFormat,
  ConversationSchema,
  CustomizationBaseModel,
  CustomizationSpec,
  CustomizationType,
  DatasetFormat,
  DatasetLimits,
  DatasetSplit,
  PromptCompletionFormat,
} from './types';
