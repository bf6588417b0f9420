/**
 * Deterministic ordering and serialization of catalog data, so a regenerated catalog.json only
 * differs from the committed one where AWS changed something.
 */
import type { CatalogData, CatalogInferenceProfile, CatalogModel, CatalogRegion } from './types';

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byId = <T extends { readonly id: string }>(a: T, b: T): number => byCode(a.id, b.id);
const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort(byCode);

function sortModel(m: CatalogModel): CatalogModel {
  return {
    id: m.id,
    provider: m.provider,
    name: m.name,
    inputModalities: sortedUnique(m.inputModalities),
    outputModalities: sortedUnique(m.outputModalities),
    onDemandRegions: sortedUnique(m.onDemandRegions),
    profileOnly: m.profileOnly,
  };
}

function sortProfile(p: CatalogInferenceProfile): CatalogInferenceProfile {
  const destinations: Record<string, readonly string[]> = {};
  for (const source of Object.keys(p.destinations).sort(byCode)) {
    destinations[source] = sortedUnique(p.destinations[source] ?? []);
  }
  return { id: p.id, modelId: p.modelId, geography: p.geography, destinations };
}

/**
 * Returns a copy of `data` with a fixed key order and everything sorted: regions, models and
 * profiles by id, modalities and region lists alphabetically, destination maps by source region.
 */
export function sortCatalogData(data: CatalogData): CatalogData {
  return {
    schemaVersion: data.schemaVersion,
    asOf: data.asOf,
    source: data.source,
    regions: data.regions.map((r: CatalogRegion) => ({ id: r.id, partition: r.partition })).sort(byId),
    models: data.models.map(sortModel).sort(byId),
    inferenceProfiles: data.inferenceProfiles.map(sortProfile).sort(byId),
  };
}

/** The text written to catalog.json: sorted data, 2-space indentation and a trailing newline. */
export function serializeCatalog(data: CatalogData): string {
  return `${JSON.stringify(sortCatalogData(data), null, 2)}\n`;
}
