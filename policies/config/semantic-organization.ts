/**
 * The organization SCP, and the teams against it: a team must not allow what the SCP blocks (a deny, or a model off
 * its allow-list, or a region outside its regions), since the team could never use it. An allow entry that is
 * blocked for every model it names is an error; one blocked for some of them is a warning.
 */
import { ProblemCollector, SpecWarning } from '../iam/errors';
import { resolveList } from '../iam/model-access';
import type { ResolvedReference } from '../iam/resolve';
import { globMatches } from '../iam/glob';
import { buildOrganizationModelPolicies } from '../iam/scp';
import { invocationLoggingRoleName } from '../../constructs/invocation-logging/constants';
import type { TeamConfig } from './schema';
import { partitionOfRegion } from '../iam/arn';
import { baseModelForms } from '../iam/throughput';
import { configAllowField, configuredThroughput, servedThroughputOf, splitTeamAllow } from './team-allow';
import { showValue } from './issues';
import { ORGANIZATION_POLICY_PATH } from './ids';
import { complianceAcksFor, fieldSegments, reportEngineWarnings, runEngine, SemanticContext } from './semantic-context';
import { admits, denies, label, list, reached } from './semantic-reach';

/** The allow entries of a team that resolve by name (the others are reported by the team's own check). */
export function resolvedAllow(ctx: SemanticContext, team: TeamConfig): ResolvedReference[] {
  const warnings: SpecWarning[] = [];
  const problems = new ProblemCollector();
  const split = splitTeamAllow(team.access.allow, ctx.config.customization);
  // Fields name the config's entries (a throughput entry between models shifts the engine's indices).
  return resolveList(split.models, 'allow', 'names', { catalog: ctx.catalog, regions: [], partition: 'aws', problems, warnings }).map((r) => ({
    ...r,
    field: configAllowField(r.field, split),
  }));
}

/** Checks the organization section, and each team against it. */
export function checkOrganization(ctx: SemanticContext): void {
  const org = ctx.config.organization;
  if (!org) return;
  const result = runEngine(
    ctx,
    ['organization'],
    () =>
      buildOrganizationModelPolicies(
        {
          allow: org.allow,
          deny: org.deny,
          regions: org.regions,
          apiKeys: org.apiKeys,
          longTermKeyMaxAgeDays: org.longTermKeyMaxAgeDays,
          baselineProtection: org.baselineProtection,
          serviceTiers: org.serviceTiers,
          servedThroughput: servedThroughputOf(
            ctx.config.teams.map((t) => t.team),
            ctx.config.customization,
            partitionOfRegion(ctx.config.regions?.[0] ?? 'us-east-1'),
            ctx.account,
          ),
        },
        { catalog: ctx.catalog, maxCharacters: org.maxPolicyCharacters, maxDocuments: org.maxPoliciesPerTarget - 1 },
      ),
    (segments) => (segments[0] === 'partition' ? { segments: ['organization', 'regions'] } : undefined),
  );
  if (!result) return;
  reportEngineWarnings(ctx, ['organization'], result.warnings, [...(org.acknowledgements ?? []), ...complianceAcksFor(ctx, ORGANIZATION_POLICY_PATH)]);
  checkBaselineExemptions(ctx);
  const orgAllow = result.resolved.allow;
  const orgDeny = result.resolved.deny;

  ctx.config.teams.forEach(({ team, index: t }) => {
    const allow = resolvedAllow(ctx, team);
    if (org.regions) {
      team.access.regions.forEach((region, i) => {
        if (!org.regions!.includes(region)) {
          ctx.report(
            ['teams', t, 'access', 'regions', i],
            'organization',
            `is outside organization.regions (${org.regions!.join(', ')}): the SCP denies invocation that starts there`,
            { value: region },
          );
        }
      });
    }
    checkThroughputAgainstOrganization(ctx, team, t, orgDeny);
    for (const ref of allow) {
      const names = reached(ref);
      if (names.length === 0) continue;
      const segments = ['teams', t, 'access', ...fieldSegments(ref.field)];
      for (const deny of orgDeny) {
        const blocked = names.filter((n) => denies(deny, n)).map((n) => n.id);
        if (blocked.length === 0) continue;
        const by = `organization.${deny.field} ${showValue(label(deny))}`;
        if (blocked.length === names.length) {
          ctx.report(
            segments,
            'organization',
            `is denied by the organization: ${by} blocks it; the team could never invoke it (remove it, or change the deny)`,
            {
              value: label(ref),
            },
          );
        } else {
          ctx.report(segments, 'organization', `is partly denied by the organization: ${by} blocks ${list(blocked)}; the team gets the rest`, {
            value: label(ref),
            severity: 'warning',
          });
        }
      }
      const outside = names.filter((n) => !orgAllow.some((a) => admits(a, n))).map((n) => n.id);
      if (outside.length === 0) continue;
      if (outside.length === names.length) {
        ctx.report(segments, 'organization', 'is not on the organization allow-list (organization.allow): the SCP denies it; the team could never invoke it', {
          value: label(ref),
        });
      } else {
        ctx.report(segments, 'organization', `is partly off the organization allow-list (organization.allow): ${list(outside)} are denied by the SCP`, {
          value: label(ref),
          severity: 'warning',
        });
      }
    }
  });
}

/**
 * A throughput the team is granted serves a model the organization denies: IAM checks a throughput call on the
 * provisioned model alone, so the SCP's deny of the model would not stop it; the config is rejected instead.
 */
function checkThroughputAgainstOrganization(ctx: SemanticContext, team: TeamConfig, t: number, orgDeny: readonly ResolvedReference[]): void {
  for (const { name, index, customModel } of splitTeamAllow(team.access.allow, ctx.config.customization).throughput) {
    const base = configuredThroughput(ctx.config.customization, name)?.baseModel;
    if (base === undefined) continue;
    const deny = orgDeny.find((d) => d.kind === 'foundation-model' && baseModelForms(base).some((m) => globMatches(d.pattern, m)));
    if (!deny) continue;
    ctx.report(
      ['teams', t, 'access', 'allow', index],
      'organization',
      `serves ${base}, which organization.${deny.field} ${showValue(label(deny))} denies: a provisioned-throughput call is authorized on the provisioned model alone, so the SCP would let it through; drop the entry or the deny`,
      { value: customModel !== undefined ? { customModel } : { provisionedThroughput: name } },
    );
  }
}

/**
 * With baselineProtection, the landing zone's own invocation-logging role (`bedrock-invocation-logging-<region>`) must
 * be one of the exempt roles: otherwise the SCP would deny the landing zone setting logging, and its deploy would fail.
 */
function checkBaselineExemptions(ctx: SemanticContext): void {
  const roles = ctx.config.organization?.baselineProtection?.adminRoles;
  if (!roles) return;
  const missing = (ctx.config.regions ?? []).map(invocationLoggingRoleName).filter((name) => !roles.some((r) => globMatches(r, name)));
  if (missing.length > 0) {
    ctx.report(
      ['organization', 'baselineProtection', 'adminRoles'],
      'organization',
      `exempts none of ${missing.join(', ')}, the roles the landing zone sets invocation logging with: the SCP would deny them and the deploy would fail; add 'bedrock-invocation-logging-*'`,
      { value: roles },
    );
  }
}
