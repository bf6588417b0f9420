/**
 * Synchronous, streaming validation of JSONL datasets for Bedrock model customization: every record is checked against
 * the format of the base model and customization type (base-models.ts), then the record counts, the per-record length
 * and the file sizes against its limits. Pure functions, no CDK: the TrainingDataset construct calls them at synth
 * time, and they work from a script or a CLI as well.
 *
 * Decisions (documented in the construct README):
 * - an empty or blank line is an error (Bedrock parses every line as a JSON object); a final newline is not a line;
 * - a UTF-8 byte-order mark at the start of a file and CRLF line ends are accepted; invalid UTF-8 is an error;
 * - errors are collected (at most `maxErrors`, then "and N more"), each citing `file:line: field: reason`;
 * - files over the size limit are reported and not read.
 */
import * as fs from 'node:fs';
import { customizationSpec, CustomizationSpecError } from './base-models';
import { RECORD_PATH } from './fields';
import { DEFAULT_MAX_LINE_BYTES, readLines } from './lines';
import { recordValidator } from './records';
import type { CustomizationSpec, CustomizationType, DatasetFormat, DatasetLimits, DatasetSplit } from './types';
import { CHARACTERS_PER_TOKEN } from './types';

/** Options of validateDataset. */
export interface DatasetValidationOptions {
  /** Base model id (`amazon.nova-micro-v1:0:128k` or `amazon.nova-micro-v1:0`). */
  readonly baseModel: string;
  /** Customization type. */
  readonly customizationType: CustomizationType;
  /** Whether the files are the training or the validation dataset. @default 'training' */
  readonly split?: DatasetSplit;
  /** Limits replacing the table's (e.g. a record quota raised through Service Quotas). @default - the table's limits */
  readonly limits?: DatasetLimits;
  /** Most errors kept in the summary (the rest are counted). @default 100 */
  readonly maxErrors?: number;
  /** Bytes read at a time. @default 1 MiB */
  readonly chunkSize?: number;
  /** Longest line decoded; longer lines are errors. @default 16 MiB */
  readonly maxLineBytes?: number;
}

/** One problem in a dataset. */
export interface DatasetError {
  /** The file, as given. */
  readonly file: string;
  /** 1-based line number, when the problem is in one line. */
  readonly line?: number;
  /** Path of the field (`messages[1].role`), `(record)` for the record as a whole. */
  readonly field?: string;
  /** What is wrong: the value received and what is accepted. */
  readonly message: string;
}

/** Records and bytes of one file. */
export interface DatasetFileSummary {
  readonly file: string;
  readonly records: number;
  readonly bytes: number;
}

/** The longest record (line) of a dataset. */
export interface LongestRecord {
  readonly file: string;
  readonly line: number;
  /** Bytes of the line, without its line terminator. */
  readonly bytes: number;
}

/** What validateDataset found. */
export interface DatasetSummary {
  /** The base model's customization id. */
  readonly baseModel: string;
  readonly customizationType: CustomizationType;
  readonly split: DatasetSplit;
  readonly format: DatasetFormat;
  /** The limits applied (table, then overrides). */
  readonly limits: DatasetLimits;
  readonly files: readonly DatasetFileSummary[];
  /** Records (non-blank lines) in all files. */
  readonly records: number;
  /** Bytes in all files. */
  readonly bytes: number;
  /** Undefined when no file holds a record. */
  readonly longestRecord?: LongestRecord;
  /** The first `maxErrors` errors, in file and line order (count limits last). */
  readonly errors: readonly DatasetError[];
  /** Errors found, including those not kept. */
  readonly errorCount: number;
  /** True when no error was found. */
  readonly valid: boolean;
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const NON_BLANK = /\S/;

/** `file:line: field: message`. */
export function formatDatasetError(e: DatasetError): string {
  return `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.field !== undefined ? `${e.field}: ` : ''}${e.message}`;
}

/** The errors of a summary as lines, with "… and N more errors" when some were not kept. */
export function formatDatasetErrors(summary: DatasetSummary): string[] {
  const lines = summary.errors.map(formatDatasetError);
  const more = summary.errorCount - summary.errors.length;
  if (more > 0) lines.push(`… and ${fmt(more)} more error${more === 1 ? '' : 's'}`);
  return lines;
}

/** Where a limit comes from, for messages. */
function origin(key: keyof DatasetLimits, spec: CustomizationSpec, overrides: DatasetLimits | undefined): string {
  if (overrides?.[key] !== undefined) return 'the limits option';
  return spec.unconfirmed.includes(key) ? 'default quota, not confirmed in the Bedrock docs: override with the limits option' : 'Bedrock user guide';
}

function checkLimits(limits: DatasetLimits | undefined): void {
  for (const [key, value] of Object.entries(limits ?? {})) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw new CustomizationSpecError(`limits.${key} ${String(value)} is not valid; accepted: a non-negative integer`);
    }
  }
}

/**
 * Validates JSONL files as the training (or validation) dataset of one customization job. Reads each file in chunks
 * and never holds a whole file in memory. Throws CustomizationSpecError for an unknown model, type or bad option;
 * dataset problems are returned in the summary.
 */
