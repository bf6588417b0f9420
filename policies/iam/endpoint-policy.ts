/**
 * VPC endpoint policies for the Bedrock interface endpoints, from the same allow/deny lists as identity policies.
 *
 * - bedrock-runtime: invocation only of the approved models (the same grants as an identity policy, so profile
 *   calls and their destination checks pass), the explicit denies, and the other runtime actions; all only for
 *   principals of the named organization or accounts.
 * - bedrock (control plane): the same boundary for batch, evaluation, training and serving; every other action (catalog,
 *   guardrails, jobs' status…) open to those principals;
 * - bedrock-mantle: inference and fine-tuning only for the approved model ids (`bedrock-mantle:Model`), the rest open;
 * - bedrock-agent, bedrock-agent-runtime: any action, only for those principals (agents invoke models with their own
 *   service role, which identity policies and SCPs govern).
 * Endpoint policies are counted with whitespace, up to 20,480 characters, and must be one document.
 */
import { APPLY_GUARDRAIL_ACTION } from './actions';
import { allBoundedActions, mantleModelActions, ModelCategory } from './categories';
import type { CatalogView } from './catalog-view';
import type { ConditionBlock, PolicyDocumentJson, PolicyStatementJson } from './document';
import { asArray, oneOrMany } from './document';
import { ProblemCollector, SpecWarning } from './errors';
import { buildModelAccessStatements, ResolvedSpec } from './model-access';
import { packStatements } from './size';
import type { ApiKeysMode, ModelReference } from './spec';
import { THROUGHPUT_COMPANION_SIDS, type ThroughputGrant } from './throughput';
import { isUnresolved } from './validate';

/** AWS's limit on a VPC endpoint policy, whitespace counted. */
export const ENDPOINT_POLICY_MAX_CHARS = 20480;

/** Runtime actions that name no model and stay open to the allowed principals. */
export const RUNTIME_OTHER_ACTIONS = [APPLY_GUARDRAIL_ACTION] as const;

/** Who may use an endpoint: an organization, accounts, or both (either matches). */
export interface EndpointPrincipals {
  /** Organization id, `o-…`. @default - none */
  readonly organizationId?: string;
  /** Account ids. @default - none */
  readonly accounts?: readonly string[];
}

/** Spec of a runtime endpoint policy. */
export interface RuntimeEndpointPolicySpec extends EndpointPrincipals {
  readonly allow: readonly ModelReference[];
  /** @default - none */
  readonly deny?: readonly ModelReference[];
  /** The endpoint's region (calls through it start there). */
  readonly region: string;
  /** API keys through the runtime endpoint. @default 'short-term-only' */
  readonly apiKeys?: ApiKeysMode;
  /**
   * Provisioned throughput of the endpoint's account and region its principals may invoke, by governance tag
   * (throughput.ts). Only the invocation grant goes into the endpoint policy: KMS calls and tag changes do not pass
   * through a bedrock-runtime endpoint.
   * @default - none
   */
  readonly provisionedThroughput?: readonly ThroughputGrant[];
}

/** Spec of a control-plane or bedrock-mantle endpoint policy: the model lists and the principals. */
export type ModelEndpointPolicySpec = Omit<RuntimeEndpointPolicySpec, 'apiKeys' | 'provisionedThroughput'>;

/** Output of the endpoint policy builders. */
export interface EndpointPolicyResult {
  readonly document: PolicyDocumentJson;
  readonly warnings: readonly SpecWarning[];
  readonly resolved?: ResolvedSpec;
}

