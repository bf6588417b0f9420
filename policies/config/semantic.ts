/**
 * The semantic pass over the parts of a config that match the schema: references resolve, model references are
 * valid against the catalog (through the policy engine itself), teams stay within the landing zone and the
 * organization, names become construct ids, dataset files exist. Every problem is reported, each at the YAML node it
 * comes from; a check that needs a part the schema rejected is skipped.
 */
import { partitionOfRegion } from '../iam/arn';
import { loadCatalog } from '../iam/catalog/catalog';
import type { CatalogView } from '../iam/catalog-view';
import { closest } from '../iam/glob';
import { buildModelAccessStatements } from '../iam/model-access';
import { endpointsPath } from './ids';
import type { ConfigIssue, ConfigPathSegment, ConfigSource } from './issues';
import type { ConfigParts } from './parts';
import { complianceAcksFor, reportEngineWarnings, runEngine, SemanticContext } from './semantic-context';
import { checkCustomization } from './semantic-customization';
import { checkOrganization } from './semantic-organization';
import { checkTeams } from './semantic-teams';

/** Options of the semantic pass. */
export interface SemanticOptions {
  /** @default - the catalog bundled with this package */
  readonly catalog?: CatalogView;
  /** Directory dataset file paths are relative to. */
  readonly baseDir: string;
}

/** Runs every semantic check on the parts the schema accepted; returns errors and warnings (see `severity`). */
export function checkSemantics(config: ConfigParts, source: ConfigSource, options: SemanticOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const ctx: SemanticContext = {
    config,
    source,
    catalog: options.catalog ?? loadCatalog(),
    baseDir: options.baseDir,
    account: config.account ?? '000000000000',
    report: (segments, code, message, opts = {}) => {
      const issue = source.issue(segments, code, message, opts);
      const key = `${issue.severity} ${issue.path} ${issue.message}`;
      if (!seen.has(key)) issues.push(issue);
      seen.add(key);
    },
  };
  checkRegions(ctx);
  checkLandingZone(ctx);
  checkTeams(ctx);
  checkOrganization(ctx);
  checkCustomization(ctx);
  checkCompliance(ctx);
  return issues;
}

function checkRegions(ctx: SemanticContext): void {
  const regions = ctx.config.regions;
  if (!regions) return;
  const known = new Set(ctx.catalog.regionIds);
  regions.forEach((region, i) => {
    if (!known.has(region)) {
      ctx.report(['regions', i], 'invalid', `is not a Bedrock region; closest known: ${closest(region, [...known], 3).join(', ')}`, { value: region });
    } else if (regions.indexOf(region) !== i) {
      ctx.report(['regions', i], 'duplicate', `repeats regions[${regions.indexOf(region)}]`, { value: region });
    }
  });
  const partition = partitionOfRegion(regions[0]!);
  regions.forEach((region, i) => {
    if (partitionOfRegion(region) !== partition) {
      ctx.report(
        ['regions', i],
        'invalid',
        `is in partition ${partitionOfRegion(region)}, regions[0] '${regions[0]}' in ${partition}: one config deploys to one partition`,
        { value: region },
      );
    }
  });
  const org = ctx.config.organization;
  if (org && partitionOfRegion(org.region) !== partition) {
    ctx.report(['organization', 'region'], 'invalid', `is in partition ${partitionOfRegion(org.region)}, the landing-zone regions in ${partition}`, {
      value: org.region,
    });
  }
}

function checkLandingZone(ctx: SemanticContext): void {
  const { config, catalog } = ctx;
  const lz = config.landingZone;
  const regions = config.regions;
  if (!lz || !regions) return;
  const known = new Set(catalog.regionIds);
  for (const region of Object.keys(lz.endpointModelsByRegion ?? {})) {
    if (!regions.includes(region)) {
      ctx.report(['landingZone', 'endpointModelsByRegion', region], 'reference', `is not a landing-zone region; accepted: ${regions.join(', ')}`, {
        at: 'key',
      });
    }
  }
  [...new Set(regions)].forEach((region) => {
    if (!known.has(region)) return;
    const own = lz.endpointModelsByRegion?.[region];
    const base: ConfigPathSegment[] = own ? ['landingZone', 'endpointModelsByRegion', region] : ['landingZone', 'endpointModels'];
    const models = own ?? lz.endpointModels;
    const shared = !own && regions.length > 1;
    const suffix = shared ? ` (runtime endpoint in ${region})` : '';
    const result = runEngine(
      ctx,
      base,
      () => buildModelAccessStatements({ allow: models.allow, deny: models.deny, regions: [region], catalogRead: false }, { catalog, account: ctx.account }),
      (segments) => (shared ? { segments: [...base, ...segments], suffix } : undefined),
    );
    if (result) {
      const acks = [...(lz.acknowledgements ?? []), ...complianceAcksFor(ctx, endpointsPath(region, regions.indexOf(region)))];
      reportEngineWarnings(ctx, base, result.warnings, acks, suffix);
    }
  });
  const trail = lz.trail;
  if (trail.existingTrailArn !== undefined) {
    const arnName = trail.existingTrailArn.slice(trail.existingTrailArn.indexOf(':trail/') + ':trail/'.length);
    if (arnName !== trail.name) {
      ctx.report(['landingZone', 'trail', 'name'], 'reference', `differs from the name in existingTrailArn ('${arnName}'); accepted: the same name`, {
        value: trail.name,
      });
    }
  }
  if (!trail.multiRegion && trail.existingTrailArn === undefined && regions.length > 1) {
    ctx.report(
      ['landingZone', 'trail', 'multiRegion'],
      'invalid',
      `is false but the landing zone spans ${regions.length} regions: only ${regions[0]} would be recorded; the other regions reference this trail`,
      { value: false, severity: 'warning' },
    );
  }
}

function checkCompliance(ctx: SemanticContext): void {
  const compliance = ctx.config.compliance;
  if (!compliance) return;
  const { packs, acknowledgements } = compliance;
  packs.forEach((pack, i) => {
    if (packs.indexOf(pack) !== i) ctx.report(['compliance', 'packs', i], 'duplicate', `repeats compliance.packs[${packs.indexOf(pack)}]`, { value: pack });
  });
  const seen = new Map<string, number>();
  acknowledgements.forEach((ack, i) => {
    if (ack.id.split('::').length > 2) {
      ctx.report(
        ['compliance', 'acknowledgements', i, 'id'],
        'acknowledgement',
        "has more than one '::'; accepted: <pack>::<rule> or Annotation::<warning id>",
        {
          value: ack.id,
        },
      );
    }
    const key = `${ack.id} ${ack.path ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.report(['compliance', 'acknowledgements', i, 'id'], 'duplicate', `repeats compliance.acknowledgements[${first}] (same id and path)`, {
        value: ack.id,
        severity: 'warning',
      });
    } else {
      seen.set(key, i);
    }
  });
}
