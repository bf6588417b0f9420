/**
 * Resolution of model references against the catalog: classify each reference, check it,
 * and work out the regions involved. Pure functions; problems and warnings are collected, not thrown.
 */
import { ARN_REFERENCE_TYPES, ArnReferenceType, parseBedrockArn } from './arn';
import type { CatalogView } from './catalog-view';
import { ProblemCollector, SpecWarning } from './errors';
import { closest, globMatches, isGlob } from './glob';
import type { ModelReference } from './spec';

/** Geography prefixes of system inference profile ids, longest first so `us-gov.` wins over `us.`. */
export const PROFILE_GEOGRAPHIES = ['us-gov', 'global', 'apac', 'us', 'eu', 'jp', 'au', 'ca'] as const;

const PROFILE_RE = new RegExp(`^(${PROFILE_GEOGRAPHIES.join('|')})\\.(.+)$`);
const MODEL_ID_RE = /^[a-z0-9][a-z0-9-]*\.[A-Za-z0-9._:-]+$/;
const MODEL_GLOB_RE = /^[a-z0-9][A-Za-z0-9._:*?-]*$/;

/** A foundation model id or glob: invocation by the foundation-model ARN. */
export interface ResolvedFoundationModel {
  readonly kind: 'foundation-model';
  readonly field: string;
  readonly pattern: string;
  readonly glob: boolean;
  /** Catalog models the pattern matches. */
  readonly matchedModels: readonly string[];
}

/** Source regions of an inference profile that share one set of destination regions. */
export interface ProfileRoute {
  readonly sources: readonly string[];
  /** Destination regions, sorted, including the source regions themselves. */
  readonly destinations: readonly string[];
}

/** A system inference profile id or glob. */
export interface ResolvedInferenceProfile {
  readonly kind: 'inference-profile';
  readonly field: string;
  readonly pattern: string;
  readonly glob: boolean;
  readonly geography: string;
  /** The foundation model id (or glob) the profile routes to: the pattern without its geography prefix. */
  readonly modelPattern: string;
  /** Catalog profiles the pattern matches. */
  readonly matchedProfiles: readonly string[];
  /** Routes from the listed regions (mode `routes` only; empty otherwise). */
  readonly routes: readonly ProfileRoute[];
  /** Global profiles are also authorized against the region-less foundation-model ARN. */
  readonly regionless: boolean;
}

/** The ARN of an application inference profile, a provisioned model or a custom model. */
export interface ResolvedArn {
  readonly kind: ArnReferenceType;
  readonly field: string;
  readonly arn: string;
  readonly region: string;
}

/** A reference after resolution. */
export type ResolvedReference = ResolvedFoundationModel | ResolvedInferenceProfile | ResolvedArn;

/** Everything resolution needs. */
export interface ResolveContext {
  readonly catalog: CatalogView;
  /** Regions in which the principals invoke (already validated). Empty for organization-wide specs. */
  readonly regions: readonly string[];
  readonly partition: string;
  readonly problems: ProblemCollector;
  readonly warnings: SpecWarning[];
}

/**
 * `routes`: an identity-policy allow, whose profiles are routed from the listed regions;
 * `names`: a deny, or an organization-wide allow-list, where only the names matter.
 */
export type ResolveMode = 'routes' | 'names';

/** Resolves one allow or deny reference; returns undefined (and records a problem) when it is invalid. */
export function resolveReference(ref: ModelReference, field: string, mode: ResolveMode, ctx: ResolveContext): ResolvedReference | undefined {
  const text = typeof ref === 'string' ? ref : ref?.id;
  const newer = typeof ref === 'object' && ref !== null && ref.newerThanCatalog === true;
  if (typeof text !== 'string' || text.trim() === '') {
    ctx.problems.add(field, ref, 'is empty; expected a model id, an inference profile id, a glob or a Bedrock ARN');
    return undefined;
  }
  if (text !== text.trim()) {
    ctx.problems.add(field, text, 'has leading or trailing whitespace');
    return undefined;
  }
  if (text.startsWith('arn:')) return resolveArn(text, field, ctx);
  if (text.startsWith('*') || text.startsWith('?')) {
    ctx.problems.add(field, text, 'starts with a wildcard; write the provider or geography prefix first (e.g. `anthropic.*`, `us.anthropic.*`)');
    return undefined;
  }
  const destinationRegions = typeof ref === 'object' && ref !== null ? ref.destinationRegions : undefined;
  if (destinationRegions !== undefined && !newer) {
    ctx.problems.add(`${field}.destinationRegions`, destinationRegions, 'is only accepted with newerThanCatalog: true; catalog profiles use the catalog');
    return undefined;
  }
  const profile = PROFILE_RE.exec(text);
  if (profile) return resolveProfile(text, profile[1]!, profile[2]!, field, mode, newer, destinationRegions, ctx);
  return resolveModel(text, field, newer, ctx);
}

