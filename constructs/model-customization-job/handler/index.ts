/**
 * onEvent and isComplete handlers (custom_resources.Provider) of ModelCustomizationJob: start an Amazon Bedrock
 * model customization job, wait for it, and hand its custom model ARN to CloudFormation.
 *
 * - Create: start the job named `<prefix>-<hash of the training inputs>` (adopting a job of that name that is in
 *   progress or completed with its model, e.g. after a deployment that timed out without rollback; a failed or
 *   stopped one makes the next name, `-r2`, `-r3`…). The physical id is the job ARN.
 * - Update: same training inputs → nothing to do (same physical id). Changed inputs → a new job and a new physical
 *   id; CloudFormation then deletes the old resource, which keeps the old custom model unless it opted in.
 * - Delete: stop the job if it is in progress; delete its custom model only with DeleteCustomModelOnDelete.
 * - isComplete: Completed → `Data: { CustomModelArn, JobArn, JobName }`; Failed/Stopped → throws with the service's
 *   message; InProgress → wait, and give up two query intervals before the timeout with a message naming the job.
 *
 * Bundled at build time with the SDK inside (docs/adr/0004-bundle-sdk-in-handlers.md).
 */
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import { createClient, createJob, customModelExists, deleteCustomModel, getJob, isThrottling, stopJob } from './bedrock';
import type { Job } from './bedrock';
import type {
  CloudFormationCustomResourceEvent,
  DeleteEvent,
  IsCompleteEvent,
  IsCompleteResponse,
  OnEventResponse,
  UpdateEvent,
} from '../../private/custom-resource-events';
import { createJobRequest, jobName, readProperties, sameInputs } from './properties';
import type { JobInputs, JobProperties } from './properties';

export type { CloudFormationCustomResourceEvent, IsCompleteEvent, IsCompleteResponse, OnEventResponse } from '../../private/custom-resource-events';
export { createClient, MAX_ATTEMPTS } from './bedrock';

/** Names tried per deployment: `<prefix>-<hash>`, then `-r2` … `-r<MAX_NAME_ATTEMPTS>`. */
export const MAX_NAME_ATTEMPTS = 10;

const JOB_ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+):\d{12}:model-customization-job\//;

/** The Provider framework's onEvent entry point. */
export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  console.log(JSON.stringify({ requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, properties: event.ResourceProperties }));
  const now = Date.now();
  if (event.RequestType === 'Delete') {
    const settings = deleteSettings(event);
    return onDelete(createClient(settings.region), settings, event, now);
  }
  const props = readProperties(event.ResourceProperties);
  const client = createClient(props.region);
  if (event.RequestType === 'Create') return onCreate(client, props, now);
  return onUpdate(client, props, readProperties(event.OldResourceProperties), event, now);
}

/** The Provider framework's isComplete entry point. */
export async function isComplete(event: IsCompleteEvent): Promise<IsCompleteResponse> {
  if (event.RequestType === 'Delete') {
    const settings = deleteSettings(event);
    return isDeleteComplete(createClient(settings.region), settings, event, Date.now());
  }
  const props = readProperties(event.ResourceProperties);
  return isJobComplete(createClient(props.region), props, event, Date.now());
}

/** Starts (or adopts) the job for the training inputs. */
export async function onCreate(client: BedrockClient, props: JobProperties, now: number): Promise<OnEventResponse> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = jobName(props, attempt);
    const existing = await getJob(client, name);
    if (!existing) {
      const arn = await createJob(client, createJobRequest(props, name));
      console.log(`Started model customization job ${name} (${arn}).`);
      return started(arn, now);
    }
    if (await adoptable(client, existing)) {
      console.log(`Job ${name} (${existing.jobArn}) is ${existing.status} with the same training inputs; waiting on it instead of starting another.`);
      return started(existing.jobArn ?? name, now);
    }
    console.log(`Job ${name} exists and is ${existing.status}; trying the next name.`);
  }
  throw new Error(
    `Jobs ${jobName(props)} to ${jobName(props, MAX_NAME_ATTEMPTS)} all exist and failed, were stopped or lost their model: ` +
      `look at why (GetModelCustomizationJob failureMessage), then change a training input to start a job under a new name.`,
  );
}