/** Checks that an endpoint names its principals, and that their ids are well formed. */
export function validatePrincipals(p: EndpointPrincipals, problems: ProblemCollector): void {
  const org = p.organizationId;
  const accounts = p.accounts ?? [];
  if (org === undefined && accounts.length === 0) {
    problems.add('principals', p, 'name an organizationId (o-…) or at least one account: an endpoint open to every AWS principal is not accepted');
  }
  if (org !== undefined && !isUnresolved(org) && !/^o-[a-z0-9]{10,32}$/.test(org))
    problems.add('organizationId', org, 'is not an organization id; expected o- followed by 10 to 32 lowercase letters or digits');
  accounts.forEach((a, i) => {
    if (!isUnresolved(a) && !/^[0-9]{12}$/.test(a)) problems.add(`accounts[${i}]`, a, 'is not a 12-digit account id');
  });
}

/**
 * The statements, once per principal condition: conditions with two keys are ANDed, so "organization OR accounts"
 * takes one copy of the statements per key.
 */
function scoped(statements: PolicyStatementJson[], p: EndpointPrincipals): PolicyStatementJson[] {
  const blocks: ConditionBlock[] = [];
  if (p.organizationId !== undefined) blocks.push({ StringEquals: { 'aws:PrincipalOrgID': p.organizationId } });
  if ((p.accounts ?? []).length > 0) blocks.push({ StringEquals: { 'aws:PrincipalAccount': oneOrMany(p.accounts ?? []) } });
  return blocks.flatMap((block, i) =>
    statements.map((s) => ({
      ...s,
      ...(s.Sid ? { Sid: `${s.Sid}${blocks.length > 1 ? (i === 0 ? 'Org' : 'Acct') : ''}` } : {}),
      Principal: '*' as const,
      Condition: mergeConditions(s.Condition ?? {}, block),
    })),
  );
}

/** Both condition blocks (ANDed), merged per operator so that no key of either is lost. */
export function mergeConditions(a: ConditionBlock, b: ConditionBlock): ConditionBlock {
  const out: ConditionBlock = {};
  for (const block of [a, b]) {
    for (const [op, keys] of Object.entries(block)) {
      for (const [key, value] of Object.entries(keys)) {
        if (out[op]?.[key] !== undefined) throw new Error(`internal: condition ${op} ${key} set twice`);
        out[op] = { ...(out[op] ?? {}), [key]: value };
      }
    }
  }
  return out;
}

function single(statements: PolicyStatementJson[], what: string): PolicyDocumentJson {
  const docs = packStatements(statements, {
    ignoreWhitespace: false,
    maxCharacters: ENDPOINT_POLICY_MAX_CHARS,
    maxDocuments: 1,
    documentKind: 'VPC endpoint policy',
    documentKinds: 'VPC endpoint policies',
    remedy: `A ${what} endpoint has one policy: use globs for the model lists.`,
  });
  return docs[0]!;
}

/** The policy of a bedrock-runtime endpoint. Throws PolicySpecError / PolicyPackingError. */
export function buildRuntimeEndpointPolicy(spec: RuntimeEndpointPolicySpec, options: { catalog: CatalogView; account: string }): EndpointPolicyResult {
  const problems = new ProblemCollector();
  validatePrincipals(spec, problems);
  problems.throwIfAny('Invalid endpoint policy');
  const built = buildModelAccessStatements(
    {
      allow: spec.allow,
      deny: spec.deny,
      regions: [spec.region],
      catalogRead: false,
      categories: ['inference'],
      apiKeys: spec.apiKeys,
      provisionedThroughput: spec.provisionedThroughput,
    },
    options,
  );
  // bedrock-mantle calls do not go through this endpoint: its statements belong to the mantle endpoint; nor do KMS
  // calls or tag changes (the throughput grant's companions).
  const runtime = built.statements.filter((s) => !isMantle(s) && !THROUGHPUT_COMPANION_SIDS.includes(s.Sid ?? ''));
  const allows = runtime.filter((s) => s.Effect === 'Allow');
  const denies = runtime.filter((s) => s.Effect === 'Deny').map((s) => ({ ...s, Principal: '*' as const }));
  const other: PolicyStatementJson = { Sid: 'RuntimeOther', Effect: 'Allow', Action: [...RUNTIME_OTHER_ACTIONS], Resource: '*' };
  return { document: single([...denies, ...scoped([...allows, other], spec)], 'bedrock-runtime'), warnings: built.warnings, resolved: built.resolved };
}

