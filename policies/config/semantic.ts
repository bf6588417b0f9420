/**
 * The semantic pass over a config that matches the schema: references resolve, model references are valid against
 * the catalog (through the policy engine itself), teams stay within the landing zone and the organization, dataset
 * files exist. Every problem is reported, each at the YAML node it comes from.
 */
import { loadCatalog } from '../iam/catalog/catalog';
import type { CatalogView } from '../iam/catalog-view';
import { closest } from '../iam/glob';
import { buildModelAccessPolicies, buildModelAccessStatements } from '../iam/model-access';
import type { ConfigIssue, ConfigPathSegment, ConfigSource } from './issues';
import type { GovernanceConfig } from './schema';
import { pascalCase } from './schema-common';
import { runEngine, SemanticContext } from './semantic-context';
import { checkCustomization } from './semantic-customization';
import { checkOrganization } from './semantic-organization';

/** Options of the semantic pass. */
export interface SemanticOptions {
  /** @default - the catalog bundled with this package */
  readonly catalog?: CatalogView;
  /** Directory dataset file paths are relative to. */
  readonly baseDir: string;
}

/** Runs every semantic check; returns errors and warnings (see `severity`). */
export function checkSemantics(config: GovernanceConfig, source: ConfigSource, options: SemanticOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const ctx: SemanticContext = {
    config,
    source,
    catalog: options.catalog ?? loadCatalog(),
    baseDir: options.baseDir,
    report: (segments, code, message, opts = {}) => {
      const issue = source.issue(segments, code, message, opts);
      const key = `${issue.severity} ${issue.path} ${issue.message}`;
      if (!seen.has(key)) issues.push(issue);
      seen.add(key);
    },
  };
  checkLandingZone(ctx);
  checkTeams(ctx);
  checkOrganization(ctx);
  checkCustomization(ctx);
  checkCompliance(ctx);
  return issues;
}

function checkLandingZone(ctx: SemanticContext): void {
  const { config, catalog } = ctx;
  const lz = config.landingZone;
  const known = new Set(catalog.regionIds);
  config.regions.forEach((region, i) => {
    if (!known.has(region)) {
      ctx.report(['regions', i], 'invalid', `is not a Bedrock region; closest known: ${closest(region, [...known], 3).join(', ')}`, { value: region });
    } else if (config.regions.indexOf(region) !== i) {
      ctx.report(['regions', i], 'duplicate', `repeats regions[${config.regions.indexOf(region)}]`, { value: region });
    }
  });
  for (const region of Object.keys(lz.endpointModelsByRegion ?? {})) {
    if (!config.regions.includes(region)) {
      ctx.report(['landingZone', 'endpointModelsByRegion', region], 'reference', `is not a landing-zone region; accepted: ${config.regions.join(', ')}`, {
        at: 'key',
      });
    }
  }
  for (const region of new Set(config.regions)) {
    if (!known.has(region)) continue;
    const own = lz.endpointModelsByRegion?.[region];
    const base: ConfigPathSegment[] = own ? ['landingZone', 'endpointModelsByRegion', region] : ['landingZone', 'endpointModels'];
    const models = own ?? lz.endpointModels;
    const shared = !own && config.regions.length > 1;
    runEngine(
      ctx,
      base,
      () => buildModelAccessStatements({ allow: models.allow, deny: models.deny, regions: [region], catalogRead: false }, { catalog, account: config.account }),
      (segments) => (shared ? { segments: [...base, ...segments], suffix: ` (runtime endpoint in ${region})` } : undefined),
    );
  }
  const trail = lz.trail;
  if (trail.existingTrailArn !== undefined) {
    const arnName = trail.existingTrailArn.slice(trail.existingTrailArn.indexOf(':trail/') + ':trail/'.length);
    if (arnName !== trail.name) {
      ctx.report(['landingZone', 'trail', 'name'], 'reference', `differs from the name in existingTrailArn ('${arnName}'); accepted: the same name`, {
        value: trail.name,
      });
    }
  }
  if (!trail.multiRegion && trail.existingTrailArn === undefined && config.regions.length > 1) {
    ctx.report(
      ['landingZone', 'trail', 'multiRegion'],
      'invalid',
      `is false but the landing zone spans ${config.regions.length} regions: only ${config.regions[0]} would be recorded; the other regions reference this trail`,
      { value: false, severity: 'warning' },
    );
  }
}

/** Checks the teams: unique names, landing zone and guardrail references, and the access spec through the engine. */
function checkTeams(ctx: SemanticContext): void {
  const { config, catalog } = ctx;
  const ids = new Map<string, number>();
  const roleNames = new Map<string, string>();
  config.teams.forEach((team, t) => {
    const id = pascalCase(team.name);
    const first = ids.get(id);
    if (first !== undefined) {
      ctx.report(['teams', t, 'name'], 'duplicate', `repeats teams[${first}].name '${config.teams[first]!.name}' (both become the construct id ${id})`, {
        value: team.name,
      });
    } else {
      ids.set(id, t);
    }
    team.principals?.roles?.forEach((role, r) => {
      const where = `teams[${t}].principals.roles[${r}]`;
      const earlier = roleNames.get(role.name);
      if (earlier !== undefined)
        ctx.report(['teams', t, 'principals', 'roles', r, 'name'], 'duplicate', `repeats ${earlier}.name: role names are unique in an account`, {
          value: role.name,
        });
      else roleNames.set(role.name, where);
    });
    const access = team.access;
    if (access.requireVpcEndpoint) {
      access.regions.forEach((region, i) => {
        // A region Bedrock does not serve is reported by the engine.
        if (!config.regions.includes(region) && catalog.regionIds.includes(region)) {
          ctx.report(
            ['teams', t, 'access', 'regions', i],
            'reference',
            `is not a landing-zone region (regions: ${config.regions.join(', ')}): requireVpcEndpoint needs the landing zone's runtime endpoint in every team region; add it to regions or drop it here`,
            { value: region },
          );
        }
      });
      if (!config.landingZone.network.services.includes('bedrock-runtime')) {
        ctx.report(
          ['teams', t, 'access', 'requireVpcEndpoint'],
          'reference',
          'needs the bedrock-runtime endpoint, but landingZone.network.services does not list it',
          { value: true },
        );
      }
    }
    if (access.requireGuardrail && config.guardrail === undefined) {
      ctx.report(['teams', t, 'access', 'requireGuardrail'], 'reference', 'needs a top-level guardrail { arn, version? }, and the config has none', {
        value: true,
      });
    }
    const guardrail = access.requireGuardrail ? config.guardrail : undefined;
    runEngine(
      ctx,
      ['teams', t, 'access'],
      () =>
        buildModelAccessPolicies(
          { allow: access.allow, deny: access.deny, regions: access.regions, catalogRead: access.catalogRead, guardrail },
          { catalog, account: config.account },
        ),
      (segments) =>
        segments[0] === 'guardrail'
          ? { segments, suffix: ` (for teams[${t}] '${team.name}', regions ${access.regions.join(', ')})` }
          : segments[0] === 'account'
            ? { segments }
            : undefined,
    );
  });
}

function checkCompliance(ctx: SemanticContext): void {
  const { packs, acknowledgements } = ctx.config.compliance;
  packs.forEach((pack, i) => {
    if (packs.indexOf(pack) !== i) ctx.report(['compliance', 'packs', i], 'duplicate', `repeats compliance.packs[${packs.indexOf(pack)}]`, { value: pack });
  });
  const seen = new Map<string, number>();
  acknowledgements.forEach((ack, i) => {
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
