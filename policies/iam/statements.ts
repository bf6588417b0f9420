/**
 * Statement generation for identity (model-access) policies. Pure: resolved references in, statements out.
 */
import {
  APPLY_GUARDRAIL_ACTION,
  CATALOG_LIST_ACTIONS,
  CONDITION_KEYS,
  GET_FOUNDATION_MODEL_ACTION,
  GET_INFERENCE_PROFILE_ACTION,
  INVOKE_ACTIONS,
} from './actions';
import { foundationModelArn, inferenceProfileArn } from './arn';
import {
  auxiliaryTypes,
  DENY_ACTION_PATTERNS,
  boundedActions,
  COMPANIONS,
  MANTLE_MODEL_KEY,
  mantleModelActions,
  ModelCategory,
  resourcePattern,
} from './categories';
import { compactArns } from './compact';
import { oneOrMany, PolicyStatementJson } from './document';
import type { ResolvedArn, ResolvedFoundationModel, ResolvedInferenceProfile, ResolvedReference } from './resolve';
import { mayOverlap } from './glob';
import { policySize } from './size';
import type { ApiKeysMode } from './spec';

/** Where statements are generated for. */
export interface StatementContext {
  readonly partition: string;
  readonly account: string;
  readonly regions: readonly string[];
  /** Catalog regions, for region patterns (compact.ts). @default - no region patterns */
  readonly regionIds?: readonly string[];
  /** Largest statement a document can hold, for grouping statements whose condition lists cannot be split. */
  readonly statementBudget?: number;
}

const invoke = (): string[] => [...INVOKE_ACTIONS];
const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Inference actions authorized on the foundation model called directly, with no condition key of their own. */
export const DIRECT_MODEL_ACTIONS = ['bedrock:CountTokens', 'bedrock:DetectGeneratedContent'] as const;

/** bedrock-mantle project ARNs in the listed regions. */
export function mantleProjectArns(ctx: StatementContext): string[] {
  return ctx.regions.map((r) => `arn:${ctx.partition}:bedrock-mantle:${r}:${ctx.account}:project/*`);
}

/** Foundation-model id patterns an allow-list approves: models named directly and the models of allowed profiles. */
export function approvedModelPatterns(refs: readonly ResolvedReference[]): string[] {
  return uniq(refs.flatMap((r) => (r.kind === 'foundation-model' ? [r.pattern] : r.kind === 'inference-profile' ? [r.modelPattern] : [])));
}

/**
 * The ARNs of the approved models for actions other than invocation, in the listed regions: every foundation model
 * named directly or served by an allowed profile, the profiles, and the ARNs on the list.
 */
export function approvedModelArns(refs: readonly ResolvedReference[], ctx: StatementContext): string[] {
  const models = approvedModelPatterns(refs).flatMap((m) => ctx.regions.map((r) => foundationModelArn(ctx.partition, r, m)));
  const profiles = refs.flatMap((r) =>
    r.kind === 'inference-profile' ? ctx.regions.map((g) => inferenceProfileArn(ctx.partition, g, ctx.account, r.pattern)) : [],
  );
  const arns = refs.flatMap((r) => (r.kind !== 'foundation-model' && r.kind !== 'inference-profile' ? [r.arn] : []));
  return uniq([...models, ...profiles, ...arns]);
}

/** The companion grants of a category (read, list, stop its own jobs). */
function companions(category: ModelCategory, ctx: StatementContext): PolicyStatementJson[] {
  const scoped = COMPANIONS[category].filter((c) => c.resourceTypes.length > 0);
  const lists = COMPANIONS[category].filter((c) => c.resourceTypes.length === 0).flatMap((c) => c.actions);
  const out: PolicyStatementJson[] = [];
  if (scoped.length > 0) {
    out.push({
      Sid: `${capital(category)}Own`,
      Effect: 'Allow',
      Action: uniq(scoped.flatMap((c) => c.actions)),
      Resource: uniq(
        scoped.flatMap((c) =>
          c.mantle ? mantleProjectArns(ctx) : c.resourceTypes.flatMap((t) => ctx.regions.map((r) => resourcePattern(ctx.partition, r, ctx.account, t))),
        ),
      ),
    });
  }
  if (lists.length > 0) out.push({ Sid: `${capital(category)}List`, Effect: 'Allow', Action: lists, Resource: '*' });
  return out;
}

