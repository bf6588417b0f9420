/**
 * The access spec: what a platform team writes (in code or YAML) to say who may invoke which models.
 */
import type { ModelCategory } from './categories';
import type { ThroughputGrant } from './throughput';

/** A model reference with options, for ids the catalog does not know yet. */
export interface ModelReferenceOptions {
  /** A foundation model id, a system inference profile id (or a glob of either), or a Bedrock ARN. */
  readonly id: string;
  /**
   * Marks an id as intentionally newer than the bundled catalog, so it is accepted without a catalog entry.
   * @default false
   */
  readonly newerThanCatalog?: boolean;
  /**
   * Destination regions of an inference profile the catalog does not know (`newerThanCatalog`).
   * @default - every region of the profile's geography known to the catalog
   */
  readonly destinationRegions?: readonly string[];
}

/**
 * A model reference as users write it:
 * - a foundation model id, `anthropic.claude-3-haiku-20240307-v1:0`, or glob, `anthropic.*`;
 * - a system inference profile id, `us.anthropic.claude-3-haiku-20240307-v1:0`, or glob, `eu.amazon.nova-*`
 *   (prefixes `us.`, `eu.`, `apac.`, `jp.`, `au.`, `ca.`, `us-gov.`, `global.`);
 * - the ARN of an application inference profile, a provisioned model or a custom model.
 */
export type ModelReference = string | ModelReferenceOptions;

/** A guardrail that every invocation must apply. */
export interface GuardrailReference {
  /** Guardrail ARN, `arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123`. */
  readonly arn: string;
  /**
   * Guardrail version that must be applied (`1`, `2`, … or `DRAFT`).
   * @default - any version of the guardrail
   */
  readonly version?: string;
}

/**
 * Bedrock API keys (bearer tokens, `bedrock:CallWithBearerToken` / `bedrock-mantle:CallWithBearerToken`):
 * - `deny`: no API key of any kind;
 * - `short-term-only`: short-term keys (pre-signed from the caller's own credentials, at most 12 hours);
 * - `allow`: short-term and long-term keys.
 */
export const API_KEYS_MODES = ['deny', 'short-term-only', 'allow'] as const;
export type ApiKeysMode = (typeof API_KEYS_MODES)[number];

/** What a model-access policy grants and denies. */
export interface ModelAccessSpec {
  /** Models the principals may invoke. At least one. */
  readonly allow: readonly ModelReference[];
  /**
   * Models the principals may never invoke: directly, through any inference profile, in any region.
   * A deny that overlaps an allow wins.
   * @default - none
   */
  readonly deny?: readonly ModelReference[];
  /** Regions in which the principals invoke (source regions for inference profiles). At least one. */
  readonly regions: readonly string[];
  /**
   * When given, invocation is denied unless it arrives through one of these VPC endpoints (`aws:SourceVpce`).
   * Calls through the public endpoint then fail with AccessDenied.
   * @default - no network condition
   */
  readonly sourceVpcEndpoints?: readonly string[];
  /**
   * When given, invocation is denied unless the request applies this guardrail (`bedrock:GuardrailIdentifier`),
   * and the principals may apply it. One guardrail per region when several regions are listed.
   * @default - no guardrail condition
   */
  readonly guardrail?: GuardrailReference | readonly GuardrailReference[];
  /**
   * Grant read access to the model catalog (List/Get foundation models and inference profiles).
   * @default true
   */
  readonly catalogRead?: boolean;
  /**
   * What the principals may do with the allowed models. A model outside the allow-list (or on the deny-list) is
   * refused for every category, whatever this says.
   * @default ['inference'] (sync, streaming and asynchronous invocation, CountTokens, bedrock-mantle inference)
   */
  readonly categories?: readonly ModelCategory[];
  /**
   * Whether the principals may call Bedrock with API keys (bearer tokens).
   * @default 'short-term-only'
   */
  readonly apiKeys?: ApiKeysMode;
  /**
   * Provisioned throughput the principals may invoke, found by its governance tag (`THROUGHPUT_TAG_KEY`): its ARN gets
   * a random id when it is bought, so no policy can name it beforehand. The principals may not change that tag.
   * Needs the `inference` category. With throughput, `allow` may be empty.
   * @default - none
   */
  readonly provisionedThroughput?: readonly ThroughputGrant[];
}

/** Text of a reference, whichever form it was written in. */
export function referenceText(ref: ModelReference): string {
  return typeof ref === 'string' ? ref : ref.id;
}
