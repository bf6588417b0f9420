/**
 * Validation of ProvisionedThroughput's props, before any child is created: each error names the prop, the value
 * received and what is accepted. Unresolved tokens are passed through.
 */
import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { parseBedrockArn } from '../../policies/iam/arn';
import { loadCatalog } from '../../policies/iam/catalog/catalog';
import { closest } from '../../policies/iam/glob';
import { validationError } from '../private/engine-errors';
import type { ICustomModel } from '../training-dataset/dataset-location';
import { COMMITMENTS, DEFAULT_TIMEOUT, MAX_MODEL_UNITS, MAX_NAME_LENGTH, MAX_TIMEOUT, NAME_PATTERN } from './constants';

/** `'none'`, `'one-month'` or `'six-months'`. */
export type Commitment = keyof typeof COMMITMENTS;

/** The props validation reads. */
export interface ValidatedInput {
  readonly model: string | ICustomModel;
  readonly modelNewerThanCatalog?: boolean;
  readonly modelUnits: number;
  readonly commitment?: Commitment;
  readonly acknowledgeCommitmentCost?: boolean;
  readonly provisionedModelName?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly timeout?: Duration;
}

/** The validated settings. */
export interface Settings {
  /** What CreateProvisionedModelThroughput gets as modelId: a foundation model id or a custom model ARN. */
  readonly modelId: string;
  /** The ARN IAM authorizes the create and update calls on. */
  readonly modelArn: string;
  readonly modelUnits: number;
  readonly commitment: Commitment;
  readonly provisionedModelName: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly timeout: Duration;
}

/** Context-window suffixes of the model ids Provisioned Throughput is bought for (`…-v1:0:300k`, `…:mm`). */
const CONTEXT_SUFFIX = /^[0-9]+k?$|^mm$/i;

/** The terms of a throughput, without its model (shared with ModelCustomizationJob's `provisionedThroughput`). */
export type ThroughputTermsInput = Pick<ValidatedInput, 'modelUnits' | 'commitment' | 'acknowledgeCommitmentCost' | 'provisionedModelName' | 'tags'>;

/** The validated terms. */
export type ThroughputTerms = Pick<Settings, 'modelUnits' | 'commitment' | 'provisionedModelName' | 'tags'>;

/** Validates the props; throws a GovernanceValidationError naming the first bad one. */
export function validateProps(scope: IConstruct, props: ValidatedInput): Settings {
  const fail = (message: string): never => {
    throw validationError('ProvisionedThroughputInvalidProps', message, scope);
  };
  const terms = validateTerms(scope, props, fail);
  const timeout = props.timeout ?? DEFAULT_TIMEOUT;
  if (!timeout.isUnresolved() && (timeout.toSeconds() < 60 || timeout.toSeconds() > MAX_TIMEOUT.toSeconds())) {
    fail(
      `timeout ${timeout.toHumanString()} is not valid; accepted: 1 to ${MAX_TIMEOUT.toMinutes()} minutes (CloudFormation waits at most ` +
        'one hour for a custom resource)',
    );
  }
  return { ...resolveModel(scope, props.model, props.modelNewerThanCatalog ?? false, fail), ...terms, timeout };
}

/** Validates model units, commitment, name and tags; `fail` throws with the message. */
export function validateTerms(scope: IConstruct, props: ThroughputTermsInput, fail: (message: string) => never): ThroughputTerms {
  const commitment = props.commitment ?? 'none';
  if (!Object.keys(COMMITMENTS).includes(commitment)) {
    fail(
      `commitment '${String(commitment)}' is not valid; accepted: ${Object.keys(COMMITMENTS)
        .map((c) => `'${c}'`)
        .join(', ')}`,
    );
  }
  const units = props.modelUnits;
  if (!Token.isUnresolved(units) && (!Number.isInteger(units) || units < 1 || units > MAX_MODEL_UNITS)) {
    fail(`modelUnits ${units} is not valid; accepted: an integer from 1 to ${MAX_MODEL_UNITS} (the upper bound guards against a typo)`);
  }
  if (commitment !== 'none' && props.acknowledgeCommitmentCost !== true) fail(commitmentCostMessage(commitment, units));

  const name = props.provisionedModelName ?? defaultName(scope, units, commitment);
  if (!Token.isUnresolved(name) && (name.length < 1 || name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name))) {
    fail(
      `provisionedModelName '${name}' is not valid; accepted: 1–${MAX_NAME_LENGTH} characters, letters and digits, each optionally ` +
        'followed by one - or _ (pattern ^([0-9a-zA-Z][_-]?)+$)',
    );
  }
  const tags = props.tags ?? {};
  for (const [key, value] of Object.entries(tags)) {
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue;
    if (key.length < 1 || key.length > 128 || key.startsWith('aws:'))
      fail(`tags key '${key}' is not valid; accepted: 1–128 characters, not starting with 'aws:'`);
    if (value.length > 256) fail(`tags['${key}'] has ${value.length} characters; accepted: up to 256`);
  }
  return { modelUnits: units, commitment, provisionedModelName: name, tags };
}