/** Same training inputs: nothing to do. Changed: a new job under a new name (and a new physical id). */
export async function onUpdate(client: BedrockClient, props: JobProperties, old: JobProperties, event: UpdateEvent, now: number): Promise<OnEventResponse> {
  if (sameInputs(props.job, old.job)) {
    console.log('Training inputs unchanged: no new job.');
    return { PhysicalResourceId: event.PhysicalResourceId, Data: { JobArn: event.PhysicalResourceId, WaitStartedAt: new Date(now).toISOString() } };
  }
  const changed = changedInputs(props.job, old.job);
  if (props.job.customModelName === old.job.customModelName) {
    const current = await getJob(client, event.PhysicalResourceId);
    if (current && (current.status === 'InProgress' || current.status === 'Completed')) {
      throw new Error(
        `The training inputs changed (${changed.join(', ')}), which starts a new job and creates a new custom model, but customModelName ` +
          `'${props.job.customModelName}' is still the name of the model of job ${event.PhysicalResourceId} (${current.status}). ` +
          `Custom model names are unique per account and region: set a new customModelName. The current model is kept.`,
      );
    }
  }
  console.log(`Training inputs changed (${changed.join(', ')}): starting a new job.`);
  return onCreate(client, props, now);
}

/** Settings a Delete needs; tolerant of properties an older version wrote, so that a delete never gets stuck. */
export interface DeleteSettings {
  readonly region: string;
  readonly deleteCustomModelOnDelete: boolean;
  readonly timeoutSeconds: number;
  readonly queryIntervalSeconds: number;
}