/**
 * The grants of one category beyond invocation: its bounded actions on the approved models (and on what they create
 * in the listed regions: jobs, outputs), its bedrock-mantle actions for the approved model ids, and its companions.
 */
export function allowCategory(category: ModelCategory, refs: readonly ResolvedReference[], ctx: StatementContext): PolicyStatementJson[] {
  const out: PolicyStatementJson[] = [];
  const actions = category === 'inference' ? [...DIRECT_MODEL_ACTIONS] : boundedActions(category);
  // For inference, the models named directly already have CountTokens in InvokeModels: here the models of profiles.
  const direct = new Set(refs.flatMap((r) => (r.kind === 'foundation-model' ? [r.pattern] : [])));
  const models =
    category === 'inference'
      ? approvedModelPatterns(refs)
          .filter((m) => !direct.has(m))
          .flatMap((m) => ctx.regions.map((r) => foundationModelArn(ctx.partition, r, m)))
      : approvedModelArns(refs, ctx);
  const aux = uniq(actions.flatMap(auxiliaryTypes).flatMap((t) => ctx.regions.map((r) => resourcePattern(ctx.partition, r, ctx.account, t))));
  if (actions.length > 0 && models.length > 0) {
    out.push({ Sid: `${capital(category)}Models`, Effect: 'Allow', Action: actions, Resource: oneOrMany(uniq([...models, ...aux])) });
  }
  if (category === 'inference') {
    // StartAsyncInvoke is authorized by InvokeModel on the model (the entry statements) and on the async-invoke resource.
    out.push({
      Sid: 'AsyncInvoke',
      Effect: 'Allow',
      Action: 'bedrock:InvokeModel',
      Resource: oneOrMany(ctx.regions.map((r) => resourcePattern(ctx.partition, r, ctx.account, 'async-invoke'))),
    });
  }
  const mantle = mantleModelActions(category);
  const patterns = approvedModelPatterns(refs);
  if (mantle.length > 0 && patterns.length > 0) {
    // One statement; the packer splits its value list when it does not fit one document (union semantics).
    out.push({
      Sid: `Mantle${capital(category)}`,
      Effect: 'Allow',
      Action: mantle,
      Resource: oneOrMany(mantleProjectArns(ctx)),
      Condition: { StringLike: { [MANTLE_MODEL_KEY]: oneOrMany(patterns) } },
    });
  }
  return [...out, ...companions(category, ctx)];
}

/** Bearer-token types as AWS sets them in the bearer-token-type condition keys. */
export const BEARER_TOKEN_TYPES = { short: 'SHORT_TERM', long: 'LONG_TERM' } as const;

/** The two bearer-token actions and their condition keys. */
export const BEARER_TOKEN_ACTIONS = [
  { action: 'bedrock:CallWithBearerToken', key: 'bedrock:BearerTokenType' },
  { action: 'bedrock-mantle:CallWithBearerToken', key: 'bedrock-mantle:BearerTokenType' },
] as const;

/** Identity statements for Bedrock API keys. */
export function apiKeyStatements(mode: ApiKeysMode): PolicyStatementJson[] {
  if (mode === 'deny') return [{ Sid: 'DenyApiKeys', Effect: 'Deny', Action: BEARER_TOKEN_ACTIONS.map((b) => b.action), Resource: '*' }];
  if (mode === 'allow') return [{ Sid: 'ApiKeys', Effect: 'Allow', Action: BEARER_TOKEN_ACTIONS.map((b) => b.action), Resource: '*' }];
  return BEARER_TOKEN_ACTIONS.map((b, i) => ({
    Sid: i === 0 ? 'ShortTermApiKeys' : 'ShortTermMantleApiKeys',
    Effect: 'Allow' as const,
    Action: b.action,
    Resource: '*',
    Condition: { StringEquals: { [b.key]: BEARER_TOKEN_TYPES.short } },
  }));
}

