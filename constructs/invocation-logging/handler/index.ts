/**
 * onEvent handler (custom_resources.Provider) of InvocationLogging: sets the account's Amazon Bedrock model
 * invocation logging configuration in one region, keeping the configuration that existed before so that deleting
 * the resource can put it back. It never deletes logs.
 *
 * - Create: read the current configuration (the previous one), put ours, carry the previous one in the physical id.
 * - Update: put the new configuration, keep the physical id (a new id would make CloudFormation delete the old one).
 * - Delete: if the account still uses our destinations (or none), restore the previous configuration
 *   (`restore-previous`, when there was one) or remove it (`delete`, or there was none before).
 *
 * Every call goes through the shared retry helper (constructs/private/retry.ts): throttling, and the errors Bedrock
 * returns while the delivery role created in the same deployment has not propagated yet ("Failed to validate
 * permissions", AccessDenied), are retried with exponential backoff and jitter for up to two minutes.
 *
 * Bundled at build time with the SDK inside (docs/adr/0004-bundle-sdk-in-handlers.md).
 */
import {
  BedrockClient,
  DeleteModelInvocationLoggingConfigurationCommand,
  GetModelInvocationLoggingConfigurationCommand,
  PutModelInvocationLoggingConfigurationCommand,
} from '@aws-sdk/client-bedrock';
import type { BedrockClientConfig, LoggingConfig } from '@aws-sdk/client-bedrock';
import { decodePhysicalId, encodePhysicalId, MAX_PHYSICAL_ID_BYTES, normalizeConfig, readProperties, sameDestinations } from './config';
import type { LoggingProperties, PreviousConfiguration } from './config';
import type { CloudFormationCustomResourceEvent, CreateEvent, DeleteEvent, OnEventResponse, UpdateEvent } from '../../private/custom-resource-events';
import { DEFAULT_MAX_ELAPSED_MS, withRetry } from '../../private/retry';

export type { CloudFormationCustomResourceEvent, OnEventResponse } from '../../private/custom-resource-events';

/** Attempts per SDK call, throttling included (standard retry mode: exponential backoff with jitter). */
export const MAX_ATTEMPTS = 8;

/** A Bedrock client for the region, with the retry policy made explicit (overrides are for tests). */
export function createClient(region: string, overrides: Partial<BedrockClientConfig> = {}): BedrockClient {
  return new BedrockClient({ region, maxAttempts: MAX_ATTEMPTS, retryMode: 'standard', ...overrides });
}

/** The Provider framework's onEvent entry point. */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const props = readProperties(event.ResourceProperties);
  const client = createClient(props.region);
  console.log(JSON.stringify({ requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, properties: props }));
  switch (event.RequestType) {
    case 'Create':
      return onCreate(client, props, event);
    case 'Update':
      return onUpdate(client, props, event);
    case 'Delete':
      return onDelete(client, props, event);
  }
}

/** Reads the configuration in place (the previous one), then puts ours. */
export async function onCreate(client: BedrockClient, props: LoggingProperties, _event?: CreateEvent): Promise<OnEventResponse> {
  const current = await getConfiguration(client);
  let previous: PreviousConfiguration = current ? { kind: 'recorded', config: current } : { kind: 'none' };
  let physicalId = encodePhysicalId(props.account, props.region, previous);
  if (Buffer.byteLength(physicalId) > MAX_PHYSICAL_ID_BYTES) {
    if (props.onDelete === 'restore-previous') {
      throw new Error(
        `The model invocation logging configuration already in place in ${props.account}/${props.region} is too large to keep ` +
          `(${Buffer.byteLength(physicalId)} bytes encoded, CloudFormation keeps ${MAX_PHYSICAL_ID_BYTES}), so it could not be restored on delete. ` +
          `Set onDelete: 'delete', or remove the existing configuration first.`,
      );
    }
    previous = { kind: 'unrecorded' };
    physicalId = encodePhysicalId(props.account, props.region, previous);
  }
  await putConfiguration(client, props.loggingConfig);
  return { PhysicalResourceId: physicalId, Data: { PreviousConfiguration: previous.kind } };
}