function resolveModel(text: string, field: string, newer: boolean, ctx: ResolveContext): ResolvedFoundationModel | undefined {
  const glob = isGlob(text);
  if (glob ? !MODEL_GLOB_RE.test(text) : !MODEL_ID_RE.test(text)) {
    ctx.problems.add(
      field,
      text,
      'is not a model id (`provider.model-name-v1:0`), a profile id (`us.provider.model…`), a glob (`provider.*`) or a Bedrock ARN',
    );
    return undefined;
  }
  const matchedModels = matchCatalog(text, field, glob, newer, ctx.catalog.models, 'foundation model', ctx);
  if (!matchedModels) return undefined;
  return { kind: 'foundation-model', field, pattern: text, glob, matchedModels };
}

function resolveProfile(
  text: string,
  geography: string,
  modelPattern: string,
  field: string,
  mode: ResolveMode,
  newer: boolean,
  destinationRegions: readonly string[] | undefined,
  ctx: ResolveContext,
): ResolvedInferenceProfile | undefined {
  const glob = isGlob(text);
  if (glob ? !MODEL_GLOB_RE.test(modelPattern) : !MODEL_ID_RE.test(modelPattern)) {
    ctx.problems.add(
      field,
      text,
      `is not a valid inference profile id: expected '${geography}.' followed by a model id such as 'anthropic.claude-3-haiku-20240307-v1:0'`,
    );
    return undefined;
  }
  const matchedIds = matchCatalog(text, field, glob, newer, ctx.catalog.profiles, 'inference profile', ctx);
  if (!matchedIds) return undefined;
  const matched = matchedIds.map((id) => ctx.catalog.profile(id)!);
  const base = {
    kind: 'inference-profile' as const,
    field,
    pattern: text,
    glob,
    geography,
    modelPattern,
    matchedProfiles: matched.map((p) => p.id),
    regionless: geography === 'global',
  };
  if (mode === 'names') return { ...base, routes: [] };

  if (destinationRegions !== undefined) {
    destinationRegions.forEach((r, i) => {
      if (!ctx.catalog.regionIds.includes(r))
        ctx.problems.add(`${field}.destinationRegions[${i}]`, r, `is not a Bedrock region; known: ${ctx.catalog.regionIds.join(', ')}`);
    });
  }
  const geoRegions = destinationRegions ?? ctx.catalog.geographyRegions(geography);
  const destinationsBySource = new Map<string, Set<string>>();
  for (const source of ctx.regions) {
    const dests = new Set<string>();
    for (const p of matched) for (const d of p.destinations[source] ?? []) dests.add(d);
    const knownHere = matched.some((p) => p.destinations[source] !== undefined);
    if (glob || newer) {
      // A glob also covers profiles newer than the catalog, and a new id has no catalog entry:
      // grant every region of the geography (the grant stays conditioned on the profile ARN).
      if (!knownHere && !newer && matched.length > 0) continue;
      for (const d of geoRegions) dests.add(d);
    } else if (!knownHere) {
      continue;
    }
    if (dests.size === 0) {
      ctx.problems.add(field, text, `no destination regions are known for this profile from ${source}; pass destinationRegions`);
      continue;
    }
    dests.add(source);
    destinationsBySource.set(source, dests);
  }
  if (destinationsBySource.size === 0) {
    const available = [...new Set(matched.flatMap((p) => Object.keys(p.destinations)))].sort();
    ctx.problems.add(
      field,
      text,
      `cannot be called from any of the listed regions (${ctx.regions.join(', ')}); it is available from: ${available.join(', ') || 'none'}`,
    );
    return undefined;
  }
  const missing = ctx.regions.filter((r) => !destinationsBySource.has(r));
  if (missing.length > 0 && (!glob || matched.length > 0)) {
    ctx.warnings.push({
      id: 'ProfileNotInRegion',
      message: `${field} '${text}' is not available from ${missing.join(', ')}; it is granted from ${[...destinationsBySource.keys()].join(', ')} only`,
    });
  }
  return { ...base, routes: groupRoutes(destinationsBySource) };
}

/** Groups source regions that share the same destination set, in a stable order. */
function groupRoutes(bySource: Map<string, Set<string>>): ProfileRoute[] {
  const groups = new Map<string, { sources: string[]; destinations: string[] }>();
  for (const [source, dests] of bySource) {
    const destinations = [...dests].sort();
    const key = destinations.join(',');
    const g = groups.get(key);
    if (g) g.sources.push(source);
    else groups.set(key, { sources: [source], destinations });
  }
  return [...groups.values()];
}

