import type { CatalogInferenceProfile, CatalogModel } from './catalog/types';

/** What the policy engine needs from the model catalog. `Catalog` from ./catalog satisfies it. */
export interface CatalogView {
  readonly regionIds: readonly string[];
  readonly models: readonly CatalogModel[];
  readonly profiles: readonly CatalogInferenceProfile[];
  model(id: string): CatalogModel | undefined;
  profile(id: string): CatalogInferenceProfile | undefined;
  /** Every source and destination region of the profiles of a geography (`us`, `eu`, `global`, …). */
  geographyRegions(geography: string): readonly string[];
}
