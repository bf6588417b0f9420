import { AccessDeniedException, BedrockClient, GetCustomModelCommand, ThrottlingException, ValidationException } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, DEFAULT_MAX_ELAPSED_MS, retryReason, withRetry } from '../../constructs/private/retry';

const meta = { $metadata: {} };
const throttled = (): ThrottlingException => new ThrottlingException({ message: 'Rate exceeded', ...meta });
const notPropagated = (): ValidationException => new ValidationException({ message: 'Failed to validate permissions for log group: logs-group', ...meta });
const denied = (): AccessDeniedException =>
  new AccessDeniedException({ message: 'User: arn:aws:sts::1:assumed-role/h/x is not authorized to perform: bedrock:GetCustomModel', ...meta });

describe('retryReason', () => {
  it('classifies throttling by error name and by HTTP 429', () => {
    expect(retryReason(throttled())).toBe('throttling');
    expect(retryReason(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' }))).toBe('throttling');
    expect(retryReason(Object.assign(new Error('x'), { name: 'Unknown', $metadata: { httpStatusCode: 429 } }))).toBe('throttling');
  });

  it('classifies the errors of a role that has not propagated yet', () => {
    expect(retryReason(notPropagated())).toBe('iam-propagation');
    expect(retryReason(denied())).toBe('iam-propagation');
    expect(retryReason(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }))).toBe('iam-propagation');
    expect(retryReason(new ValidationException({ message: 'The provided role cannot be assumed by Bedrock', ...meta }))).toBe('iam-propagation');
  });

  it('does not retry validation errors about the request itself, or other errors', () => {
    expect(retryReason(new ValidationException({ message: 'modelUnits must be at least 1', ...meta }))).toBeUndefined();
    expect(retryReason(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }))).toBeUndefined();
    expect(retryReason(new Error('boom'))).toBeUndefined();
    expect(retryReason('a string')).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling at every retry, caps it, and jitters below it', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, () => 0.999999, 1000, 30_000))).toEqual([999, 1999, 3999, 7999, 29_999]);
    expect(backoffDelay(5, () => 0)).toBe(0);
    expect(backoffDelay(2, () => 0.5, 1000, 30_000)).toBe(2000);
  });
});

describe('withRetry with an SDK client (aws-sdk-client-mock) and fake timers', () => {
  let bedrock: AwsClientStub<BedrockClient>;
  const client = new BedrockClient({ region: 'us-east-1' });
  const call = () => withRetry(() => client.send(new GetCustomModelCommand({ modelIdentifier: 'm' })), { operation: 'GetCustomModel', log: () => undefined });
  beforeEach(() => {
    bedrock = mockClient(BedrockClient);
    vi.useFakeTimers();
  });
  afterEach(() => {
    bedrock.restore();
    vi.useRealTimers();
  });

  it('retries while the role propagates, then returns the result', async () => {
    bedrock.on(GetCustomModelCommand).rejectsOnce(notPropagated()).rejectsOnce(denied()).resolves({ modelArn: 'arn:model' });
    const result = call();
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toMatchObject({ modelArn: 'arn:model' });
    expect(bedrock.commandCalls(GetCustomModelCommand)).toHaveLength(3);
  });

  it('retries throttling that outlasts the SDK retries', async () => {
    bedrock.on(GetCustomModelCommand).rejectsOnce(throttled()).resolves({ modelArn: 'arn:model' });
    const result = call();
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(result).resolves.toMatchObject({ modelArn: 'arn:model' });
  });

  it('waits with exponential backoff and jitter between attempts', async () => {
    bedrock.on(GetCustomModelCommand).rejects(throttled());
    const delays: number[] = [];
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const result = withRetry(() => client.send(new GetCustomModelCommand({ modelIdentifier: 'm' })), {
      operation: 'GetCustomModel',
      maxAttempts: 5,
      random: () => 0.5,
      log: () => undefined,
    });
    const settled = expect(result).rejects.toThrow('Rate exceeded');
    await vi.advanceTimersByTimeAsync(60_000);
    await settled;
    for (const c of spy.mock.calls) delays.push(c[1] as number);
    spy.mockRestore();
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(bedrock.commandCalls(GetCustomModelCommand)).toHaveLength(5);
  });

  it('gives up within the total time bound and throws the last error unchanged', async () => {
    bedrock.on(GetCustomModelCommand).rejects(notPropagated());
    const start = Date.now();
    const result = call();
    const settled = expect(result).rejects.toBeInstanceOf(ValidationException);
    await vi.advanceTimersByTimeAsync(DEFAULT_MAX_ELAPSED_MS + 60_000);
    await settled;
    expect(Date.now() - start).toBeLessThanOrEqual(DEFAULT_MAX_ELAPSED_MS + 60_000);
    const attempts = bedrock.commandCalls(GetCustomModelCommand).length;
    expect(attempts).toBeGreaterThan(2);
    expect(attempts).toBeLessThanOrEqual(10);
  });

  it('stops at the elapsed bound even when attempts remain', async () => {
    bedrock.on(GetCustomModelCommand).rejects(throttled());
    const log = vi.fn();
    const result = withRetry(() => client.send(new GetCustomModelCommand({ modelIdentifier: 'm' })), {
      operation: 'GetCustomModel',
      maxElapsedMs: 5_000,
      maxAttempts: 100,
      random: () => 0.99,
      log,
    });
    const settled = expect(result).rejects.toThrow('Rate exceeded');
    await vi.advanceTimersByTimeAsync(10_000);
    await settled;
    // Delays 990 + 1980 = 2970 ms fit in 5 s; the next (3960 ms) would not: 3 attempts.
    expect(bedrock.commandCalls(GetCustomModelCommand)).toHaveLength(3);
    expect(log).toHaveBeenLastCalledWith(expect.stringMatching(/^GetCustomModel: giving up after 3 attempts/));
  });

  it('does not retry an error that is not retryable', async () => {
    bedrock.on(GetCustomModelCommand).rejects(new ValidationException({ message: 'modelIdentifier is malformed', ...meta }));
    await expect(call()).rejects.toThrow('modelIdentifier is malformed');
    expect(bedrock.commandCalls(GetCustomModelCommand)).toHaveLength(1);
  });
});
