import { Annotations, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  checkBaseModel,
  CUSTOMIZATION_TYPES,
  formatNumber,
  HYPER_PARAMETER_NAMES,
  normalizeBaseModelId,
  normalizeCustomizationType,
  validateHyperParameters,
} from '../../policies/customization/hyperparameters';
import type { CustomizationType } from '../../policies/customization/hyperparameters';
import { validationError } from '../private/engine-errors';
import { validateTerms } from '../provisioned-throughput/validate';
import type { ThroughputTerms } from '../provisioned-throughput/validate';
import { QUERY_INTERVAL_SECONDS } from './constants';
import type { ModelCustomizationJobProps } from './model-customization-job';

/** Props after validation, with defaults applied. */
export interface JobSettings {
  readonly customizationType: CustomizationType;
  /** What Bedrock receives as `hyperParameters` (strings, defaults filled). */
  readonly hyperParameters: Readonly<Record<string, string>>;
  readonly deleteCustomModelOnDelete: boolean;
  readonly stopJobOnDelete: boolean;
  /** 1 unless the job is run again deliberately (`runAttempt`). */
  readonly runAttempt: number;
  /** The throughput the workflow buys or updates when the job succeeds. */
  readonly throughput?: ThroughputTerms;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  /** The teacher's foundation model id (distillation only). */
  readonly teacherModelId?: string;
}

