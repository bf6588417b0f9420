/**
 * The Bedrock calls of the handler, each turning the service's errors into messages CloudFormation can show
 * (the Provider framework reports a thrown error's message as the failure reason).
 */
import {
  BedrockClient,
  CreateModelCustomizationJobCommand,
  DeleteCustomModelCommand,
  GetCustomModelCommand,
  GetModelCustomizationJobCommand,
  StopModelCustomizationJobCommand,
} from '@aws-sdk/client-bedrock';
import type { BedrockClientConfig, CreateModelCustomizationJobRequest, GetModelCustomizationJobResponse } from '@aws-sdk/client-bedrock';

/** Attempts per SDK call, throttling included (standard retry mode: exponential backoff with jitter). */
export const MAX_ATTEMPTS = 8;

/** A Bedrock client for the region, with the retry policy made explicit (overrides are for tests). */
export function createClient(region: string, overrides: Partial<BedrockClientConfig> = {}): BedrockClient {
  return new BedrockClient({ region, maxAttempts: MAX_ATTEMPTS, retryMode: 'standard', ...overrides });
}

/** A job as the handler uses it. */
export type Job = GetModelCustomizationJobResponse;

/** The job (by name or ARN), or undefined when it does not exist. */
export async function getJob(client: BedrockClient, jobIdentifier: string): Promise<Job | undefined> {
  try {
    return await client.send(new GetModelCustomizationJobCommand({ jobIdentifier }));
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return undefined;
    throw explain(e, 'GetModelCustomizationJob');
  }
}

/**
 * Waits before retrying a CreateModelCustomizationJob that Bedrock rejected because it could not yet use the role
 * (IAM changes take seconds to propagate, and the role and its policy are created in the same deployment).
 */
export const ROLE_PROPAGATION_DELAYS_MS: readonly number[] = [5_000, 10_000, 20_000];
const ROLE_NOT_READY = /\brole\b|assume|permission|access/i;

/** Starts a job; returns its ARN. Retries a role-related ValidationException after each delay. */
export async function createJob(client: BedrockClient, request: CreateModelCustomizationJobRequest, delaysMs = ROLE_PROPAGATION_DELAYS_MS): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await client.send(new CreateModelCustomizationJobCommand(request));
      if (!out.jobArn) throw new Error(`CreateModelCustomizationJob returned no jobArn for job ${request.jobName}`);
      return out.jobArn;
    } catch (e) {
      const delay = delaysMs[attempt];
      if (delay === undefined || errorName(e) !== 'ValidationException' || !ROLE_NOT_READY.test(messageOf(e))) throw explain(e, 'CreateModelCustomizationJob');
      console.log(`CreateModelCustomizationJob: ${messageOf(e)}; the role may not have propagated yet, retrying in ${delay / 1000} s.`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Stops an in-progress job. Returns false when the job is no longer in progress (it completed, failed or was
 * stopped in the meantime: Bedrock answers ValidationException) or no longer exists.
 */
export async function stopJob(client: BedrockClient, jobIdentifier: string): Promise<boolean> {
  try {
    await client.send(new StopModelCustomizationJobCommand({ jobIdentifier }));
    return true;
  } catch (e) {
    const name = errorName(e);
    if (name === 'ResourceNotFoundException' || name === 'ValidationException') {
      console.log(`StopModelCustomizationJob ${jobIdentifier}: ${name} (${messageOf(e)}); the job is not in progress any more.`);
      return false;
    }
    throw explain(e, 'StopModelCustomizationJob');
  }
}

/** True when the custom model (name or ARN) exists. */
export async function customModelExists(client: BedrockClient, modelIdentifier: string): Promise<boolean> {
  try {
    await client.send(new GetCustomModelCommand({ modelIdentifier }));
    return true;
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return false;
    throw explain(e, 'GetCustomModel');
  }
}

/** Deletes a custom model; one that is already gone counts as deleted. */
export async function deleteCustomModel(client: BedrockClient, modelIdentifier: string): Promise<void> {
  try {
    await client.send(new DeleteCustomModelCommand({ modelIdentifier }));
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') {
      console.log(`Custom model ${modelIdentifier} was already deleted.`);
      return;
    }
    throw explain(e, 'DeleteCustomModel');
  }
}

/** Turns an SDK error into the message CloudFormation shows in the stack events. */
export function explain(e: unknown, operation: string): Error {
  const name = errorName(e);
  const message = messageOf(e);
  if (name === 'ValidationException') return new Error(`Bedrock rejected ${operation} (ValidationException): ${message}`);
  if (name === 'ThrottlingException') {
    return new Error(`Bedrock throttled ${operation} after ${MAX_ATTEMPTS} attempts (ThrottlingException): ${message}. Retry the deployment.`);
  }
  if (name === 'AccessDeniedException') return new Error(`${operation} was denied (AccessDeniedException): ${message}`);
  if (name === 'ServiceQuotaExceededException' || name === 'TooManyTagsException' || name === 'ConflictException') {
    return new Error(`Bedrock refused ${operation} (${name}): ${message}`);
  }
  return e instanceof Error ? e : new Error(`${operation} failed: ${message}`);
}

/** True for the errors worth waiting out in a poll (the next poll retries). */
export function isThrottling(e: unknown): boolean {
  const name = errorName(e);
  return name === 'ThrottlingException' || (e instanceof Error && /\(ThrottlingException\)/.test(e.message));
}

export function errorName(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
