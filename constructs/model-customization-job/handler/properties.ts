/**
 * The custom resource's properties as the handler reads them, the job's training inputs and their hash, the job
 * name derived from them, and the CreateModelCustomizationJob request built from them.
 */
import { createHash } from 'node:crypto';
import type { CreateModelCustomizationJobRequest, CustomizationType, Tag } from '@aws-sdk/client-bedrock';

/**
 * What defines the job and its model (the API's field names). A change to any of these starts a new job; the role
 * ARN is left out of the hash (the role does not change what is trained).
 */
export interface JobInputs {
  readonly roleArn: string;
  readonly baseModelIdentifier: string;
  readonly customizationType: CustomizationType;
  readonly customModelName: string;
  readonly trainingDataS3Uri: string;
  readonly validationDataS3Uri?: string;
  readonly outputDataS3Uri: string;
  readonly hyperParameters: Readonly<Record<string, string>>;
  readonly customModelKmsKeyId?: string;
  readonly vpcConfig?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  readonly teacherModelIdentifier?: string;
  readonly maxResponseLengthForInference?: number;
}

/** Everything the handler reads from the resource properties. */
export interface JobProperties {
  readonly region: string;
  /** Start of the job name (from the construct path), `[a-zA-Z0-9-]`, at most 40 characters. */
  readonly jobNamePrefix: string;
  readonly job: JobInputs;
  /** Tags of the job and of the custom model. */
  readonly tags: readonly Tag[];
  readonly waitForCompletion: boolean;
  readonly deleteCustomModelOnDelete: boolean;
  /** How long isComplete waits for the job (the Provider's total timeout). */
  readonly timeoutSeconds: number;
  /** The Provider's query interval: isComplete gives up two intervals before the timeout, with its own message. */
  readonly queryIntervalSeconds: number;
}

/** Characters of the input hash in the job name. */
export const HASH_LENGTH = 12;
/** Longest job name prefix (name = `<prefix>-<hash12>[-r<n>]` ≤ 63). */
export const MAX_PREFIX_LENGTH = 40;
const PREFIX_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

const TYPES: readonly string[] = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'];

/** Reads and checks the properties; a missing or malformed one fails with its name. */
export function readProperties(raw: Record<string, unknown>): JobProperties {
  const job = record(raw.Job, 'Job');
  const prefix = str(raw.JobNamePrefix, 'JobNamePrefix');
  if (prefix.length > MAX_PREFIX_LENGTH || !PREFIX_PATTERN.test(prefix)) {
    throw new Error(`JobNamePrefix "${prefix}" is not valid; accepted: letters, digits and '-', up to ${MAX_PREFIX_LENGTH} characters`);
  }
  const type = str(job.customizationType, 'Job.customizationType');
  if (!TYPES.includes(type)) throw new Error(`Job.customizationType "${type}" is not valid; accepted: ${TYPES.join(', ')}`);
  const validators = job.validationDataConfig === undefined ? [] : list(record(job.validationDataConfig, 'Job.validationDataConfig').validators, 'validators');
  const vpc = job.vpcConfig === undefined ? undefined : record(job.vpcConfig, 'Job.vpcConfig');
  const teacher = job.customizationConfig === undefined ? undefined : teacherOf(job.customizationConfig);
  const hyper = job.hyperParameters === undefined ? {} : record(job.hyperParameters, 'Job.hyperParameters');
  return {
    region: str(raw.Region, 'Region'),
    jobNamePrefix: prefix,
    job: {
      roleArn: str(job.roleArn, 'Job.roleArn'),
      baseModelIdentifier: str(job.baseModelIdentifier, 'Job.baseModelIdentifier'),
      customizationType: type as CustomizationType,
      customModelName: str(job.customModelName, 'Job.customModelName'),
      trainingDataS3Uri: str(record(job.trainingDataConfig, 'Job.trainingDataConfig').s3Uri, 'Job.trainingDataConfig.s3Uri'),
      validationDataS3Uri: validators[0] === undefined ? undefined : str(record(validators[0], 'validators[0]').s3Uri, 'validators[0].s3Uri'),
      outputDataS3Uri: str(record(job.outputDataConfig, 'Job.outputDataConfig').s3Uri, 'Job.outputDataConfig.s3Uri'),
      hyperParameters: Object.fromEntries(Object.entries(hyper).map(([k, v]) => [k, scalar(v, `Job.hyperParameters.${k}`)])),
      customModelKmsKeyId: job.customModelKmsKeyId === undefined ? undefined : str(job.customModelKmsKeyId, 'Job.customModelKmsKeyId'),
      vpcConfig: vpc && {
        subnetIds: list(vpc.subnetIds, 'Job.vpcConfig.subnetIds').map((s, i) => str(s, `subnetIds[${i}]`)),
        securityGroupIds: list(vpc.securityGroupIds, 'Job.vpcConfig.securityGroupIds').map((s, i) => str(s, `securityGroupIds[${i}]`)),
      },
      ...teacher,
    },
    tags:
      raw.Tags === undefined
        ? []
        : list(raw.Tags, 'Tags').map((t, i) => ({
            key: str(record(t, `Tags[${i}]`).key, `Tags[${i}].key`),
            value: scalar(record(t, `Tags[${i}]`).value, `Tags[${i}].value`),
          })),
    waitForCompletion: bool(raw.WaitForCompletion, 'WaitForCompletion'),
    deleteCustomModelOnDelete: bool(raw.DeleteCustomModelOnDelete, 'DeleteCustomModelOnDelete'),
    timeoutSeconds: positive(raw.TimeoutSeconds, 'TimeoutSeconds'),
    queryIntervalSeconds: positive(raw.QueryIntervalSeconds, 'QueryIntervalSeconds'),
  };
}

