/**
 * Regeneration of catalog.json from the Amazon Bedrock control plane: `ListFoundationModels` and
 * `ListInferenceProfiles` (system-defined profiles) in each region, merged by the pure
 * `buildCatalog`. Run it with `npm run catalog:refresh` (bin/catalog-refresh.ts).
 */
import {
  BedrockClient,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  type FoundationModelSummary,
  type InferenceProfileSummary,
} from '@aws-sdk/client-bedrock';
import { sortCatalogData } from './format';
import type { CatalogData, CatalogInferenceProfile, CatalogModel } from './types';
import { isRegionCode, parseProfileId, partitionForRegion, validateCatalogData } from './validate';

/** What one region's control plane reports. */
export interface RegionListing {
  /** The region queried, e.g. `us-east-1`. */
  readonly region: string;
  /** `ListFoundationModels` model summaries (all models, no filter). */
  readonly models: readonly FoundationModelSummary[];
  /** `ListInferenceProfiles` summaries with `typeEquals: SYSTEM_DEFINED`, all pages. */
  readonly profiles: readonly InferenceProfileSummary[];
}

/** Creates the Bedrock control-plane client for a region. */
export type BedrockClientFactory = (region: string) => BedrockClient;

/** A region that could not be listed (for example an opt-in region not enabled in the account). */
export interface SkippedRegion {
  readonly region: string;
  readonly message: string;
}

/** The outcome of `refreshCatalog`. */
export interface RefreshResult {
  /** The regenerated, sorted and validated catalog. */
  readonly data: CatalogData;
  /** Regions whose listing failed and that are therefore absent from `data` as queried regions. */
  readonly skipped: readonly SkippedRegion[];
}

const MAX_PAGES = 100;

/** Lists the foundation models and system-defined inference profiles of one region. */
export async function fetchRegion(region: string, client: BedrockClient = new BedrockClient({ region })): Promise<RegionListing> {
  const modelsResponse = await client.send(new ListFoundationModelsCommand({}));
  const profiles: InferenceProfileSummary[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED', maxResults: 1000, nextToken }));
    profiles.push(...(response.inferenceProfileSummaries ?? []));
    nextToken = response.nextToken;
    if (!nextToken) break;
  }
  if (nextToken) throw new Error(`ListInferenceProfiles in ${region} returned more than ${MAX_PAGES} pages`);
  return { region, models: modelsResponse.modelSummaries ?? [], profiles };
}

/** Parts of `arn:<partition>:bedrock:<region>:<account>:foundation-model/<id>`; region may be empty. */
function parseFoundationModelArn(arn: string): { partition: string; region: string; modelId: string } | undefined {
  const m = /^arn:([a-z-]+):bedrock:([a-z0-9-]*):\d*:foundation-model\/(.+)$/.exec(arn);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  return { partition: m[1], region: m[2], modelId: m[3] };
}

interface ModelAccumulator {
  provider: string;
  name: string;
  inputModalities: Set<string>;
  outputModalities: Set<string>;
  onDemandRegions: Set<string>;
  listsProfile: boolean;
}

function accumulateModel(acc: Map<string, ModelAccumulator>, region: string, summary: FoundationModelSummary): void {
  const id = summary.modelId;
  // The SDK's InferenceType union lacks INFERENCE_PROFILE, which the API does return: compare as strings.
  const types: readonly string[] = summary.inferenceTypesSupported ?? [];
  const onDemand = types.includes('ON_DEMAND');
  const viaProfile = types.includes('INFERENCE_PROFILE');
  // Provisioned-only variants (`…:0:24k`) cannot be invoked on demand or through a profile: not catalogued.
  if (!id || (!onDemand && !viaProfile && !acc.has(id))) return;
  let entry = acc.get(id);
  if (!entry) {
    entry = {
      provider: summary.providerName ?? id.split('.')[0] ?? id,
      name: summary.modelName ?? id,
      inputModalities: new Set(),
      outputModalities: new Set(),
      onDemandRegions: new Set(),
      listsProfile: false,
    };
    acc.set(id, entry);
  }
  for (const m of summary.inputModalities ?? []) entry.inputModalities.add(m);
  for (const m of summary.outputModalities ?? []) entry.outputModalities.add(m);
  if (onDemand) entry.onDemandRegions.add(region);
  if (viaProfile) entry.listsProfile = true;
}

