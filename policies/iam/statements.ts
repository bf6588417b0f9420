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
import { oneOrMany, PolicyStatementJson } from './document';
import type { ResolvedArn, ResolvedFoundationModel, ResolvedInferenceProfile, ResolvedReference } from './resolve';

/** Where statements are generated for. */
export interface StatementContext {
  readonly partition: string;
  readonly account: string;
  readonly regions: readonly string[];
}

const invoke = (): string[] => [...INVOKE_ACTIONS];
const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];

/** Allow direct invocation of foundation models in the listed regions. */
export function allowFoundationModels(refs: readonly ResolvedFoundationModel[], ctx: StatementContext): PolicyStatementJson[] {
  if (refs.length === 0) return [];
  const resources = uniq(refs.flatMap((r) => ctx.regions.map((region) => foundationModelArn(ctx.partition, region, r.pattern))));
  return [{ Sid: 'InvokeModels', Effect: 'Allow', Action: invoke(), Resource: oneOrMany(resources) }];
}

/** ARNs of a profile in the given source regions. */
export function profileArns(ref: ResolvedInferenceProfile, sources: readonly string[], ctx: StatementContext): string[] {
  return sources.map((s) => inferenceProfileArn(ctx.partition, s, ctx.account, ref.pattern));
}

/**
 * Allow inference profiles: the profile ARN in each source region, and the foundation model in every
 * destination region, conditioned on the profile ARN so the model grant cannot serve direct calls.
 * Global profiles route to any commercial region and are also authorized against the region-less ARN.
 */
export function allowInferenceProfiles(refs: readonly ResolvedInferenceProfile[], ctx: StatementContext): PolicyStatementJson[] {
  if (refs.length === 0) return [];
  const entry = uniq(refs.flatMap((r) => r.routes.flatMap((route) => profileArns(r, route.sources, ctx))));
  const statements: PolicyStatementJson[] = [{ Sid: 'InvokeProfiles', Effect: 'Allow', Action: invoke(), Resource: oneOrMany(entry) }];
  refs.forEach((ref) => {
    for (const route of ref.routes) {
      const destinations = ref.regionless
        ? [foundationModelArn(ctx.partition, '*', ref.modelPattern), foundationModelArn(ctx.partition, '', ref.modelPattern)]
        : route.destinations.map((d) => foundationModelArn(ctx.partition, d, ref.modelPattern));
      statements.push({
        Sid: `ViaProfile${statements.length}`,
        Effect: 'Allow',
        Action: invoke(),
        Resource: oneOrMany(destinations),
        Condition: { ArnLike: { [CONDITION_KEYS.inferenceProfileArn]: oneOrMany(profileArns(ref, route.sources, ctx)) } },
      });
    }
  });
  return statements;
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
  return denyAtEntryUnless('DenyOutsideVpce', { StringNotEquals: { [CONDITION_KEYS.sourceVpce]: oneOrMany(endpointIds) } }, partition);
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
 * A denied profile or ARN is denied as an entry point and as a route.
 */
export function denyReferences(refs: readonly ResolvedReference[], partition: string): PolicyStatementJson[] {
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
  const statements: PolicyStatementJson[] = [{ Sid: 'DenyModels', Effect: 'Deny', Action: invoke(), Resource: oneOrMany(uniq(resources)) }];
  if (routes.length > 0) {
    statements.push({
      Sid: 'DenyRoutes',
      Effect: 'Deny',
      Action: invoke(),
      Resource: foundationModelArn(partition, '*', '*'),
      Condition: { ArnLike: { [CONDITION_KEYS.inferenceProfileArn]: oneOrMany(uniq(routes)) } },
    });
  }
  return statements;
}
