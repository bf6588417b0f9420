/**
 * onEvent and isComplete handlers (custom_resources.Provider) of ProvisionedThroughput: buys, changes and deletes an
 * Amazon Bedrock provisioned throughput and waits until it is InService. The physical id is the provisioned model ARN.
 *
 * - Create: CreateProvisionedModelThroughput; isComplete polls until InService (Failed: the failed throughput is
 *   deleted and the service's failureMessage is the error).
 * - Update of the name or the model: UpdateProvisionedModelThroughput in place, then wait until InService. Tags are
 *   brought in line with TagResource / UntagResource.
 * - Update of modelUnits or the commitment: a new throughput (new physical id, so CloudFormation deletes the old one
 *   after the update), refused while the current one is inside a commitment term.
 * - Delete: DeleteProvisionedModelThroughput; one that no longer exists is success. One inside its commitment term
 *   cannot be deleted: it is left in place (still billed), with a warning in the log, and the delete succeeds so that
 *   the stack can be deleted.
 *
 * Bundled at build time with the SDK inside (docs/adr/0004-bundle-sdk-in-handlers.md).
 */
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import { createClient, createThroughput, deleteThroughput, getThroughput, syncTags, updateThroughput } from './bedrock';
import type { Throughput } from './bedrock';
import type {
  CloudFormationCustomResourceEvent,
  CreateEvent,
  DeleteEvent,
  IsCompleteEvent,
  IsCompleteResponse,
  OnEventResponse,
  UpdateEvent,
} from '../../private/custom-resource-events';
import { readProperties } from './properties';
import type { ThroughputProperties } from './properties';

export { createClient, MAX_ATTEMPTS } from './bedrock';
export type { CloudFormationCustomResourceEvent, IsCompleteEvent, IsCompleteResponse, OnEventResponse } from '../../private/custom-resource-events';

/** What onEvent started, carried to isComplete in Data. */
export type Operation = 'create' | 'replace' | 'update' | 'delete';

/** What deleting did: `retained` = left in place because of its commitment; `busy` = Creating or Updating, try again. */
export type RemoveOutcome = 'deleted' | 'gone' | 'retained' | 'busy';

const PROVISIONED_MODEL_ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+):[0-9]{12}:provisioned-model\/.+$/;

/** The Provider framework's onEvent entry point. */
export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  log({ requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, properties: event.ResourceProperties });
  if (event.RequestType === 'Delete') return onDelete(createClient(regionFor(event)), event);
  const props = readProperties(event.ResourceProperties);
  const client = createClient(props.region);
  return event.RequestType === 'Create' ? onCreate(client, props, event) : onUpdate(client, props, event);
}

/** The Provider framework's isComplete entry point, called every query interval until it returns true. */
export async function isComplete(event: IsCompleteEvent): Promise<IsCompleteResponse> {
  const arn = event.PhysicalResourceId;
  if (event.RequestType === 'Delete') return { IsComplete: (await removeThroughput(createClient(regionFor(event)), arn)) !== 'busy' };
  const client = createClient(readProperties(event.ResourceProperties).region);
  const pt = await getThroughput(client, arn);
  if (!pt) throw new Error(`Provisioned throughput ${arn} does not exist any more (deleted outside CloudFormation?)`);
  if (pt.status === 'Failed') {
    const operation = event.Data?.Operation;
    if (operation === 'create' || operation === 'replace') await discardFailed(client, arn);
    throw new Error(`Provisioned throughput '${pt.name}' (${arn}) failed: ${pt.failureMessage ?? 'Bedrock gave no failure message'}`);
  }
  if (pt.status === 'InService' && settled(pt)) return { IsComplete: true, Data: dataOf(pt) };
  log({ arn, status: pt.status, waitingFor: 'InService' });
  return { IsComplete: false };
}

/** Buys the throughput; isComplete waits for it. */
export async function onCreate(client: BedrockClient, props: ThroughputProperties, event: CreateEvent): Promise<OnEventResponse> {
  const arn = await createThroughput(client, props, event.RequestId);
  return { PhysicalResourceId: arn, Data: { Operation: 'create' } };
}

/**
 * Changes the name or the model in place, or replaces the throughput when modelUnits or the commitment change. The
 * current state (not the old properties) decides, so a rollback to the old properties is an in-place no-op.
 */
export async function onUpdate(client: BedrockClient, props: ThroughputProperties, event: UpdateEvent, now: Date = new Date()): Promise<OnEventResponse> {
  const old = readProperties(event.OldResourceProperties);
  const arn = event.PhysicalResourceId;
  const current = PROVISIONED_MODEL_ARN.test(arn) ? await getThroughput(client, arn) : undefined;
  if (!current) {
    log({ arn, message: 'The provisioned throughput does not exist (deleted outside CloudFormation?): creating a new one' });
    return { PhysicalResourceId: await createThroughput(client, props, event.RequestId), Data: { Operation: 'replace' } };
  }
  const reasons = replacementReasons(current, props);
  if (reasons.length > 0) {
    const what = reasons.join(' and ');
    if (current.name === props.provisionedModelName) {
      throw new Error(
        `Changing ${what} needs a new provisioned throughput, but provisioned model names are unique in an account and region and ` +
          `'${current.name}' stays in use by the current one until CloudFormation deletes it after the update. Change provisionedModelName ` +
          'as well (or leave it unset: the default name includes the model units and the commitment).',
      );
    }
    const until = committedUntil(current, now);
    if (until) {
      throw new Error(
        `Refusing to replace provisioned throughput '${current.name}' (${arn}) to change ${what}: it has a ${current.commitment} commitment ` +
          `until ${until.toISOString()}, so it cannot be deleted before then and the new one would be billed on top of it. Deploy this ` +
          'change after the term ends, or keep this throughput and add another ProvisionedThroughput for the extra capacity.',
      );
    }
    log({ arn, message: `Replacing the provisioned throughput (${what}); CloudFormation deletes the current one after the update` });
    return { PhysicalResourceId: await createThroughput(client, props, event.RequestId), Data: { Operation: 'replace' } };
  }
  const name = current.name !== props.provisionedModelName ? props.provisionedModelName : undefined;
  const modelId = props.modelId !== old.modelId ? props.modelId : undefined;
  if (name !== undefined || modelId !== undefined) await updateThroughput(client, arn, { name, modelId });
  await syncTags(client, arn, old.tags, props.tags);
  return { PhysicalResourceId: arn, Data: { Operation: 'update' } };
}