/** Puts the new configuration; the physical id (and the previous configuration in it) does not change. */
export async function onUpdate(client: BedrockClient, props: LoggingProperties, event: UpdateEvent): Promise<OnEventResponse> {
  const decoded = decodePhysicalId(event.PhysicalResourceId);
  if (decoded?.previous.kind === 'unrecorded' && props.onDelete === 'restore-previous') {
    throw new Error(
      `onDelete cannot become 'restore-previous': the configuration in place before this resource was created was too large to keep. Keep onDelete: 'delete'.`,
    );
  }
  await putConfiguration(client, props.loggingConfig);
  return { PhysicalResourceId: event.PhysicalResourceId, Data: { PreviousConfiguration: decoded?.previous.kind ?? 'unknown' } };
}

/**
 * Restores the previous configuration or removes ours. Acts only when the account still delivers to our
 * destinations (or has no configuration): a configuration someone else put since then is left alone.
 */
export async function onDelete(client: BedrockClient, props: LoggingProperties, event: DeleteEvent): Promise<OnEventResponse> {
  const result = { PhysicalResourceId: event.PhysicalResourceId };
  const decoded = decodePhysicalId(event.PhysicalResourceId);
  if (!decoded) {
    console.log(`Physical id '${event.PhysicalResourceId}' was not written by this handler; leaving the configuration in place.`);
    return result;
  }
  const current = await getConfiguration(client);
  if (current && !sameDestinations(current, props.loggingConfig)) {
    console.log('The configuration in place delivers elsewhere (changed since this resource set it); leaving it in place.');
    return result;
  }
  const previous = decoded.previous;
  if (props.onDelete === 'restore-previous' && previous.kind === 'recorded') {
    await putConfiguration(client, previous.config);
  } else if (current) {
    await deleteConfiguration(client);
  }
  return result;
}

/** The configuration in place, or undefined when there is none. */
export async function getConfiguration(client: BedrockClient): Promise<LoggingConfig | undefined> {
  try {
    const out = await withRetry(() => client.send(new GetModelInvocationLoggingConfigurationCommand({})), {
      operation: 'GetModelInvocationLoggingConfiguration',
    });
    if (!out.loggingConfig) return undefined;
    const config = normalizeConfig(out.loggingConfig as Record<string, unknown>);
    return config.s3Config || config.cloudWatchConfig ? config : undefined;
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return undefined;
    throw explain(e, 'GetModelInvocationLoggingConfiguration');
  }
}

async function putConfiguration(client: BedrockClient, loggingConfig: LoggingConfig): Promise<void> {
  try {
    // Bedrock checks the delivery role and the bucket policy when the configuration is put: both may be seconds old.
    await withRetry(() => client.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig })), {
      operation: 'PutModelInvocationLoggingConfiguration',
    });
  } catch (e) {
    throw explain(e, 'PutModelInvocationLoggingConfiguration');
  }
}

async function deleteConfiguration(client: BedrockClient): Promise<void> {
  try {
    await withRetry(() => client.send(new DeleteModelInvocationLoggingConfigurationCommand({})), {
      operation: 'DeleteModelInvocationLoggingConfiguration',
    });
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return; // nothing to remove
    throw explain(e, 'DeleteModelInvocationLoggingConfiguration');
  }
}

/**
 * Turns an SDK error into the message CloudFormation shows in the stack events (the Provider framework reports
 * the thrown error's message as the failure reason).
 */
export function explain(e: unknown, operation: string): Error {
  const name = errorName(e);
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'ValidationException') return new Error(`Bedrock rejected ${operation} (ValidationException): ${message}`);
  if (name === 'ThrottlingException') {
    return new Error(
      `Bedrock throttled ${operation} (ThrottlingException) through ${MAX_ATTEMPTS} SDK attempts per call and retries for up to ` +
        `${DEFAULT_MAX_ELAPSED_MS / 1000} s: ${message}. Retry the deployment.`,
    );
  }
  if (name === 'AccessDeniedException') return new Error(`${operation} was denied (AccessDeniedException): ${message}`);
  return e instanceof Error ? e : new Error(`${operation} failed: ${message}`);
}

function errorName(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : undefined;
}
