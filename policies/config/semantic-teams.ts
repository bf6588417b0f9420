/**
 * Semantic checks of the teams: construct ids from names, unique role names, the landing zone (runtime endpoint,
 * invocation logging) and the guardrail each team relies on, and the access spec through the policy engine.
 */
import { ProblemCollector, SpecWarning } from '../iam/errors';
import { buildModelAccessPolicies, resolveList } from '../iam/model-access';
import { ackCoversRule } from '../nag/acknowledgement-ids';
import { constructId, teamConstructIds, teamPolicyPath } from './ids';
import type { ConfigPathSegment } from './issues';
import type { IndexedTeam } from './parts';
import type { ModelReferenceConfig, TeamConfig } from './schema';
import { partitionOfRegion } from '../iam/arn';
import { configAllowField, configAllowMessage, configuredThroughput, SplitTeamAllow, splitTeamAllow, throughputGrants } from './team-allow';
import { complianceAcksFor, fieldSegments, reportEngineWarnings, runEngine, SemanticContext } from './semantic-context';
import { resolvedAllow } from './semantic-organization';
import { admits, denies, label, list, Reached, reached } from './semantic-reach';

/** The rule an acknowledgement names when invocation logging is configured outside the app. */
const INVOCATION_LOGGING_RULE = 'BedrockGovernance-InvocationLogging';

/** Checks every team the schema accepted. */
export function checkTeams(ctx: SemanticContext): void {
  checkConstructIds(ctx);
  for (const entry of ctx.config.teams) {
    checkLandingZoneUse(ctx, entry);
    checkGuardrail(ctx, entry);
    checkThroughputEntries(ctx, entry);
    checkAccess(ctx, entry);
  }
}

/** Names become construct ids: no two resources of the model-access stack may get the same one. */
function checkConstructIds(ctx: SemanticContext): void {
  const teams = ctx.config.teams;
  const byTeamId = new Map<string, IndexedTeam>();
  const owners = new Map<string, string>();
  const roleNames = new Map<string, string>();
  for (const { team, index: t } of teams) {
    const id = constructId(team.name);
    const first = byTeamId.get(id);
    if (first !== undefined) {
      ctx.report(['teams', t, 'name'], 'duplicate', `repeats teams[${first.index}].name '${first.team.name}' (both become the construct id ${id})`, {
        value: team.name,
      });
      continue;
    }
    byTeamId.set(id, { team, index: t });
    team.principals?.roles?.forEach((role, r) => {
      const at: ConfigPathSegment[] = ['teams', t, 'principals', 'roles', r, 'name'];
      if (constructId(role.name) === '') {
        ctx.report(at, 'construct-id', 'has no letter or digit, so it cannot become part of a construct id; accepted: a name with at least one', {
          value: role.name,
        });
      }
      const where = `teams[${t}].principals.roles[${r}]`;
      const earlier = roleNames.get(role.name);
      if (earlier !== undefined) ctx.report(at, 'duplicate', `repeats ${earlier}.name: role names are unique in an account`, { value: role.name });
      else roleNames.set(role.name, where);
    });
    for (const c of teamConstructIds({ name: team.name, roles: team.principals?.roles, existingRoleArns: team.principals?.existingRoleArns })) {
      const owner = owners.get(c.id);
      const mine = `teams[${t}] '${team.name}' ${c.what}`;
      if (owner === undefined) {
        owners.set(c.id, mine);
        continue;
      }
      const at: ConfigPathSegment[] = c.what.startsWith('role')
        ? ['teams', t, 'principals', 'roles', c.index!, 'name']
        : c.what.startsWith('existing')
          ? ['teams', t, 'principals', 'existingRoleArns', c.index!]
          : ['teams', t, 'name'];
      ctx.report(at, 'construct-id', `gives the ${c.what} the construct id ${c.id}, which ${owner} already has; rename one`, {
        value: c.what.startsWith('existing')
          ? team.principals?.existingRoleArns?.[c.index!]
          : c.what.startsWith('role')
            ? team.principals?.roles?.[c.index!]?.name
            : team.name,
      });
    }
  }
}

/** The acknowledgements that reach the team's policy: its own, and compliance acknowledgements covering it. */
function teamAcks(ctx: SemanticContext, team: TeamConfig): readonly { readonly id: string }[] {
  return [...(team.acknowledgements ?? []), ...complianceAcksFor(ctx, `${teamPolicyPath(team.name)}/Resource`)];
}