function teacherOf(value: unknown): Pick<JobInputs, 'teacherModelIdentifier' | 'maxResponseLengthForInference'> {
  const distillation = record(record(value, 'Job.customizationConfig').distillationConfig, 'Job.customizationConfig.distillationConfig');
  const teacher = record(distillation.teacherModelConfig, 'distillationConfig.teacherModelConfig');
  return {
    teacherModelIdentifier: str(teacher.teacherModelIdentifier, 'teacherModelConfig.teacherModelIdentifier'),
    maxResponseLengthForInference:
      teacher.maxResponseLengthForInference === undefined ? undefined : positive(teacher.maxResponseLengthForInference, 'maxResponseLengthForInference'),
  };
}

/** Hex SHA-256 of the training inputs (everything but the role), stable across CloudFormation's stringification. */
export function inputHash(job: JobInputs): string {
  const { roleArn: _role, ...inputs } = job;
  return createHash('sha256').update(canonical(inputs)).digest('hex');
}

/** True when the two sets of inputs would train the same model. */
export function sameInputs(a: JobInputs, b: JobInputs): boolean {
  return inputHash(a) === inputHash(b);
}

/** `<prefix>-<hash12>`, then `-r2`, `-r3`… for later attempts (a failed or stopped job keeps its name). */
export function jobName(props: JobProperties, attempt = 1): string {
  const base = `${props.jobNamePrefix}-${inputHash(props.job).slice(0, HASH_LENGTH)}`;
  return attempt === 1 ? base : `${base}-r${attempt}`;
}

/** The CreateModelCustomizationJob request for a job name. */
export function createJobRequest(props: JobProperties, name: string): CreateModelCustomizationJobRequest {
  const j = props.job;
  const tags = props.tags.length > 0 ? props.tags.map((t) => ({ ...t })) : undefined;
  return {
    jobName: name,
    customModelName: j.customModelName,
    roleArn: j.roleArn,
    // Same name, same token: a retried call after a lost response does not start a second job.
    clientRequestToken: name,
    baseModelIdentifier: j.baseModelIdentifier,
    customizationType: j.customizationType,
    trainingDataConfig: { s3Uri: j.trainingDataS3Uri },
    ...(j.validationDataS3Uri ? { validationDataConfig: { validators: [{ s3Uri: j.validationDataS3Uri }] } } : {}),
    outputDataConfig: { s3Uri: j.outputDataS3Uri },
    ...(Object.keys(j.hyperParameters).length > 0 ? { hyperParameters: { ...j.hyperParameters } } : {}),
    ...(j.customModelKmsKeyId ? { customModelKmsKeyId: j.customModelKmsKeyId } : {}),
    ...(j.vpcConfig ? { vpcConfig: { subnetIds: [...j.vpcConfig.subnetIds], securityGroupIds: [...j.vpcConfig.securityGroupIds] } } : {}),
    ...(j.teacherModelIdentifier
      ? {
          customizationConfig: {
            distillationConfig: {
              teacherModelConfig: { teacherModelIdentifier: j.teacherModelIdentifier, maxResponseLengthForInference: j.maxResponseLengthForInference },
            },
          },
        }
      : {}),
    ...(tags ? { jobTags: tags, customModelTags: tags.map((t) => ({ ...t })) } : {}),
  };
}

/** JSON with sorted keys, undefined dropped and every scalar as a string (CloudFormation sends strings). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(String(value));
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${name} is missing or not an object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${name} is missing or not a list`);
  return value;
}

function str(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${name} is missing`);
  return value;
}

function scalar(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${name} is missing or not a string`);
}

function bool(value: unknown, name: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`${name} ${JSON.stringify(value)} is not valid; accepted: "true" or "false"`);
}

function positive(value: unknown, name: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} ${JSON.stringify(value)} is not valid; accepted: a positive whole number`);
  return n;
}
