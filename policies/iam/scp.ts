/**
 * Service control policies (SCPs) from an organization-wide allow-list and deny-list.
 *
 * The allow-list becomes denies of every bounded action (inference, batch, evaluation, training, serving: the action
 * table in data/model-actions.ts) on anything but the approved models, and of bedrock-mantle's model actions for any
 * other model id; the deny-list adds explicit denies; protections.ts adds API keys, baseline and service tiers.
 * Catalog reads, management of existing resources and non-Bedrock actions are never blocked.
 */
import { CONDITION_KEYS, INVOKE_ACTIONS } from './actions';
import { allBoundedActions, auxiliaryTypes, MANTLE_MODEL_KEY, mantleModelActions, MODEL_CATEGORIES, resourcePattern } from './categories';
import { foundationModelArn } from './arn';
import type { CatalogView } from './catalog-view';
import { isList, oneOrMany, PolicyDocumentJson, PolicyStatementJson } from './document';
import { ProblemCollector, SpecWarning } from './errors';
import { resolveList, ResolvedSpec } from './model-access';
import { overlapWarnings } from './overlaps';
import { rejectArnGlobs, type ResolveContext, type ResolvedReference } from './resolve';
import { OrganizationProtections, protectionStatements, validateProtections } from './protections';
import { packStatements, SCP_MAX_CHARS, SCPS_PER_TARGET } from './size';
import type { ModelReference } from './spec';
import { approvedModelPatterns, denyReferences } from './statements';
import { TAG_VALUE_RE, THROUGHPUT_TAG_ACTIONS, THROUGHPUT_TAG_CONDITION, THROUGHPUT_TAG_KEY } from './throughput';
import { validateRegions } from './validate';

/** An organization-wide model policy. */
export interface OrganizationModelSpec extends OrganizationProtections {
  /** Models that may be invoked anywhere in the targets. At least one. */
  readonly allow: readonly ModelReference[];
  /** @default - none */
  readonly deny?: readonly ModelReference[];
  /**
   * Regions where invocation may start (direct calls and profile source regions). Profile calls may still be
   * routed to their destination regions.
   * @default - any region
   */
  readonly regions?: readonly string[];
  /**
   * Provisioned throughput governed by its tag (throughput.ts): invoking a provisioned model whose governance tag is
   * one of `names` passes the allow-list (in the allowed regions); invoking any other provisioned model is denied; and
   * only `tagAdministrators` may set or remove the tag, or buy a throughput that carries it.
   * @default - no governed throughput: a provisioned model is invocable only when the allow-list names its ARN
   */
  readonly servedThroughput?: ServedThroughput;
}

/** Provisioned throughput the SCP lets through by its governance tag. */
export interface ServedThroughput {
  /** Tag values (throughput names) that may be invoked. At least one. */
  readonly names: readonly string[];
  /**
   * ARN patterns of the roles that buy and tag the throughput (`aws:PrincipalArn`, ArnLike), e.g.
   * `arn:aws:iam::111111111111:role/BedrockModelCustomization-*`. Pin the account: a role name alone can be created
   * in any account of the targets. At least one.
   */
  readonly tagAdministrators: readonly string[];
}

/** Limits and context. */
export interface OrganizationModelOptions {
  readonly catalog: CatalogView;
  /** @default 'aws', or the partition of `regions` */
  readonly partition?: string;
  /** @default 5120 */
  readonly maxCharacters?: number;
  /**
   * Most SCPs the allow-list may take (the per-target quota minus the other SCPs on the target).
   * @default 4 (5 per target, less FullAWSAccess)
   */
  readonly maxDocuments?: number;
}

/** Output of the SCP builder. */
export interface OrganizationModelResult {
  readonly documents: readonly PolicyDocumentJson[];
  readonly warnings: readonly SpecWarning[];
  readonly resolved: ResolvedSpec;
}

const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];

/**
 * The allow-list as denies. For invocation, three statements:
 * - `DenyUnapprovedModels`: every check on a resource that is not an approved entry point is denied, unless it is the
 *   routed check of a call that entered through an allowed profile (system or application) from an allowed region;
 * - `DenyUnapprovedRoutes`: a routed check is denied unless its model is one the allowed system profiles serve (an
 *   application profile serves the model its owner chose, and creating one is bounded by `DenyUnapprovedModelUse`);
 * - `DenyUnapprovedProjectModels`: an invocation through a bedrock project must name an approved model.
 * For every other bounded action (batch, evaluation, training, serving, CountTokens…), `DenyUnapprovedModelUse`: any
 * resource but the approved models in the allowed regions and what those calls create (jobs, outputs).
 */
