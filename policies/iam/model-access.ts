/**
 * The model-access policy engine: an access spec in, minified IAM policy documents out.
 * No CDK here: plain data in, JSON out (usable from the CLI and tests without an App).
 */
import type { CatalogView } from './catalog-view';
import { isList, PolicyDocumentJson, PolicyStatementJson } from './document';
import { ProblemCollector, SpecWarning } from './errors';
import { overlapWarnings } from './overlaps';
import { rejectArnGlobs, resolveReference, ResolveContext, ResolveMode, ResolvedReference } from './resolve';
import { MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_MAX_CHARS, packStatements, PolicyPackingError } from './size';
import { API_KEYS_MODES, type ApiKeysMode, type ModelAccessSpec, type ModelReference } from './spec';
import { compactStatements } from './compact';
import { categoryProblems, DEFAULT_CATEGORIES, MODEL_CATEGORIES, ModelCategory } from './categories';
import {
  allowArns,
  allowCategory,
  allowFoundationModels,
  allowInferenceProfiles,
  apiKeyStatements,
  approvedModelPatterns,
  catalogRead,
  denyReferences,
  requireGuardrail,
  requireVpcEndpoints,
  StatementContext,
} from './statements';
import { type ThroughputGrant, throughputStatements, validateThroughputGrants } from './throughput';
import { isUnresolved, validateGuardrails, validateRegions, validateVpcEndpoints } from './validate';

/** Where and how the documents are produced. */
export interface ModelAccessOptions {
  readonly catalog: CatalogView;
  /** Account id for inference-profile ARNs: 12 digits, or a CDK token resolving to them. */
  readonly account: string;
  /** @default 6144 (IAM customer managed policy) */
  readonly maxCharacters?: number;
  /** @default 10 (managed policies per role) */
  readonly maxDocuments?: number;
  /** Emit the API-key statements (endpoint policies leave them to identity policies and SCPs). @default true */
  readonly apiKeyStatements?: boolean;
}

/** The spec after resolution, for reports and tests. */
export interface ResolvedSpec {
  readonly regions: readonly string[];
  readonly partition: string;
  readonly allow: readonly ResolvedReference[];
  readonly deny: readonly ResolvedReference[];
  /** What the principals may do with the allowed models. */
  readonly categories: readonly ModelCategory[];
  readonly apiKeys: ApiKeysMode;
  /** Provisioned throughput the principals may invoke (by governance tag). @default - none */
  readonly throughput?: readonly ThroughputGrant[];
}

/** The engine's output. */
export interface ModelAccessResult {
  /** Policy documents, each within the size limit. */
  readonly documents: readonly PolicyDocumentJson[];
  /** Valid but suspicious input (globs matching nothing, denies overriding allows…). */
  readonly warnings: readonly SpecWarning[];
  readonly resolved: ResolvedSpec;
}

/** Resolves a list of references, recording problems. */
export function resolveList(refs: readonly ModelReference[], name: string, mode: ResolveMode, ctx: ResolveContext): ResolvedReference[] {
  const out: ResolvedReference[] = [];
  const seen = new Map<string, string>();
  refs.forEach((ref, i) => {
    const resolved = resolveReference(ref, `${name}[${i}]`, mode, ctx);
    if (!resolved) return;
    const key = resolved.kind === 'foundation-model' || resolved.kind === 'inference-profile' ? resolved.pattern : resolved.arn;
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.warnings.push({ id: 'DuplicateReference', message: `${resolved.field} '${key}' repeats ${first}; it is used once` });
      return;
    }
    seen.set(key, resolved.field);
    out.push(resolved);
  });
  return out;
}

function ofKind<K extends ResolvedReference['kind']>(refs: readonly ResolvedReference[], ...kinds: K[]): Extract<ResolvedReference, { kind: K }>[] {
  return refs.filter((r): r is Extract<ResolvedReference, { kind: K }> => (kinds as string[]).includes(r.kind));
}

/**
 * Builds the statements of a model-access policy, unpacked. Throws PolicySpecError listing every problem.
 */