/** requireVpcEndpoint needs the runtime endpoint in every team region; every team region needs invocation logging. */
function checkLandingZoneUse(ctx: SemanticContext, { team, index: t }: IndexedTeam): void {
  const { regions, landingZone } = ctx.config;
  if (!regions || !landingZone) return;
  const access = team.access;
  const bedrockRegion = (r: string): boolean => ctx.catalog.regionIds.includes(r);
  const loggedElsewhere = teamAcks(ctx, team).some((a) => ackCoversRule(a.id, 'BedrockGovernance', INVOCATION_LOGGING_RULE));
  access.regions.forEach((region, i) => {
    // A region Bedrock does not serve is reported by the engine.
    if (regions.includes(region) || !bedrockRegion(region)) return;
    if (access.requireVpcEndpoint) {
      ctx.report(
        ['teams', t, 'access', 'regions', i],
        'reference',
        `is not a landing-zone region (regions: ${regions.join(', ')}): requireVpcEndpoint needs the landing zone's runtime endpoint in every team region; add it to regions or drop it here`,
        { value: region },
      );
    } else if (!loggedElsewhere) {
      ctx.report(
        ['teams', t, 'access', 'regions', i],
        'logging',
        `has no model invocation logging: the landing zone configures it only in its regions (${regions.join(', ')}); add the region to regions, or, when logging is configured outside this app, acknowledge BedrockGovernance::${INVOCATION_LOGGING_RULE} in the team's acknowledgements`,
        { value: region },
      );
    }
  });
  if (!access.requireVpcEndpoint) return;
  if (!landingZone.network.services.includes('bedrock-runtime')) {
    ctx.report(
      ['teams', t, 'access', 'requireVpcEndpoint'],
      'reference',
      'needs the bedrock-runtime endpoint, but landingZone.network.services does not list it',
      {
        value: true,
      },
    );
    return;
  }
  checkEndpointCarries(ctx, { team, index: t });
}

/** With requireVpcEndpoint, every model the team allows must be carried by the runtime endpoint of each team region. */
function checkEndpointCarries(ctx: SemanticContext, { team, index: t }: IndexedTeam): void {
  const { regions, landingZone } = ctx.config;
  const allow = resolvedAllow(ctx, team);
  const teamDeny = resolveNames(ctx, team.access.deny ?? []);
  for (const region of team.access.regions) {
    if (!regions!.includes(region)) continue;
    const own = landingZone!.endpointModelsByRegion?.[region];
    const where = own ? `landingZone.endpointModelsByRegion.${region}` : 'landingZone.endpointModels';
    const models = own ?? landingZone!.endpointModels;
    const endpointAllow = resolveNames(ctx, models.allow);
    const endpointDeny = resolveNames(ctx, models.deny ?? []);
    for (const ref of allow) {
      const names = reached(ref).filter((n) => startsIn(ctx, n, region) && !teamDeny.some((d) => denies(d, n)));
      if (names.length === 0) continue;
      const blocked = names.filter((n) => !endpointAllow.some((a) => admits(a, n)) || endpointDeny.some((d) => denies(d, n))).map((n) => n.id);
      if (blocked.length === 0) continue;
      const segments = ['teams', t, 'access', ...fieldSegments(ref.field)];
      if (blocked.length === names.length) {
        ctx.report(
          segments,
          'endpoint',
          `is not carried by the runtime endpoint in ${region} (${where}): with requireVpcEndpoint every call to it there is denied by the endpoint policy; add it to ${where}.allow, or drop it here`,
          { value: label(ref) },
        );
      } else {
        ctx.report(segments, 'endpoint', `is partly not carried by the runtime endpoint in ${region} (${where}): ${list(blocked)} would be denied there`, {
          value: label(ref),
          severity: 'warning',
        });
      }
    }
  }
}

/** True when a call to the name can start in the region: a model offered on demand there, a profile with that source. */
function startsIn(ctx: SemanticContext, name: Reached, region: string): boolean {
  if (name.kind === 'model') {
    const model = ctx.catalog.model(name.id);
    return model === undefined || model.onDemandRegions.includes(region);
  }
  if (name.kind === 'profile') {
    const profile = ctx.catalog.profile(name.id);
    return profile === undefined || profile.destinations[region] !== undefined;
  }
  return true;
}

function resolveNames(ctx: SemanticContext, refs: readonly ModelReferenceConfig[]) {
  const warnings: SpecWarning[] = [];
  return resolveList(refs, 'list', 'names', { catalog: ctx.catalog, regions: [], partition: 'aws', problems: new ProblemCollector(), warnings });
}

function checkGuardrail(ctx: SemanticContext, { team, index: t }: IndexedTeam): void {
  if (team.access.requireGuardrail && ctx.config.guardrailValid && ctx.config.guardrail === undefined) {
    ctx.report(['teams', t, 'access', 'requireGuardrail'], 'reference', 'needs a top-level guardrail { arn, version? }, and the config has none', {
      value: true,
    });
  }
}

/**
 * A `{ provisionedThroughput }` entry names a throughput of customization.provisionedThroughput, which lives in the
 * first landing-zone region: the team must invoke there.
 */
