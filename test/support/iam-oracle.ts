/**
 * Test-only IAM decision oracle built on @cloud-copilot/iam-simulate (AGPL; devDependency, never
 * shipped). It answers "would AWS allow this request?" for one principal, given its identity
 * policies, the SCPs on its account and, optionally, the VPC endpoint policy the call goes through.
 *
 * Model:
 *  - Principal: an IAM role in ACCOUNT (default PRINCIPAL). Requests are same-account: the resource's
 *    account is taken from the ARN, or from the principal when the ARN has none (foundation models),
 *    so an identity-policy Allow is sufficient (Bedrock models have no resource policy).
 *  - SCPs: two levels. Root `r-root` has FullAWSAccess; the account level (orgIdentifier = ACCOUNT) has
 *    FullAWSAccess plus every policy in `scenario.scps` (the default AWS Organizations setup with
 *    deny-list SCPs). Set `scpsReplaceFullAWSAccess` to model an allow-list: then the account level
 *    holds only `scenario.scps`, so something must Allow the action there. No RCPs, no permission
 *    boundary, no session policy, no resource policy.
 *  - Endpoint policy: applied only when the request context has `aws:SourceVpce` (the call goes
 *    through the endpoint); a request without that key bypasses it. The library ignores the
 *    Principal element of endpoint policies (and rejects anything but "*"), so only `"*"` /
 *    `{"AWS": "*"}` principals are accepted (the latter is rewritten to "*").
 *  - Default context (unless `defaultContext: false`): aws:PrincipalArn, aws:PrincipalAccount and
 *    aws:RequestedRegion (region of the resource ARN; "unspecified" for a region-less Bedrock ARN;
 *    not set for other region-less ARNs such as S3 objects).
 *    The library populates no context key by itself. Caller values override (case-insensitive).
 *
 * Strictness: anything that would make a broken setup look like a deny throws OracleSetupError:
 * library validation errors (unknown action or service, ARN of a resource type the action does not
 * take, malformed policy), context keys unknown to the library or not applicable to the
 * action/resource type (the library would silently drop them), unknown condition operators (the library
 * treats them as "no match"), unknown condition keys in policies, non-wildcard policy actions the
 * library does not know, wildcard request ARNs, and endpoint policies with specific principals.
 *
 * Region-less Bedrock ARNs (arn:aws:bedrock:::foundation-model/id, global cross-region inference) are
 * rejected by runSimulation ("no.resource.types"). For them the request and policies are validated
 * with runSimulation on a surrogate ARN (region us-east-1, same context) and the decision is computed
 * with runUnsafeSimulation on the real ARN; the endpoint policy is evaluated in a second unsafe run
 * (the unsafe engine ignores endpoint policies) and combined as AWS does (worst result wins).
 */
import {
  isWildcardOnlyAction,
  getDenialReasons,
  getGrantReasons,
  isConditionKeyArray,
  runSimulation,
  runUnsafeSimulation,
  typeForContextKey,
  type ConditionKeyType,
  type RequestAnalysis,
  type Simulation,
  type SimulationOrgPolicies,
} from '@cloud-copilot/iam-simulate';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** A plain IAM policy document (JSON). */
export interface PolicyDoc {
  Version?: string;
  Statement: unknown[];
}

export interface OracleRequest {
  /** e.g. 'bedrock:InvokeModel' */
  action: string;
  /** Full, concrete ARN (no wildcards). */
  resource: string;
  /** Request context keys, e.g. { 'aws:SourceVpce': 'vpce-0123', 'bedrock:InferenceProfileArn': '…' }. */
  context?: Record<string, string | string[]>;
  /** Default PRINCIPAL. Must be an IAM ARN. */
  principal?: string;
  /** Add aws:PrincipalArn / aws:PrincipalAccount / aws:RequestedRegion when absent (default true). */
  defaultContext?: boolean;
}