/** The synth error of a commitment without acknowledgement: what it costs, in plain words, and how to accept it. */
export function commitmentCostMessage(commitment: Exclude<Commitment, 'none'>, modelUnits: number): string {
  const term = COMMITMENTS[commitment].term;
  const units = Token.isUnresolved(modelUnits) ? 'modelUnits' : `${modelUnits} model unit${modelUnits === 1 ? '' : 's'}`;
  return (
    `commitment '${commitment}' buys this provisioned throughput for a fixed term of ${term}. AWS bills it every hour for the whole ` +
    `${term}, for ${units}, whether or not the model is used, and it cannot be cancelled or deleted before the term ends (deleting the ` +
    `stack leaves it running and billed until then). If you accept this cost, set acknowledgeCommitmentCost: true; otherwise use ` +
    `commitment: 'none' (billed by the hour, deleted with the stack) where the model supports it.`
  );
}

/** Default name: the construct's unique name plus the units and the commitment, so that changing them gets a new name. */
function defaultName(scope: IConstruct, units: number, commitment: Commitment): string {
  const suffix = `${Token.isUnresolved(units) ? '' : `-${units}mu`}${commitment === 'none' ? '' : commitment === 'one-month' ? '-1mo' : '-6mo'}`;
  const base = Names.uniqueResourceName(scope, { maxLength: MAX_NAME_LENGTH - suffix.length, separator: '-' });
  return `${base}${suffix}`.replace(/[^0-9a-zA-Z_-]/g, '').replace(/[_-]{2,}/g, '-');
}

function resolveModel(scope: IConstruct, model: string | ICustomModel, newer: boolean, fail: (m: string) => never): { modelId: string; modelArn: string } {
  const arnText = typeof model === 'string' ? (model.startsWith('arn:') || Token.isUnresolved(model) ? model : undefined) : model.customModelArn;
  if (arnText !== undefined) return { modelId: arnText, modelArn: checkCustomModelArn(scope, arnText, fail) };
  const id = model as string;
  const { partition, region } = Stack.of(scope);
  const catalog = loadCatalog();
  const base = catalog.model(id) ? id : baseOf(id, (candidate) => catalog.model(candidate) !== undefined);
  if (!base && !newer) {
    const suggestions = closest(
      id,
      catalog.models.map((m) => m.id),
      3,
    );
    fail(
      `model '${id}' is not a foundation model id in the model catalog; closest catalog ids: ${suggestions.join(', ')}. Accepted: a catalog ` +
        "id, optionally with the context suffix Provisioned Throughput uses (':300k'), a custom model ARN or an ICustomModel. If the id is " +
        'newer than the catalog, set modelNewerThanCatalog: true or run `npm run catalog:refresh`',
    );
  }
  return { modelId: id, modelArn: `arn:${partition}:bedrock:${region}::foundation-model/${id}` };
}

/** The catalog id a provisioned-throughput id extends (`amazon.nova-lite-v1:0:300k` → `amazon.nova-lite-v1:0`). */
function baseOf(id: string, known: (candidate: string) => boolean): string | undefined {
  const cut = id.lastIndexOf(':');
  if (cut <= 0 || !CONTEXT_SUFFIX.test(id.slice(cut + 1))) return undefined;
  const base = id.slice(0, cut);
  return known(base) ? base : undefined;
}

function checkCustomModelArn(scope: IConstruct, arn: string, fail: (m: string) => never): string {
  if (Token.isUnresolved(arn)) return arn;
  const parsed = parseBedrockArn(arn);
  if (!parsed) fail(`model '${arn}' is not a valid Bedrock ARN; accepted: arn:<partition>:bedrock:<region>:<account>:custom-model/<id>`);
  const { resourceType, resourceId, region } = parsed;
  if (resourceType === 'foundation-model') fail(`model '${arn}' is a foundation-model ARN; write the id ('${resourceId}') instead`);
  if (resourceType !== 'custom-model') fail(`model '${arn}' has resource type '${resourceType}'; accepted ARNs: custom-model`);
  const stackRegion = Stack.of(scope).region;
  if (!Token.isUnresolved(stackRegion) && region !== stackRegion) {
    fail(`model '${arn}' is in ${region}; accepted: a custom model in the stack's region (${stackRegion}), where the throughput is bought`);
  }
  return arn;
}