function checkThroughputEntries(ctx: SemanticContext, { team, index: t }: IndexedTeam): void {
  const home = ctx.config.regions?.[0];
  for (const { name, index, customModel } of splitTeamAllow(team.access.allow, ctx.config.customization).throughput) {
    const at: ConfigPathSegment[] = ['teams', t, 'access', 'allow', index, customModel !== undefined ? 'customModel' : 'provisionedThroughput'];
    if (customModel !== undefined && !configuredThroughput(ctx.config.customization, name)) {
      const jobs = (ctx.config.customization?.jobs ?? []).filter((j) => j).map((j) => j.name);
      const known = jobs.includes(customModel) || ctx.config.rejectedNames?.jobs.includes(customModel);
      ctx.report(
        at,
        'reference',
        known
          ? `has no provisioned throughput: a custom model is invoked only through one (InvokeModel is never authorized on the custom model itself); add { name, model: { job: ${customModel} }, modelUnits } to customization.provisionedThroughput`
          : `names no job of customization.jobs; accepted: ${jobs.length > 0 ? jobs.join(', ') : '(none configured)'}`,
        { value: customModel },
      );
    } else if (!configuredThroughput(ctx.config.customization, name)) {
      const known = (ctx.config.customization?.provisionedThroughput ?? []).filter((p) => p).map((p) => p.name);
      ctx.report(
        at,
        'reference',
        `names no provisioned throughput of customization.provisionedThroughput; accepted: ${known.length > 0 ? known.join(', ') : '(none configured)'}`,
        { value: name },
      );
    } else if (home !== undefined && !team.access.regions.includes(home)) {
      ctx.report(
        at,
        'reference',
        `is bought in ${home} (regions[0], the customization region), which the team's regions (${team.access.regions.join(', ')}) do not list; add ${home} to them`,
        { value: customModel ?? name },
      );
    }
  }
}

/** A placeholder for the training-data key ARN, for the size of the grant (the real one is a token at synth). */
const PLACEHOLDER_KEY_ARN = (partition: string, region: string, account: string): string =>
  `arn:${partition}:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`;

/** The access spec through the engine: its problems at the team's fields, its warnings at the fields they name. */
function checkAccess(ctx: SemanticContext, { team, index: t }: IndexedTeam): void {
  const access = team.access;
  const split = splitTeamAllow(access.allow, ctx.config.customization);
  const home = ctx.config.regions?.[0] ?? access.regions[0] ?? 'us-east-1';
  const partition = partitionOfRegion(home);
  const grants = throughputGrants(split, ctx.config.customization, home, PLACEHOLDER_KEY_ARN(partition, home, ctx.account)).filter((g) =>
    access.regions.includes(g.region),
  );
  // Only throughput entries, each already reported (unknown name, region): the engine has nothing left to check.
  if (split.models.length === 0 && grants.length === 0 && split.throughput.length > 0) return;
  // Only the teams that ask get the guardrail condition; a rejected guardrail section is reported by the schema.
  const guardrail = access.requireGuardrail && ctx.config.guardrailValid ? ctx.config.guardrail : undefined;
  const result = runEngine(
    ctx,
    ['teams', t, 'access'],
    () =>
      buildModelAccessPolicies(
        {
          allow: split.models,
          deny: access.deny,
          regions: access.regions,
          catalogRead: access.catalogRead,
          categories: access.categories,
          apiKeys: access.apiKeys,
          guardrail,
          provisionedThroughput: grants,
        },
        { catalog: ctx.catalog, account: ctx.account },
      ),
    (segments) =>
      segments[0] === 'guardrail'
        ? { segments, suffix: ` (for teams[${t}] '${team.name}', regions ${access.regions.join(', ')})` }
        : segments[0] === 'account'
          ? { segments }
          : segments[0] === 'allow' || segments[0] === 'provisionedThroughput'
            ? { segments: ['teams', t, 'access', ...remapAllowSegments(segments, split)] }
            : undefined,
  );
  if (result)
    reportEngineWarnings(
      ctx,
      ['teams', t, 'access'],
      result.warnings.map((w) => ({ ...w, message: configAllowMessage(w.message, split) })),
      teamAcks(ctx, team),
    );
}

/** Engine segments of the split lists as config segments (`provisionedThroughput[1].baseModel` → `allow[3]`). */
function remapAllowSegments(segments: readonly ConfigPathSegment[], split: SplitTeamAllow): ConfigPathSegment[] {
  if (segments.length < 2 || typeof segments[1] !== 'number') return ['allow'];
  const field = `${String(segments[0])}[${segments[1]}]`;
  const mapped = fieldSegments(configAllowField(field, split));
  return segments[0] === 'allow' ? [...mapped, ...segments.slice(2)] : mapped;
}
