/**
 * Typed shape of the Bedrock model catalog (catalog.json).
 *
 * The catalog is data, not code: destination regions of inference profiles change as AWS adds
 * regions, so they live in catalog.json and are regenerated with `npm run catalog:refresh`.
 */

/** Geography prefix of a system-defined (cross-region) inference profile id. */
export type ProfileGeography = 'us' | 'eu' | 'apac' | 'jp' | 'au' | 'ca' | 'us-gov' | 'global';

/** How a foundation model may be invoked without provisioned throughput. */
export type ModelInferenceType = 'ON_DEMAND' | 'INFERENCE_PROFILE' | 'PROVISIONED';

/** A Bedrock foundation model as listed by ListFoundationModels. */
export interface CatalogModel {
  /** Model id, e.g. `anthropic.claude-3-haiku-20240307-v1:0`. */
  readonly id: string;
  /** Provider name, e.g. `Anthropic`. */
  readonly provider: string;
  /** Human-readable model name, e.g. `Claude 3 Haiku`. */
  readonly name: string;
  /** Input modalities, e.g. `['TEXT', 'IMAGE']`. */
  readonly inputModalities: readonly string[];
  /** Output modalities, e.g. `['TEXT']`. */
  readonly outputModalities: readonly string[];
  /**
   * Regions in which the model can be invoked directly (on demand), by its foundation-model ARN.
   * Empty for profile-only models, and for legacy models the documentation no longer lists
   * (these are catalogued only because an inference profile routes to them).
   */
  readonly onDemandRegions: readonly string[];
  /** True when the model can only be invoked through an inference profile (or provisioned throughput). */
  readonly profileOnly: boolean;
}

/** A system-defined cross-region inference profile as listed by ListInferenceProfiles. */
export interface CatalogInferenceProfile {
  /** Profile id, e.g. `us.anthropic.claude-3-haiku-20240307-v1:0`. */
  readonly id: string;
  /** The foundation model id the profile routes to (the id without the geography prefix). */
  readonly modelId: string;
  /** Geography prefix of the id. */
  readonly geography: ProfileGeography;
  /**
   * For each source region (where the profile can be called), the destination regions the
   * call may be routed to (always including the source region itself when AWS lists it).
   * For `global` profiles AWS lists "Commercial AWS Regions": the catalog expands that to every
   * `aws`-partition region it knows (the set grows as AWS adds regions; refresh the catalog).
   */
  readonly destinations: Readonly<Record<string, readonly string[]>>;
}

/** A region known to the catalog. */
export interface CatalogRegion {
  /** Region code, e.g. `us-east-1`. */
  readonly id: string;
  /** ARN partition: `aws`, `aws-us-gov` or `aws-cn`. */
  readonly partition: string;
}

/** The whole catalog file. */
export interface CatalogData {
  /** Schema version of this file. */
  readonly schemaVersion: 1;
  /** ISO date (YYYY-MM-DD) the data describes. */
  readonly asOf: string;
  /** Where the data came from (documentation pages, or `ListFoundationModels/ListInferenceProfiles`). */
  readonly source: string;
  readonly regions: readonly CatalogRegion[];
  readonly models: readonly CatalogModel[];
  readonly inferenceProfiles: readonly CatalogInferenceProfile[];
}