export function validateDataset(files: readonly string[], options: DatasetValidationOptions): DatasetSummary {
  const { model, spec } = customizationSpec(options.baseModel, options.customizationType);
  checkLimits(options.limits);
  const split = options.split ?? 'training';
  const limits: DatasetLimits = { ...spec.limits, ...options.limits };
  const maxErrors = options.maxErrors ?? 100;
  const subject = `${model.id} ${options.customizationType}`;
  const errors: DatasetError[] = [];
  let errorCount = 0;
  const add = (e: DatasetError): void => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(e);
  };
  const label = files.length === 1 ? (files[0] ?? '') : `${files.length} files`;
  const result = (summaries: DatasetFileSummary[], longestRecord?: LongestRecord): DatasetSummary => ({
    baseModel: model.id,
    customizationType: options.customizationType,
    split,
    format: spec.format,
    limits,
    files: summaries,
    records: summaries.reduce((n, f) => n + f.records, 0),
    bytes: summaries.reduce((n, f) => n + f.bytes, 0),
    longestRecord,
    errors,
    errorCount,
    valid: errorCount === 0,
  });

  // Sizes first: a file over the limit is reported without being read.
  const sizes = files.map((file) => {
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) add({ file, message: 'is not a regular file; accepted: a JSONL file' });
      return stat.isFile() ? stat.size : -1;
    } catch (e) {
      add({ file, message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); accepted: a readable JSONL file` });
      return -1;
    }
  });
  const maxBytesKey = split === 'training' ? 'maxTrainingBytes' : 'maxValidationBytes';
  const maxBytes = limits[maxBytesKey];
  const totalBytes = sizes.reduce((n, s) => n + Math.max(s, 0), 0);
  if (maxBytes !== undefined && totalBytes > maxBytes) {
    add({
      file: label,
      message: `${fmt(totalBytes)} bytes; accepted: at most ${fmt(maxBytes)} bytes of ${split} data for ${subject} (${origin(maxBytesKey, spec, options.limits)})`,
    });
  }
  if (errorCount > 0) return result(files.map((file, i) => ({ file, records: 0, bytes: Math.max(sizes[i] ?? 0, 0) })));

  const validate = recordValidator(spec.format, subject);
  const maxChars = limits.maxCharactersPerRecord ?? (limits.maxTokensPerRecord !== undefined ? limits.maxTokensPerRecord * CHARACTERS_PER_TOKEN : undefined);
  const charsNote =
    limits.maxCharactersPerRecord !== undefined
      ? origin('maxCharactersPerRecord', spec, options.limits)
      : `${fmt(limits.maxTokensPerRecord ?? 0)} tokens × ${CHARACTERS_PER_TOKEN} characters per token, the Bedrock user guide's estimate; ${origin('maxTokensPerRecord', spec, options.limits)}`;
  let longest: LongestRecord | undefined;
  const summaries = files.map((file): DatasetFileSummary => {
    let records = 0;
    const totals = readLines(
      file,
      ({ line, bytes, text, problem }) => {
        if (problem === undefined && (text === undefined || !NON_BLANK.test(text))) {
          add({ file, line, message: 'empty line; accepted: one JSON object per line, no blank lines' });
          return;
        }
        records++;
        if (!longest || bytes > longest.bytes) longest = { file, line, bytes };
        if (problem === 'too-long')
          return add({
            file,
            line,
            field: RECORD_PATH,
            message: `line of ${fmt(bytes)} bytes; accepted: at most ${fmt(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)} bytes per line`,
          });
        if (problem === 'invalid-utf8') return add({ file, line, message: 'is not valid UTF-8; accepted: UTF-8 text' });
        let record: unknown;
        try {
          record = JSON.parse(text as string);
        } catch (e) {
          return add({ file, line, message: `invalid JSON (${(e as Error).message}); accepted: one JSON object per line` });
        }
        const chars = validate(record, (field, message) => add({ file, line, field, message }));
        if (maxChars !== undefined && chars > maxChars) {
          add({
            file,
            line,
            field: RECORD_PATH,
            message: `${fmt(chars)} characters of text; accepted: at most ${fmt(maxChars)} for ${subject} (${charsNote})`,
          });
        }
      },
      { chunkSize: options.chunkSize, maxLineBytes: options.maxLineBytes },
    );
    return { file, records, bytes: totals.bytes };
  });

  const records = summaries.reduce((n, f) => n + f.records, 0);
  const maxRecordsKey = split === 'training' ? 'maxTrainingRecords' : 'maxValidationRecords';
  const maxRecords = limits[maxRecordsKey];
  if (maxRecords !== undefined && records > maxRecords) {
    add({
      file: label,
      message: `${fmt(records)} records; accepted: at most ${fmt(maxRecords)} ${split} records for ${subject} (${origin(maxRecordsKey, spec, options.limits)})`,
    });
  }
  if (split === 'training' && limits.minRecords !== undefined && records < limits.minRecords) {
    add({
      file: label,
      message: `${fmt(records)} records; accepted: at least ${fmt(limits.minRecords)} training records for ${subject} (${origin('minRecords', spec, options.limits)})`,
    });
  }
  return result(summaries, longest);
}
