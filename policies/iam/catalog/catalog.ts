/**
 * The Bedrock model catalog: the committed catalog.json, validated at load time, with lookups.
 *
 * Pure code (no CDK): the policy engine reads it through `CatalogView`, which `Catalog` satisfies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CatalogData, CatalogInferenceProfile, CatalogModel, CatalogRegion } from './types';
import { isProfileGeography, partitionForRegion, validateCatalogData } from './validate';

/** Path of the committed catalog.json (next to this file, in the source tree and in dist/ alike). */
export const CATALOG_PATH = path.join(__dirname, 'catalog.json');

/** An immutable, validated model catalog with id lookups. */
export class Catalog {
  /**
   * Builds a catalog from data (for example a small catalog in a test).
   * @throws Error naming each malformed entry when `data` does not conform to `CatalogData`.
   */
  static fromData(data: CatalogData): Catalog {
    return new Catalog(validateCatalogData(data));
  }

  /** Parses and validates catalog JSON text. `where` names the source in error messages. */
  static fromJson(text: string, where = 'catalog.json'): Catalog {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new Error(`Invalid Bedrock model catalog: ${where} is not valid JSON (${(err as Error).message})`);
    }
    return new Catalog(validateCatalogData(parsed));
  }

  /** The raw data, as validated. */
  readonly data: CatalogData;
  private readonly modelsById: ReadonlyMap<string, CatalogModel>;
  private readonly profilesById: ReadonlyMap<string, CatalogInferenceProfile>;
  private readonly regionsById: ReadonlyMap<string, CatalogRegion>;
  private readonly geographyCache = new Map<string, readonly string[]>();

  private constructor(data: CatalogData) {
    this.data = data;
    this.modelsById = new Map(data.models.map((m) => [m.id, m]));
    this.profilesById = new Map(data.inferenceProfiles.map((p) => [p.id, p]));
    this.regionsById = new Map(data.regions.map((r) => [r.id, r]));
  }

  /** Every foundation model. */
  get models(): readonly CatalogModel[] {
    return this.data.models;
  }

  /** Every system-defined (cross-region) inference profile. */
  get profiles(): readonly CatalogInferenceProfile[] {
    return this.data.inferenceProfiles;
  }

  /** Every known region code, in catalog order. */
  get regionIds(): readonly string[] {
    return this.data.regions.map((r) => r.id);
  }

  /** The foundation model with this id, or undefined. */
  model(id: string): CatalogModel | undefined {
    return this.modelsById.get(id);
  }

  /** The inference profile with this id (e.g. `us.anthropic.claude-3-haiku-20240307-v1:0`), or undefined. */
  profile(id: string): CatalogInferenceProfile | undefined {
    return this.profilesById.get(id);
  }

  /** The region with this code, or undefined. */
  region(id: string): CatalogRegion | undefined {
    return this.regionsById.get(id);
  }

  /** The inference profiles that route to the foundation model `modelId`, sorted by id. */
  profilesForModel(modelId: string): readonly CatalogInferenceProfile[] {
    return this.profiles.filter((p) => p.modelId === modelId);
  }

  /**
   * The ARN partition of a region: from the catalog when the region is known, otherwise derived from
   * its code (`us-gov-*` → `aws-us-gov`, `cn-*` → `aws-cn`, anything else → `aws`).
   */
  partitionOf(region: string): string {
    return this.regionsById.get(region)?.partition ?? partitionForRegion(region);
  }

  /**
   * Every source and destination region of the profiles of a geography (`us`, `eu`, `apac`, `jp`,
   * `au`, `ca`, `us-gov`, `global`), sorted. Empty for an unknown geography.
   */
  geographyRegions(geography: string): readonly string[] {
    const cached = this.geographyCache.get(geography);
    if (cached) return cached;
    const regions = new Set<string>();
    if (isProfileGeography(geography)) {
      for (const p of this.profiles) {
        if (p.geography !== geography) continue;
        for (const [source, dests] of Object.entries(p.destinations)) {
          regions.add(source);
          for (const d of dests) regions.add(d);
        }
      }
    }
    const result = [...regions].sort();
    this.geographyCache.set(geography, result);
    return result;
  }
}

let cached: Catalog | undefined;

/**
 * Loads the committed catalog.json (once; later calls return the same instance).
 * @throws Error when the file is missing, is not JSON, or does not conform to `CatalogData`.
 */
export function loadCatalog(): Catalog {
  if (!cached) cached = Catalog.fromJson(fs.readFileSync(CATALOG_PATH, 'utf8'), CATALOG_PATH);
  return cached;
}
