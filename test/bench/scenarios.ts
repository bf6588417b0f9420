/**
 * Shared scenarios of the model-access benchmark (test/bench/model-access.bench.ts) and the figures script
 * (test/bench/figures.ts): allow-lists of growing size, expressed with our engine / ModelAccessPolicy and with
 * the grants of `@aws-cdk/aws-bedrock-alpha`, synthesized and measured the way IAM counts them.
 */
import * as bedrock from '@aws-cdk/aws-bedrock-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ModelAccessPolicy } from '../../constructs/model-access-policy/model-access-policy';
import { loadCatalog } from '../../policies/iam/catalog/catalog';
import type { PolicyDocumentJson } from '../../policies/iam/document';
import { buildModelAccessPolicies, ModelAccessResult } from '../../policies/iam/model-access';
import { policySize } from '../../policies/iam/size';

/** Account of every benchmark stack (concrete, so that ARNs are plain strings). */
export const ACCOUNT = '123456789012';
/** Region the stacks are deployed to (the alpha library grants in the stack's region). */
export const STACK_REGION = 'us-east-1';
/** IAM: all inline policies of a role together, whitespace not counted. */
export const INLINE_LIMIT = 10_240;
/** IAM: one customer managed policy, whitespace not counted. */
export const MANAGED_LIMIT = 6_144;

/**
 * Source-region sets. The 4th region is `us-west-1`: after us-east-1 (48 of the 49 `us.` profiles), us-west-2
 * (46) and us-east-2 (45), it is the region most `us.` profiles can be called from in the catalog (13), ahead of
 * ca-central-1 (4) and ca-west-1 (1).
 */
export const REGION_SETS: Readonly<Record<1 | 4, readonly string[]>> = {
  1: ['us-east-1'],
  4: ['us-east-1', 'us-east-2', 'us-west-2', 'us-west-1'],
};

/** Allow-list sizes: a number of models, or every catalog model. */
export type Size = 1 | 10 | 50 | 'all';
export const SIZES: readonly Size[] = [1, 10, 50, 'all'];

/** `model`: foundation-model ids (direct invocation); `profile`: the matching `us.` inference profiles. */
export type Variant = 'model' | 'profile';
export const VARIANTS: readonly Variant[] = ['model', 'profile'];

/** One benchmark case. */
export interface Scenario {
  readonly name: string;
  readonly size: Size;
  readonly regionCount: 1 | 4;
  readonly regions: readonly string[];
  readonly variant: Variant;
  /** The allow-list given to our engine (model ids or `us.` profile ids). */
  readonly allow: readonly string[];
  /** The foundation model ids behind the allow-list (what the alpha library is given). */
  readonly modelIds: readonly string[];
}

/**
 * Foundation model ids in benchmark order (catalog order within each group): first the models whose `us.`
 * profile can be called from us-east-1 (48), then the one whose `us.` profile cannot (49th:
 * `meta.llama3-1-405b-instruct-v1:0`, callable from us-east-2 only), then the models without a `us.` profile.
 * So the first N models have matching profiles as far as the catalog allows.
 */
export function orderedModelIds(): string[] {
  const catalog = loadCatalog();
  const us = catalog.profiles.filter((p) => p.geography === 'us');
  const fromFirst = new Set(us.filter((p) => p.destinations[STACK_REGION] !== undefined).map((p) => p.modelId));
  const withUs = new Set(us.map((p) => p.modelId));
  const ids = catalog.models.map((m) => m.id);
  const rank = (id: string): number => (fromFirst.has(id) ? 0 : withUs.has(id) ? 1 : 2);
  return [0, 1, 2].flatMap((r) => ids.filter((id) => rank(id) === r));
}

