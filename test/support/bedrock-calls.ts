/**
 * Generates the IAM checks AWS makes for one Bedrock call, for the simulation matrix.
 *
 * One API call is several IAM checks: a call through a system inference profile is authorized on the profile
 * ARN in the source region and on the foundation model in every destination region (with
 * bedrock:InferenceProfileArn set), and a global profile also on the region-less model ARN. The evaluator does
 * not fan out by itself, so this module does. A call is allowed only when every check is allowed.
 */
import type { Catalog } from '../../policies/iam/catalog/catalog';
import { ACCOUNT, decide, type Decision, type OracleRequest, type OracleScenario, UNSPECIFIED_REGION } from './iam-oracle';

export const INVOKE = 'bedrock:InvokeModel';
export const INVOKE_STREAM = 'bedrock:InvokeModelWithResponseStream';

/** One Bedrock call: a name for the test title and its IAM checks. */
export interface BedrockCall {
  readonly name: string;
  readonly checks: readonly OracleRequest[];
}

export type Context = Record<string, string>;

export const fmArn = (model: string, region: string): string => `arn:aws:bedrock:${region}::foundation-model/${model}`;
export const profileArn = (profile: string, region: string): string => `arn:aws:bedrock:${region}:${ACCOUNT}:inference-profile/${profile}`;

/** A direct call of a foundation model. */
export function direct(model: string, region: string, context: Context = {}, action = INVOKE): BedrockCall {
  return { name: `direct ${action.slice(8)} ${model} in ${region}${describe(context)}`, checks: [{ action, resource: fmArn(model, region), context }] };
}

/** Options of a profile call. */
export interface ProfileCallOptions {
  readonly context?: Context;
  readonly action?: string;
  /**
   * Whether the caller's context (VPC endpoint, guardrail) reaches the destination checks. AWS does not document
   * it; the engine's policies must give the same answer both ways.
   * @default true
   */
  readonly carryContext?: boolean;
  /** Also set bedrock:InferenceProfileArn on the entry check (undocumented either way). @default false */
  readonly profileKeyAtEntry?: boolean;
}

/** A call through a system inference profile, fanned out to every destination region the catalog lists. */
export function viaProfile(catalog: Catalog, profile: string, source: string, options: ProfileCallOptions = {}): BedrockCall {
  const p = catalog.profile(profile);
  if (!p) throw new Error(`test setup: unknown profile ${profile}`);
  const dests = p.destinations[source];
  if (!dests) throw new Error(`test setup: ${profile} has no source region ${source}`);
  const context = options.context ?? {};
  const action = options.action ?? INVOKE;
  const entryArn = profileArn(profile, source);
  const routed = (extra: Context): Context => ({ ...(options.carryContext === false ? {} : context), 'bedrock:InferenceProfileArn': entryArn, ...extra });
  const checks: OracleRequest[] = [
    { action, resource: entryArn, context: options.profileKeyAtEntry ? { ...context, 'bedrock:InferenceProfileArn': entryArn } : context },
    ...[...new Set([source, ...dests])].map((d) => ({ action, resource: fmArn(p.modelId, d), context: routed({}) })),
  ];
  if (p.geography === 'global')
    checks.push({ action, resource: `arn:aws:bedrock:::foundation-model/${p.modelId}`, context: routed({ 'aws:RequestedRegion': UNSPECIFIED_REGION }) });
  const flags = `${options.carryContext === false ? ' (context not carried)' : ''}${options.profileKeyAtEntry ? ' (profile key at entry)' : ''}`;
  return { name: `${action.slice(8)} via ${profile} from ${source} → ${checks.length - 1} model checks${describe(context)}${flags}`, checks };
}

/** A call through an application inference profile that routes to `model` in `regions`. */
export function viaAppProfile(appArn: string, model: string, regions: readonly string[], context: Context = {}): BedrockCall {
  return {
    name: `via application profile ${appArn.slice(appArn.lastIndexOf('/') + 1)} → ${model} in ${regions.join(',')}${describe(context)}`,
    checks: [
      { action: INVOKE, resource: appArn, context },
      ...regions.map((r) => ({ action: INVOKE, resource: fmArn(model, r), context: { ...context, 'bedrock:InferenceProfileArn': appArn } })),
    ],
  };
}

/** A single check of any action. */
export function single(action: string, resource: string, context: Context = {}): BedrockCall {
  return { name: `${action} on ${resource}${describe(context)}`, checks: [{ action, resource, context }] };
}

function describe(context: Context): string {
  const parts = Object.entries(context).map(([k, v]) => `${k.split(':')[1]}=${v.slice(v.lastIndexOf('/') + 1)}`);
  return parts.length > 0 ? ` [${parts.join(' ')}]` : '';
}

/** Decides a whole call: Allowed only when every check is; otherwise the first denial, with the failing check. */
export async function decideCall(scenario: OracleScenario, call: BedrockCall): Promise<{ decision: Decision; failing?: OracleRequest }> {
  for (const check of call.checks) {
    const decision = await decide(scenario, check);
    if (decision !== 'Allowed') return { decision, failing: check };
  }
  return { decision: 'Allowed' };
}
