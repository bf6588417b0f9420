/**
 * Validation of TrainingDataset props (before any child is created) and of the local JSONL files: a malformed dataset
 * fails synth with one `file:line: field: reason` line per problem.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Token } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import { customizationSpec, CustomizationSpecError } from '../../policies/customization/base-models';
import { formatDatasetErrors, validateDataset } from '../../policies/customization/jsonl';
import type { DatasetSummary } from '../../policies/customization/jsonl';
import type { CustomizationBaseModel, DatasetSplit } from '../../policies/customization/types';
import { validationError } from '../private/engine-errors';
import type { ExistingDataset, TrainingDatasetProps } from './training-dataset';

const ERROR = 'TrainingDatasetInvalid';
/** A key prefix: segments of S3- and IAM-safe characters (no `*` or `?`, which IAM reads as wildcards), ending with `/`. */
const KEY_PREFIX = /^([A-Za-z0-9!_.'()-]+\/)+$/;
/** An object key: the same segments, not ending with `/`. */
const OBJECT_KEY = /^([A-Za-z0-9!_.'()-]+\/)*[A-Za-z0-9!_.'()-]+$/;
/** File names Bedrock accepts (letters, digits, `_`, `-`, `.`), ending with `.jsonl`. */
const FILE_NAME = /^[A-Za-z0-9_.-]+\.jsonl$/;
/** BucketDeployment's limit on `destinationKeyPrefix`. */
const MAX_PREFIX = 104;

/** A local file to upload. */
export interface LocalFile {
  /** The path as given (errors cite it). */
  readonly given: string;
  readonly absolute: string;
  readonly name: string;
}

/** Validated settings. */
export type TrainingDatasetSettings =
  | {
      readonly mode: 'files';
      readonly model: CustomizationBaseModel;
      readonly split: DatasetSplit;
      readonly files: readonly LocalFile[];
      readonly keyPrefix: string;
      readonly summary: DatasetSummary;
      readonly encryptionKey: kms.IKey;
    }
  | {
      readonly mode: 'existing';
      readonly model: CustomizationBaseModel;
      readonly split: DatasetSplit;
      readonly keyPrefix: string;
      readonly objectKey?: string;
      readonly existing: ExistingDataset;
    };

/** Validates the props and, for local files, the dataset itself. Throws GovernanceValidationError on the construct. */
export function validateProps(scope: IConstruct, id: string, props: TrainingDatasetProps): TrainingDatasetSettings {
  const fail = (message: string): never => {
    throw validationError(ERROR, message, scope);
  };
  const split = props.split ?? 'training';
  if ((split as string) !== 'training' && (split as string) !== 'validation')
    fail(`split '${String(split)}' is not valid; accepted: 'training' or 'validation'`);
  if (Token.isUnresolved(props.baseModel) || Token.isUnresolved(props.customizationType)) {
    fail('baseModel and customizationType must be known at synth time; accepted: literal values (the dataset format and limits depend on them)');
  }
  let model: CustomizationBaseModel | undefined;
  try {
    model = customizationSpec(props.baseModel, props.customizationType).model;
  } catch (e) {
    if (e instanceof CustomizationSpecError) fail(e.message);
    throw e;
  }
  if (!model) return fail(`baseModel '${props.baseModel}' is not valid`);
  const hasFiles = props.files !== undefined;
  if (hasFiles === (props.existing !== undefined)) {
    fail(
      `${hasFiles ? 'files and existing are both' : 'neither files nor existing is'} set; accepted: exactly one (local JSONL files to upload, or objects already in S3)`,
    );
  }

  if (props.existing) {
    const ex = props.existing;
    for (const [name, value] of [
      ['encryptionKey', props.encryptionKey],
      ['bucket', props.bucket],
      ['serverAccessLogsBucket', props.serverAccessLogsBucket],
      ['keyPrefix', props.keyPrefix],
      ['logEncryptionKey', props.logEncryptionKey],
      ['notReplicatedBecause', props.notReplicatedBecause],
      ['limits', props.limits],
    ] as const) {
      if (value !== undefined)
        fail(
          `${name} is set with existing; accepted: only with files (existing data is not uploaded${name === 'encryptionKey' ? ': use existing.encryptionKey' : ''})`,
        );
    }
    if ((ex.keyPrefix === undefined) === (ex.objectKey === undefined)) {
      fail(`existing: ${ex.keyPrefix === undefined ? 'neither keyPrefix nor objectKey is' : 'keyPrefix and objectKey are both'} set; accepted: exactly one`);
    }
    if (ex.keyPrefix !== undefined && !Token.isUnresolved(ex.keyPrefix) && !KEY_PREFIX.test(ex.keyPrefix)) {
      fail(
        `existing.keyPrefix '${ex.keyPrefix}' is not valid; accepted: segments of letters, digits and !_.'()- each followed by '/', no leading '/' or wildcard`,
      );
    }
    if (ex.objectKey !== undefined && !Token.isUnresolved(ex.objectKey) && !OBJECT_KEY.test(ex.objectKey)) {
      fail(
        `existing.objectKey '${ex.objectKey}' is not valid; accepted: segments of letters, digits and !_.'()- separated by '/', no leading or trailing '/' or wildcard`,
      );
    }
    const objectKey = ex.objectKey;
    const keyPrefix = ex.keyPrefix ?? (objectKey && objectKey.includes('/') ? objectKey.slice(0, objectKey.lastIndexOf('/') + 1) : '');
    return { mode: 'existing', model, split, keyPrefix, objectKey, existing: ex };
  }

  const given = props.files ?? [];
  if (given.length === 0) fail('files is empty; accepted: one or more local JSONL files');
  const encryptionKey = props.encryptionKey;
  if (!encryptionKey)
    return fail('encryptionKey is missing; accepted: the KMS key the dataset is encrypted with (GovernanceKeys.trainingData), required with files');
  if (props.bucket && props.serverAccessLogsBucket) fail('serverAccessLogsBucket is set with bucket; accepted: only when the construct creates the bucket');
  if (props.bucket && props.notReplicatedBecause !== undefined)
    fail('notReplicatedBecause is set with bucket; accepted: only when the construct creates the bucket');
  if (!props.bucket && !props.serverAccessLogsBucket)
    fail('serverAccessLogsBucket is missing; accepted: the bucket receiving the server access logs of the dataset bucket (or pass bucket)');
  if (props.notReplicatedBecause !== undefined && props.notReplicatedBecause.trim().length < 20) {
    fail(`notReplicatedBecause '${props.notReplicatedBecause}' is too short; accepted: a specific reason of at least 20 characters (it is shown to auditors)`);
  }
  const keyPrefix = props.keyPrefix ?? `datasets/${id}/`;
  if (!Token.isUnresolved(keyPrefix) && (keyPrefix.length > MAX_PREFIX || !KEY_PREFIX.test(keyPrefix))) {
    fail(
      `keyPrefix '${keyPrefix}' is not valid; accepted: at most ${MAX_PREFIX} characters of letters, digits and !_.'()- in segments each followed by '/', ` +
        `no leading '/' or wildcard${props.keyPrefix === undefined ? ` (the default is datasets/<construct id>/: set keyPrefix)` : ''}`,
    );
  }
  const files = given.map((file, i): LocalFile => {
    const name = path.basename(file);
    if (!FILE_NAME.test(name)) fail(`files[${i}] '${file}' is not valid; accepted: a file name of letters, digits, '_', '-' and '.' ending with .jsonl`);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`files[${i}] '${file}' does not exist or is not a file; accepted: a local JSONL file`);
    return { given: file, absolute: path.resolve(file), name };
  });
  const names = new Set<string>();
  files.forEach((f, i) => {
    if (names.has(f.name)) fail(`files[${i}] '${f.given}' has the same file name as another file; accepted: distinct names (all go under ${keyPrefix})`);
    names.add(f.name);
  });

  let summary: DatasetSummary | undefined;
  try {
    summary = validateDataset(
      files.map((f) => f.given),
      { baseModel: model.id, customizationType: props.customizationType, split, limits: props.limits },
    );
  } catch (e) {
    if (e instanceof CustomizationSpecError) fail(e.message);
    throw e;
  }
  if (!summary) return fail('dataset validation returned nothing');
  if (!summary.valid) {
    fail(
      `${summary.errorCount} problem${summary.errorCount === 1 ? '' : 's'} in the ${split} dataset for ${model.id} ${props.customizationType}:\n` +
        formatDatasetErrors(summary)
          .map((l) => `  ${l}`)
          .join('\n'),
    );
  }
  return { mode: 'files', model, split, files, keyPrefix, summary, encryptionKey };
}
