/**
 * A team's allow-list holds model references and provisioned throughput of this config
 * (`{ provisionedThroughput: <name> }`). The policy engine takes them apart (`allow` and `provisionedThroughput`); this
 * module splits the list and maps the engine's fields back to the entries of the config.
 */
import type { ServedThroughput } from '../iam/scp';
import type { ThroughputGrant } from '../iam/throughput';
import { STACK_IDS } from './ids';
import type {
  CustomizationConfig,
  CustomModelReferenceConfig,
  ModelReferenceConfig,
  TeamAllowEntryConfig,
  TeamConfig,
  ThroughputReferenceConfig,
} from './schema';

/** A team's allow-list, split. */
export interface SplitTeamAllow {
  /** The model references, in order. */
  readonly models: readonly ModelReferenceConfig[];
  /** Index in the config's list of each model reference (engine `allow[k]` is config `allow[modelIndex[k]]`). */
  readonly modelIndex: readonly number[];
  /**
   * The provisioned-throughput entries with their index in the config's list. A `{ customModel: <job> }` entry becomes
   * the throughput of that job (`name` empty when the config buys none for it).
   */
  readonly throughput: readonly { readonly name: string; readonly index: number; readonly customModel?: string }[];
}

/** True for a `{ provisionedThroughput }` entry. */
export function isThroughputReference(entry: TeamAllowEntryConfig): entry is ThroughputReferenceConfig {
  return typeof entry === 'object' && entry !== null && 'provisionedThroughput' in entry;
}

/** True for a `{ customModel }` entry. */
export function isCustomModelReference(entry: TeamAllowEntryConfig): entry is CustomModelReferenceConfig {
  return typeof entry === 'object' && entry !== null && 'customModel' in entry;
}

/** The throughput of a job's custom model in the config, or undefined. */
export function throughputOfJob(customization: CustomizationConfig | undefined, job: string): string | undefined {
  return customization?.provisionedThroughput?.find((p) => p?.model.job === job)?.name;
}

/**
 * Splits a team's allow-list into model references and throughput names (a custom model is invoked through the
 * throughput the config buys for its job: InvokeModel is authorized on provisioned models and deployments, never on
 * the custom model itself).
 */
export function splitTeamAllow(allow: readonly TeamAllowEntryConfig[], customization?: CustomizationConfig): SplitTeamAllow {
  const models: ModelReferenceConfig[] = [];
  const modelIndex: number[] = [];
  const throughput: { name: string; index: number; customModel?: string }[] = [];
  allow.forEach((entry, index) => {
    if (isThroughputReference(entry)) throughput.push({ name: entry.provisionedThroughput, index });
    else if (isCustomModelReference(entry))
      throughput.push({ name: throughputOfJob(customization, entry.customModel) ?? '', index, customModel: entry.customModel });
    else {
      models.push(entry);
      modelIndex.push(index);
    }
  });
  return { models, modelIndex, throughput };
}

/**
 * An engine field in config terms: `allow[k]…` → `allow[modelIndex[k]]…`, `provisionedThroughput[k]…` →
 * `allow[<index of that throughput entry>]`; other fields unchanged.
 */
export function configAllowField(field: string, split: SplitTeamAllow): string {
  const model = /^allow\[(\d+)\]/.exec(field);
  if (model) return `allow[${split.modelIndex[Number(model[1])] ?? model[1]}]${field.slice(model[0].length)}`;
  const tp = /^provisionedThroughput\[(\d+)\]/.exec(field);
  if (tp) return `allow[${split.throughput[Number(tp[1])]?.index ?? tp[1]}]`;
  return field;
}

/** Every `allow[k]` a message names (engine warnings), in config terms. */
export function configAllowMessage(message: string, split: SplitTeamAllow): string {
  return message.replace(/(?<![.\w])allow\[(\d+)\]/g, (_m, k: string) => `allow[${split.modelIndex[Number(k)] ?? k}]`);
}

/** A provisioned throughput of the config as a grant: in the customization region, with the model it serves. */
export interface ConfiguredThroughput {
  /** The foundation model it serves, or the base model of the job whose custom model it serves. */
  readonly baseModel?: string;
  /** True when it serves a job's custom model (encrypted with the landing zone's training-data key). */
  readonly customModel: boolean;
}

/** The configured throughput of that name, or undefined. */
export function configuredThroughput(customization: CustomizationConfig | undefined, name: string): ConfiguredThroughput | undefined {
  const t = customization?.provisionedThroughput?.find((p) => p?.name === name);
  if (!t) return undefined;
  if (t.model.job !== undefined) {
    const job = customization?.jobs?.find((j) => j?.name === t.model.job);
    return { baseModel: job?.baseModel, customModel: true };
  }
  return { baseModel: t.model.foundationModel, customModel: false };
}

/**
 * The grants of a team's throughput entries (those that name a configured throughput), in `region` (the customization
 * region); `modelKeyArn` is the key of custom models (the training-data key).
 */
export function throughputGrants(
  split: SplitTeamAllow,
  customization: CustomizationConfig | undefined,
  region: string,
  modelKeyArn: string,
): ThroughputGrant[] {
  return split.throughput.flatMap(({ name }) => {
    const c = configuredThroughput(customization, name);
    return c ? [{ name, region, baseModel: c.baseModel, ...(c.customModel ? { modelKeyArn } : {}) }] : [];
  });
}

/** The names of the configured throughput some team allows, in config order. */
export function grantedThroughputNames(teams: readonly TeamConfig[], customization: CustomizationConfig | undefined): string[] {
  const granted = new Set(teams.flatMap((t) => splitTeamAllow(t.access.allow, customization).throughput.map((x) => x.name)));
  return (customization?.provisionedThroughput ?? []).filter((p) => p && granted.has(p.name)).map((p) => p.name);
}

/** Role ARN pattern of the roles the customization stack creates (CloudFormation names them `<stack>-<logical id>-…`). */
export function customizationRolePattern(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:role/${STACK_IDS.customization}-*`;
}

/** What the organization SCP lets through by tag: the throughput teams are granted, tagged only by the customization roles. */
export function servedThroughputOf(
  teams: readonly TeamConfig[],
  customization: CustomizationConfig | undefined,
  partition: string,
  account: string,
): ServedThroughput | undefined {
  const names = grantedThroughputNames(teams, customization);
  return names.length > 0 ? { names, tagAdministrators: [customizationRolePattern(partition, account)] } : undefined;
}