/** The policy of a control-plane or agent endpoint: any action, only for the named principals. */
export function buildPrincipalEndpointPolicy(principals: EndpointPrincipals): EndpointPolicyResult {
  const problems = new ProblemCollector();
  validatePrincipals(principals, problems);
  problems.throwIfAny('Invalid endpoint policy');
  return { document: single(scoped([{ Sid: 'Principals', Effect: 'Allow', Action: '*', Resource: '*' }], principals), 'Bedrock'), warnings: [] };
}

const CONTROL_PLANE_CATEGORIES: readonly ModelCategory[] = ['batch', 'evaluation', 'training', 'serving'];
const isMantle = (s: PolicyStatementJson): boolean => asArray(s.Action ?? s.NotAction).every((a) => a.startsWith('bedrock-mantle:'));

/** Builds the statements for an endpoint: the boundary's denies for everyone, its allows for the principals. */
function boundaryStatements(spec: ModelEndpointPolicySpec, categories: readonly ModelCategory[], options: { catalog: CatalogView; account: string }) {
  const problems = new ProblemCollector();
  validatePrincipals(spec, problems);
  problems.throwIfAny('Invalid endpoint policy');
  const built = buildModelAccessStatements(
    { allow: spec.allow, deny: spec.deny, regions: [spec.region], catalogRead: false, categories },
    { ...options, apiKeyStatements: false },
  );
  // Companion grants (own jobs: `…Own`, `…List`) use no model: the endpoint's NoModelActions statement covers them.
  return {
    built,
    allows: built.statements.filter((s) => s.Effect === 'Allow' && !/(Own|List)$/.test(s.Sid ?? '')),
    denies: built.statements.filter((s) => s.Effect === 'Deny').map((s) => ({ ...s, Principal: '*' as const })),
  };
}

/**
 * The policy of a bedrock (control-plane) endpoint: batch, evaluation, training and serving only on the approved models,
 * the deny-list for everyone, every action that uses no model open to the principals. Throws PolicySpecError /
 * PolicyPackingError.
 */
export function buildControlPlaneEndpointPolicy(spec: ModelEndpointPolicySpec, options: { catalog: CatalogView; account: string }): EndpointPolicyResult {
  const { built, allows, denies } = boundaryStatements(spec, CONTROL_PLANE_CATEGORIES, options);
  const other: PolicyStatementJson = { Sid: 'NoModelActions', Effect: 'Allow', NotAction: allBoundedActions(), Resource: '*' };
  const bedrockDenies = denies.filter((s) => !isMantle(s));
  return {
    document: single([...bedrockDenies, ...scoped([other, ...allows.filter((s) => !isMantle(s))], spec)], 'bedrock'),
    warnings: built.warnings,
    resolved: built.resolved,
  };
}

/**
 * The policy of a bedrock-mantle endpoint: inference and fine-tuning only for the approved model ids, the deny-list for
 * everyone, the other bedrock-mantle actions open to the principals.
 */
export function buildMantleEndpointPolicy(spec: ModelEndpointPolicySpec, options: { catalog: CatalogView; account: string }): EndpointPolicyResult {
  const { built, allows, denies } = boundaryStatements(spec, ['inference', 'training'], options);
  const modelActions = [...mantleModelActions('inference'), ...mantleModelActions('training')];
  const other: PolicyStatementJson = { Sid: 'NoModelActions', Effect: 'Allow', NotAction: modelActions, Resource: '*' };
  const mantleAllows = allows.filter((s) => isMantle(s) && asArray(s.Action ?? s.NotAction).some((a) => modelActions.includes(a)));
  return {
    document: single([...denies.filter(isMantle), ...scoped([other, ...mantleAllows], spec)], 'bedrock-mantle'),
    warnings: built.warnings,
    resolved: built.resolved,
  };
}
