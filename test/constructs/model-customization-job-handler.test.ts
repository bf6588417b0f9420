import {
  BedrockClient,
  CreateModelCustomizationJobCommand,
  DeleteCustomModelCommand,
  GetCustomModelCommand,
  GetModelCustomizationJobCommand,
  ResourceNotFoundException,
  StopModelCustomizationJobCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import type { GetModelCustomizationJobResponse } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, deleteSettings, isComplete, isJobComplete, MAX_ATTEMPTS, onEvent } from '../../constructs/model-customization-job/handler/index';
import type { CloudFormationCustomResourceEvent, IsCompleteEvent } from '../../constructs/model-customization-job/handler/index';
import { createJob } from '../../constructs/model-customization-job/handler/bedrock';
import { createJobRequest, jobName, readProperties } from '../../constructs/model-customization-job/handler/properties';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/S-JobServiceRole`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const JOB_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:model-customization-job/amazon.titan-text-express-v1:0:8k/abc123def456`;
const NEW_JOB_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:model-customization-job/amazon.titan-text-express-v1:0:8k/zzz999`;
const MODEL_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:custom-model/amazon.titan-text-express-v1:0:8k/m0d3l`;
const PREFIX = 'S-Job-AB493681';

/** The Job property as CloudFormation sends it (scalars as strings). */
const JOB = {
  roleArn: ROLE,
  baseModelIdentifier: 'amazon.titan-text-express-v1:0:8k',
  customizationType: 'FINE_TUNING',
  customModelName: 'support-bot-v1',
  trainingDataConfig: { s3Uri: 's3://data-bucket/datasets/train/' },
  validationDataConfig: { validators: [{ s3Uri: 's3://data-bucket/datasets/validation/' }] },
  outputDataConfig: { s3Uri: 's3://data-bucket/output/support-bot/' },
  hyperParameters: { epochCount: '5', batchSize: '1', learningRate: '0.00001', learningRateWarmupSteps: '5' },
  customModelKmsKeyId: KEY,
  vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] },
};

const properties = (job: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:framework',
  Region: REGION,
  JobNamePrefix: PREFIX,
  Job: { ...JOB, ...job },
  Tags: [{ key: 'team', value: 'support' }],
  WaitForCompletion: 'true',
  DeleteCustomModelOnDelete: 'false',
  TimeoutSeconds: '3600',
  QueryIntervalSeconds: '60',
  ...extra,
});