export interface OracleScenario {
  /** Managed/inline policies of the principal. */
  identityPolicies: PolicyDoc[];
  /** SCPs attached to the principal's account (see module doc for the level model). */
  scps?: PolicyDoc[];
  /** If true, `scps` replace FullAWSAccess at the account level (allow-list SCP model). Default false. */
  scpsReplaceFullAWSAccess?: boolean;
  /** VPC endpoint policy; applies only to requests whose context has aws:SourceVpce. */
  endpointPolicy?: PolicyDoc;
  /**
   * Resource policy of the requested resource (a KMS key policy: KMS honours identity policies only where the key
   * policy lets the account's IAM grant access). Default: none.
   */
  resourcePolicy?: PolicyDoc;
}

export interface OracleOptions {
  /** Use the runUnsafeSimulation path even for regional ARNs (to cross-check the region-less path). */
  forceUnsafeEngine?: boolean;
  /** Do not fail on non-wildcard policy actions unknown to the library (AWS itself accepts them). */
  allowUnknownPolicyActions?: boolean;
}

export interface OracleResult {
  decision: Decision;
  engine: 'runSimulation' | 'runUnsafeSimulation';
  /** The context exactly as evaluated (defaults merged, arrays normalized). */
  context: Record<string, string | string[]>;
  endpointPolicyApplied: boolean;
  /** Full library analysis (runSimulation engine only). */
  analysis?: RequestAnalysis;
  /** Partial results (runUnsafeSimulation engine only). */
  parts?: { principalSide: Decision; endpoint?: Decision };
}

/** Thrown when the library (or our stricter lint) says the request or a policy is invalid. */
export class OracleSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OracleSetupError';
  }
}

export const ACCOUNT = '123456789012';
export const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:role/Caller`;
export const ROOT_ORG_ID = 'r-root';
/** aws:RequestedRegion value AWS uses for region-less (global cross-region inference) ARNs. */
export const UNSPECIFIED_REGION = 'unspecified';
/** Region used in the surrogate ARN that validates a region-less request. */
const SURROGATE_REGION = 'us-east-1';

export const FULL_AWS_ACCESS: PolicyDoc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** Convenience constructors for tests. */
export function policy(...statements: Record<string, unknown>[]): PolicyDoc {
  return { Version: '2012-10-17', Statement: statements };
}

export function foundationModelArn(modelId: string, region: string = 'us-east-1'): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

export function inferenceProfileArn(profileId: string, region: string = 'us-east-1'): string {
  return `arn:aws:bedrock:${region}:${ACCOUNT}:inference-profile/${profileId}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type ContextValue = string | string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asStringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  return undefined;
}

const RANK: Record<Decision, number> = { Allowed: 0, ImplicitlyDenied: 1, ExplicitlyDenied: 2 };

function worst(a: Decision, b: Decision): Decision {
  return RANK[a] >= RANK[b] ? a : b;
}

interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
}

function parseArn(arn: string, what: string): ParsedArn {
  const [prefix, partition, service, region, account, ...rest] = arn.split(':');
  if (prefix !== 'arn' || partition === undefined || service === undefined || region === undefined || account === undefined || rest.join(':') === '') {
    throw new OracleSetupError(`${what} is not a full ARN: ${arn}`);
  }
  return { partition, service, region, account };
}

/**
 * The aws:RequestedRegion AWS sets for a request on this ARN: the ARN's region; "unspecified" for a
 * region-less Bedrock ARN (global cross-region inference); undefined for other region-less ARNs
 * (e.g. S3 objects: the region is the bucket's, which the ARN does not say; pass it yourself).
 */
export function requestedRegionFor(resourceArn: string): string | undefined {
  const { region, service } = parseArn(resourceArn, 'resource');
  if (region !== '') return region;
  return service === 'bedrock' ? UNSPECIFIED_REGION : undefined;
}

function findKey(context: Record<string, ContextValue>, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.keys(context).find((k) => k.toLowerCase() === lower);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Lint: the checks the library does not do but that would otherwise turn a typo into a deny/allow
// ---------------------------------------------------------------------------------------------

const BASE_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
]);

