/**
 * Service control policies (SCPs) from an organization-wide allow-list and deny-list.
 *
 * One statement denies every invocation whose entry point is not on the allow-list, except the
 * destination-region model checks of calls routed by an allowed profile; the deny-list adds explicit denies.
 * Only the two invoke actions are named: non-Bedrock actions and catalog reads are never blocked.
 */
import { CONDITION_KEYS, INVOKE_ACTIONS } from './actions';
import { foundationModelArn } from './arn';
import type { CatalogView } from './catalog-view';
import { isList, oneOrMany, PolicyDocumentJson, PolicyStatementJson } from './document';
import { ProblemCollector, SpecWarning } from './errors';
import { resolveList, ResolvedSpec } from './model-access';
import { overlapWarnings } from './overlaps';
import { rejectArnGlobs, type ResolveContext, type ResolvedReference } from './resolve';
import { packStatements, SCP_MAX_CHARS, SCPS_PER_TARGET } from './size';
import type { ModelReference } from './spec';
import { denyReferences } from './statements';
import { validateRegions } from './validate';

/** An organization-wide model policy. */
export interface OrganizationModelSpec {
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

function allowListStatement(allow: readonly ResolvedReference[], regions: readonly string[], partition: string): PolicyStatementJson {
  const where = regions.length > 0 ? regions : ['*'];
  const entry: string[] = [];
  const routes: string[] = [];
  for (const ref of allow) {
    if (ref.kind === 'foundation-model') {
      for (const r of where) entry.push(foundationModelArn(partition, r, ref.pattern));
    } else if (ref.kind === 'inference-profile') {
      for (const r of where) {
        const arn = `arn:${partition}:bedrock:${r}:*:inference-profile/${ref.pattern}`;
        entry.push(arn);
        routes.push(arn);
      }
    } else {
      entry.push(ref.arn);
      if (ref.kind === 'application-inference-profile') routes.push(ref.arn);
    }
  }
  const statement: PolicyStatementJson = {
    Sid: 'DenyUnapprovedModels',
    Effect: 'Deny',
    Action: [...INVOKE_ACTIONS],
    NotResource: oneOrMany([...new Set(entry)]),
  };
  if (routes.length > 0) statement.Condition = { ArnNotLike: { [CONDITION_KEYS.inferenceProfileArn]: oneOrMany([...new Set(routes)]) } };
  return statement;
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
  problems.throwIfAny('Invalid organization model policy');
  warnings.push(...overlapWarnings(allow, deny));

  const statements = [allowListStatement(allow, regions, partition), ...denyReferences(deny, partition)];
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
  return { documents, warnings, resolved: { regions, partition, allow, deny } };
}