function resolveArn(text: string, field: string, ctx: ResolveContext): ResolvedArn | undefined {
  const arn = parseBedrockArn(text);
  if (!arn) {
    ctx.problems.add(field, text, 'is not a valid Bedrock ARN: expected arn:<partition>:bedrock:<region>:<12-digit account>:<type>/<id>');
    return undefined;
  }
  if (arn.resourceType === 'foundation-model' || arn.resourceType === 'inference-profile') {
    ctx.problems.add(field, text, `is a ${arn.resourceType} ARN; write the id ('${arn.resourceId}') instead: regions come from 'regions'`);
    return undefined;
  }
  if (!(ARN_REFERENCE_TYPES as readonly string[]).includes(arn.resourceType)) {
    ctx.problems.add(field, text, `has resource type '${arn.resourceType}'; accepted ARN types: ${ARN_REFERENCE_TYPES.join(', ')}`);
    return undefined;
  }
  if (arn.account === '' || arn.region === '') {
    ctx.problems.add(field, text, 'must name a region and a 12-digit account');
    return undefined;
  }
  if (isGlob(arn.region) || isGlob(arn.account) || isGlob(arn.partition)) {
    ctx.problems.add(field, text, 'may use wildcards in the resource id only, not in partition, region or account');
    return undefined;
  }
  if (arn.partition !== ctx.partition) {
    ctx.problems.add(field, text, `is in partition '${arn.partition}' but the regions are in '${ctx.partition}'`);
    return undefined;
  }
  if (ctx.regions.length > 0 && !ctx.regions.includes(arn.region)) {
    ctx.problems.add(field, text, `is in region ${arn.region}, which is not one of the listed regions (${ctx.regions.join(', ')})`);
    return undefined;
  }
  // Custom-model ids are `<base model id>/<id>` as Bedrock returns them; other types have no `/`.
  const idPattern = arn.resourceType === 'custom-model' ? /^[A-Za-z0-9._:*?-]+(\/[A-Za-z0-9*?]+)?$/ : /^[A-Za-z0-9._:*?-]+$/;
  if (!idPattern.test(arn.resourceId)) {
    ctx.problems.add(
      field,
      text,
      'has an invalid resource id: letters, digits, `.`, `_`, `:`, `-` and wildcards are accepted (and one `/` in a custom-model id)',
    );
    return undefined;
  }
  return { kind: arn.resourceType as ArnReferenceType, field, arn: text, region: arn.region };
}

/**
 * Rejects ARN globs in an allow-list where a glob would reach models nobody approved: whoever can create an
 * application inference profile (or, for an SCP, a provisioned throughput or custom model) could point a new one
 * matching the glob at any model. Name the ARNs instead. Deny-lists may use globs: denying more is safe.
 */
export function rejectArnGlobs(refs: readonly ResolvedReference[], kinds: readonly ArnReferenceType[], problems: ProblemCollector, where: string): void {
  for (const ref of refs) {
    if (ref.kind !== 'foundation-model' && ref.kind !== 'inference-profile' && kinds.includes(ref.kind) && isGlob(ref.arn)) {
      problems.add(
        ref.field,
        ref.arn,
        `is a ${ref.kind} ARN with a wildcard; in ${where} it would let anyone who can create a ${ref.kind} reach any model through it. List the ARNs`,
      );
    }
  }
}

/**
 * The catalog ids a reference matches. An exact id that is not in the catalog is a problem (with the closest ids)
 * unless marked newer than the catalog; a glob that matches nothing is a warning. Undefined after a problem.
 */
function matchCatalog(
  text: string,
  field: string,
  glob: boolean,
  newer: boolean,
  entries: readonly { readonly id: string }[],
  what: string,
  ctx: ResolveContext,
): string[] | undefined {
  const ids = entries.map((e) => e.id);
  const matched = ids.filter((id) => globMatches(text, id));
  if (!glob && matched.length === 0 && !newer) {
    unknownId(text, field, ids, ctx);
    return undefined;
  }
  if (glob && matched.length === 0) ctx.warnings.push({ id: 'GlobMatchesNothing', message: `${field} '${text}' matches no ${what} in the catalog` });
  return matched;
}

function unknownId(text: string, field: string, candidates: string[], ctx: ResolveContext): void {
  const suggestions = closest(text, candidates, 3);
  ctx.problems.add(
    field,
    text,
    `is not in the model catalog; closest catalog ids: ${suggestions.join(', ')}. ` +
      'If it is newer than the catalog, write { id: ..., newerThanCatalog: true } or run `npm run catalog:refresh`',
  );
}