function allowListStatements(
  allow: readonly ResolvedReference[],
  regions: readonly string[],
  partition: string,
  served?: ServedThroughput,
): PolicyStatementJson[] {
  const where = regions.length > 0 ? regions : ['*'];
  const entry: string[] = [];
  // Governed throughput enters as any provisioned model of the allowed regions; DenyUngovernedThroughput keeps only
  // the tagged ones.
  if (served) for (const r of where) entry.push(resourcePattern(partition, r, '*', 'provisioned-model'));
  const routes: string[] = [];
  const appRoutes: string[] = [];
  const profileModels: string[] = [];
  for (const ref of allow) {
    if (ref.kind === 'foundation-model') {
      for (const r of where) entry.push(foundationModelArn(partition, r, ref.pattern));
    } else if (ref.kind === 'inference-profile') {
      for (const r of where) {
        const arn = `arn:${partition}:bedrock:${r}:*:inference-profile/${ref.pattern}`;
        entry.push(arn);
        routes.push(arn);
      }
      profileModels.push(foundationModelArn(partition, '*', ref.modelPattern));
      if (ref.regionless) profileModels.push(foundationModelArn(partition, '', ref.modelPattern));
    } else {
      entry.push(ref.arn);
      if (ref.kind === 'application-inference-profile') {
        routes.push(ref.arn);
        appRoutes.push(ref.arn);
      }
    }
  }
  const anyAccount = (type: string): string => resourcePattern(partition, '*', '*', type);
  const invokeAux = [anyAccount('async-invoke'), anyAccount('project')];
  const unapproved: PolicyStatementJson = {
    Sid: 'DenyUnapprovedModels',
    Effect: 'Deny',
    Action: [...INVOKE_ACTIONS],
    NotResource: oneOrMany(uniq([...entry, ...invokeAux])),
  };
  if (routes.length > 0) unapproved.Condition = { ArnNotLike: { [CONDITION_KEYS.inferenceProfileArn]: oneOrMany(uniq(routes)) } };
  const statements = [unapproved];
  if (profileModels.length > 0) {
    const routed: PolicyStatementJson = {
      Sid: 'DenyUnapprovedRoutes',
      Effect: 'Deny',
      Action: [...INVOKE_ACTIONS],
      NotResource: oneOrMany(uniq([...entry, ...profileModels, ...invokeAux])),
    };
    if (appRoutes.length > 0) routed.Condition = { ArnNotLike: { [CONDITION_KEYS.inferenceProfileArn]: oneOrMany(uniq(appRoutes)) } };
    statements.push(routed);
  }
  const project: PolicyStatementJson = {
    Sid: 'DenyUnapprovedProjectModels',
    Effect: 'Deny',
    Action: 'bedrock:InvokeModel',
    Resource: anyAccount('project'),
    Condition: { ArnNotLike: { [CONDITION_KEYS.modelArn]: oneOrMany(uniq([...entry, ...profileModels])) } },
  };
  const other = allBoundedActions().filter((a) => !(INVOKE_ACTIONS as readonly string[]).includes(a));
  const models = approvedModelPatterns(allow);
  const approved = uniq([...entry, ...models.flatMap((m) => where.map((r) => foundationModelArn(partition, r, m)))]);
  // What the calls create (jobs, custom models, application profiles) or change. The account cannot be pinned here
  // (policy variables in NotResource are not evaluated the same everywhere), so an existing custom model, own or
  // shared, passes this statement: the team's identity policy, which lists custom models by ARN, bounds it.
  const outputs = uniq(other.flatMap(auxiliaryTypes)).map((t) => resourcePattern(partition, '*', '*', t));
  const modelUse: PolicyStatementJson = {
    Sid: 'DenyUnapprovedModelUse',
    Effect: 'Deny',
    Action: other,
    NotResource: oneOrMany(uniq([...approved, ...outputs])),
  };
  const mantle: PolicyStatementJson = {
    Sid: 'DenyUnapprovedMantleModels',
    Effect: 'Deny',
    Action: [...mantleModelActions('inference'), ...mantleModelActions('training')],
    Resource: '*',
    // No approved model id: bedrock-mantle is closed.
    ...(models.length > 0 ? { Condition: { StringNotLike: { [MANTLE_MODEL_KEY]: oneOrMany(models) } } } : {}),
  };
  return [...statements, project, modelUse, mantle, ...(served ? servedThroughputStatements(served, partition) : [])];
}

/**
 * `DenyUngovernedThroughput`: invocation of a provisioned model without one of the governed tag values;
 * `ProtectThroughputTag`: any change of the governance tag (or a purchase that sets it) by a principal that is not a
 * tag administrator.
 */
export function servedThroughputStatements(served: ServedThroughput, partition: string): PolicyStatementJson[] {
  return [
    {
      Sid: 'DenyUngovernedThroughput',
      Effect: 'Deny',
      Action: [...INVOKE_ACTIONS],
      Resource: resourcePattern(partition, '*', '*', 'provisioned-model'),
      Condition: { StringNotEquals: { [THROUGHPUT_TAG_CONDITION]: oneOrMany(uniq(served.names)) } },
    },
    {
      Sid: 'ProtectThroughputTag',
      Effect: 'Deny',
      Action: [...THROUGHPUT_TAG_ACTIONS],
      Resource: '*',
      Condition: {
        'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': THROUGHPUT_TAG_KEY },
        ArnNotLike: { 'aws:PrincipalArn': oneOrMany(uniq(served.tagAdministrators)) },
      },
    },
  ];
}