/**
 * Builds catalog data from per-region listings (pure; no AWS calls).
 *
 * - A profile's destinations from a source region are the regions of its `models[].modelArn` as
 *   listed in that region. A region-less ARN (`arn:aws:bedrock:::foundation-model/…`, used by
 *   global profiles) stands for every commercial region: it expands to every region of that
 *   partition seen anywhere in the listings.
 * - A model's `onDemandRegions` are the regions whose listing includes `ON_DEMAND`; it is
 *   `profileOnly` when no region lists `ON_DEMAND` but some region lists `INFERENCE_PROFILE`.
 * - Only `SYSTEM_DEFINED` profiles with a known geography prefix are kept.
 */
export function buildCatalog(perRegion: readonly RegionListing[], asOf: string): CatalogData {
  const models = new Map<string, ModelAccumulator>();
  const regions = new Set<string>();
  const profiles = new Map<string, { destinations: Map<string, Set<string>>; regionless: Set<string> }>();

  for (const listing of perRegion) {
    regions.add(listing.region);
    for (const summary of listing.models) accumulateModel(models, listing.region, summary);
    for (const summary of listing.profiles) {
      const id = summary.inferenceProfileId;
      if (!id || (summary.type !== undefined && summary.type !== 'SYSTEM_DEFINED') || !parseProfileId(id)) continue;
      const entry = profiles.get(id) ?? { destinations: new Map<string, Set<string>>(), regionless: new Set<string>() };
      profiles.set(id, entry);
      const dests = entry.destinations.get(listing.region) ?? new Set<string>();
      entry.destinations.set(listing.region, dests);
      for (const model of summary.models ?? []) {
        const arn = model.modelArn ? parseFoundationModelArn(model.modelArn) : undefined;
        if (!arn) continue;
        if (arn.region === '') entry.regionless.add(listing.region);
        else if (isRegionCode(arn.region)) {
          dests.add(arn.region);
          regions.add(arn.region);
        }
      }
    }
  }

  const regionIds = [...regions].sort();
  const inferenceProfiles: CatalogInferenceProfile[] = [];
  for (const [id, entry] of profiles) {
    const parsed = parseProfileId(id);
    if (!parsed) continue;
    const destinations: Record<string, string[]> = {};
    for (const [source, dests] of entry.destinations) {
      if (entry.regionless.has(source)) {
        const partition = partitionForRegion(source);
        for (const r of regionIds) if (partitionForRegion(r) === partition) dests.add(r);
      }
      if (dests.size > 0) destinations[source] = [...dests];
    }
    if (Object.keys(destinations).length > 0) inferenceProfiles.push({ id, modelId: parsed.modelId, geography: parsed.geography, destinations });
  }

  const catalogModels: CatalogModel[] = [...models].map(([id, m]) => ({
    id,
    provider: m.provider,
    name: m.name,
    inputModalities: [...m.inputModalities],
    outputModalities: [...m.outputModalities],
    onDemandRegions: [...m.onDemandRegions],
    profileOnly: m.onDemandRegions.size === 0 && m.listsProfile,
  }));

  const queried = perRegion.map((l) => l.region).sort();
  return sortCatalogData({
    schemaVersion: 1,
    asOf,
    source: `Amazon Bedrock ListFoundationModels/ListInferenceProfiles (SYSTEM_DEFINED) in ${queried.join(', ')}`,
    regions: regionIds.map((id) => ({ id, partition: partitionForRegion(id) })),
    models: catalogModels,
    inferenceProfiles,
  });
}

/** True when `err` is the SDK's "no credentials could be loaded" error (CredentialsProviderError). */
export function isCredentialsError(err: unknown): boolean {
  return err instanceof Error && err.name === 'CredentialsProviderError';
}

/** Today's date (UTC) as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Lists every region and builds the catalog. A region whose listing fails (for example an opt-in
 * region that is not enabled) is reported in `skipped`; missing credentials abort the whole refresh.
 * @param regions regions to query; the CLI defaults them to the regions of the committed catalog.
 * @param clientFactory creates the client for a region (tests pass mocked clients).
 * @param asOf the date recorded in the catalog, default today.
 */
export async function refreshCatalog(
  regions: readonly string[],
  clientFactory: BedrockClientFactory = (region) => new BedrockClient({ region }),
  asOf: string = todayIso(),
): Promise<RefreshResult> {
  const listings: RegionListing[] = [];
  const skipped: SkippedRegion[] = [];
  for (const region of [...new Set(regions)]) {
    try {
      listings.push(await fetchRegion(region, clientFactory(region)));
    } catch (err) {
      if (isCredentialsError(err)) throw err;
      skipped.push({ region, message: err instanceof Error ? err.message : String(err) });
    }
  }
  if (listings.length === 0) {
    throw new Error(`No region could be listed: ${skipped.map((s) => `${s.region} (${s.message})`).join('; ') || 'no regions given'}`);
  }
  return { data: validateCatalogData(buildCatalog(listings, asOf)), skipped };
}