/** Every scenario: sizes × region sets × variants. */
export function scenarios(): Scenario[] {
  const catalog = loadCatalog();
  const ordered = orderedModelIds();
  const usProfiles = catalog.profiles.filter((p) => p.geography === 'us');
  const out: Scenario[] = [];
  for (const size of SIZES) {
    const models = size === 'all' ? ordered : ordered.slice(0, size);
    for (const regionCount of [1, 4] as const) {
      for (const variant of VARIANTS) {
        // Only profiles callable from at least one listed region: our engine rejects the others (correctly),
        // and the alpha library's grant would be useless for them.
        const usable = new Map(usProfiles.filter((p) => REGION_SETS[regionCount].some((r) => p.destinations[r] !== undefined)).map((p) => [p.modelId, p.id]));
        const modelIds = variant === 'model' ? models : models.filter((id) => usable.has(id));
        const allow = variant === 'model' ? modelIds : modelIds.map((id) => usable.get(id)!);
        out.push({
          name: `size ${size}, ${regionCount} region${regionCount > 1 ? 's' : ''}: ${allow.length} ${variant === 'model' ? 'model ids' : 'us. profiles'}`,
          size,
          regionCount,
          regions: REGION_SETS[regionCount],
          variant,
          allow,
          modelIds,
        });
      }
    }
  }
  return out;
}

/** What a run produced, or why it could not. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Engine options varied by the figures (defaults: the construct's). */
export interface EngineVariation {
  /** @default 10 */
  readonly maxDocuments?: number;
  /** @default true */
  readonly catalogRead?: boolean;
}

/** Runs our engine alone (no CDK). Throws PolicyPackingError when the spec does not fit. */
export function runOurEngine(s: Scenario, v: EngineVariation = {}): ModelAccessResult {
  return buildModelAccessPolicies(
    { allow: s.allow, regions: s.regions, catalogRead: v.catalogRead },
    { catalog: loadCatalog(), account: ACCOUNT, maxDocuments: v.maxDocuments },
  );
}

/** Characters (IAM-counted, summed) and number of documents of our engine's output. */
export function measureOurEngine(s: Scenario, v: EngineVariation = {}): Outcome<{ chars: number; policies: number }> {
  return attempt(() => {
    const { documents } = runOurEngine(s, v);
    return { chars: documents.reduce((n, d) => n + policySize(d, { ignoreWhitespace: true }), 0), policies: documents.length };
  });
}

/** A fresh App and Stack, with this repository's feature flags (cdk.json: `@aws-cdk/aws-iam:minimizePolicies`). */
function newStack(minimizePolicies: boolean): { app: App; stack: Stack; role: iam.Role } {
  const app = new App({ context: { '@aws-cdk/aws-iam:minimizePolicies': minimizePolicies } });
  const stack = new Stack(app, 'Bench', { env: { account: ACCOUNT, region: STACK_REGION } });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { app, stack, role };
}

/** App + Stack + Role + our ModelAccessPolicy attached, synthesized. Throws when the spec does not fit. */
export function synthOurs(s: Scenario): Template {
  const { stack, role } = newStack(true);
  const access = new ModelAccessPolicy(stack, 'Access', { allow: s.allow, regions: s.regions });
  access.attachTo(role);
  return Template.fromStack(stack);
}

/**
 * How the alpha library expresses the scenario:
 * - models, 1 region: `new BedrockFoundationModel(id).grantInvoke(role)` (the stack's region);
 * - models, 4 regions: it cannot name a set of regions; the closest is `grantInvokeAllRegions(role)` (region `*`);
 * - profiles: `CrossRegionInferenceProfile.fromConfig({ geoRegion: US, model }).grantInvoke(role)`, whose
 *   profile ARN is in the stack's region only, whatever the region count.
 */
export function alphaExpression(s: Scenario): string {
  if (s.variant === 'model') return s.regionCount === 1 ? 'grantInvoke (stack region)' : 'grantInvokeAllRegions (region *)';
  return s.regionCount === 1 ? 'CrossRegionInferenceProfile.grantInvoke' : 'CrossRegionInferenceProfile.grantInvoke (stack region only)';
}

