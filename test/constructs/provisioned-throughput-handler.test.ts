import {
  AccessDeniedException,
  BedrockClient,
  ConflictException,
  CreateProvisionedModelThroughputCommand,
  DeleteProvisionedModelThroughputCommand,
  GetProvisionedModelThroughputCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  TagResourceCommand,
  ThrottlingException,
  UntagResourceCommand,
  UpdateProvisionedModelThroughputCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import type { GetProvisionedModelThroughputCommandOutput } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, isComplete, MAX_ATTEMPTS, onEvent } from '../../constructs/provisioned-throughput/handler/index';
import type { CloudFormationCustomResourceEvent, IsCompleteEvent } from '../../constructs/provisioned-throughput/handler/index';
import { DEFAULT_MAX_ELAPSED_MS } from '../../constructs/private/retry';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:provisioned-model/abcdef012345`;
const NEW_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:provisioned-model/new000000000`;
const MODEL = 'amazon.nova-lite-v1:0:300k';
const MODEL_ARN = `arn:aws:bedrock:${REGION}::foundation-model/${MODEL}`;
const CUSTOM_MODEL = `arn:aws:bedrock:${REGION}:${ACCOUNT}:custom-model/amazon.nova-lite-v1:0:300k/abcdefgh1234`;
const REQUEST_ID = '5f1b6c1e-1111-4222-8333-944455556666';

const base = {
  RequestId: REQUEST_ID,
  StackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/S/1`,
  LogicalResourceId: 'Throughput',
  ResourceType: 'Custom::BedrockProvisionedThroughput',
  ServiceToken: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:framework`,
  ResponseURL: 'https://example.invalid/response',
};
const properties = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ServiceToken: base.ServiceToken,
  Region: REGION,
  ModelId: MODEL,
  ModelUnits: '1',
  ProvisionedModelName: 'team-a-1mu',
  CommitmentDuration: 'None',
  DeletionBehavior: '…',
  ...overrides,
});
const create = (props = properties()): CloudFormationCustomResourceEvent => ({ ...base, RequestType: 'Create', ResourceProperties: props });
const update = (props: Record<string, unknown>, old = properties(), physicalId = ARN): CloudFormationCustomResourceEvent => ({
  ...base,
  RequestType: 'Update',
  PhysicalResourceId: physicalId,
  ResourceProperties: props,
  OldResourceProperties: old,
});
const del = (physicalId = ARN, props = properties()): CloudFormationCustomResourceEvent => ({
  ...base,
  RequestType: 'Delete',
  PhysicalResourceId: physicalId,
  ResourceProperties: props,
});
const poll = (event: CloudFormationCustomResourceEvent, physicalId: string, operation: string): IsCompleteEvent => ({
  ...event,
  PhysicalResourceId: physicalId,
  Data: { Operation: operation },
});
const DAY = 24 * 3600 * 1000;
/** A throughput as GetProvisionedModelThroughput returns it. */
const throughput = (over: Partial<GetProvisionedModelThroughputCommandOutput> = {}): GetProvisionedModelThroughputCommandOutput => ({
  $metadata: {},
  provisionedModelArn: ARN,
  provisionedModelName: 'team-a-1mu',
  modelArn: MODEL_ARN,
  desiredModelArn: MODEL_ARN,
  foundationModelArn: `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-lite-v1:0`,
  modelUnits: 1,
  desiredModelUnits: 1,
  status: 'InService',
  creationTime: new Date('2025-01-01T00:00:00Z'),
  lastModifiedTime: new Date('2025-01-01T00:00:00Z'),
  ...over,
});
const committed = (daysLeft: number): Partial<GetProvisionedModelThroughputCommandOutput> => ({
  commitmentDuration: 'OneMonth',
  commitmentExpirationTime: new Date(Date.now() + daysLeft * DAY),
});

