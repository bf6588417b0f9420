/**
 * The custom resource properties ProvisionedThroughput sends to its handler, read and checked (CloudFormation sends
 * numbers as strings).
 */
import type { CommitmentDuration, Tag } from '@aws-sdk/client-bedrock';

/** `None` (no commitment), or the API's commitment term. */
export type CommitmentProperty = 'None' | CommitmentDuration;

/** The desired state of the provisioned throughput. */
export interface ThroughputProperties {
  /** Region of the stack (and of the throughput). */
  readonly region: string;
  /** Foundation model id or custom model ARN, as CreateProvisionedModelThroughput takes it. */
  readonly modelId: string;
  readonly modelUnits: number;
  readonly provisionedModelName: string;
  readonly commitment: CommitmentProperty;
  /** Tags by key. */
  readonly tags: Readonly<Record<string, string>>;
}

const COMMITMENTS: readonly CommitmentProperty[] = ['None', 'OneMonth', 'SixMonths'];

/** Reads the resource properties; throws with the property name when one is missing or malformed. */
export function readProperties(props: Record<string, unknown>): ThroughputProperties {
  const region = requireString(props.Region, 'Region');
  const modelId = requireString(props.ModelId, 'ModelId');
  const provisionedModelName = requireString(props.ProvisionedModelName, 'ProvisionedModelName');
  const units = Number(props.ModelUnits);
  if (!Number.isInteger(units) || units < 1) throw new Error(`ModelUnits ${JSON.stringify(props.ModelUnits)} is not valid; accepted: an integer ≥ 1`);
  const commitment = props.CommitmentDuration ?? 'None';
  if (!(COMMITMENTS as readonly unknown[]).includes(commitment)) {
    throw new Error(`CommitmentDuration ${JSON.stringify(commitment)} is not valid; accepted: ${COMMITMENTS.join(', ')}`);
  }
  return { region, modelId, modelUnits: units, provisionedModelName, commitment: commitment as CommitmentProperty, tags: readTags(props.Tags) };
}

/** The commitment as the API reports it (`commitmentDuration` absent means none). */
export function commitmentOf(duration: CommitmentDuration | undefined): CommitmentProperty {
  return duration ?? 'None';
}

/** Tags in the API's form. */
export function toApiTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** What changes between two tag sets: tags to set (new or changed values) and keys to remove. */
export function tagChanges(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): { readonly set: Record<string, string>; readonly remove: string[] } {
  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) set[k] = v;
  const remove = Object.keys(before).filter((k) => !(k in after));
  return { set, remove };
}

function readTags(v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('Tags is not an object of key → value');
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new Error(`Tags['${k}'] is not a string`);
    out[k] = value;
  }
  return out;
}

function requireString(v: unknown, name: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new Error(`${name} is missing`);
  return v;
}