const ROLE_ARN_PATTERN_RE = /^arn:aws[a-z-]*:iam::([0-9]{12}|\*):role\/[\w+=,.@/*?-]{1,512}$/;

function validateServedThroughput(served: ServedThroughput | undefined, allow: readonly ResolvedReference[], problems: ProblemCollector): void {
  if (served === undefined) return;
  if (!isList(served.names) || served.names.length === 0) problems.add('servedThroughput.names', served.names, 'must list at least one throughput name');
  else
    served.names.forEach((n, i) => {
      if (typeof n !== 'string' || !TAG_VALUE_RE.test(n))
        problems.add(`servedThroughput.names[${i}]`, n, 'must be a tag value: 1-256 of letters, digits, spaces and _.:/=+-@');
    });
  if (!isList(served.tagAdministrators) || served.tagAdministrators.length === 0)
    problems.add(
      'servedThroughput.tagAdministrators',
      served.tagAdministrators,
      'must list at least one role ARN pattern: without one nobody may tag a throughput',
    );
  else
    served.tagAdministrators.forEach((a, i) => {
      const m = typeof a === 'string' ? ROLE_ARN_PATTERN_RE.exec(a) : null;
      if (!m) problems.add(`servedThroughput.tagAdministrators[${i}]`, a, 'must be a role ARN pattern, arn:aws:iam::<account>:role/<name or glob>');
      else if (m[1] === '*')
        problems.add(`servedThroughput.tagAdministrators[${i}]`, a, 'must name the account: a role of that name can be created in any account of the targets');
    });
  allow.forEach((r) => {
    if (r.kind === 'provisioned-model')
      problems.add(r.field, r.arn, 'is a provisioned-model ARN: with servedThroughput, provisioned models pass by their governance tag; tag it instead');
  });
}

/** Builds SCP documents. Throws PolicySpecError for bad input, PolicyPackingError when it cannot fit. */
export function buildOrganizationModelPolicies(spec: OrganizationModelSpec, options: OrganizationModelOptions): OrganizationModelResult {
  const problems = new ProblemCollector();
  const warnings: SpecWarning[] = [];
  const { regions, partition: regionPartition } = validateRegions(spec.regions, 'regions', options.catalog, problems, false);
  const partition = options.partition ?? regionPartition;
  if (!['aws', 'aws-us-gov', 'aws-cn'].includes(partition)) problems.add('partition', partition, 'must be aws, aws-us-gov or aws-cn');
  else if (regions.length > 0 && partition !== regionPartition)
    problems.add('partition', partition, `contradicts the regions, which are in ${regionPartition}`);
  if (!isList(spec.allow) || spec.allow.length === 0) {
    problems.add(
      'allow',
      spec.allow,
      'must list at least one model, profile or ARN (an SCP that allows no model would block all invocation: write that as its own policy)',
    );
  }
  const ctx: ResolveContext = { catalog: options.catalog, regions, partition, problems, warnings };
  if (spec.deny !== undefined && !isList(spec.deny)) problems.add('deny', spec.deny, 'must be a list of model references');
  const allow = isList(spec.allow) ? resolveList(spec.allow, 'allow', 'names', ctx) : [];
  const deny = isList(spec.deny) ? resolveList(spec.deny, 'deny', 'names', ctx) : [];
  rejectArnGlobs(allow, ['application-inference-profile', 'provisioned-model', 'custom-model'], problems, 'an organization allow-list');
  validateProtections(spec, problems);
  validateServedThroughput(spec.servedThroughput, allow, problems);
  problems.throwIfAny('Invalid organization model policy');
  warnings.push(...overlapWarnings(allow, deny));
  const apiKeys = spec.apiKeys ?? 'short-term-only';
  const protections = protectionStatements(spec, partition);

  const statements = [
    ...allowListStatements(allow, regions, partition, spec.servedThroughput),
    ...denyReferences(deny, partition, approvedModelPatterns(allow)),
    ...protections,
  ];
  const maxCharacters = options.maxCharacters ?? SCP_MAX_CHARS;
  const documents = packStatements(statements, {
    ignoreWhitespace: false,
    maxCharacters,
    maxDocuments: options.maxDocuments ?? SCPS_PER_TARGET - 1,
    documentKind: 'SCP',
    documentKinds: 'SCPs',
    remedy:
      maxCharacters < 10240
        ? 'Use globs for the allow-list, or raise maxPolicyCharacters to 10240 if your organization has the raised SCP limit.'
        : 'Use globs for the allow-list and deny-list.',
  });
  return { documents, warnings, resolved: { regions, partition, allow, deny, categories: MODEL_CATEGORIES, apiKeys } };
}
