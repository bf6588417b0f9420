import {
  AccessDeniedException,
  BedrockClient,
  DeleteModelInvocationLoggingConfigurationCommand,
  GetModelInvocationLoggingConfigurationCommand,
  PutModelInvocationLoggingConfigurationCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import type { LoggingConfig } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodePhysicalId, encodePhysicalId, MAX_PHYSICAL_ID_BYTES } from '../../constructs/invocation-logging/handler/config';
import { createClient, handler, MAX_ATTEMPTS } from '../../constructs/invocation-logging/handler/index';
import { DEFAULT_MAX_ELAPSED_MS } from '../../constructs/private/retry';
import type { CloudFormationCustomResourceEvent } from '../../constructs/invocation-logging/handler/index';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

/** The configuration this stack sets, as CloudFormation sends it (booleans as strings). */
const OURS_PROPERTIES = {
  s3Config: { bucketName: 'logs-bucket', keyPrefix: 'bedrock-invocation-logs' },
  cloudWatchConfig: {
    logGroupName: 'logs-group',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/delivery`,
    largeDataDeliveryS3Config: { bucketName: 'logs-bucket', keyPrefix: 'bedrock-invocation-logs' },
  },
  textDataDeliveryEnabled: 'true',
  imageDataDeliveryEnabled: 'true',
  embeddingDataDeliveryEnabled: 'true',
  videoDataDeliveryEnabled: 'false',
  audioDataDeliveryEnabled: 'false',
};
/** The same configuration as the API takes it. */
const OURS: LoggingConfig = {
  s3Config: { bucketName: 'logs-bucket', keyPrefix: 'bedrock-invocation-logs' },
  cloudWatchConfig: {
    logGroupName: 'logs-group',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/delivery`,
    largeDataDeliveryS3Config: { bucketName: 'logs-bucket', keyPrefix: 'bedrock-invocation-logs' },
  },
  textDataDeliveryEnabled: true,
  imageDataDeliveryEnabled: true,
  embeddingDataDeliveryEnabled: true,
  videoDataDeliveryEnabled: false,
  audioDataDeliveryEnabled: false,
};
/** A configuration someone set before the stack. */
const PREVIOUS: LoggingConfig = {
  s3Config: { bucketName: 'central-logs', keyPrefix: 'team-a' },
  textDataDeliveryEnabled: true,
  imageDataDeliveryEnabled: false,
  embeddingDataDeliveryEnabled: false,
};

const base = {
  RequestId: 'req',
  StackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/S/1`,
  LogicalResourceId: 'Logging',
  ResourceType: 'Custom::BedrockInvocationLogging',
  ServiceToken: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:framework`,
  ResponseURL: 'https://example.invalid/response',
};
const properties = (onDelete = 'restore-previous', config: Record<string, unknown> = OURS_PROPERTIES): Record<string, unknown> => ({
  ServiceToken: base.ServiceToken,
  Account: ACCOUNT,
  Region: REGION,
  OnDelete: onDelete,
  LoggingConfig: config,
});
const create = (onDelete?: string): CloudFormationCustomResourceEvent => ({ ...base, RequestType: 'Create', ResourceProperties: properties(onDelete) });
const update = (physicalId: string, props = properties(), old = properties()): CloudFormationCustomResourceEvent => ({
  ...base,
  RequestType: 'Update',
  PhysicalResourceId: physicalId,
  ResourceProperties: props,
  OldResourceProperties: old,
});
const del = (physicalId: string, onDelete?: string): CloudFormationCustomResourceEvent => ({
  ...base,
  RequestType: 'Delete',
  PhysicalResourceId: physicalId,
  ResourceProperties: properties(onDelete),
});
const withPrevious = encodePhysicalId(ACCOUNT, REGION, { kind: 'recorded', config: PREVIOUS });
const withoutPrevious = encodePhysicalId(ACCOUNT, REGION, { kind: 'none' });