/** App + Stack + Role + the alpha library's grants, synthesized. */
export function synthAlpha(s: Scenario, minimizePolicies = true): Template {
  const { stack, role } = newStack(minimizePolicies);
  for (const id of s.modelIds) {
    if (s.variant === 'model') {
      const model = new bedrock.BedrockFoundationModel(id);
      if (s.regionCount === 1) model.grantInvoke(role);
      else model.grantInvokeAllRegions(role);
    } else {
      const model = new bedrock.BedrockFoundationModel(id, { supportsCrossRegion: true });
      bedrock.CrossRegionInferenceProfile.fromConfig({ geoRegion: bedrock.CrossRegionInferenceProfileRegion.US, model }).grantInvoke(role);
    }
  }
  return Template.fromStack(stack);
}

/** JSON as found in a template. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': STACK_REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Evaluates the intrinsics of a policy document as CloudFormation would in the stack's account and region
 * (`Ref` to pseudo parameters, `Fn::Join`), so that its size is the size IAM sees.
 */
export function resolveIntrinsics(value: Json): Json {
  if (Array.isArray(value)) return value.map(resolveIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref') {
    const ref = value.Ref;
    if (typeof ref === 'string' && PSEUDO[ref] !== undefined) return PSEUDO[ref];
    throw new Error(`cannot resolve Ref ${JSON.stringify(ref)} in a policy document`);
  }
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const args = value['Fn::Join'];
    if (!Array.isArray(args) || typeof args[0] !== 'string' || !Array.isArray(args[1])) throw new Error(`malformed Fn::Join ${JSON.stringify(args)}`);
    const sep = args[0];
    return args[1]
      .map((part) => {
        const r = resolveIntrinsics(part);
        if (typeof r !== 'string') throw new Error(`Fn::Join part did not resolve to a string: ${JSON.stringify(part)}`);
        return r;
      })
      .join(sep);
  }
  const key = keys.find((k) => k.startsWith('Fn::'));
  if (key !== undefined) throw new Error(`cannot resolve ${key} in a policy document`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v)]));
}

/** Sizes of one kind of policy resource in a template. */
export interface PolicySizes {
  readonly count: number;
  /** IAM-counted characters of each, in template order. */
  readonly sizes: readonly number[];
  readonly total: number;
}

/** The IAM-counted sizes of inline (`AWS::IAM::Policy`) and managed (`AWS::IAM::ManagedPolicy`) policies. */
export interface TemplateSizes {
  readonly inline: PolicySizes;
  readonly managed: PolicySizes;
}

/** Measures every IAM policy of a synthesized template, intrinsics resolved, whitespace not counted. */
export function measureTemplate(template: Template): TemplateSizes {
  const measure = (type: string): PolicySizes => {
    const resources = template.findResources(type) as Record<string, { Properties?: { PolicyDocument?: Json } }>;
    const sizes = Object.values(resources).map((r) => {
      const doc = resolveIntrinsics(r.Properties?.PolicyDocument ?? null) as unknown as PolicyDocumentJson;
      return policySize(doc, { ignoreWhitespace: true });
    });
    return { count: sizes.length, sizes, total: sizes.reduce((a, b) => a + b, 0) };
  };
  return { inline: measure('AWS::IAM::Policy'), managed: measure('AWS::IAM::ManagedPolicy') };
}

/** The resolved policy documents of one type in a template (for quoting statements). */
export function templateDocuments(template: Template, type: 'AWS::IAM::Policy' | 'AWS::IAM::ManagedPolicy'): PolicyDocumentJson[] {
  const resources = template.findResources(type) as Record<string, { Properties?: { PolicyDocument?: Json } }>;
  return Object.values(resources).map((r) => resolveIntrinsics(r.Properties?.PolicyDocument ?? null) as unknown as PolicyDocumentJson);
}

/** Measures a synthesis, or records why it failed. */
export function measureSynth(fn: () => Template): Outcome<TemplateSizes> {
  return attempt(() => measureTemplate(fn()));
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time of `runs` calls (after one warm-up call), in milliseconds. */
export function medianMs(fn: () => unknown, runs = 5): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}