/** Reads the Delete settings from the properties, falling back to the job ARN's region and to keeping the model. */
export function deleteSettings(event: CloudFormationCustomResourceEvent & { PhysicalResourceId?: string }): DeleteSettings {
  const p = event.ResourceProperties;
  const region =
    typeof p.Region === 'string' && p.Region ? p.Region : (JOB_ARN.exec(event.PhysicalResourceId ?? '')?.[1] ?? process.env.AWS_REGION ?? 'us-east-1');
  const num = (v: unknown, d: number): number => (Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return {
    region,
    deleteCustomModelOnDelete: p.DeleteCustomModelOnDelete === true || p.DeleteCustomModelOnDelete === 'true',
    timeoutSeconds: num(p.TimeoutSeconds, 3600),
    queryIntervalSeconds: num(p.QueryIntervalSeconds, 60),
  };
}

/**
 * Stops the job if it is in progress; deletes its custom model only when opted in. A job or model that no longer
 * exists counts as deleted. A completed job is never stopped (there is nothing to stop).
 */
export async function onDelete(client: BedrockClient, settings: DeleteSettings, event: DeleteEvent, now: number): Promise<OnEventResponse> {
  const result = { PhysicalResourceId: event.PhysicalResourceId, Data: { WaitStartedAt: new Date(now).toISOString() } };
  if (!JOB_ARN.test(event.PhysicalResourceId)) {
    console.log(`Physical id '${event.PhysicalResourceId}' is not a model customization job ARN: nothing to delete.`);
    return result;
  }
  let job = await getJob(client, event.PhysicalResourceId);
  if (!job) return result;
  if (job.status === 'InProgress') {
    if (await stopJob(client, event.PhysicalResourceId)) {
      console.log(`Stopping job ${event.PhysicalResourceId}.`);
      return result;
    }
    job = await getJob(client, event.PhysicalResourceId); // it finished in the meantime
  }
  if (job?.status === 'Completed' && settings.deleteCustomModelOnDelete) {
    const model = job.outputModelArn ?? job.outputModelName;
    if (model) {
      await deleteCustomModel(client, model);
      console.log(`Deleted custom model ${model} (deleteCustomModelOnDelete).`);
    }
  } else if (job?.status === 'Completed') {
    console.log(`Keeping custom model ${job.outputModelArn ?? job.outputModelName} (deleteCustomModelOnDelete is false).`);
  }
  return result;
}

/** Polls the job: complete with the model ARN, still waiting, or a failure that names the job. */
export async function isJobComplete(client: BedrockClient, props: JobProperties, event: IsCompleteEvent, now: number): Promise<IsCompleteResponse> {
  const arn = event.PhysicalResourceId;
  let job: Job | undefined;
  try {
    job = await getJob(client, arn);
  } catch (e) {
    if (isThrottling(e)) {
      console.log(`Throttled while polling ${arn}; polling again in ${props.queryIntervalSeconds} s.`);
      return { IsComplete: false };
    }
    throw e;
  }
  if (!job) throw new Error(`Model customization job ${arn} no longer exists (deleted outside this stack).`);
  const label = `Model customization job ${arn} (${job.jobName ?? 'unnamed'})`;
  const data: Record<string, string> = { JobArn: job.jobArn ?? arn, JobName: job.jobName ?? '' };
  switch (job.status) {
    case 'Completed':
      if (!job.outputModelArn) throw new Error(`${label} completed but reports no outputModelArn.`);
      return { IsComplete: true, Data: { ...data, CustomModelArn: job.outputModelArn } };
    case 'Failed':
      throw new Error(`${label} failed: ${job.failureMessage ?? 'Bedrock gave no failureMessage'}`);
    case 'Stopped':
    case 'Stopping':
      throw new Error(
        `${label} was stopped (${job.status}) before it completed; no custom model was created. Deploy again to start a new job (it takes the next name).`,
      );
    default:
      break;
  }
  if (!props.waitForCompletion) return { IsComplete: true, Data: data };
  const startedAt = Date.parse(event.Data?.WaitStartedAt ?? '') || now;
  const giveUpAfter = props.timeoutSeconds - 2 * props.queryIntervalSeconds;
  if ((now - startedAt) / 1000 >= giveUpAfter) {
    throw new Error(
      `${label} is still ${job.status ?? 'InProgress'} after ${Math.round((now - startedAt) / 60000)} minutes; the timeout of this resource is ` +
        `${Math.round(props.timeoutSeconds / 60)} minutes (CloudFormation waits at most 60 for a custom resource). The timeout does not stop the job; ` +
        `rolling back this resource deletes it, which stops a job in progress. For longer jobs set waitForCompletion: false.`,
    );
  }
  return { IsComplete: false };
}

/** Waits until a stopped job has left InProgress/Stopping, or gives up quietly before the timeout. */
export async function isDeleteComplete(client: BedrockClient, settings: DeleteSettings, event: IsCompleteEvent, now: number): Promise<IsCompleteResponse> {
  if (!JOB_ARN.test(event.PhysicalResourceId)) return { IsComplete: true };
  let job: Job | undefined;
  try {
    job = await getJob(client, event.PhysicalResourceId);
  } catch (e) {
    if (isThrottling(e)) return { IsComplete: false };
    throw e;
  }
  if (!job || (job.status !== 'InProgress' && job.status !== 'Stopping')) return { IsComplete: true };
  const startedAt = Date.parse(event.Data?.WaitStartedAt ?? '') || now;
  if ((now - startedAt) / 1000 >= settings.timeoutSeconds - 2 * settings.queryIntervalSeconds) {
    console.log(`Job ${event.PhysicalResourceId} is still ${job.status}; not blocking the deletion any longer.`);
    return { IsComplete: true };
  }
  return { IsComplete: false };
}

/** An existing job with our name that we can wait on: in progress, or completed with its model still there. */
async function adoptable(client: BedrockClient, job: Job): Promise<boolean> {
  if (job.status === 'InProgress') return true;
  if (job.status !== 'Completed') return false;
  const model = job.outputModelArn ?? job.outputModelName;
  return model !== undefined && (await customModelExists(client, model));
}

function started(jobArn: string, now: number): OnEventResponse {
  return { PhysicalResourceId: jobArn, Data: { JobArn: jobArn, WaitStartedAt: new Date(now).toISOString() } };
}

/** Names of the inputs that differ (for the messages). */
function changedInputs(a: JobInputs, b: JobInputs): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof JobInputs)[]);
  return [...keys].filter((k) => k !== 'roleArn' && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