/** Deny the bedrock-mantle model actions for the listed model id patterns (`StringLike` on `bedrock-mantle:Model`). */
export function denyMantleModels(patterns: readonly string[], sid = 'DenyMantleModels'): PolicyStatementJson[] {
  if (patterns.length === 0) return [];
  return [
    {
      Sid: sid,
      Effect: 'Deny',
      Action: (['inference', 'training'] as const).flatMap(mantleModelActions),
      Resource: '*',
      Condition: { StringLike: { [MANTLE_MODEL_KEY]: oneOrMany([...patterns]) } },
    },
  ];
}

/** Allow direct invocation of foundation models in the listed regions. */
export function allowFoundationModels(refs: readonly ResolvedFoundationModel[], ctx: StatementContext): PolicyStatementJson[] {
  if (refs.length === 0) return [];
  const resources = uniq(refs.flatMap((r) => ctx.regions.map((region) => foundationModelArn(ctx.partition, region, r.pattern))));
  // CountTokens and DetectGeneratedContent take the same foundation-model ARNs and no condition key: one statement.
  return [{ Sid: 'InvokeModels', Effect: 'Allow', Action: [...invoke(), ...DIRECT_MODEL_ACTIONS], Resource: oneOrMany(resources) }];
}

/** ARNs of a profile in the given source regions. */
export function profileArns(ref: ResolvedInferenceProfile, sources: readonly string[], ctx: StatementContext): string[] {
  return sources.map((s) => inferenceProfileArn(ctx.partition, s, ctx.account, ref.pattern));
}

/**
 * Allow inference profiles: the profile ARN in each source region, and the foundation models of the profiles in their
 * destination regions, conditioned on the profile ARNs so the model grants cannot serve direct calls. One conditioned
 * statement for every route: it pairs any allowed profile with any of their models, which is no wider in practice,
 * because AWS sets `bedrock:InferenceProfileArn` to the profile the call entered and routes it only to that profile's
 * model (ADR 0005). Global profiles route to any commercial region and are also authorized against the region-less ARN.
 */
export function allowInferenceProfiles(refs: readonly ResolvedInferenceProfile[], ctx: StatementContext): PolicyStatementJson[] {
  if (refs.length === 0) return [];
  const known = ctx.regionIds ?? [];
  // The destination regions of all the allowed geographic profiles together (ADR 0005: the pairs are AWS's to set).
  const destinations = uniq(refs.flatMap((ref) => (ref.regionless ? [] : ref.routes.flatMap((route) => route.destinations))));
  const routes = refs.map((ref) => ({
    // Every listed region, also where the catalog has no such profile: that ARN names no resource (ADR 0005), and the
    // list then takes the listed regions' exact pattern.
    entry: compactArns(profileArns(ref, ctx.regions, ctx), known),
    destinations: ref.regionless
      ? [foundationModelArn(ctx.partition, '*', ref.modelPattern), foundationModelArn(ctx.partition, '', ref.modelPattern)]
      : compactArns(
          destinations.map((d) => foundationModelArn(ctx.partition, d, ref.modelPattern)),
          known,
        ),
  }));
  const statement = (group: typeof routes, n: number): PolicyStatementJson => ({
    Sid: `ViaProfiles${n === 0 ? '' : n + 1}`,
    Effect: 'Allow',
    Action: invoke(),
    Resource: oneOrMany(uniq(group.flatMap((g) => g.destinations))),
    Condition: { ArnLike: { [CONDITION_KEYS.inferenceProfileArn]: oneOrMany(uniq(group.flatMap((g) => g.entry))) } },
  });
  // As few statements as fit the document budget: a condition list cannot be split by the packer, so group here.
  const budget = ctx.statementBudget ?? Number.POSITIVE_INFINITY;
  const groups: (typeof routes)[] = [];
  for (const route of routes) {
    const last = groups[groups.length - 1];
    if (last && policySize(statement([...last, route], groups.length), { ignoreWhitespace: true }) <= budget) last.push(route);
    else groups.push([route]);
  }
  return [
    { Sid: 'InvokeProfiles', Effect: 'Allow', Action: invoke(), Resource: oneOrMany(uniq(routes.flatMap((r) => r.entry))) },
    ...groups.map((g, i) => statement(g, i)),
  ];
}