describe('InvocationLogging handler', () => {
  let bedrock: AwsClientStub<BedrockClient>;
  beforeEach(() => {
    bedrock = mockClient(BedrockClient);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    bedrock.restore();
    vi.restoreAllMocks();
  });

  const puts = (): LoggingConfig[] => bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand).map((c) => c.args[0].input.loggingConfig!);

  describe('create', () => {
    it('reads the configuration in place, puts ours and keeps the previous one in the physical id', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: PREVIOUS });
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).resolves({});
      const out = await handler(create());
      expect(bedrock.commandCalls(GetModelInvocationLoggingConfigurationCommand)).toHaveLength(1);
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)[0]!.args[0].input).toEqual({ loggingConfig: OURS });
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
      expect(out.Data).toEqual({ PreviousConfiguration: 'recorded' });
      expect(out.PhysicalResourceId).toBe(withPrevious);
      expect(decodePhysicalId(out.PhysicalResourceId)).toEqual({ account: ACCOUNT, region: REGION, previous: { kind: 'recorded', config: PREVIOUS } });
    });

    it('records that there was no configuration before', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).resolves({});
      const out = await handler(create());
      expect(puts()).toEqual([OURS]);
      expect(out).toEqual({ PhysicalResourceId: withoutPrevious, Data: { PreviousConfiguration: 'none' } });
    });

    it('treats ResourceNotFoundException on read as no previous configuration', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).resolves({});
      expect((await handler(create())).PhysicalResourceId).toBe(withoutPrevious);
      expect(puts()).toEqual([OURS]);
    });

    it('sends only the destinations that are configured (S3 only)', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).resolves({});
      const { cloudWatchConfig: _cw, ...s3Only } = OURS_PROPERTIES;
      await handler({ ...base, RequestType: 'Create', ResourceProperties: properties('delete', s3Only) });
      expect(puts()[0]).toEqual({ ...OURS, cloudWatchConfig: undefined });
      expect(Object.keys(puts()[0]!)).not.toContain('cloudWatchConfig');
    });

    it('fails when the previous configuration is too large to keep and onDelete is restore-previous', async () => {
      const huge: LoggingConfig = { s3Config: { bucketName: 'b', keyPrefix: Array.from({ length: 400 }, (_, i) => `${i * 7919}`).join('/') } };
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: huge });
      await expect(handler(create())).rejects.toThrow(/too large to keep .*Set onDelete: 'delete'/);
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    });

    it('does not record a too-large previous configuration when onDelete is delete', async () => {
      const huge: LoggingConfig = { s3Config: { bucketName: 'b', keyPrefix: Array.from({ length: 400 }, (_, i) => `${i * 7919}`).join('/') } };
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: huge });
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).resolves({});
      const out = await handler(create('delete'));
      expect(out.PhysicalResourceId).toBe(encodePhysicalId(ACCOUNT, REGION, { kind: 'unrecorded' }));
      expect(Buffer.byteLength(out.PhysicalResourceId)).toBeLessThanOrEqual(MAX_PHYSICAL_ID_BYTES);
      expect(puts()).toEqual([OURS]);
    });
  });

  describe('update', () => {
    it('puts the new configuration and keeps the physical id (and the previous configuration in it)', async () => {
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).resolves({});
      const changed = { ...OURS_PROPERTIES, videoDataDeliveryEnabled: 'true', audioDataDeliveryEnabled: 'true' };
      const out = await handler(update(withPrevious, properties('restore-previous', changed)));
      expect(puts()).toEqual([{ ...OURS, videoDataDeliveryEnabled: true, audioDataDeliveryEnabled: true }]);
      expect(out.PhysicalResourceId).toBe(withPrevious);
      expect(bedrock.commandCalls(GetModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    });

    it('fails when onDelete becomes restore-previous and the previous configuration was not recorded', async () => {
      const unrecorded = encodePhysicalId(ACCOUNT, REGION, { kind: 'unrecorded' });
      await expect(handler(update(unrecorded, properties('restore-previous'), properties('delete')))).rejects.toThrow(
        /onDelete cannot become 'restore-previous'/,
      );
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    });
  });

  describe('delete', () => {
    it('restores the previous configuration (restore-previous)', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).resolves({});
      const out = await handler(del(withPrevious));
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)[0]!.args[0].input).toEqual({ loggingConfig: PREVIOUS });
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
      expect(out.PhysicalResourceId).toBe(withPrevious);
    });

    it('removes the configuration when there was none before (restore-previous)', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
      bedrock.on(DeleteModelInvocationLoggingConfigurationCommand).resolves({});
      await handler(del(withoutPrevious));
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(1);
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)[0]!.args[0].input).toEqual({});
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    });

    it("removes the configuration with onDelete 'delete', even when one existed before", async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
      bedrock.on(DeleteModelInvocationLoggingConfigurationCommand).resolves({});
      await handler(del(withPrevious, 'delete'));
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(1);
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    });

    it('succeeds when the configuration is already gone (ResourceNotFoundException: nothing to remove)', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
      bedrock
        .on(DeleteModelInvocationLoggingConfigurationCommand)
        .rejects(new ResourceNotFoundException({ message: 'No logging configuration', $metadata: {} }));
      await expect(handler(del(withoutPrevious))).resolves.toEqual({ PhysicalResourceId: withoutPrevious });
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(1);
    });

    it('does nothing when there is no configuration and none to restore', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
      await handler(del(withoutPrevious));
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    });

    it('leaves alone a configuration that someone else put since (other destinations)', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: { s3Config: { bucketName: 'someone-else' } } });
      await handler(del(withPrevious));
      await handler(del(withoutPrevious, 'delete'));
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
      expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    });

    it('leaves the configuration in place when the physical id is not one of ours', async () => {
      await expect(handler(del('something-else'))).resolves.toEqual({ PhysicalResourceId: 'something-else' });
      expect(bedrock.calls()).toHaveLength(0);
    });
  });

  describe('errors', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('retries PutModelInvocationLoggingConfiguration while the new delivery role propagates, then succeeds', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
      bedrock
        .on(PutModelInvocationLoggingConfigurationCommand)
        .rejectsOnce(new ValidationException({ message: 'Failed to validate permissions for log group: logs-group', $metadata: {} }))
        .rejectsOnce(new AccessDeniedException({ message: 'Bedrock is not authorized to perform: logs:CreateLogStream', $metadata: {} }))
        .resolves({});
      const result = handler(create());
      await vi.advanceTimersByTimeAsync(10_000);
      await expect(result).resolves.toEqual({ PhysicalResourceId: withoutPrevious, Data: { PreviousConfiguration: 'none' } });
      expect(puts()).toEqual([OURS, OURS, OURS]);
    });

    it('fails with the service message once the permission error outlasts the retry bound', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
      bedrock
        .on(PutModelInvocationLoggingConfigurationCommand)
        .rejects(new ValidationException({ message: 'Failed to validate permissions for log group: logs-group', $metadata: {} }));
      const result = handler(create());
      const settled = expect(result).rejects.toThrow(
        'Bedrock rejected PutModelInvocationLoggingConfiguration (ValidationException): Failed to validate permissions for log group: logs-group',
      );
      await vi.advanceTimersByTimeAsync(DEFAULT_MAX_ELAPSED_MS + 30_000);
      await settled;
      expect(puts().length).toBeGreaterThan(2);
    });

    it('does not retry a ValidationException about the configuration itself', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).rejects(new ValidationException({ message: 'keyPrefix is too long', $metadata: {} }));
      await expect(handler(create())).rejects.toThrow('Bedrock rejected PutModelInvocationLoggingConfiguration (ValidationException): keyPrefix is too long');
      expect(puts()).toHaveLength(1);
    });

    it('retries throttling that outlasts the SDK retries', async () => {
      // aws-sdk-client-mock replaces send(), below the SDK's retry middleware: one rejection is what the handler
      // sees after the SDK has given up; the shared retry helper then tries again.
      bedrock
        .on(GetModelInvocationLoggingConfigurationCommand)
        .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }))
        .resolves({});
      bedrock.on(PutModelInvocationLoggingConfigurationCommand).resolves({});
      const result = handler(create());
      await vi.advanceTimersByTimeAsync(5_000);
      await expect(result).resolves.toMatchObject({ PhysicalResourceId: withoutPrevious });
      expect(bedrock.commandCalls(GetModelInvocationLoggingConfigurationCommand)).toHaveLength(2);
    });

    it('surfaces throttling that outlasts the retry bound with the operation and the retry policy', async () => {
      bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
      const result = handler(create());
      const settled = expect(result).rejects.toThrow(
        `Bedrock throttled GetModelInvocationLoggingConfiguration (ThrottlingException) through ${MAX_ATTEMPTS} SDK attempts per call and retries ` +
          `for up to ${DEFAULT_MAX_ELAPSED_MS / 1000} s: Rate exceeded. Retry the deployment.`,
      );
      await vi.advanceTimersByTimeAsync(DEFAULT_MAX_ELAPSED_MS + 30_000);
      await settled;
      expect(bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    });

    it('fails with the property name when a property is missing', async () => {
      await expect(handler({ ...base, RequestType: 'Create', ResourceProperties: { Account: ACCOUNT, Region: REGION } })).rejects.toThrow(
        /LoggingConfig is missing/,
      );
      await expect(handler({ ...base, RequestType: 'Create', ResourceProperties: { ...properties(), OnDelete: 'keep' } })).rejects.toThrow(
        /OnDelete "keep" is not valid/,
      );
    });
  });
});

describe('InvocationLogging handler client', () => {
  it(`has an explicit retry policy of ${MAX_ATTEMPTS} attempts in the resource's region`, async () => {
    const client = createClient(REGION);
    expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    expect(await client.config.region()).toBe(REGION);
  });

  it('retries a ThrottlingException through the SDK and then succeeds', async () => {
    const statuses: number[] = [];
    const replies: { statusCode: number; headers: Record<string, string>; body: object }[] = [
      { statusCode: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } },
      { statusCode: 200, headers: {}, body: {} },
    ];
    const requestHandler = {
      handle: (): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }> => {
        const reply = replies.shift() ?? { statusCode: 200, headers: {}, body: {} };
        statuses.push(reply.statusCode);
        const headers = { 'content-type': 'application/json', ...reply.headers };
        return Promise.resolve({ response: { statusCode: reply.statusCode, headers, body: Buffer.from(JSON.stringify(reply.body)) } });
      },
    };
    const client = createClient(REGION, { requestHandler, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    await client.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: OURS }));
    expect(statuses).toEqual([429, 200]);
  });
});