/** Deletes the throughput (isComplete finishes a delete that had to wait for Creating or Updating to end). */
export async function onDelete(client: BedrockClient, event: DeleteEvent): Promise<OnEventResponse> {
  const outcome = await removeThroughput(client, event.PhysicalResourceId);
  return { PhysicalResourceId: event.PhysicalResourceId, Data: { Operation: 'delete', Outcome: outcome } };
}

/**
 * Deletes the throughput unless its commitment term is running: then it is left in place, with a warning saying so,
 * and the outcome is `retained` (a success for CloudFormation, so that deleting the stack is not blocked for months).
 */
export async function removeThroughput(client: BedrockClient, arn: string, now: Date = new Date()): Promise<RemoveOutcome> {
  if (!PROVISIONED_MODEL_ARN.test(arn)) {
    log({ physicalResourceId: arn, message: 'Not a provisioned model ARN (the create failed before Bedrock returned one): nothing to delete' });
    return 'gone';
  }
  const pt = await getThroughput(client, arn);
  if (!pt) return 'gone';
  const until = pt.status === 'Failed' ? undefined : committedUntil(pt, now);
  if (until) {
    console.warn(retainedMessage(pt, until));
    return 'retained';
  }
  if (pt.status === 'Creating' || pt.status === 'Updating') {
    log({ arn, status: pt.status, message: 'Waiting for the current operation to end before deleting' });
    return 'busy';
  }
  const outcome = await deleteThroughput(client, arn);
  if (outcome !== 'commitment') return outcome;
  console.warn(retainedMessage(pt, pt.commitmentExpirationTime));
  return 'retained';
}

/** The end of the throughput's commitment term when it is still running, else undefined. */
export function committedUntil(pt: Throughput, now: Date): Date | undefined {
  if (pt.commitment === 'None' || !pt.commitmentExpirationTime) return undefined;
  return pt.commitmentExpirationTime.getTime() > now.getTime() ? pt.commitmentExpirationTime : undefined;
}

/** The warning logged when a committed throughput is left in place. */
export function retainedMessage(pt: Throughput, until: Date | undefined): string {
  const end = until ? until.toISOString() : 'the end of its term';
  return (
    `LEFT IN PLACE, STILL BILLED: provisioned throughput '${pt.name}' (${pt.arn}) has a ${pt.commitment} commitment until ${end} and ` +
    'Bedrock does not allow deleting it before then. CloudFormation reports this resource as deleted, but the throughput keeps running ' +
    `and is billed every hour until the term ends, and after that until someone deletes it. After ${end}, delete it with: ` +
    `aws bedrock delete-provisioned-model-throughput --region ${regionOf(pt.arn) ?? '<region>'} --provisioned-model-id ${pt.arn}`
  );
}

/** Why the throughput must be replaced (modelUnits or commitment differ from the desired ones); empty when it need not. */
export function replacementReasons(current: Throughput, props: ThroughputProperties): string[] {
  const reasons: string[] = [];
  if (current.modelUnits !== undefined && current.modelUnits !== props.modelUnits) reasons.push(`modelUnits from ${current.modelUnits} to ${props.modelUnits}`);
  if (current.commitment !== props.commitment) reasons.push(`the commitment from ${current.commitment} to ${props.commitment}`);
  return reasons;
}

function settled(pt: Throughput): boolean {
  return (
    (pt.desiredModelArn === undefined || pt.desiredModelArn === pt.modelArn) && (pt.desiredModelUnits === undefined || pt.desiredModelUnits === pt.modelUnits)
  );
}

function dataOf(pt: Throughput): Record<string, string> {
  return {
    ProvisionedModelArn: pt.arn,
    ProvisionedModelName: pt.name,
    ModelArn: pt.modelArn ?? '',
    ModelUnits: String(pt.modelUnits ?? ''),
    Status: pt.status ?? '',
    CommitmentDuration: pt.commitment,
    CommitmentExpirationTime: pt.commitmentExpirationTime?.toISOString() ?? '',
  };
}

/** Deletes a throughput that failed to create, so that it does not linger; a failure to do so is only logged. */
async function discardFailed(client: BedrockClient, arn: string): Promise<void> {
  try {
    await deleteThroughput(client, arn);
  } catch (e) {
    console.warn(`Could not delete the failed provisioned throughput ${arn}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function regionFor(event: CloudFormationCustomResourceEvent): string {
  const fromArn = 'PhysicalResourceId' in event ? regionOf(event.PhysicalResourceId) : undefined;
  const region = fromArn ?? event.ResourceProperties.Region;
  if (typeof region !== 'string' || region.length === 0) throw new Error('Region is missing');
  return region;
}

function regionOf(arn: string): string | undefined {
  return PROVISIONED_MODEL_ARN.exec(arn)?.[1];
}

function log(entry: Record<string, unknown>): void {
  console.log(JSON.stringify(entry));
}