/**
 * Allow application inference profiles, provisioned models and custom models by ARN. An application
 * profile routes to one model (or one system profile) chosen by its owner, so the model grant is every
 * foundation model, conditioned on the application profile ARN.
 */
export function allowArns(refs: readonly ResolvedArn[], ctx: StatementContext): PolicyStatementJson[] {
  if (refs.length === 0) return [];
  const statements: PolicyStatementJson[] = [{ Sid: 'InvokeArns', Effect: 'Allow', Action: invoke(), Resource: oneOrMany(uniq(refs.map((r) => r.arn))) }];
  const appProfiles = uniq(refs.filter((r) => r.kind === 'application-inference-profile').map((r) => r.arn));
  if (appProfiles.length > 0) {
    statements.push({
      Sid: 'ViaAppProfiles',
      Effect: 'Allow',
      Action: invoke(),
      Resource: foundationModelArn(ctx.partition, '*', '*'),
      Condition: { ArnLike: { [CONDITION_KEYS.inferenceProfileArn]: oneOrMany(appProfiles) } },
    });
  }
  return statements;
}

/** Read the model catalog: list everywhere (IAM accepts only `*`), get in the listed regions. */
export function catalogRead(ctx: StatementContext): PolicyStatementJson[] {
  return [
    { Sid: 'ListCatalog', Effect: 'Allow', Action: [...CATALOG_LIST_ACTIONS], Resource: '*' },
    {
      Sid: 'ReadCatalog',
      Effect: 'Allow',
      Action: [GET_FOUNDATION_MODEL_ACTION, GET_INFERENCE_PROFILE_ACTION],
      Resource: ctx.regions.flatMap((r) => [
        foundationModelArn(ctx.partition, r, '*'),
        `arn:${ctx.partition}:bedrock:${r}:${ctx.account}:inference-profile/*`,
        `arn:${ctx.partition}:bedrock:${r}:${ctx.account}:application-inference-profile/*`,
      ]),
    },
  ];
}

/**
 * Deny every invocation whose entry point fails a condition. The entry point of a call is the resource the
 * caller named: a profile, an application profile, a provisioned or custom model (everything but a
 * foundation model), or a foundation model called directly (no `bedrock:InferenceProfileArn`). The
 * destination-region checks of a profile call are left alone, so the deny does not depend on whether AWS
 * carries the caller's context into them.
 */
export function denyAtEntryUnless(sid: string, condition: Record<string, Record<string, string | string[]>>, partition: string): PolicyStatementJson[] {
  const anyModel = foundationModelArn(partition, '*', '*');
  return [
    { Sid: `${sid}Entry`, Effect: 'Deny', Action: invoke(), NotResource: anyModel, Condition: condition },
    {
      Sid: `${sid}Direct`,
      Effect: 'Deny',
      Action: invoke(),
      Resource: anyModel,
      Condition: { ...condition, Null: { [CONDITION_KEYS.inferenceProfileArn]: 'true' } },
    },
  ];
}

