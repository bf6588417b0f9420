/**
 * Runtime validation of catalog data (catalog.json is read at run time, so its shape is checked
 * rather than trusted) and the id / region helpers shared by the catalog and the refresh logic.
 */
import type { CatalogData, ProfileGeography } from './types';

/** Every geography prefix of a system-defined inference profile id, longest first (`us-gov` before `us`). */
export const PROFILE_GEOGRAPHIES: readonly ProfileGeography[] = ['us-gov', 'global', 'apac', 'us', 'eu', 'jp', 'au', 'ca'];

/** The ARN partitions a catalog region may belong to. */
export const PARTITIONS: readonly string[] = ['aws', 'aws-us-gov', 'aws-cn'];

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Splits a system-defined inference profile id into its geography prefix and the foundation model id,
 * e.g. `us.anthropic.claude-3-haiku-20240307-v1:0` → `{ geography: 'us', modelId: 'anthropic.claude-3-haiku-20240307-v1:0' }`.
 * Returns undefined when the id has no known geography prefix.
 */
export function parseProfileId(id: string): { geography: ProfileGeography; modelId: string } | undefined {
  for (const geography of PROFILE_GEOGRAPHIES) {
    const prefix = `${geography}.`;
    if (id.startsWith(prefix) && id.length > prefix.length) return { geography, modelId: id.slice(prefix.length) };
  }
  return undefined;
}

/** True when `value` is one of the profile geography prefixes. */
export function isProfileGeography(value: string): value is ProfileGeography {
  return (PROFILE_GEOGRAPHIES as readonly string[]).includes(value);
}

/** True when `region` looks like an AWS region code (`us-east-1`, `us-gov-west-1`, `ap-southeast-7`, …). */
export function isRegionCode(region: string): boolean {
  return REGION_RE.test(region);
}

