import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { loadCatalog } from '../../iam/catalog/catalog';
import type { CatalogInferenceProfile } from '../../iam/catalog/types';
import { globMatches } from '../../iam/glob';
import { parseBedrockArn, statementCoversResource } from './arns';
import { hasPlaceholder } from './cfn';
import { allowsInvoke, invokeActionsOf } from './invoke';
import { statementPool } from './principals';
import type { BedrockRule } from './rule';
import { baseOperator, coversAction, identityStatements, Statement, testsOn } from './statements';

const PROFILE_KEY = 'bedrock:InferenceProfileArn';

/** One catalog profile granted from one source region by one statement. */
interface ProfileGrant {
  readonly profile: CatalogInferenceProfile;
  readonly source: string;
  readonly actions: readonly string[];
}

/**
 * The catalog profiles an Allow statement grants, with their source regions. Profile ARNs whose id or region is not
 * known at synth time, application inference profiles and ids the catalog does not know are skipped.
 */
function profileGrants(statements: readonly Statement[]): ProfileGrant[] {
  const catalog = loadCatalog();
  const grants: ProfileGrant[] = [];
  for (const s of statements) {
    if (!allowsInvoke(s)) continue;
    const actions = invokeActionsOf(s);
    for (const resource of s.resources ?? []) {
      const arn = parseBedrockArn(resource);
      if (!arn || arn.resourceType !== 'inference-profile' || hasPlaceholder(arn.resourceId) || hasPlaceholder(arn.region)) continue;
      for (const profile of catalog.profiles) {
        if (!globMatches(arn.resourceId, profile.id)) continue;
        for (const source of Object.keys(profile.destinations)) {
          if (globMatches(arn.region, source)) grants.push({ profile, source, actions });
        }
      }
    }
  }
  return grants;
}

/** ARN of a foundation model in a region (`''` for the region-less ARN global profiles are also checked against). */
function modelArn(region: string, modelId: string, partitionRegion: string): string {
  return `arn:${loadCatalog().partitionOf(partitionRegion)}:bedrock:${region}::foundation-model/${modelId}`;
}

/** True when the statement only applies to calls routed through an inference profile. */
function requiresProfile(s: Statement): boolean {
  return testsOn(s, PROFILE_KEY).some((t) => {
    const op = baseOperator(t.operator);
    if (op.name === 'Null') return t.values.every((v) => v === 'false');
    return !op.ifExists && ['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike'].includes(op.name);
  });
}

/** True when a Deny blocks direct calls (`Null bedrock:InferenceProfileArn = true` and nothing else) to the model ARN. */
function deniesDirect(pool: readonly Statement[], action: string, arn: string): boolean {
  return pool.some(
    (s) =>
      s.effect === 'Deny' &&
      coversAction(s, action) &&
      statementCoversResource(s, arn, 'lenient') &&
      s.conditions.length > 0 &&
      s.conditions.every((t) => t.key === PROFILE_KEY.toLowerCase() && baseOperator(t.operator).name === 'Null' && t.values.every((v) => v === 'true')),
  );
}

/**
 * Checks the cross-region inference profiles an identity policy grants (see the rule's explanation for the exact
 * logic). Findings: `MissingDestinations::<profile id>`, `UnconditionedDestinations::<profile id>`.
 */
export function checkProfileDestinations(node: CfnResource): NagRuleResult {
  const own = identityStatements(node);
  if (!own) return NagRuleCompliance.NOT_APPLICABLE;
  const grants = profileGrants(own);
  if (grants.length === 0) return NagRuleCompliance.COMPLIANT;
  const pool = statementPool(node);
  const sourcesGranted = new Map<string, Set<string>>();
  for (const g of profileGrants(pool)) sourcesGranted.set(g.profile.id, (sourcesGranted.get(g.profile.id) ?? new Set()).add(g.source));
  const findings = new Set<string>();
  for (const { profile, source, actions } of grants) {
    const destinations = profile.destinations[source] ?? [];
    const required = [
      ...destinations.map((d) => modelArn(d, profile.modelId, d)),
      ...(profile.geography === 'global' ? [modelArn('', profile.modelId, source)] : []),
    ];
    const granted = (action: string, arn: string): boolean =>
      pool.some((s) => s.effect === 'Allow' && coversAction(s, action) && statementCoversResource(s, arn, 'lenient'));
    if (actions.some((a) => required.some((arn) => !granted(a, arn)))) findings.add(`MissingDestinations::${profile.id}`);

    const direct = sourcesGranted.get(profile.id) ?? new Set<string>();
    for (const d of destinations.filter((r) => !direct.has(r))) {
      const arn = modelArn(d, profile.modelId, d);
      const loose = own.some(
        (s) =>
          allowsInvoke(s) && !requiresProfile(s) && statementCoversResource(s, arn, 'strict') && invokeActionsOf(s).some((a) => !deniesDirect(pool, a, arn)),
      );
      if (loose) findings.add(`UnconditionedDestinations::${profile.id}`);
    }
  }
  return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
}

/** Rule: a cross-region inference profile granted without its destination grants, or with unconditioned ones. */
export const ProfileDestinations: BedrockRule = {
  id: 'ProfileDestinations',
  level: NagMessageLevel.ERROR,
  info: 'A cross-region inference profile is granted without the destination-region model grants, or with destination grants not conditioned on bedrock:InferenceProfileArn.',
  explanation:
    'A call through a cross-region inference profile is authorized on the profile ARN in the source region and on the foundation ' +
    'model ARN in every destination region the profile may route to (for global profiles also the region-less model ARN). ' +
    'Missing grants make calls fail at random with AccessDenied; unconditioned destination grants let principals call the model ' +
    'directly in regions that were only meant to serve the profile. Logic: for every Allow of an invoke action on ' +
    'arn:…:inference-profile/<id> whose id (or id glob) and source region are known at synth time and in the bundled catalog, the ' +
    'destination regions of that profile from that source come from the catalog. MissingDestinations::<id> when an invoke action ' +
    'granted on the profile is not also allowed on foundation-model/<model> in each destination region by an identity policy ' +
    'attached to the same principal (conditions are not evaluated; ARNs built with Fn::Join count as granted). ' +
    'UnconditionedDestinations::<id> when the same policy allows an invoke action on foundation-model/<model> in a destination ' +
    'region that is not itself a granted source region of the profile, with no StringEquals/StringLike/ArnEquals/ArnLike (or ' +
    'Null false) condition on bedrock:InferenceProfileArn, and no Deny of direct calls (Null bedrock:InferenceProfileArn true) ' +
    'covers it (a wildcard region such as arn:aws:bedrock:*::foundation-model/<model> is such a grant). Profiles newer than the ' +
    'catalog, and ARNs whose region is a token, are not checked. Fix: ModelAccessPolicy writes these grants; acknowledge ' +
    'UnconditionedDestinations::<id> where direct use in those regions is intended.',
  controls: ['GENSEC01-BP01'],
  check: checkProfileDestinations,
};