describe('ProvisionedThroughput handler', () => {
  let bedrock: AwsClientStub<BedrockClient>;
  let warnings: string[];
  beforeEach(() => {
    bedrock = mockClient(BedrockClient);
    warnings = [];
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
  });
  afterEach(() => {
    bedrock.restore();
    vi.restoreAllMocks();
  });

  const createInput = (): unknown => bedrock.commandCalls(CreateProvisionedModelThroughputCommand)[0]?.args[0].input;

  describe('create', () => {
    it('buys a throughput without commitment (commitmentDuration omitted) and returns its ARN as the physical id', async () => {
      bedrock.on(CreateProvisionedModelThroughputCommand).resolves({ provisionedModelArn: ARN });
      expect(await onEvent(create())).toEqual({ PhysicalResourceId: ARN, Data: { Operation: 'create' } });
      expect(createInput()).toEqual({ modelUnits: 1, provisionedModelName: 'team-a-1mu', modelId: MODEL, clientRequestToken: REQUEST_ID });
    });

    it.each([
      ['OneMonth', 'OneMonth'],
      ['SixMonths', 'SixMonths'],
    ])('passes commitmentDuration %s, the units, the custom model ARN and the tags', async (property, api) => {
      bedrock.on(CreateProvisionedModelThroughputCommand).resolves({ provisionedModelArn: ARN });
      await onEvent(create(properties({ CommitmentDuration: property, ModelUnits: '3', ModelId: CUSTOM_MODEL, Tags: { team: 'a', env: 'prod' } })));
      expect(createInput()).toEqual({
        modelUnits: 3,
        provisionedModelName: 'team-a-1mu',
        modelId: CUSTOM_MODEL,
        commitmentDuration: api,
        tags: [
          { key: 'team', value: 'a' },
          { key: 'env', value: 'prod' },
        ],
        clientRequestToken: REQUEST_ID,
      });
    });

    it('is not complete while Creating, then complete with the throughput as data once InService', async () => {
      bedrock
        .on(GetProvisionedModelThroughputCommand)
        .resolvesOnce(throughput({ status: 'Creating' }))
        .resolves(throughput({ ...committed(30) }));
      const event = poll(create(), ARN, 'create');
      expect(await isComplete(event)).toEqual({ IsComplete: false });
      const done = await isComplete(event);
      expect(done.IsComplete).toBe(true);
      expect(done.Data).toMatchObject({
        ProvisionedModelArn: ARN,
        ProvisionedModelName: 'team-a-1mu',
        ModelArn: MODEL_ARN,
        ModelUnits: '1',
        Status: 'InService',
        CommitmentDuration: 'OneMonth',
      });
      expect(done.Data?.CommitmentExpirationTime).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(bedrock.commandCalls(GetProvisionedModelThroughputCommand)[0]!.args[0].input).toEqual({ provisionedModelId: ARN });
    });

    it('fails with the service failureMessage when the throughput is Failed, and deletes the failed one', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput({ status: 'Failed', failureMessage: 'Insufficient capacity for amazon.nova-lite' }));
      bedrock.on(DeleteProvisionedModelThroughputCommand).resolves({});
      await expect(isComplete(poll(create(), ARN, 'create'))).rejects.toThrow(
        `Provisioned throughput 'team-a-1mu' (${ARN}) failed: Insufficient capacity for amazon.nova-lite`,
      );
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand)[0]!.args[0].input).toEqual({ provisionedModelId: ARN });
    });

    it('keeps answering "not complete" (no data) while Creating, leaving the time-out to the Provider framework', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput({ status: 'Creating' }));
      for (let i = 0; i < 5; i++) expect(await isComplete(poll(create(), ARN, 'create'))).toEqual({ IsComplete: false });
    });

    it('surfaces throttling that outlasts the SDK retries and the shared retry bound, with the operation and the policy', async () => {
      vi.useFakeTimers();
      try {
        bedrock.on(CreateProvisionedModelThroughputCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
        const settled = expect(onEvent(create())).rejects.toThrow(
          `Bedrock throttled CreateProvisionedModelThroughput (ThrottlingException) through ${MAX_ATTEMPTS} SDK attempts per call and retries ` +
            `for up to ${DEFAULT_MAX_ELAPSED_MS / 1000} s: Rate exceeded. Retry the deployment.`,
        );
        await vi.advanceTimersByTimeAsync(DEFAULT_MAX_ELAPSED_MS + 30_000);
        await settled;
        // Every attempt carries the same idempotency token: a retried create never buys a second throughput.
        const tokens = new Set(bedrock.commandCalls(CreateProvisionedModelThroughputCommand).map((c) => c.args[0].input.clientRequestToken));
        expect(bedrock.commandCalls(CreateProvisionedModelThroughputCommand).length).toBeGreaterThan(1);
        expect(tokens).toEqual(new Set([REQUEST_ID]));
      } finally {
        vi.useRealTimers();
      }
    });

    it('retries a create that Bedrock rejects while the handler role propagates, then returns the ARN', async () => {
      vi.useFakeTimers();
      try {
        bedrock
          .on(CreateProvisionedModelThroughputCommand)
          .rejectsOnce(new AccessDeniedException({ message: 'not authorized to perform: bedrock:CreateProvisionedModelThroughput', $metadata: {} }))
          .resolves({ provisionedModelArn: ARN });
        const result = onEvent(create());
        await vi.advanceTimersByTimeAsync(5_000);
        await expect(result).resolves.toEqual({ PhysicalResourceId: ARN, Data: { Operation: 'create' } });
      } finally {
        vi.useRealTimers();
      }
    });

    it('explains a model-unit quota error', async () => {
      bedrock.on(CreateProvisionedModelThroughputCommand).rejects(new ServiceQuotaExceededException({ message: 'Quota exceeded', $metadata: {} }));
      await expect(onEvent(create())).rejects.toThrow(/ServiceQuotaExceededException\): Quota exceeded\. Model units are limited .*lower modelUnits/);
    });

    it('fails with the property name when a property is missing or malformed', async () => {
      await expect(onEvent(create(properties({ ModelId: undefined })))).rejects.toThrow('ModelId is missing');
      await expect(onEvent(create(properties({ ModelUnits: '0' })))).rejects.toThrow('ModelUnits "0" is not valid; accepted: an integer ≥ 1');
      await expect(onEvent(create(properties({ CommitmentDuration: '1y' })))).rejects.toThrow(
        'CommitmentDuration "1y" is not valid; accepted: None, OneMonth, SixMonths',
      );
    });
  });

  describe('update', () => {
    it('renames in place (desiredProvisionedModelName only) and keeps the physical id', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(UpdateProvisionedModelThroughputCommand).resolves({});
      const out = await onEvent(update(properties({ ProvisionedModelName: 'team-b-1mu' })));
      expect(out).toEqual({ PhysicalResourceId: ARN, Data: { Operation: 'update' } });
      expect(bedrock.commandCalls(UpdateProvisionedModelThroughputCommand).map((c) => c.args[0].input)).toEqual([
        { provisionedModelId: ARN, desiredProvisionedModelName: 'team-b-1mu' },
      ]);
      expect(bedrock.commandCalls(CreateProvisionedModelThroughputCommand)).toHaveLength(0);
    });

    it('changes the model in place (desiredModelId only), then waits until InService on the new model', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(UpdateProvisionedModelThroughputCommand).resolves({});
      await onEvent(update(properties({ ModelId: CUSTOM_MODEL })));
      expect(bedrock.commandCalls(UpdateProvisionedModelThroughputCommand).map((c) => c.args[0].input)).toEqual([
        { provisionedModelId: ARN, desiredModelId: CUSTOM_MODEL },
      ]);
      bedrock.reset();
      bedrock
        .on(GetProvisionedModelThroughputCommand)
        .resolvesOnce(throughput({ desiredModelArn: CUSTOM_MODEL })) // still InService on the old model
        .resolvesOnce(throughput({ status: 'Updating', desiredModelArn: CUSTOM_MODEL }))
        .resolves(throughput({ modelArn: CUSTOM_MODEL, desiredModelArn: CUSTOM_MODEL }));
      const event = poll(update(properties({ ModelId: CUSTOM_MODEL })), ARN, 'update');
      expect(await isComplete(event)).toEqual({ IsComplete: false });
      expect(await isComplete(event)).toEqual({ IsComplete: false });
      expect(await isComplete(event)).toMatchObject({ IsComplete: true, Data: { ModelArn: CUSTOM_MODEL } });
    });

    it('renames and changes the model in one call', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(UpdateProvisionedModelThroughputCommand).resolves({});
      await onEvent(update(properties({ ModelId: CUSTOM_MODEL, ProvisionedModelName: 'team-b' })));
      expect(bedrock.commandCalls(UpdateProvisionedModelThroughputCommand)[0]!.args[0].input).toEqual({
        provisionedModelId: ARN,
        desiredProvisionedModelName: 'team-b',
        desiredModelId: CUSTOM_MODEL,
      });
    });

    it('brings the tags in line without calling Update when nothing else changed', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(TagResourceCommand).resolves({});
      bedrock.on(UntagResourceCommand).resolves({});
      await onEvent(update(properties({ Tags: { team: 'b', cost: 'x' } }), properties({ Tags: { team: 'a', old: 'y' } })));
      expect(bedrock.commandCalls(UpdateProvisionedModelThroughputCommand)).toHaveLength(0);
      expect(bedrock.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({
        resourceARN: ARN,
        tags: [
          { key: 'team', value: 'b' },
          { key: 'cost', value: 'x' },
        ],
      });
      expect(bedrock.commandCalls(UntagResourceCommand)[0]!.args[0].input).toEqual({ resourceARN: ARN, tagKeys: ['old'] });
    });

    it('replaces the throughput when modelUnits change (new physical id; CloudFormation then deletes the old one)', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(CreateProvisionedModelThroughputCommand).resolves({ provisionedModelArn: NEW_ARN });
      const out = await onEvent(update(properties({ ModelUnits: '2', ProvisionedModelName: 'team-a-2mu' })));
      expect(out).toEqual({ PhysicalResourceId: NEW_ARN, Data: { Operation: 'replace' } });
      expect(createInput()).toEqual({ modelUnits: 2, provisionedModelName: 'team-a-2mu', modelId: MODEL, clientRequestToken: REQUEST_ID });
      expect(bedrock.commandCalls(UpdateProvisionedModelThroughputCommand)).toHaveLength(0);
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand)).toHaveLength(0);
    });

    it('deletes a replacement that failed, so that it does not linger next to the current one', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput({ provisionedModelArn: NEW_ARN, status: 'Failed', failureMessage: 'boom' }));
      bedrock.on(DeleteProvisionedModelThroughputCommand).resolves({});
      await expect(isComplete(poll(update(properties({ ModelUnits: '2' })), NEW_ARN, 'replace'))).rejects.toThrow(/failed: boom/);
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand)[0]!.args[0].input).toEqual({ provisionedModelId: NEW_ARN });
    });

    it('does not delete a throughput whose in-place update failed', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput({ status: 'Failed', failureMessage: 'bad model' }));
      await expect(isComplete(poll(update(properties({ ModelId: CUSTOM_MODEL })), ARN, 'update'))).rejects.toThrow(/failed: bad model/);
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand)).toHaveLength(0);
    });

    it('fails when a replacement keeps the name, which the current throughput still holds', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      await expect(onEvent(update(properties({ ModelUnits: '2' })))).rejects.toThrow(
        /Changing modelUnits from 1 to 2 needs a new provisioned throughput.*'team-a-1mu' stays in use.*Change provisionedModelName/,
      );
      expect(bedrock.commandCalls(CreateProvisionedModelThroughputCommand)).toHaveLength(0);
    });

    it('refuses to replace a throughput inside its commitment term', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput(committed(20)));
      await expect(onEvent(update(properties({ CommitmentDuration: 'OneMonth', ModelUnits: '2', ProvisionedModelName: 'team-a-2mu-1mo' })))).rejects.toThrow(
        /Refusing to replace provisioned throughput 'team-a-1mu' .* to change modelUnits from 1 to 2: it has a OneMonth commitment until \d{4}-/,
      );
      expect(bedrock.commandCalls(CreateProvisionedModelThroughputCommand)).toHaveLength(0);
    });

    it('replaces a committed throughput whose term is over', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput(committed(-1)));
      bedrock.on(CreateProvisionedModelThroughputCommand).resolves({ provisionedModelArn: NEW_ARN });
      const out = await onEvent(update(properties({ CommitmentDuration: 'None', ProvisionedModelName: 'team-a-none' })));
      expect(out.PhysicalResourceId).toBe(NEW_ARN);
    });

    it('rolls back in place: the current throughput already has the desired units', async () => {
      // A failed replacement (units 1 → 2) is rolled back with the old properties against the old throughput.
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      const out = await onEvent(update(properties(), properties({ ModelUnits: '2', ProvisionedModelName: 'team-a-2mu' })));
      expect(out.PhysicalResourceId).toBe(ARN);
      expect(bedrock.commandCalls(CreateProvisionedModelThroughputCommand)).toHaveLength(0);
      expect(bedrock.commandCalls(UpdateProvisionedModelThroughputCommand)).toHaveLength(0);
    });

    it('creates a new throughput when the current one was deleted outside CloudFormation', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
      bedrock.on(CreateProvisionedModelThroughputCommand).resolves({ provisionedModelArn: NEW_ARN });
      expect(await onEvent(update(properties({ ProvisionedModelName: 'team-b' })))).toEqual({ PhysicalResourceId: NEW_ARN, Data: { Operation: 'replace' } });
    });

    it('reports a rejected update with the service message', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(UpdateProvisionedModelThroughputCommand).rejects(new ValidationException({ message: 'model not compatible', $metadata: {} }));
      await expect(onEvent(update(properties({ ModelId: CUSTOM_MODEL })))).rejects.toThrow(
        'Bedrock rejected UpdateProvisionedModelThroughput (ValidationException): model not compatible',
      );
    });
  });

  describe('delete', () => {
    it('deletes a throughput without commitment', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(DeleteProvisionedModelThroughputCommand).resolves({});
      expect(await onEvent(del())).toEqual({ PhysicalResourceId: ARN, Data: { Operation: 'delete', Outcome: 'deleted' } });
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand).map((c) => c.args[0].input)).toEqual([{ provisionedModelId: ARN }]);
      bedrock.on(GetProvisionedModelThroughputCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
      expect(await isComplete(poll(del(), ARN, 'delete'))).toEqual({ IsComplete: true });
    });

    it('succeeds when the throughput is already deleted (Get or Delete answers ResourceNotFoundException)', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
      expect(await onEvent(del())).toMatchObject({ PhysicalResourceId: ARN, Data: { Outcome: 'gone' } });
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand)).toHaveLength(0);

      bedrock.reset();
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(DeleteProvisionedModelThroughputCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
      expect(await onEvent(del())).toMatchObject({ Data: { Outcome: 'gone' } });
    });

    it('succeeds without any call when the physical id is not a provisioned model ARN (the create failed early)', async () => {
      expect(await onEvent(del(REQUEST_ID))).toMatchObject({ PhysicalResourceId: REQUEST_ID, Data: { Outcome: 'gone' } });
      expect(bedrock.calls()).toHaveLength(0);
    });

    it('leaves a throughput inside its commitment term in place, says so, and succeeds', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput(committed(12)));
      expect(await onEvent(del())).toMatchObject({ PhysicalResourceId: ARN, Data: { Outcome: 'retained' } });
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand)).toHaveLength(0);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        new RegExp(
          `^LEFT IN PLACE, STILL BILLED: provisioned throughput 'team-a-1mu' \\(${ARN}\\) has a OneMonth commitment until \\d{4}-.*` +
            `billed every hour until the term ends.*aws bedrock delete-provisioned-model-throughput --region ${REGION} --provisioned-model-id ${ARN}$`,
        ),
      );
      expect(await isComplete(poll(del(), ARN, 'delete'))).toEqual({ IsComplete: true });
    });

    it('leaves it in place when Bedrock refuses the delete because of the commitment', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput({ commitmentDuration: 'SixMonths' }));
      bedrock
        .on(DeleteProvisionedModelThroughputCommand)
        .rejects(new ValidationException({ message: 'Provisioned Throughput with a commitment term cannot be deleted before it expires', $metadata: {} }));
      expect(await onEvent(del())).toMatchObject({ Data: { Outcome: 'retained' } });
      expect(warnings[0]).toMatch(/^LEFT IN PLACE, STILL BILLED: .* SixMonths commitment until the end of its term/);
    });

    it('deletes a committed throughput whose term is over', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput(committed(-2)));
      bedrock.on(DeleteProvisionedModelThroughputCommand).resolves({});
      expect(await onEvent(del())).toMatchObject({ Data: { Outcome: 'deleted' } });
    });

    it('waits for a throughput still Creating (a rollback after a time-out), then deletes it', async () => {
      bedrock
        .on(GetProvisionedModelThroughputCommand)
        .resolvesOnce(throughput({ status: 'Creating' }))
        .resolvesOnce(throughput({ status: 'Creating' }))
        .resolvesOnce(throughput())
        .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
      bedrock.on(DeleteProvisionedModelThroughputCommand).resolves({});
      expect(await onEvent(del())).toMatchObject({ Data: { Outcome: 'busy' } });
      const event = poll(del(), ARN, 'delete');
      expect(await isComplete(event)).toEqual({ IsComplete: false });
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand)).toHaveLength(0);
      expect(await isComplete(event)).toEqual({ IsComplete: true });
      expect(bedrock.commandCalls(DeleteProvisionedModelThroughputCommand)).toHaveLength(1);
      expect(await isComplete(event)).toEqual({ IsComplete: true });
    });

    it('fails on other errors, with the operation named', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).resolves(throughput());
      bedrock.on(DeleteProvisionedModelThroughputCommand).rejects(new AccessDeniedException({ message: 'no', $metadata: {} }));
      vi.useFakeTimers();
      try {
        // AccessDenied is retried (the role may be seconds old), within the bound, then reported.
        const settled = expect(onEvent(del())).rejects.toThrow('DeleteProvisionedModelThroughput was denied (AccessDeniedException): no');
        await vi.advanceTimersByTimeAsync(DEFAULT_MAX_ELAPSED_MS + 30_000);
        await settled;
      } finally {
        vi.useRealTimers();
      }
      bedrock.on(DeleteProvisionedModelThroughputCommand).rejects(new ConflictException({ message: 'in use', $metadata: {} }));
      await expect(onEvent(del())).rejects.toThrow('Bedrock rejected DeleteProvisionedModelThroughput (ConflictException): in use');
    });

    it('uses the region of the ARN', async () => {
      bedrock.on(GetProvisionedModelThroughputCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
      const other = ARN.replace(REGION, 'eu-west-1');
      await onEvent(del(other));
      const client = bedrock.commandCalls(GetProvisionedModelThroughputCommand)[0]!.thisValue as BedrockClient;
      expect(await client.config.region()).toBe('eu-west-1');
    });
  });

  it(`has an explicit retry policy of ${MAX_ATTEMPTS} attempts in the resource's region`, async () => {
    const client = createClient(REGION);
    expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    expect(await client.config.region()).toBe(REGION);
  });

  it('retries a ThrottlingException through the SDK and then succeeds', async () => {
    bedrock.restore();
    const statuses: number[] = [];
    const replies: { statusCode: number; headers: Record<string, string>; body: object }[] = [
      { statusCode: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } },
      { statusCode: 200, headers: {}, body: { provisionedModelArn: ARN } },
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
    const out = await client.send(new CreateProvisionedModelThroughputCommand({ modelUnits: 1, provisionedModelName: 'n', modelId: MODEL }));
    expect(statuses).toEqual([429, 200]);
    expect(out.provisionedModelArn).toBe(ARN);
  });
});