export function buildModelAccessStatements(
  spec: ModelAccessSpec,
  options: ModelAccessOptions,
): { statements: PolicyStatementJson[]; warnings: SpecWarning[]; resolved: ResolvedSpec } {
  const problems = new ProblemCollector();
  const warnings: SpecWarning[] = [];
  const { regions, partition } = validateRegions(spec.regions, 'regions', options.catalog, problems, true);
  if (!/^[0-9]{12}$/.test(options.account) && !isUnresolved(options.account)) {
    problems.add('account', options.account, 'must be a 12-digit account id');
  }
  const throughputCount = isList(spec.provisionedThroughput) ? spec.provisionedThroughput.length : 0;
  if (!isList(spec.allow) || (spec.allow.length === 0 && throughputCount === 0)) {
    problems.add(
      'allow',
      spec.allow,
      'must list at least one model, profile or ARN (or grant a provisioned throughput): a policy that allows nothing is a mistake',
    );
  }
  if (spec.deny !== undefined && !isList(spec.deny)) problems.add('deny', spec.deny, 'must be a list');
  const ctx: ResolveContext = { catalog: options.catalog, regions, partition, problems, warnings };
  // Without valid regions, still check the names so that every problem is reported at once.
  const allow = isList(spec.allow) ? resolveList(spec.allow, 'allow', regions.length > 0 ? 'routes' : 'names', ctx) : [];
  const deny = isList(spec.deny) ? resolveList(spec.deny, 'deny', 'names', ctx) : [];
  rejectArnGlobs(allow, ['application-inference-profile'], problems, 'an allow-list');
  const vpces = validateVpcEndpoints(spec.sourceVpcEndpoints, problems);
  const guardrails = validateGuardrails(spec.guardrail, regions, partition, problems);
  if (spec.catalogRead !== undefined && typeof spec.catalogRead !== 'boolean') problems.add('catalogRead', spec.catalogRead, 'must be true or false');
  const categoryProblem = spec.categories === undefined ? undefined : categoryProblems(spec.categories);
  if (categoryProblem) problems.add('categories', spec.categories, categoryProblem);
  if (spec.apiKeys !== undefined && !(API_KEYS_MODES as readonly string[]).includes(spec.apiKeys))
    problems.add('apiKeys', spec.apiKeys, `must be one of: ${API_KEYS_MODES.join(', ')}`);
  const deniedModels = ofKind(deny, 'foundation-model').map((d) => d.pattern);
  const throughput = validateThroughputGrants(spec.provisionedThroughput, regions, 'provisionedThroughput', problems, deniedModels);
  if (throughput.length > 0 && !(spec.categories ?? DEFAULT_CATEGORIES).includes('inference'))
    problems.add(
      'provisionedThroughput',
      throughput.map((g) => g.name),
      "needs the 'inference' category: invoking a throughput is inference",
    );
  problems.throwIfAny('Invalid model access spec');
  const granted = spec.categories ?? DEFAULT_CATEGORIES;
  const categories = MODEL_CATEGORIES.filter((c) => granted.includes(c));
  const apiKeys = spec.apiKeys ?? 'short-term-only';

  warnings.push(...overlapWarnings(allow, deny));
  for (const m of ofKind(allow, 'foundation-model')) {
    const profileOnly = m.matchedModels.filter((id) => options.catalog.model(id)?.profileOnly);
    if (!m.glob && profileOnly.length > 0) {
      const profiles = options.catalog.profiles.filter((p) => p.modelId === m.pattern).map((p) => p.id);
      warnings.push({
        id: 'ModelNeedsProfile',
        message: `${m.field} '${m.pattern}' can only be invoked through an inference profile; allow one of: ${profiles.join(', ') || '(none in the catalog)'}`,
      });
    }
  }

  // Room for a statement in a document: the limit less the document's envelope and a margin for account tokens.
  const statementBudget = (options.maxCharacters ?? MANAGED_POLICY_MAX_CHARS) - 64;
  const sctx: StatementContext = { partition, account: options.account, regions, regionIds: options.catalog.regionIds, statementBudget };
  const inference = categories.includes('inference');
  const statements: PolicyStatementJson[] = [
    ...denyReferences(deny, partition, approvedModelPatterns(allow)),
    ...(vpces ? requireVpcEndpoints(vpces, partition) : []),
    ...(guardrails ? requireGuardrail(guardrails, partition) : []),
    ...(inference ? allowFoundationModels(ofKind(allow, 'foundation-model'), sctx) : []),
    ...(inference ? allowInferenceProfiles(ofKind(allow, 'inference-profile'), sctx) : []),
    ...(inference ? allowArns(ofKind(allow, 'application-inference-profile', 'provisioned-model', 'custom-model'), sctx) : []),
    ...(inference ? throughputStatements(throughput, partition, options.account) : []),
    ...categories.flatMap((c) => allowCategory(c, allow, sctx)),
    ...(options.apiKeyStatements === false ? [] : apiKeyStatements(apiKeys)),
    ...(spec.catalogRead === false ? [] : catalogRead(sctx)),
  ];
  return {
    statements: compactStatements(statements, options.catalog.regionIds),
    warnings,
    resolved: { regions, partition, allow, deny, categories, apiKeys, throughput },
  };
}

/**
 * Builds model-access policy documents: each within `maxCharacters` (whitespace not counted),
 * at most `maxDocuments` of them. Throws PolicySpecError for bad input and PolicyPackingError when the
 * spec cannot fit.
 */
export function buildModelAccessPolicies(spec: ModelAccessSpec, options: ModelAccessOptions): ModelAccessResult {
  const { statements, warnings, resolved } = buildModelAccessStatements(spec, options);
  const resolvedLengths: Record<string, number> = {};
  if (isUnresolved(options.account)) resolvedLengths[options.account] = 12;
  for (const id of spec.sourceVpcEndpoints ?? []) if (isUnresolved(id)) resolvedLengths[id] = 22;
  // A key ARN: arn:aws:kms:<region>:<account>:key/<uuid>, at most 20 characters of partition and region more than this.
  for (const g of spec.provisionedThroughput ?? []) if (g.modelKeyArn !== undefined && isUnresolved(g.modelKeyArn)) resolvedLengths[g.modelKeyArn] = 95;
  const maxCharacters = options.maxCharacters ?? MANAGED_POLICY_MAX_CHARS;
  const maxDocuments = options.maxDocuments ?? MANAGED_POLICIES_PER_ROLE;
  const documents = packStatements(statements, {
    ignoreWhitespace: true,
    resolvedLengths,
    maxCharacters,
    maxDocuments,
    documentKind: 'managed policy',
    documentKinds: 'managed policies',
    remedy: 'Use globs (e.g. `anthropic.*`), fewer regions, or split the principals into several roles.',
  });
  return { documents, warnings, resolved };
}

export { PolicyPackingError };