const base = {
  RequestId: 'req',
  StackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/S/1`,
  LogicalResourceId: 'Job',
  ResourceType: 'Custom::BedrockModelCustomizationJob',
  ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:framework',
  ResponseURL: 'https://example.invalid/response',
};
const create = (props = properties()): CloudFormationCustomResourceEvent => ({ ...base, RequestType: 'Create', ResourceProperties: props });
const update = (props: Record<string, unknown>, old = properties(), physicalId = JOB_ARN): CloudFormationCustomResourceEvent => ({
  ...base,
  RequestType: 'Update',
  PhysicalResourceId: physicalId,
  ResourceProperties: props,
  OldResourceProperties: old,
});
const del = (props = properties(), physicalId = JOB_ARN): CloudFormationCustomResourceEvent => ({
  ...base,
  RequestType: 'Delete',
  PhysicalResourceId: physicalId,
  ResourceProperties: props,
});
const poll = (event: CloudFormationCustomResourceEvent, startedAt: string, physicalId = JOB_ARN): IsCompleteEvent => ({
  ...event,
  PhysicalResourceId: physicalId,
  Data: { JobArn: physicalId, WaitStartedAt: startedAt },
});

const job = (status: GetModelCustomizationJobResponse['status'], more: Partial<GetModelCustomizationJobResponse> = {}): GetModelCustomizationJobResponse =>
  ({ jobArn: JOB_ARN, jobName: `${PREFIX}-0123456789ab`, status, outputModelName: 'support-bot-v1', ...more }) as GetModelCustomizationJobResponse;
const notFound = (what = 'job'): ResourceNotFoundException => new ResourceNotFoundException({ message: `Could not find ${what}`, $metadata: {} });

describe('ModelCustomizationJob handler', () => {
  let bedrock: AwsClientStub<BedrockClient>;
  beforeEach(() => {
    bedrock = mockClient(BedrockClient);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    bedrock.restore();
    vi.restoreAllMocks();
  });
  const creates = () => bedrock.commandCalls(CreateModelCustomizationJobCommand).map((c) => c.args[0].input);

  describe('create', () => {
    it('starts the job with the exact request and returns its ARN as the physical id', async () => {
      bedrock.on(GetModelCustomizationJobCommand).rejects(notFound());
      bedrock.on(CreateModelCustomizationJobCommand).resolves({ jobArn: JOB_ARN });
      const out = await onEvent(create());
      const name = jobName(readProperties(properties()));
      expect(name).toMatch(new RegExp(`^${PREFIX}-[0-9a-f]{12}$`));
      expect(creates()).toEqual([
        {
          jobName: name,
          customModelName: 'support-bot-v1',
          roleArn: ROLE,
          clientRequestToken: name,
          baseModelIdentifier: 'amazon.titan-text-express-v1:0:8k',
          customizationType: 'FINE_TUNING',
          trainingDataConfig: { s3Uri: 's3://data-bucket/datasets/train/' },
          validationDataConfig: { validators: [{ s3Uri: 's3://data-bucket/datasets/validation/' }] },
          outputDataConfig: { s3Uri: 's3://data-bucket/output/support-bot/' },
          hyperParameters: { epochCount: '5', batchSize: '1', learningRate: '0.00001', learningRateWarmupSteps: '5' },
          customModelKmsKeyId: KEY,
          vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] },
          jobTags: [{ key: 'team', value: 'support' }],
          customModelTags: [{ key: 'team', value: 'support' }],
        },
      ]);
      expect(bedrock.commandCalls(GetModelCustomizationJobCommand)[0]!.args[0].input).toEqual({ jobIdentifier: name });
      expect(out.PhysicalResourceId).toBe(JOB_ARN);
      expect(out.Data).toMatchObject({ JobArn: JOB_ARN, WaitStartedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string });
    });

    it('derives the job name from the construct and the training inputs only (deterministic, ≤ 63 characters)', () => {
      const name = (job?: Record<string, unknown>, extra?: Record<string, unknown>) => jobName(readProperties(properties(job, extra)));
      expect(name()).toBe(name());
      expect(name({}, { Tags: [], WaitForCompletion: 'false', TimeoutSeconds: '600' })).toBe(name());
      expect(name({ roleArn: `arn:aws:iam::${ACCOUNT}:role/other` })).toBe(name());
      expect(name({ hyperParameters: { ...JOB.hyperParameters, epochCount: '6' } })).not.toBe(name());
      expect(name({ trainingDataConfig: { s3Uri: 's3://data-bucket/datasets/train-v2/' } })).not.toBe(name());
      expect(name({ customModelName: 'support-bot-v2' })).not.toBe(name());
      const longest = jobName(readProperties(properties({}, { JobNamePrefix: 'a'.repeat(40) })), 10);
      expect(longest.length).toBeLessThanOrEqual(63);
    });

    it('sends distillation settings and leaves out empty hyperparameters, tags and optional configs', async () => {
      bedrock.on(GetModelCustomizationJobCommand).rejects(notFound());
      bedrock.on(CreateModelCustomizationJobCommand).resolves({ jobArn: JOB_ARN });
      const { validationDataConfig: _v, customModelKmsKeyId: _k, vpcConfig: _c, hyperParameters: _h, ...minimal } = JOB;
      const distill = {
        ...minimal,
        baseModelIdentifier: 'amazon.nova-lite-v1:0:300k',
        customizationType: 'DISTILLATION',
        customizationConfig: {
          distillationConfig: { teacherModelConfig: { teacherModelIdentifier: 'amazon.nova-pro-v1:0', maxResponseLengthForInference: '1000' } },
        },
      };
      await onEvent(create({ ...properties(), Job: distill, Tags: undefined }));
      const input = creates()[0]!;
      expect(input.customizationConfig).toEqual({
        distillationConfig: { teacherModelConfig: { teacherModelIdentifier: 'amazon.nova-pro-v1:0', maxResponseLengthForInference: 1000 } },
      });
      expect(Object.keys(input).sort()).toEqual(
        [
          'baseModelIdentifier',
          'clientRequestToken',
          'customModelName',
          'customizationConfig',
          'customizationType',
          'jobName',
          'outputDataConfig',
          'roleArn',
          'trainingDataConfig',
        ].sort(),
      );
    });

    it('waits on an in-progress job of the same name instead of starting another (e.g. after a timeout without rollback)', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('InProgress'));
      const out = await onEvent(create());
      expect(creates()).toHaveLength(0);
      expect(out.PhysicalResourceId).toBe(JOB_ARN);
    });

    it('adopts a completed job of the same name only while its model exists', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      bedrock.on(GetCustomModelCommand).resolves({ modelArn: MODEL_ARN });
      expect((await onEvent(create())).PhysicalResourceId).toBe(JOB_ARN);
      expect(creates()).toHaveLength(0);

      bedrock.reset();
      const name = jobName(readProperties(properties()));
      bedrock.on(GetModelCustomizationJobCommand, { jobIdentifier: name }).resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      bedrock.on(GetModelCustomizationJobCommand, { jobIdentifier: `${name}-r2` }).rejects(notFound());
      bedrock.on(GetCustomModelCommand).rejects(notFound('model'));
      bedrock.on(CreateModelCustomizationJobCommand).resolves({ jobArn: NEW_JOB_ARN });
      expect((await onEvent(create())).PhysicalResourceId).toBe(NEW_JOB_ARN);
      expect(creates().map((c) => c.jobName)).toEqual([`${name}-r2`]);
    });

    it('takes the next name when a job of that name failed or was stopped (names are unique)', async () => {
      const name = jobName(readProperties(properties()));
      bedrock.on(GetModelCustomizationJobCommand, { jobIdentifier: name }).resolves(job('Failed'));
      bedrock.on(GetModelCustomizationJobCommand, { jobIdentifier: `${name}-r2` }).resolves(job('Stopped'));
      bedrock.on(GetModelCustomizationJobCommand, { jobIdentifier: `${name}-r3` }).rejects(notFound());
      bedrock.on(CreateModelCustomizationJobCommand).resolves({ jobArn: NEW_JOB_ARN });
      await onEvent(create());
      expect(creates().map((c) => [c.jobName, c.clientRequestToken])).toEqual([[`${name}-r3`, `${name}-r3`]]);
    });

    it('fails with the service message when Bedrock rejects the job', async () => {
      bedrock.on(GetModelCustomizationJobCommand).rejects(notFound());
      bedrock
        .on(CreateModelCustomizationJobCommand)
        .rejects(new ValidationException({ message: 'Custom model name support-bot-v1 already exists', $metadata: {} }));
      await expect(onEvent(create())).rejects.toThrow(
        'Bedrock rejected CreateModelCustomizationJob (ValidationException): Custom model name support-bot-v1 already exists',
      );
    });

    it('retries while the new service role propagates, then gives up with the service message', async () => {
      const request = createJobRequest(readProperties(properties()), 'job');
      const notReady = new ValidationException({ message: 'Could not assume the provided IAM role', $metadata: {} });
      bedrock.on(CreateModelCustomizationJobCommand).rejectsOnce(notReady).rejectsOnce(notReady).resolves({ jobArn: JOB_ARN });
      await expect(createJob(createClient(REGION), request, [0, 0])).resolves.toBe(JOB_ARN);
      expect(creates()).toHaveLength(3);
      bedrock.reset();
      bedrock.on(CreateModelCustomizationJobCommand).rejects(notReady);
      await expect(createJob(createClient(REGION), request, [0])).rejects.toThrow(
        'Bedrock rejected CreateModelCustomizationJob (ValidationException): Could not assume the provided IAM role',
      );
      expect(creates()).toHaveLength(2);
    });

    it('fails with the property name when a property is missing or invalid', async () => {
      const { baseModelIdentifier: _b, ...noBase } = JOB;
      await expect(onEvent(create({ ...properties(), Job: noBase }))).rejects.toThrow('Job.baseModelIdentifier is missing');
      await expect(onEvent(create(properties({ customizationType: 'RL' })))).rejects.toThrow(/Job.customizationType "RL" is not valid; accepted: FINE_TUNING/);
      await expect(onEvent(create(properties({}, { WaitForCompletion: 'yes' })))).rejects.toThrow(/WaitForCompletion "yes" is not valid/);
      expect(bedrock.calls()).toHaveLength(0);
    });
  });

  describe('isComplete', () => {
    const started = '2026-01-01T10:00:00.000Z';
    const at = (minutes: number): number => Date.parse(started) + minutes * 60_000;
    const check = (minutes = 1, props = properties()) => isJobComplete(createClient(REGION), readProperties(props), poll(create(props), started), at(minutes));

    it('is not complete while the job is in progress', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('InProgress'));
      await expect(check()).resolves.toEqual({ IsComplete: false });
      expect(bedrock.commandCalls(GetModelCustomizationJobCommand)[0]!.args[0].input).toEqual({ jobIdentifier: JOB_ARN });
    });

    it('completes with the custom model ARN, the job ARN and name', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      await expect(check()).resolves.toEqual({ IsComplete: true, Data: { CustomModelArn: MODEL_ARN, JobArn: JOB_ARN, JobName: `${PREFIX}-0123456789ab` } });
    });

    it("fails with the service's failureMessage when the job failed", async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Failed', { failureMessage: 'Training data has 3 records; the minimum is 8' }));
      await expect(check()).rejects.toThrow(
        `Model customization job ${JOB_ARN} (${PREFIX}-0123456789ab) failed: Training data has 3 records; the minimum is 8`,
      );
    });

    it('fails when the job was stopped or is stopping', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Stopped'));
      await expect(check()).rejects.toThrow(/was stopped \(Stopped\) before it completed; no custom model was created/);
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Stopping'));
      await expect(check()).rejects.toThrow(/was stopped \(Stopping\)/);
    });

    it('fails two query intervals before the timeout, naming the job and the way out (the job is not stopped)', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('InProgress'));
      await expect(check(57)).resolves.toEqual({ IsComplete: false });
      await expect(check(58)).rejects.toThrow(
        new RegExp(
          `Model customization job ${JOB_ARN.replace(/[.:/]/g, '\\$&')} .* is still InProgress after 58 minutes; the timeout of this resource is 60 minutes.*set waitForCompletion: false`,
        ),
      );
      expect(bedrock.commandCalls(StopModelCustomizationJobCommand)).toHaveLength(0);
      // A shorter timeout moves the deadline with it.
      await expect(check(8, properties({}, { TimeoutSeconds: '600' }))).rejects.toThrow(/the timeout of this resource is 10 minutes/);
    });

    it('completes at once without a model ARN when waitForCompletion is false', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('InProgress'));
      await expect(check(1, properties({}, { WaitForCompletion: 'false' }))).resolves.toEqual({
        IsComplete: true,
        Data: { JobArn: JOB_ARN, JobName: `${PREFIX}-0123456789ab` },
      });
    });

    it('polls again when throttled, instead of failing the deployment', async () => {
      bedrock
        .on(GetModelCustomizationJobCommand)
        .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }))
        .resolves(job('InProgress'));
      await expect(check()).resolves.toEqual({ IsComplete: false });
    });

    it('fails when the job was deleted outside the stack', async () => {
      bedrock.on(GetModelCustomizationJobCommand).rejects(notFound());
      await expect(check()).rejects.toThrow(`Model customization job ${JOB_ARN} no longer exists`);
    });

    it('is reached through the isComplete entry point for Create and Delete', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      await expect(isComplete(poll(create(), new Date().toISOString()))).resolves.toMatchObject({ IsComplete: true, Data: { CustomModelArn: MODEL_ARN } });
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Stopping'));
      await expect(isComplete(poll(del(), new Date().toISOString()))).resolves.toEqual({ IsComplete: false });
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Stopped'));
      await expect(isComplete(poll(del(), new Date().toISOString()))).resolves.toEqual({ IsComplete: true });
      bedrock.on(GetModelCustomizationJobCommand).rejects(notFound());
      await expect(isComplete(poll(del(), new Date().toISOString()))).resolves.toEqual({ IsComplete: true });
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Stopping'));
      await expect(isComplete(poll(del(), new Date(Date.now() - 59 * 60_000).toISOString()))).resolves.toEqual({ IsComplete: true });
    });
  });

  describe('update', () => {
    it('does nothing when the training inputs are unchanged (tags, waiting and timeout are not training inputs)', async () => {
      const out = await onEvent(update(properties({}, { Tags: [{ key: 'team', value: 'ml' }], TimeoutSeconds: '1800', DeleteCustomModelOnDelete: 'true' })));
      expect(bedrock.calls()).toHaveLength(0);
      expect(out).toMatchObject({ PhysicalResourceId: JOB_ARN, Data: { JobArn: JOB_ARN } });
    });

    it('starts a new job under a new name when a training input changed (new physical id: CloudFormation deletes the old one)', async () => {
      const changed = properties({ customModelName: 'support-bot-v2', hyperParameters: { ...JOB.hyperParameters, epochCount: '8' } });
      bedrock.on(GetModelCustomizationJobCommand).rejects(notFound());
      bedrock.on(CreateModelCustomizationJobCommand).resolves({ jobArn: NEW_JOB_ARN });
      const out = await onEvent(update(changed));
      expect(out.PhysicalResourceId).toBe(NEW_JOB_ARN);
      expect(creates()).toHaveLength(1);
      expect(creates()[0]).toMatchObject({
        customModelName: 'support-bot-v2',
        hyperParameters: { epochCount: '8' },
        jobName: jobName(readProperties(changed)),
      });
      expect(creates()[0]!.jobName).not.toBe(jobName(readProperties(properties())));
    });

    it('fails when the inputs changed but customModelName still names the model of the current job', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      await expect(onEvent(update(properties({ trainingDataConfig: { s3Uri: 's3://data-bucket/datasets/train-v2/' } })))).rejects.toThrow(
        /The training inputs changed \(trainingDataS3Uri\).*customModelName 'support-bot-v1' is still the name of the model of job .* \(Completed\).*set a new customModelName/,
      );
      expect(creates()).toHaveLength(0);
    });

    it('reuses the model name when the current job failed (it created no model)', async () => {
      const changed = properties({ hyperParameters: { ...JOB.hyperParameters, epochCount: '2' } });
      bedrock.on(GetModelCustomizationJobCommand, { jobIdentifier: JOB_ARN }).resolves(job('Failed'));
      bedrock.on(GetModelCustomizationJobCommand, { jobIdentifier: jobName(readProperties(changed)) }).rejects(notFound());
      bedrock.on(CreateModelCustomizationJobCommand).resolves({ jobArn: NEW_JOB_ARN });
      await expect(onEvent(update(changed))).resolves.toMatchObject({ PhysicalResourceId: NEW_JOB_ARN });
    });
  });

  describe('delete', () => {
    it('stops a job in progress and deletes no model', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('InProgress'));
      bedrock.on(StopModelCustomizationJobCommand).resolves({});
      await expect(onEvent(del(properties({}, { DeleteCustomModelOnDelete: 'true' })))).resolves.toMatchObject({ PhysicalResourceId: JOB_ARN });
      expect(bedrock.commandCalls(StopModelCustomizationJobCommand)[0]!.args[0].input).toEqual({ jobIdentifier: JOB_ARN });
      expect(bedrock.commandCalls(DeleteCustomModelCommand)).toHaveLength(0);
    });

    it('keeps the custom model of a completed job by default and does not stop it', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      await onEvent(del());
      expect(bedrock.commandCalls(StopModelCustomizationJobCommand)).toHaveLength(0);
      expect(bedrock.commandCalls(DeleteCustomModelCommand)).toHaveLength(0);
    });

    it('deletes the custom model when deleteCustomModelOnDelete is on', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      bedrock.on(DeleteCustomModelCommand).resolves({});
      await onEvent(del(properties({}, { DeleteCustomModelOnDelete: 'true' })));
      expect(bedrock.commandCalls(DeleteCustomModelCommand)[0]!.args[0].input).toEqual({ modelIdentifier: MODEL_ARN });
    });

    it('succeeds when the model or the job is already gone', async () => {
      bedrock.on(GetModelCustomizationJobCommand).resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      bedrock.on(DeleteCustomModelCommand).rejects(notFound('model'));
      await expect(onEvent(del(properties({}, { DeleteCustomModelOnDelete: 'true' })))).resolves.toMatchObject({ PhysicalResourceId: JOB_ARN });
      bedrock.reset();
      bedrock.on(GetModelCustomizationJobCommand).rejects(notFound());
      await expect(onEvent(del(properties({}, { DeleteCustomModelOnDelete: 'true' })))).resolves.toMatchObject({ PhysicalResourceId: JOB_ARN });
      expect(bedrock.commandCalls(DeleteCustomModelCommand)).toHaveLength(0);
    });

    it('handles a job that completes between the check and the stop', async () => {
      bedrock
        .on(GetModelCustomizationJobCommand)
        .resolvesOnce(job('InProgress'))
        .resolves(job('Completed', { outputModelArn: MODEL_ARN }));
      bedrock.on(StopModelCustomizationJobCommand).rejects(new ValidationException({ message: 'Job is not in progress', $metadata: {} }));
      bedrock.on(DeleteCustomModelCommand).resolves({});
      await onEvent(del(properties({}, { DeleteCustomModelOnDelete: 'true' })));
      expect(bedrock.commandCalls(DeleteCustomModelCommand)).toHaveLength(1);
    });

    it('does nothing for a physical id that is not a job ARN (a create that failed before starting a job)', async () => {
      await expect(onEvent(del(properties(), 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'))).resolves.toMatchObject({
        PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
      });
      expect(bedrock.calls()).toHaveLength(0);
    });

    it('reads tolerant settings: region from the job ARN, the model kept when the flag is missing', () => {
      const settings = deleteSettings({ ...del({}), ResourceProperties: {} });
      expect(settings).toEqual({ region: REGION, deleteCustomModelOnDelete: false, timeoutSeconds: 3600, queryIntervalSeconds: 60 });
    });
  });

  describe('throttling', () => {
    it('surfaces throttling that outlasts the SDK retries with the operation and the attempts', async () => {
      // aws-sdk-client-mock replaces send(), below the SDK's retry middleware: one rejection is what the handler
      // sees after the SDK has given up.
      bedrock.on(GetModelCustomizationJobCommand).rejects(notFound());
      bedrock.on(CreateModelCustomizationJobCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
      await expect(onEvent(create())).rejects.toThrow(
        `Bedrock throttled CreateModelCustomizationJob after ${MAX_ATTEMPTS} attempts (ThrottlingException): Rate exceeded. Retry the deployment.`,
      );
    });
  });
});

describe('ModelCustomizationJob handler client', () => {
  it(`has an explicit retry policy of ${MAX_ATTEMPTS} attempts in the resource's region`, async () => {
    const client = createClient(REGION);
    expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    expect(await client.config.region()).toBe(REGION);
  });

  it('retries a ThrottlingException through the SDK and then succeeds', async () => {
    const statuses: number[] = [];
    const replies: { statusCode: number; headers: Record<string, string>; body: object }[] = [
      { statusCode: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } },
      { statusCode: 200, headers: {}, body: { jobArn: JOB_ARN, jobName: 'j', status: 'InProgress' } },
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
    const out = await client.send(new GetModelCustomizationJobCommand({ jobIdentifier: JOB_ARN }));
    expect(statuses).toEqual([429, 200]);
    expect(out.status).toBe('InProgress');
  });
});
