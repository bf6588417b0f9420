// Composition of the reference app from a governance config (governance.yaml). Wiring only: every decision lives in
// the constructs, the stacks, the policy engine and the gate.
import * as path from 'node:path';
import { App, AppProps, Duration, Stack, Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { validationError } from '../constructs/private/engine-errors';
import { ConfigError, ConfigIssue, ConfigPathSegment, ConfigSource, formatPath } from '../policies/config/index';
import { constructId, landingZoneStackId, STACK_IDS } from '../policies/config/ids';
import { grantedThroughputNames, servedThroughputOf, splitTeamAllow, throughputGrants } from '../policies/config/team-allow';
import type { GovernanceConfig } from '../policies/config/index';
import { partitionOfRegion } from '../policies/iam/arn';
import type { GuardrailReference } from '../policies/iam/spec';
import { BedrockGovernanceChecks } from '../policies/nag/bedrock-governance-checks';
import { AcknowledgementLedger, applyAcknowledgements, ConstructOrigin, findConstructByPath, nearestPaths, PlannedAcknowledgement } from '../policies/nag/gate';
import { applyCompliancePacks, CompliancePackName } from '../policies/nag/packs';
import { ModelAccessStack, TeamModelAccess } from '../stacks/model-access-stack';
import { ModelCustomizationStack } from '../stacks/model-customization-stack';
import { OrganizationPolicyStack } from '../stacks/organization-policy-stack';
import { SecureLandingZoneStack } from '../stacks/secure-landing-zone-stack';

/**
 * Feature flags of the reference app, set in code so that `cdk synth` and the tests build the same templates.
 * - serverAccessLogsUseBucketPolicy: access-log delivery by bucket policy rather than the legacy ACL;
 * - minimizePolicies: merge equivalent IAM statements;
 * - defaultCrossStackReferences 'strong': the landing zone cannot be deleted while the customization stack still uses
 *   its keys and access-log bucket.
 */
export const REFERENCE_FEATURE_FLAGS: Readonly<Record<string, boolean | string>> = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

/** What the app built, for the gate and the reports. */
export interface GovernanceApp {
  readonly app: App;
  readonly landingZones: readonly SecureLandingZoneStack[];
  readonly modelAccess?: ModelAccessStack;
  readonly organization?: OrganizationPolicyStack;
  /**
   * The stage holding the organization stack, in the management (or delegated administrator) account: its own cloud
   * assembly, selected on its own with `cdk deploy 'Organization/*'` and the management account's credentials.
   */
  readonly organizationStage?: Stage;
  readonly customization?: ModelCustomizationStack;
  /** The compliance packs registered. */
  readonly packs: readonly CompliancePackName[];
  /** The config's acknowledgements as applied, and the construct warnings they accepted. */
  readonly ledger: AcknowledgementLedger;
  /** Where each construct comes from in the config (to point findings at config lines). */
  readonly origins: readonly ConstructOrigin[];
}

/** Options of the build. */
export interface BuildOptions {
  /** Folder of the config file: dataset files are relative to it. */
  readonly configDir: string;
  readonly appProps?: AppProps;
  /**
   * The parsed config file, to report problems found on the construct tree (an acknowledgement path that names no
   * construct) at their config lines, as a ConfigError.
   * @default - such problems throw a GovernanceValidationError naming the config path
   */
  readonly source?: ConfigSource;
}

const guardrailList = (g: GovernanceConfig['guardrail']): GuardrailReference[] => (g === undefined ? [] : Array.isArray(g) ? g : [g]);

/** Builds every reference stack from the config, with the compliance packs it names, and applies its acknowledgements. */
export function buildGovernanceApp(config: GovernanceConfig, options: BuildOptions): GovernanceApp {
  const props = options.appProps ?? {};
  const app = new App({ ...props, context: { ...REFERENCE_FEATURE_FLAGS, ...props.context } });
  const { account, regions, landingZone: lz } = config;
  const primary = regions[0]!;
  const partition = partitionOfRegion(primary);
  const guardrails = guardrailList(config.guardrail);
  const origins: ConstructOrigin[] = [];
  const acks: (PlannedAcknowledgement & { readonly at: readonly ConfigPathSegment[] })[] = [];
  const plan = (list: readonly { id: string; reason: string }[] | undefined, at: readonly ConfigPathSegment[], scope: IConstruct): void => {
    list?.forEach((a, k) => acks.push({ id: a.id, reason: a.reason, scope, at: [...at, k] }));
  };

  const trailArn = lz.trail.existingTrailArn ?? `arn:${partition}:cloudtrail:${primary}:${account}:trail/${lz.trail.name}`;
  // Throughput some team is granted: bought in the first region, invocable by its governance tag (team policies, the
  // runtime endpoint there, the SCP).
  const servedThroughput = grantedThroughputNames(config.teams, config.customization);
  const landingZones = regions.map((region, i) => {
    const own = lz.endpointModelsByRegion?.[region];
    const models = own ?? lz.endpointModels;
    const stack = new SecureLandingZoneStack(app, landingZoneStackId(region, i), {
      env: { account, region },
      description: `Bedrock secure landing zone in ${region}: keys, private endpoints, audit trail, invocation logging (cdk-bedrock-governance)`,
      endpointModels: i === 0 && servedThroughput.length > 0 ? { ...models, provisionedThroughput: servedThroughput } : models,
      network: lz.network,
      keys: { aliasPrefix: lz.keys.aliasPrefix, rotationPeriod: Duration.days(lz.keys.rotationDays) },
      logRetention: lz.logRetentionDays,
      // One multi-region trail, in the first region; the other regions (or all, with an existing trail) reference it.
      trail:
        i === 0 && !lz.trail.existingTrailArn
          ? { trailName: lz.trail.name, isMultiRegionTrail: lz.trail.multiRegion, dataEventResourceTypes: lz.trail.dataEventResourceTypes }
          : { existingTrailArn: trailArn },
      invocationLogging: lz.invocationLogging,
    });
    origins.push(
      { path: stack.node.path, segments: ['regions', i] },
      { path: stack.keys.node.path, segments: ['landingZone', 'keys'] },
      {
        path: stack.endpoints.node.path,
        segments: own ? ['landingZone', 'endpointModelsByRegion', region] : ['landingZone', 'endpointModels'],
        fieldsInMessages: true,
      },
      { path: stack.trail.node.path, segments: ['landingZone', 'trail'] },
      { path: stack.invocationLogging.node.path, segments: ['landingZone', 'invocationLogging'] },
    );
    plan(lz.acknowledgements, ['landingZone', 'acknowledgements'], stack.endpoints);
    return stack;
  });
  const home = landingZones[0]!;

  let modelAccess: ModelAccessStack | undefined;
  if (config.teams.length > 0) {
    const endpointIds = (teamRegions: readonly string[]): string[] =>
      landingZones.filter((_lz, i) => teamRegions.includes(regions[i]!)).flatMap((z) => [...z.endpoints.vpcEndpointIds]);
    const teams: TeamModelAccess[] = config.teams.map((t) => {
      const split = splitTeamAllow(t.access.allow, config.customization);
      return {
        name: t.name,
        roles: t.principals?.roles,
        existingRoleArns: t.principals?.existingRoleArns,
        access: {
          allow: split.models,
          // Custom models are encrypted with the training-data key (ModelCustomizationStack): callers need kms:Decrypt.
          provisionedThroughput: throughputGrants(split, config.customization, primary, home.keys.trainingData.keyArn),
          deny: t.access.deny,
          regions: t.access.regions,
          catalogRead: t.access.catalogRead,
          categories: t.access.categories,
          apiKeys: t.access.apiKeys,
          // The runtime endpoints of every landing-zone region the team invokes in (the semantic pass requires all of them).
          sourceVpcEndpoints: t.access.requireVpcEndpoint ? endpointIds(t.access.regions) : undefined,
          guardrail: t.access.requireGuardrail ? guardrails : undefined,
        },
      };
    });
    const crossRegion = config.teams.some((t) => t.access.requireVpcEndpoint && t.access.regions.some((r) => r !== primary));
    // IAM is global; the stack lives in the first landing-zone region. Endpoint ids of other regions are read with
    // CDK's cross-region references (SSM parameters written by the landing-zone stacks of those regions).
    modelAccess = new ModelAccessStack(app, STACK_IDS.modelAccess, {
      env: { account, region: primary },
      teams,
      crossRegionReferences: crossRegion,
      description: 'Bedrock model access roles (cdk-bedrock-governance)',
    });
    origins.push({ path: modelAccess.node.path, segments: ['teams'] });
    config.teams.forEach((t, ti) => {
      const policy = modelAccess!.policies[t.name]!;
      const base = constructId(t.name);
      origins.push({ path: policy.node.path, segments: ['teams', ti, 'access'], fieldsInMessages: true });
      (modelAccess!.roles[t.name] ?? []).forEach((role, r) =>
        origins.push({ path: role.node.path, segments: t.principals?.roles?.length ? ['teams', ti, 'principals', 'roles', r] : ['teams', ti, 'name'] }),
      );
      t.principals?.existingRoleArns?.forEach((_arn, e) =>
        origins.push({ path: `${modelAccess!.node.path}/${base}Existing${e + 1}`, segments: ['teams', ti, 'principals', 'existingRoleArns', e] }),
      );
      if (t.access.requireGuardrail && guardrails.length > 0) BedrockGovernanceChecks.requireGuardrail(policy, guardrails);
      plan(t.acknowledgements, ['teams', ti, 'acknowledgements'], policy);
    });
  }

  const org = config.organization;
  let organization: OrganizationPolicyStack | undefined;
  let organizationStage: Stage | undefined;
  if (org) {
    // SCPs are deployed from the management account or a delegated administrator, never from the workload account:
    // the stack has its own stage (cloud assembly) with that account as its environment.
    organizationStage = new Stage(app, STACK_IDS.organizationStage, { env: { account: org.account, region: org.region } });
    organization = new OrganizationPolicyStack(organizationStage, STACK_IDS.organization, {
      env: { account: org.account, region: org.region },
      description: 'Bedrock SCP (cdk-bedrock-governance)',
      modelPolicy: {
        allow: org.allow,
        deny: org.deny,
        regions: org.regions,
        targetIds: org.targetIds,
        maxPolicyCharacters: org.maxPolicyCharacters,
        maxPoliciesPerTarget: org.maxPoliciesPerTarget,
        apiKeys: org.apiKeys,
        longTermKeyMaxAgeDays: org.longTermKeyMaxAgeDays,
        baselineProtection: org.baselineProtection,
        serviceTiers: org.serviceTiers,
        servedThroughput: servedThroughputOf(config.teams, config.customization, partitionOfRegion(primary), account),
      },
    });
    origins.push({ path: organization.node.path, segments: ['organization'], fieldsInMessages: true });
    plan(org.acknowledgements, ['organization', 'acknowledgements'], organization.modelPolicy);
  }

  const c = config.customization;
  const customization = c
    ? new ModelCustomizationStack(app, STACK_IDS.customization, {
        env: { account, region: primary },
        description: 'Bedrock model customization: datasets, jobs, provisioned throughput (cdk-bedrock-governance)',
        keys: { trainingData: home.keys.trainingData, logs: home.keys.auditLogs },
        serverAccessLogsBucket: home.accessLogs.bucket,
        datasets: (c.datasets ?? []).map((d) => ({
          name: d.name,
          baseModel: d.baseModel,
          customizationType: d.customizationType,
          files: (d.files ?? []).map((f) => path.resolve(options.configDir, f)),
        })),
        jobs: c.jobs ?? [],
        provisionedThroughput: (c.provisionedThroughput ?? []).map((t) => ({
          ...t,
          // The schema requires exactly one of job and foundationModel.
          model: t.model.job !== undefined ? { job: t.model.job } : { foundationModel: t.model.foundationModel ?? '' },
        })),
      })
    : undefined;
  if (customization && c) {
    origins.push({ path: customization.node.path, segments: ['customization'] });
    c.datasets.forEach((d, i) =>
      origins.push({ path: `${customization.node.path}/Dataset${constructId(d.name)}`, segments: ['customization', 'datasets', i] }),
    );
    c.jobs.forEach((j, i) => origins.push({ path: `${customization.node.path}/Job${constructId(j.name)}`, segments: ['customization', 'jobs', i] }));
    c.provisionedThroughput.forEach((t, i) =>
      origins.push({ path: `${customization.node.path}/Throughput${constructId(t.name)}`, segments: ['customization', 'provisionedThroughput', i] }),
    );
  }

  const packs = config.compliance.packs as CompliancePackName[];
  // The guardrail condition is required only of the teams that ask (BedrockGovernanceChecks.requireGuardrail above).
  applyCompliancePacks(app, packs);
  const problems: ConfigIssue[] = [];
  config.compliance.acknowledgements.forEach((ack, k) => {
    const at: ConfigPathSegment[] = ['compliance', 'acknowledgements', k];
    const target = ack.path === undefined ? app : findConstructByPath(app, ack.path);
    if (target) {
      acks.push({ id: ack.id, reason: ack.reason, scope: target, at });
      return;
    }
    const near = nearestPaths(app, ack.path!);
    const stacks = app.node
      .findAll()
      .filter((s): s is Stack => Stack.isStack(s))
      .map((s) => s.node.path);
    const message = `names no construct (paths match by whole segments, from a stack: ${stacks.join(', ')})${near.length ? `; nearest: ${near.join(', ')}` : ''}`;
    if (!options.source) throw validationError('GovernanceConfigInvalid', `${formatPath([...at, 'path'])} '${ack.path}': ${message}`, app);
    problems.push(options.source.issue([...at, 'path'], 'acknowledgement', message, { value: ack.path }));
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const where = (at: readonly ConfigPathSegment[]): string | undefined => {
    if (!options.source) return formatPath(at);
    const { line, column } = options.source.position(at);
    return `${options.source.file}:${line}:${column} ${formatPath(at)}`;
  };
  const ledger = applyAcknowledgements(
    app,
    acks.map(({ at, ...a }) => ({ ...a, origin: where(at) })),
  );
  return { app, landingZones, modelAccess, organization, organizationStage, customization, packs, ledger, origins };
}