const ERROR = 'ModelCustomizationJobInvalid';
const MODEL_NAME = /^([0-9a-zA-Z][_-]?)+$/;
const KEY_PREFIX = /^([-!_*'().a-zA-Z0-9]+\/)+$/;
const PROFILE_PREFIX = /^(us|eu|apac|jp|au|ca|us-gov|global)\./;
const MIN_TIMEOUT_MINUTES = 5;
/** The old custom resource's bounds (CloudFormation waits at most one hour): the deprecated `timeout` is still checked. */
export const MAX_TIMEOUT_MINUTES = 60;

/** Validates the props (skipping unresolved tokens) before any child is created; throws a GovernanceValidationError naming the prop. */
export function validateProps(scope: IConstruct, props: ModelCustomizationJobProps): JobSettings {
  const fail = (message: string): Error => validationError(ERROR, message, scope);
  const known = (v: string): boolean => !Token.isUnresolved(v);

  const type = normalizeCustomizationType(String(props.customizationType));
  if (!type) {
    throw fail(
      `customizationType '${String(props.customizationType)}' is not valid; accepted: ${CUSTOMIZATION_TYPES.join(', ')} (or the lower-case, kebab-case forms such as 'fine-tuning')`,
    );
  }

  if (known(props.baseModel)) {
    const problem = checkBaseModel(props.baseModel, type);
    if (problem) throw fail(problem);
  }
  const hyperParameters = checkHyperParameters(props, type, fail);

  const name = props.customModelName;
  if (known(name) && (name.length < 1 || name.length > 63 || !MODEL_NAME.test(name))) {
    throw fail(
      `customModelName '${name}' is not valid; accepted: 1 to 63 characters matching ^([0-9a-zA-Z][_-]?)+$ (letters and digits, each optionally followed by one '_' or '-')`,
    );
  }

  const prefix = props.output.keyPrefix;
  if (known(prefix) && (prefix.length > 1024 || !KEY_PREFIX.test(prefix))) {
    throw fail(
      `output.keyPrefix '${prefix}' is not valid; accepted: one or more segments of letters, digits and -!_*'(). each ending with '/', no leading '/'`,
    );
  }

  const teacherModelId = checkTeacher(props, type, fail);

  // Deprecated props of the custom resource that waited for the job: still checked, no longer used.
  if (props.timeout !== undefined) {
    const minutes = props.timeout.toSeconds() / 60;
    if (!Number.isInteger(minutes) || minutes < MIN_TIMEOUT_MINUTES || minutes > MAX_TIMEOUT_MINUTES) {
      throw fail(
        `timeout ${props.timeout.toHumanString()} is not valid; accepted: whole minutes from ${MIN_TIMEOUT_MINUTES} to ${MAX_TIMEOUT_MINUTES} ` +
          `(deprecated: the deployment no longer waits for the job, which runs in a Step Functions workflow; remove it)`,
      );
    }
    if ((minutes * 60) % QUERY_INTERVAL_SECONDS !== 0) throw fail(`timeout must be a multiple of ${QUERY_INTERVAL_SECONDS} seconds`);
    Annotations.of(scope).addWarningV2(
      'cdk-bedrock-governance:ModelCustomizationJobTimeoutIgnored',
      'timeout is deprecated and ignored: the deployment starts the job and does not wait for it (the workflow does); remove it',
    );
  }
  if (props.waitForCompletion === true) {
    Annotations.of(scope).addWarningV2(
      'cdk-bedrock-governance:ModelCustomizationJobWaitIgnored',
      'waitForCompletion is deprecated and ignored: the deployment starts the job and never waits for training (CloudFormation waits at ' +
        'most one hour); the workflow reports the outcome on its notification topic',
    );
  }
  const runAttempt = props.runAttempt ?? 1;
  if (!Token.isUnresolved(runAttempt) && (!Number.isInteger(runAttempt) || runAttempt < 1 || runAttempt > 99)) {
    throw fail(`runAttempt ${runAttempt} is not valid; accepted: a whole number from 1 to 99`);
  }
  const throughput =
    props.provisionedThroughput === undefined
      ? undefined
      : validateTerms(scope, props.provisionedThroughput, (m: string): never => {
          throw fail(`provisionedThroughput: ${m}`);
        });

  const tags = Object.entries(props.tags ?? {}).map(([key, value]) => ({ key, value }));
  for (const { key, value } of tags) {
    if (known(key) && (key.length < 1 || key.length > 128 || key.startsWith('aws:'))) {
      throw fail(`tags key '${key}' is not valid; accepted: 1 to 128 characters, not starting with 'aws:'`);
    }
    if (known(value) && value.length > 256) throw fail(`tags['${key}'] value is ${value.length} characters long; accepted: up to 256`);
  }

  const vpc = props.vpcConfig;
  if (vpc) {
    const subnets = vpc.vpc.selectSubnets(vpc.subnets).subnetIds;
    if (subnets.length < 1 || subnets.length > 16) throw fail(`vpcConfig.subnets selects ${subnets.length} subnets; accepted: 1 to 16`);
    if (vpc.securityGroups.length < 1 || vpc.securityGroups.length > 5) {
      throw fail(`vpcConfig.securityGroups has ${vpc.securityGroups.length} security groups; accepted: 1 to 5`);
    }
  }

  return {
    customizationType: type,
    hyperParameters,
    deleteCustomModelOnDelete: props.deleteCustomModelOnDelete ?? false,
    stopJobOnDelete: props.stopJobOnDelete ?? false,
    runAttempt,
    throughput,
    tags,
    teacherModelId,
  };
}

function checkHyperParameters(props: ModelCustomizationJobProps, type: CustomizationType, fail: (m: string) => Error): Record<string, string> {
  const given = { ...(props.hyperParameters ?? {}) } as Record<string, unknown>;
  if (Token.isUnresolved(props.baseModel)) {
    // The base model is only known at deploy time: check names and numbers, send what was given.
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(given)) {
      if (v === undefined) continue;
      if (!(HYPER_PARAMETER_NAMES as readonly string[]).includes(k)) {
        throw fail(`hyperParameters: hyperparameter '${k}' is not known; accepted: ${HYPER_PARAMETER_NAMES.join(', ')}`);
      }
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`hyperParameters: ${k} ${JSON.stringify(v)} is not a number; accepted: a finite number`);
      out[k] = formatNumber(v);
    }
    return out;
  }
  const result = validateHyperParameters(props.baseModel, type, given);
  if (result.problems.length > 0) throw fail(`hyperParameters: ${result.problems.join(' | ')}`);
  return { ...result.hyperParameters };
}

function checkTeacher(props: ModelCustomizationJobProps, type: CustomizationType, fail: (m: string) => Error): string | undefined {
  const teacher = props.teacherModel;
  if (type !== 'DISTILLATION') {
    if (teacher !== undefined) throw fail(`teacherModel '${teacher}' is set but customizationType is ${type}; accepted: teacherModel only with DISTILLATION`);
    if (props.maxResponseLengthForInference !== undefined) {
      throw fail(
        `maxResponseLengthForInference ${props.maxResponseLengthForInference} is set but customizationType is ${type}; accepted: only with DISTILLATION`,
      );
    }
    return undefined;
  }
  if (teacher === undefined) throw fail(`teacherModel is missing; accepted: the foundation model id of the teacher (DISTILLATION needs one)`);
  const id = normalizeBaseModelId(teacher);
  if (!Token.isUnresolved(id) && (PROFILE_PREFIX.test(id) || id.startsWith('arn:'))) {
    throw fail(`teacherModel '${teacher}' is not valid; accepted: a foundation model id or foundation-model ARN (inference profiles are not supported here)`);
  }
  const max = props.maxResponseLengthForInference;
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    throw fail(`maxResponseLengthForInference ${max} is not valid; accepted: a positive whole number`);
  return id;
}
