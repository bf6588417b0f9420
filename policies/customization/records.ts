/**
 * Validation of one parsed JSONL record against a dataset format. Each problem is reported with the path of the field
 * (`messages[1].role`), the value received and what is accepted; the validator returns the number of characters of
 * text in the record, which the caller checks against the per-record limit.
 *
 * Decisions: unknown fields are errors (Bedrock documents no optional field for these formats, and the Claude 3 Haiku
 * format forbids them); a blank string (empty or whitespace only) counts as empty.
 */
import { validateAnthropicMessages, validateConverse } from './conversation';
import { checkKeys, checkRecordObject, checkShape, checkText } from './fields';
import type { Report } from './fields';
import type { DatasetFormat } from './types';

/** Validates one parsed record and returns the number of characters of text it holds. */
export type RecordValidator = (record: unknown, report: Report) => number;

const PROMPT_COMPLETION_KEYS = ['prompt', 'completion'] as const;
const INPUT_KEYS = ['input'] as const;

function validatePromptCompletion(record: unknown, subject: string, report: Report): number {
  if (!checkRecordObject(record, report) || !checkShape(record, PROMPT_COMPLETION_KEYS, '{"prompt": "…", "completion": "…"}', subject, report)) return 0;
  checkKeys(record, PROMPT_COMPLETION_KEYS, '', report);
  return checkText(record.prompt, 'prompt', report) + checkText(record.completion, 'completion', report);
}

function validateContinuedPretraining(record: unknown, subject: string, report: Report): number {
  if (!checkRecordObject(record, report) || !checkShape(record, INPUT_KEYS, '{"input": "…"}', subject, report)) return 0;
  checkKeys(record, INPUT_KEYS, '', report);
  return checkText(record.input, 'input', report);
}

/**
 * The record validator of a format. `subject` names the model and customization type in messages about what the
 * model accepts (`amazon.nova-micro-v1:0:128k FINE_TUNING`).
 */
export function recordValidator(format: DatasetFormat, subject: string): RecordValidator {
  switch (format.kind) {
    case 'prompt-completion':
      return (record, report) => validatePromptCompletion(record, subject, report);
    case 'continued-pretraining':
      return (record, report) => validateContinuedPretraining(record, subject, report);
    case 'conversation':
      return format.schema === 'anthropic-messages'
        ? (record, report) => validateAnthropicMessages(record, format, subject, report)
        : (record, report) => validateConverse(record, format, subject, report);
  }
}