function conditionOperatorIsKnown(operator: string): boolean {
  let op = operator;
  const colon = op.indexOf(':');
  if (colon !== -1) {
    const set = op.slice(0, colon);
    if (set !== 'ForAnyValue' && set !== 'ForAllValues') return false;
    op = op.slice(colon + 1);
  }
  if (op === 'Null') return colon === -1;
  if (op.endsWith('IfExists')) op = op.slice(0, -'IfExists'.length);
  return BASE_OPERATORS.has(op);
}

type ActionStatus = 'ok' | 'unknown-action' | 'unknown-service';
const actionStatusCache = new Map<string, Promise<ActionStatus>>();

/** Asks the library (public API only) whether an action / service exists. */
function actionStatus(action: string): Promise<ActionStatus> {
  const key = action.toLowerCase();
  let cached = actionStatusCache.get(key);
  if (!cached) {
    cached = runSimulation(
      {
        request: {
          principal: PRINCIPAL,
          action,
          resource: { resource: '*', accountId: ACCOUNT },
          contextVariables: {},
        },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    ).then((r): ActionStatus => {
      if (r.resultType !== 'error') return 'ok';
      if (r.errors.message === 'invalid.service') return 'unknown-service';
      if (r.errors.message === 'invalid.action') return 'unknown-action';
      return 'ok';
    });
    actionStatusCache.set(key, cached);
  }
  return cached;
}

const contextKeyTypeCache = new Map<string, Promise<ConditionKeyType | undefined>>();

/** The library's type for a condition key, or undefined if it does not know the key. */
function contextKeyType(key: string): Promise<ConditionKeyType | undefined> {
  const lower = key.toLowerCase();
  let cached = contextKeyTypeCache.get(lower);
  if (!cached) {
    cached = typeForContextKey(key).then(
      (t): ConditionKeyType | undefined => t,
      (): undefined => undefined,
    );
    contextKeyTypeCache.set(lower, cached);
  }
  return cached;
}

type PolicyKind = 'identity' | 'scp' | 'endpoint';

/** "*", {"AWS": "*"} or {"AWS": [..., "*", ...]}: every principal. */
function isWildcardPrincipal(principal: unknown): boolean {
  return principal === '*' || (isRecord(principal) && Object.keys(principal).length === 1 && asStringList(principal.AWS)?.includes('*') === true);
}

/**
 * iam-simulate only accepts Principal "*" in endpoint policies; {"AWS": "*"} means the same for IAM
 * callers, so rewrite it (after lint has checked that every principal is a wildcard).
 */
function normalizeEndpointPolicy(doc: PolicyDoc): PolicyDoc {
  return {
    ...doc,
    Statement: doc.Statement.map((statement) =>
      isRecord(statement) && 'Principal' in statement && isWildcardPrincipal(statement.Principal) ? { ...statement, Principal: '*' } : statement,
    ),
  };
}

async function lintPolicyDoc(doc: PolicyDoc, kind: PolicyKind, label: string, allowUnknownActions: boolean): Promise<string[]> {
  const errors: string[] = [];
  if (!isRecord(doc) || !Array.isArray(doc.Statement)) {
    return [`${label}: policy must be an object with a Statement array`];
  }
  for (const [i, statement] of doc.Statement.entries()) {
    const path = `${label}.Statement[${i}]`;
    if (!isRecord(statement)) {
      errors.push(`${path}: statement is not an object`);
      continue;
    }
    for (const field of ['Action', 'NotAction'] as const) {
      if (!(field in statement)) continue;
      const actions = asStringList(statement[field]);
      if (!actions) {
        errors.push(`${path}.${field}: must be a string or a string array`);
        continue;
      }
      for (const action of actions) {
        if (action === '*') continue;
        const parts = action.split(':');
        if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
          errors.push(`${path}.${field}: malformed action "${action}"`);
          continue;
        }
        const wildcard = /[*?]/.test(action);
        const status = await actionStatus(wildcard ? `${parts[0]}:OracleServiceProbe` : action);
        if (status === 'unknown-service') {
          errors.push(`${path}.${field}: unknown service prefix in "${action}"`);
        } else if (!wildcard && status === 'unknown-action' && !allowUnknownActions) {
          errors.push(`${path}.${field}: action "${action}" is unknown to the IAM data set`);
        }
      }
    }
    if ('Condition' in statement) {
      const condition = statement.Condition;
      if (!isRecord(condition)) {
        errors.push(`${path}.Condition: must be an object`);
      } else {
        for (const [operator, block] of Object.entries(condition)) {
          if (!conditionOperatorIsKnown(operator)) {
            errors.push(`${path}.Condition: unknown condition operator "${operator}"`);
          }
          if (!isRecord(block)) {
            errors.push(`${path}.Condition.${operator}: must be an object of key -> values`);
            continue;
          }
          for (const key of Object.keys(block)) {
            if ((await contextKeyType(key)) === undefined) {
              errors.push(`${path}.Condition.${operator}: condition key "${key}" is unknown`);
            }
          }
        }
      }
    }
    if (kind === 'endpoint') {
      if ('NotPrincipal' in statement) {
        errors.push(`${path}: NotPrincipal in an endpoint policy is not modelled by the oracle`);
      }
      if (!isWildcardPrincipal(statement.Principal)) {
        errors.push(
          `${path}: endpoint-policy Principal must be "*" or {"AWS":"*"} (the library ignores ` +
            `endpoint-policy principals); restrict principals with an aws:PrincipalArn condition instead`,
        );
      }
    }
  }
  return errors;
}