/** The ARN partition implied by a region code: `aws-us-gov` for `us-gov-*`, `aws-cn` for `cn-*`, else `aws`. */
export function partitionForRegion(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** Collects problems and throws them together, each naming the offending entry. */
class Problems {
  private readonly items: string[] = [];
  add(where: string, message: string): void {
    this.items.push(`${where}: ${message}`);
  }
  throwIfAny(): void {
    if (this.items.length === 0) return;
    const shown = this.items.slice(0, 20);
    const more = this.items.length > shown.length ? `\n  … and ${this.items.length - shown.length} more` : '';
    throw new Error(`Invalid Bedrock model catalog:\n  ${shown.join('\n  ')}${more}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function label(kind: string, index: number, entry: unknown): string {
  const id = isRecord(entry) && typeof entry.id === 'string' ? ` '${entry.id}'` : '';
  return `${kind}[${index}]${id}`;
}

function checkUnique(kind: string, entries: readonly unknown[], problems: Problems): void {
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.id !== 'string') return;
    if (seen.has(entry.id)) problems.add(label(kind, i, entry), 'duplicate id');
    seen.add(entry.id);
  });
}

function checkRegion(entry: unknown, where: string, problems: Problems): void {
  if (!isRecord(entry)) return problems.add(where, 'must be an object');
  if (typeof entry.id !== 'string' || !isRegionCode(entry.id)) problems.add(where, `id must be a region code, got ${JSON.stringify(entry.id)}`);
  if (typeof entry.partition !== 'string' || !PARTITIONS.includes(entry.partition)) {
    problems.add(where, `partition must be one of ${PARTITIONS.join(', ')}, got ${JSON.stringify(entry.partition)}`);
  } else if (typeof entry.id === 'string' && partitionForRegion(entry.id) !== entry.partition) {
    problems.add(where, `partition '${entry.partition}' does not match region ${entry.id} (expected '${partitionForRegion(entry.id)}')`);
  }
}

function checkRegionList(value: unknown, where: string, known: ReadonlySet<string>, problems: Problems, allowEmpty: boolean): void {
  if (!isStringArray(value)) return problems.add(where, 'must be an array of region codes');
  if (!allowEmpty && value.length === 0) problems.add(where, 'must not be empty');
  const seen = new Set<string>();
  for (const region of value) {
    if (!known.has(region)) problems.add(where, `names unknown region '${region}' (add it to regions)`);
    if (seen.has(region)) problems.add(where, `lists region '${region}' twice`);
    seen.add(region);
  }
}

function checkModel(entry: unknown, where: string, known: ReadonlySet<string>, problems: Problems): void {
  if (!isRecord(entry)) return problems.add(where, 'must be an object');
  for (const key of ['id', 'provider', 'name'] as const) {
    if (typeof entry[key] !== 'string' || entry[key] === '') problems.add(where, `${key} must be a non-empty string`);
  }
  if (typeof entry.id === 'string' && parseProfileId(entry.id) !== undefined) {
    problems.add(where, 'id has an inference profile geography prefix; it belongs in inferenceProfiles');
  }
  for (const key of ['inputModalities', 'outputModalities'] as const) {
    if (!isStringArray(entry[key])) problems.add(where, `${key} must be an array of strings`);
  }
  checkRegionList(entry.onDemandRegions, `${where}.onDemandRegions`, known, problems, true);
  if (typeof entry.profileOnly !== 'boolean') problems.add(where, 'profileOnly must be true or false');
  else if (entry.profileOnly && isStringArray(entry.onDemandRegions) && entry.onDemandRegions.length > 0) {
    problems.add(where, 'is profileOnly but lists onDemandRegions');
  }
}

function checkProfile(entry: unknown, where: string, known: ReadonlySet<string>, problems: Problems): void {
  if (!isRecord(entry)) return problems.add(where, 'must be an object');
  if (typeof entry.id !== 'string') return problems.add(where, 'id must be a string');
  const parsed = parseProfileId(entry.id);
  if (parsed === undefined) {
    problems.add(where, `id has no known geography prefix (${PROFILE_GEOGRAPHIES.join(', ')})`);
  } else {
    if (entry.geography !== parsed.geography)
      problems.add(where, `geography must be '${parsed.geography}' (the id prefix), got ${JSON.stringify(entry.geography)}`);
    if (entry.modelId !== parsed.modelId)
      problems.add(where, `modelId must be '${parsed.modelId}' (the id without its prefix), got ${JSON.stringify(entry.modelId)}`);
  }
  if (!isRecord(entry.destinations)) return problems.add(where, 'destinations must be an object keyed by source region');
  const sources = Object.keys(entry.destinations);
  if (sources.length === 0) problems.add(where, 'destinations must name at least one source region');
  for (const source of sources) {
    if (!known.has(source)) problems.add(`${where}.destinations`, `names unknown source region '${source}' (add it to regions)`);
    checkRegionList(entry.destinations[source], `${where}.destinations['${source}']`, known, problems, false);
  }
}

/**
 * Checks that `data` is a well-formed catalog and returns it typed. Throws one Error listing every
 * problem found, each naming the offending entry (duplicate ids, unknown regions, a profile whose
 * modelId is not its id without the geography prefix, …).
 */
export function validateCatalogData(data: unknown): CatalogData {
  const problems = new Problems();
  if (!isRecord(data)) throw new Error('Invalid Bedrock model catalog: the top level must be an object');
  if (data.schemaVersion !== 1) problems.add('schemaVersion', `must be 1, got ${JSON.stringify(data.schemaVersion)}`);
  if (typeof data.asOf !== 'string' || !DATE_RE.test(data.asOf)) problems.add('asOf', `must be a YYYY-MM-DD date, got ${JSON.stringify(data.asOf)}`);
  if (typeof data.source !== 'string' || data.source === '') problems.add('source', 'must be a non-empty string');
  const { regions, models, inferenceProfiles } = data;
  if (!Array.isArray(regions)) problems.add('regions', 'must be an array');
  if (!Array.isArray(models)) problems.add('models', 'must be an array');
  if (!Array.isArray(inferenceProfiles)) problems.add('inferenceProfiles', 'must be an array');
  problems.throwIfAny();

  const regionList = regions as unknown[];
  regionList.forEach((r, i) => checkRegion(r, label('regions', i, r), problems));
  checkUnique('regions', regionList, problems);
  const known = new Set(regionList.flatMap((r) => (isRecord(r) && typeof r.id === 'string' ? [r.id] : [])));

  const modelList = models as unknown[];
  modelList.forEach((m, i) => checkModel(m, label('models', i, m), known, problems));
  checkUnique('models', modelList, problems);

  const profileList = inferenceProfiles as unknown[];
  profileList.forEach((p, i) => checkProfile(p, label('inferenceProfiles', i, p), known, problems));
  checkUnique('inferenceProfiles', profileList, problems);

  problems.throwIfAny();
  return data as unknown as CatalogData;
}
