/**
 * The Bedrock provisioned throughput API calls of the handler, each turning the service's errors into the message
 * CloudFormation shows in the stack events. Every call goes through the shared retry helper
 * (constructs/private/retry.ts): throttling and IAM propagation errors are retried with backoff and jitter, bounded.
 */
import {
  BedrockClient,
  CreateProvisionedModelThroughputCommand,
  DeleteProvisionedModelThroughputCommand,
  GetProvisionedModelThroughputCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateProvisionedModelThroughputCommand,
} from '@aws-sdk/client-bedrock';
import type { BedrockClientConfig, ProvisionedModelStatus } from '@aws-sdk/client-bedrock';
import { DEFAULT_MAX_ELAPSED_MS, withRetry } from '../../private/retry';
import { commitmentOf, tagChanges, toApiTags } from './properties';
import type { CommitmentProperty, ThroughputProperties } from './properties';

/** Attempts per SDK call, throttling included (standard retry mode: exponential backoff with jitter). */
export const MAX_ATTEMPTS = 8;

/** A Bedrock client for the region, with the retry policy made explicit (overrides are for tests). */
export function createClient(region: string, overrides: Partial<BedrockClientConfig> = {}): BedrockClient {
  return new BedrockClient({ region, maxAttempts: MAX_ATTEMPTS, retryMode: 'standard', ...overrides });
}

/** A provisioned throughput as GetProvisionedModelThroughput reports it. */
export interface Throughput {
  readonly arn: string;
  readonly name: string;
  readonly status: ProvisionedModelStatus | undefined;
  readonly modelArn?: string;
  readonly desiredModelArn?: string;
  readonly modelUnits?: number;
  readonly desiredModelUnits?: number;
  readonly commitment: CommitmentProperty;
  readonly commitmentExpirationTime?: Date;
  readonly failureMessage?: string;
}

/** The throughput, or undefined when it does not exist. */
export async function getThroughput(client: BedrockClient, arn: string): Promise<Throughput | undefined> {
  try {
    const out = await withRetry(() => client.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn })), {
      operation: 'GetProvisionedModelThroughput',
    });
    return {
      arn: out.provisionedModelArn ?? arn,
      name: out.provisionedModelName ?? '',
      status: out.status,
      modelArn: out.modelArn,
      desiredModelArn: out.desiredModelArn,
      modelUnits: out.modelUnits,
      desiredModelUnits: out.desiredModelUnits,
      commitment: commitmentOf(out.commitmentDuration),
      commitmentExpirationTime: out.commitmentExpirationTime,
      failureMessage: out.failureMessage,
    };
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return undefined;
    throw explain(e, 'GetProvisionedModelThroughput');
  }
}

/**
 * Buys the throughput; returns its ARN. The CloudFormation request id is the idempotency token, so a retried
 * request does not buy a second one.
 */
export async function createThroughput(client: BedrockClient, props: ThroughputProperties, requestId: string): Promise<string> {
  const tags = toApiTags(props.tags);
  const token = requestId.replace(/[^a-zA-Z0-9-]/g, '').replace(/^-+|-+$/g, '');
  try {
    // The idempotency token makes a retried create safe: Bedrock returns the throughput the first attempt bought.
    const request = new CreateProvisionedModelThroughputCommand({
      modelUnits: props.modelUnits,
      provisionedModelName: props.provisionedModelName,
      modelId: props.modelId,
      ...(props.commitment === 'None' ? {} : { commitmentDuration: props.commitment }),
      ...(tags.length > 0 ? { tags } : {}),
      ...(token ? { clientRequestToken: token.slice(0, 256) } : {}),
    });
    const out = await withRetry(() => client.send(request), { operation: 'CreateProvisionedModelThroughput' });
    if (!out.provisionedModelArn) throw new Error('CreateProvisionedModelThroughput returned no provisionedModelArn');
    return out.provisionedModelArn;
  } catch (e) {
    throw explain(e, 'CreateProvisionedModelThroughput');
  }
}

/** Renames the throughput and/or points it at another model (only the fields given). */
export async function updateThroughput(client: BedrockClient, arn: string, change: { readonly name?: string; readonly modelId?: string }): Promise<void> {
  try {
    const request = new UpdateProvisionedModelThroughputCommand({
      provisionedModelId: arn,
      ...(change.name !== undefined ? { desiredProvisionedModelName: change.name } : {}),
      ...(change.modelId !== undefined ? { desiredModelId: change.modelId } : {}),
    });
    await withRetry(() => client.send(request), { operation: 'UpdateProvisionedModelThroughput' });
  } catch (e) {
    throw explain(e, 'UpdateProvisionedModelThroughput');
  }
}

/** Brings the throughput's tags from `before` to `after` (sets new and changed tags, removes dropped keys). */
export async function syncTags(
  client: BedrockClient,
  arn: string,
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): Promise<void> {
  const { set, remove } = tagChanges(before, after);
  try {
    if (Object.keys(set).length > 0) {
      await withRetry(() => client.send(new TagResourceCommand({ resourceARN: arn, tags: toApiTags(set) })), { operation: 'TagResource' });
    }
  } catch (e) {
    throw explain(e, 'TagResource');
  }
  try {
    if (remove.length > 0) await withRetry(() => client.send(new UntagResourceCommand({ resourceARN: arn, tagKeys: remove })), { operation: 'UntagResource' });
  } catch (e) {
    throw explain(e, 'UntagResource');
  }
}

/** Outcome of a delete request. */
export type DeleteOutcome = 'deleted' | 'gone' | 'commitment';

/**
 * Deletes the throughput: `gone` when it does not exist, `commitment` when Bedrock refuses because its commitment
 * term is not over (nothing is deleted), `deleted` otherwise.
 */
export async function deleteThroughput(client: BedrockClient, arn: string): Promise<DeleteOutcome> {
  try {
    await withRetry(() => client.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn })), {
      operation: 'DeleteProvisionedModelThroughput',
    });
    return 'deleted';
  } catch (e) {
    const name = errorName(e);
    if (name === 'ResourceNotFoundException') return 'gone';
    if ((name === 'ValidationException' || name === 'ConflictException') && /commit/i.test(messageOf(e))) return 'commitment';
    throw explain(e, 'DeleteProvisionedModelThroughput');
  }
}

/**
 * Turns an SDK error into the message CloudFormation shows in the stack events (the Provider framework reports the
 * thrown error's message as the failure reason).
 */
export function explain(e: unknown, operation: string): Error {
  const name = errorName(e);
  const message = messageOf(e);
  switch (name) {
    case 'ValidationException':
    case 'ConflictException':
    case 'ResourceNotFoundException':
      return new Error(`Bedrock rejected ${operation} (${name}): ${message}`);
    case 'ServiceQuotaExceededException':
      return new Error(
        `Bedrock rejected ${operation} (ServiceQuotaExceededException): ${message}. Model units are limited per account and region by ` +
          'service quotas (Service Quotas console, Amazon Bedrock, "model units"); request an increase or lower modelUnits.',
      );
    case 'ThrottlingException':
      return new Error(
        `Bedrock throttled ${operation} (ThrottlingException) through ${MAX_ATTEMPTS} SDK attempts per call and retries for up to ` +
          `${DEFAULT_MAX_ELAPSED_MS / 1000} s: ${message}. Retry the deployment.`,
      );
    case 'AccessDeniedException':
      return new Error(`${operation} was denied (AccessDeniedException): ${message}`);
    default:
      return e instanceof Error ? e : new Error(`${operation} failed: ${message}`);
  }
}

/** The error's name (`ThrottlingException`, …), when it has one. */
export function errorName(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