const lintCache = new Map<string, Promise<string[]>>();

function lintCached(doc: PolicyDoc, kind: PolicyKind, label: string, allowUnknownActions: boolean): Promise<string[]> {
  const key = `${kind}|${label}|${allowUnknownActions ? 1 : 0}|${JSON.stringify(doc)}`;
  let cached = lintCache.get(key);
  if (!cached) {
    cached = lintPolicyDoc(doc, kind, label, allowUnknownActions);
    lintCache.set(key, cached);
  }
  return cached;
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

function scpLevels(scenario: OracleScenario): SimulationOrgPolicies[] {
  const ours = (scenario.scps ?? []).map((p, i) => ({ name: `scp-${i}`, policy: p }));
  const fullAccess = { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS };
  return [
    { orgIdentifier: ROOT_ORG_ID, policies: [fullAccess] },
    {
      orgIdentifier: ACCOUNT,
      policies: scenario.scpsReplaceFullAWSAccess ? ours : [fullAccess, ...ours],
    },
  ];
}

function identityPolicies(scenario: OracleScenario): Simulation['identityPolicies'] {
  return scenario.identityPolicies.map((p, i) => ({ name: `identity-${i}`, policy: p }));
}

async function buildContext(request: OracleRequest, principal: string, principalAccount: string): Promise<Record<string, ContextValue>> {
  const merged: Record<string, ContextValue> = { ...(request.context ?? {}) };
  if (request.defaultContext !== false) {
    const region = request.resource === '*' ? undefined : requestedRegionFor(request.resource);
    const defaults: Record<string, string> = {
      'aws:PrincipalArn': principal,
      'aws:PrincipalAccount': principalAccount,
      ...(region === undefined ? {} : { 'aws:RequestedRegion': region }),
    };
    for (const [key, value] of Object.entries(defaults)) {
      if (findKey(merged, key) === undefined) merged[key] = value;
    }
  }
  const normalized: Record<string, ContextValue> = {};
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(merged)) {
    if (seen.has(key.toLowerCase())) {
      throw new OracleSetupError(`context key "${key}" given twice (keys are case-insensitive)`);
    }
    seen.add(key.toLowerCase());
    const type = await contextKeyType(key);
    if (type === undefined) {
      throw new OracleSetupError(`context key "${key}" is unknown to the library`);
    }
    if (isConditionKeyArray(type)) {
      normalized[key] = typeof value === 'string' ? [value] : [...value];
    } else if (typeof value === 'string') {
      normalized[key] = value;
    } else if (value.length === 1 && value[0] !== undefined) {
      normalized[key] = value[0];
    } else {
      throw new OracleSetupError(`context key "${key}" is single-valued (${type}) but got ${value.length} values`);
    }
  }
  return normalized;
}