/** Deny invocation from outside the listed VPC endpoints. */
export function requireVpcEndpoints(endpointIds: readonly string[], partition: string): PolicyStatementJson[] {
  const condition = { StringNotEquals: { [CONDITION_KEYS.sourceVpce]: oneOrMany(endpointIds) } };
  return [
    ...denyAtEntryUnless('DenyOutsideVpce', condition, partition),
    {
      Sid: 'DenyOutsideVpceOther',
      Effect: 'Deny',
      Action: [...DIRECT_MODEL_ACTIONS, ...mantleModelActions('inference')],
      Resource: '*',
      Condition: condition,
    },
  ];
}

/** A guardrail as it appears in `bedrock:GuardrailIdentifier` and in the ApplyGuardrail grant. */
export interface GuardrailCondition {
  readonly arn: string;
  readonly version?: string;
}

/** Deny invocation that does not apply one of the guardrails, and allow applying them. */
export function requireGuardrail(guardrails: readonly GuardrailCondition[], partition: string): PolicyStatementJson[] {
  const exact = guardrails.filter((g) => g.version !== undefined).map((g) => `${g.arn}:${g.version}`);
  const anyVersion = guardrails.filter((g) => g.version === undefined).flatMap((g) => [g.arn, `${g.arn}:*`]);
  // StringNotLike with the exact values (no wildcard) behaves as StringNotEquals for them.
  const values = [...exact, ...anyVersion];
  const op = anyVersion.length > 0 ? 'StringNotLike' : 'StringNotEquals';
  return [
    ...denyAtEntryUnless('DenyWithoutGuardrail', { [op]: { [CONDITION_KEYS.guardrailIdentifier]: oneOrMany(values) } }, partition),
    { Sid: 'ApplyGuardrail', Effect: 'Allow', Action: APPLY_GUARDRAIL_ACTION, Resource: oneOrMany(uniq(guardrails.map((g) => g.arn))) },
  ];
}

/**
 * Explicit denies. A denied foundation model is denied by its ARN in every region and the region-less form,
 * which also blocks it through any profile, system or application (the destination check runs on the model ARN).
 * A denied profile or ARN is denied as an entry point and as a route. A denied foundation model is also denied on
 * bedrock-mantle (`bedrock-mantle:Model`), where `approvedModels` (the allow-list's model ids) may match it.
 */
export function denyReferences(refs: readonly ResolvedReference[], partition: string, approvedModels?: readonly string[]): PolicyStatementJson[] {
  if (refs.length === 0) return [];
  const resources: string[] = [];
  const routes: string[] = [];
  for (const ref of refs) {
    if (ref.kind === 'foundation-model') {
      // The model ARN in every region (and the region-less form): AWS checks it for every call that reaches the model,
      // directly or as the destination of any profile, so no profile id needs listing.
      resources.push(foundationModelArn(partition, '*', ref.pattern));
    } else if (ref.kind === 'inference-profile') {
      const arn = `arn:${partition}:bedrock:*:*:inference-profile/${ref.pattern}`;
      resources.push(arn);
      routes.push(arn);
    } else {
      resources.push(ref.arn);
      if (ref.kind === 'application-inference-profile') routes.push(ref.arn);
    }
  }
  const statements: PolicyStatementJson[] = [{ Sid: 'DenyModels', Effect: 'Deny', Action: [...DENY_ACTION_PATTERNS], Resource: oneOrMany(uniq(resources)) }];
  if (routes.length > 0) {
    statements.push({
      Sid: 'DenyRoutes',
      Effect: 'Deny',
      Action: invoke(),
      Resource: foundationModelArn(partition, '*', '*'),
      Condition: { ArnLike: { [CONDITION_KEYS.inferenceProfileArn]: oneOrMany(uniq(routes)) } },
    });
  }
  // bedrock-mantle grants only approved model ids: a denied id needs its own deny only where an approved one may match it.
  const mantle = refs.flatMap((r) => (r.kind === 'foundation-model' ? [r.pattern] : []));
  const needed = approvedModels === undefined ? mantle : mantle.filter((d) => approvedModels.some((a) => mayOverlap(a, d)));
  return [...statements, ...denyMantleModels(needed)];
}