function describeErrors(errors: unknown): string {
  return JSON.stringify(errors, null, 1);
}

/**
 * Evaluates a request and returns the decision with the evaluated context and analysis.
 * Throws OracleSetupError on any invalid input (see module doc).
 */
export async function evaluate(scenario: OracleScenario, request: OracleRequest, options: OracleOptions = {}): Promise<OracleResult> {
  const principal = request.principal ?? PRINCIPAL;
  const principalArn = parseArn(principal, 'principal');
  if (principalArn.account === '') {
    throw new OracleSetupError(`principal has no account: ${principal}`);
  }
  // "*" is the resource of actions that take no resource type (ListFoundationModels, DescribeInstances…);
  // anywhere else a wildcard in a request is a test mistake.
  const [service = '', actionName = ''] = request.action.split(':');
  const wildcardOnly = request.resource === '*' && (await isWildcardOnlyAction(service, actionName));
  if (request.resource.includes('*') && !wildcardOnly) {
    throw new OracleSetupError(
      `request resource must be concrete (no "*"), except for actions that take no resource: ${request.action} on ${request.resource}`,
    );
  }
  const resourceArn = wildcardOnly ? { account: '', region: '' } : parseArn(request.resource, 'resource');
  const accountId = resourceArn.account === '' ? principalArn.account : resourceArn.account;

  // Lint all policies (cached), so a typo cannot silently change the decision.
  const allowUnknown = options.allowUnknownPolicyActions === true;
  const lintJobs: Promise<string[]>[] = [
    ...scenario.identityPolicies.map((p, i) => lintCached(p, 'identity', `identity-${i}`, allowUnknown)),
    ...(scenario.scps ?? []).map((p, i) => lintCached(p, 'scp', `scp-${i}`, allowUnknown)),
  ];
  if (scenario.endpointPolicy) {
    lintJobs.push(lintCached(scenario.endpointPolicy, 'endpoint', 'endpoint', allowUnknown));
  }
  const lintErrors = (await Promise.all(lintJobs)).flat();
  if (lintErrors.length > 0) {
    throw new OracleSetupError(`invalid policy:\n  ${lintErrors.join('\n  ')}`);
  }

  const context = await buildContext(request, principal, principalArn.account);
  const endpointApplies = scenario.endpointPolicy !== undefined && findKey(context, 'aws:SourceVpce') !== undefined;
  const endpointPolicies =
    endpointApplies && scenario.endpointPolicy ? [{ name: 'endpoint', policy: normalizeEndpointPolicy(scenario.endpointPolicy) }] : undefined;

  // Validated run. runSimulation cannot resolve the resource type of a region-less Bedrock ARN
  // ("no.resource.types"); then validate on a surrogate regional ARN and decide with the unsafe engine.
  const simulationFor = (arn: string): Simulation => ({
    request: {
      principal,
      action: request.action,
      resource: { resource: arn, accountId },
      contextVariables: context,
    },
    identityPolicies: identityPolicies(scenario),
    serviceControlPolicies: scpLevels(scenario),
    resourceControlPolicies: [],
    ...(scenario.resourcePolicy ? { resourcePolicy: scenario.resourcePolicy } : {}),
    ...(endpointPolicies ? { vpcEndpointPolicies: endpointPolicies } : {}),
  });
  let validationArn = request.resource;
  let validated = await runSimulation(simulationFor(validationArn), {});
  let surrogate = false;
  if (validated.resultType === 'error' && validated.errors.message === 'no.resource.types' && resourceArn.region === '') {
    validationArn = request.resource
      .split(':')
      .map((part, i) => (i === 3 ? SURROGATE_REGION : part))
      .join(':');
    validated = await runSimulation(simulationFor(validationArn), {});
    surrogate = true;
  }
  if (validated.resultType === 'error') {
    throw new OracleSetupError(`iam-simulate rejected ${request.action} on ${validationArn}: ${validated.errors.message}\n` + describeErrors(validated.errors));
  }
  if (validated.resultType !== 'single') {
    throw new OracleSetupError(`unexpected ${validated.resultType} simulation for ${validationArn}`);
  }
  const ignored = validated.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    throw new OracleSetupError(
      `context keys not applicable to ${request.action} on a ${validated.result.resourceType ?? '?'} ` +
        `resource (the library would drop them): ${ignored.join(', ')}`,
    );
  }

  if (!surrogate && options.forceUnsafeEngine !== true) {
    return {
      decision: validated.overallResult,
      engine: 'runSimulation',
      context,
      endpointPolicyApplied: endpointApplies,
      analysis: validated.result.analysis,
    };
  }

  // Unsafe path on the real ARN (inputs validated above).
  const unsafeRequest: Simulation['request'] = {
    principal,
    action: request.action,
    resource: { resource: request.resource, accountId },
    contextVariables: context,
  };
  const principalSide = runUnsafeSimulation(
    {
      request: unsafeRequest,
      identityPolicies: identityPolicies(scenario),
      serviceControlPolicies: scpLevels(scenario),
      resourceControlPolicies: [],
      ...(scenario.resourcePolicy ? { resourcePolicy: scenario.resourcePolicy } : {}),
    },
    {},
  );
  let decision: Decision = principalSide;
  let endpoint: Decision | undefined;
  if (endpointPolicies) {
    // An endpoint policy is evaluated like an identity policy (principal ignored), same as the library.
    endpoint = runUnsafeSimulation(
      {
        request: unsafeRequest,
        identityPolicies: endpointPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    decision = worst(decision, endpoint);
  }
  return {
    decision,
    engine: 'runUnsafeSimulation',
    context,
    endpointPolicyApplied: endpointApplies,
    parts: endpoint === undefined ? { principalSide } : { principalSide, endpoint },
  };
}

/** Would AWS allow this request? Throws OracleSetupError if the setup is invalid. */
export async function decide(scenario: OracleScenario, request: OracleRequest, options: OracleOptions = {}): Promise<Decision> {
  return (await evaluate(scenario, request, options)).decision;
}

/** A readable multi-line description of an evaluation, for failing-test messages. */
export function formatResult(request: OracleRequest, result: OracleResult): string {
  const lines = [
    `${request.action} on ${request.resource} as ${request.principal ?? PRINCIPAL}`,
    `  context: ${JSON.stringify(result.context)}`,
    `  decision: ${result.decision} (engine ${result.engine}, endpoint policy ${result.endpointPolicyApplied ? 'applied' : 'not applied'})`,
  ];
  if (result.analysis) {
    const analysis = result.analysis;
    if (analysis.blockedBy && analysis.blockedBy.length > 0) {
      lines.push(`  blocked by: ${analysis.blockedBy.join(', ')}`);
    }
    for (const grant of getGrantReasons(analysis)) lines.push(`  granted by: ${JSON.stringify(grant)}`);
    for (const denial of getDenialReasons(analysis)) lines.push(`  denied by: ${JSON.stringify(denial)}`);
  }
  if (result.parts) {
    lines.push(`  parts: ${JSON.stringify(result.parts)}`);
  }
  return lines.join('\n');
}

/** Evaluates and formats; returns the setup error text instead of throwing. */
export async function explain(scenario: OracleScenario, request: OracleRequest, options: OracleOptions = {}): Promise<string> {
  try {
    return formatResult(request, await evaluate(scenario, request, options));
  } catch (error) {
    return `${request.action} on ${request.resource}: setup error: ${errorMessage(error)}`;
  }
}
