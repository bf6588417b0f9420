// Composition of the reference app from a governance config (governance.yaml). Wiring only: every decision lives in
// the constructs, the stacks and the policy engine.
import * as path from 'node:path';
import { App, AppProps, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { validationError } from '../constructs/private/engine-errors';
import type { GovernanceConfig } from '../policies/config/index';
import type { GuardrailReference } from '../policies/iam/spec';
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

/** What the app built, for reports. */
export interface GovernanceApp {
  readonly app: App;
  readonly landingZones: readonly SecureLandingZoneStack[];
  readonly modelAccess?: ModelAccessStack;
  readonly organization?: OrganizationPolicyStack;
  readonly customization?: ModelCustomizationStack;
  /** The compliance packs registered. */
  readonly packs: readonly CompliancePackName[];
}

/** Options of the build. */
export interface BuildOptions {
  /** Folder of the config file: dataset files are relative to it. */
  readonly configDir: string;
  readonly appProps?: AppProps;
}

const guardrailList = (g: GovernanceConfig['guardrail']): GuardrailReference[] => (g === undefined ? [] : Array.isArray(g) ? g : [g]);

/** Builds every reference stack from the config, with the compliance packs it names. */
export function buildGovernanceApp(config: GovernanceConfig, options: BuildOptions): GovernanceApp {
  const props = options.appProps ?? {};
  const app = new App({ ...props, context: { ...REFERENCE_FEATURE_FLAGS, ...props.context } });
  const { account, regions, landingZone: lz } = config;
  const primary = regions[0]!;
  const guardrails = guardrailList(config.guardrail);

  const trailArn = lz.trail.existingTrailArn ?? `arn:aws:cloudtrail:${primary}:${account}:trail/${lz.trail.name}`;
  const landingZones = regions.map(
    (region, i) =>
      new SecureLandingZoneStack(app, i === 0 ? 'BedrockLandingZone' : `BedrockLandingZone-${region}`, {
        env: { account, region },
        description: `Bedrock secure landing zone in ${region}: keys, private endpoints, audit trail, invocation logging (cdk-bedrock-governance)`,
        endpointModels: lz.endpointModelsByRegion?.[region] ?? lz.endpointModels,
        network: lz.network,
        keys: { aliasPrefix: lz.keys.aliasPrefix, rotationPeriod: Duration.days(lz.keys.rotationDays) },
        logRetention: lz.logRetentionDays,
        // One multi-region trail, in the first region; the other regions (or all, with an existing trail) reference it.
        trail:
          i === 0 && !lz.trail.existingTrailArn
            ? { trailName: lz.trail.name, isMultiRegionTrail: lz.trail.multiRegion, dataEventResourceTypes: lz.trail.dataEventResourceTypes }
            : { existingTrailArn: trailArn },
        invocationLogging: lz.invocationLogging,
        endpointAcknowledgements: lz.acknowledgements,
      }),
  );
  const home = landingZones[0]!;

  let modelAccess: ModelAccessStack | undefined;
  if (config.teams.length > 0) {
    const teams: TeamModelAccess[] = config.teams.map((t) => {
      const outside = t.access.regions.filter((r) => r !== primary);
      if (t.access.requireVpcEndpoint && outside.length > 0) {
        throw validationError(
          'GovernanceConfigInvalid',
          `teams '${t.name}': requireVpcEndpoint with regions ${outside.join(', ')} outside the first landing-zone region (${primary}) needs cross-region references, which the reference app does not make; list only ${primary}, or drop requireVpcEndpoint`,
          app,
        );
      }
      return {
        name: t.name,
        roles: t.principals?.roles,
        existingRoleArns: t.principals?.existingRoleArns,
        acknowledgements: t.acknowledgements,
        access: {
          allow: t.access.allow,
          deny: t.access.deny,
          regions: t.access.regions,
          catalogRead: t.access.catalogRead,
          sourceVpcEndpoints: t.access.requireVpcEndpoint ? home.endpoints.vpcEndpointIds : undefined,
          guardrail: t.access.requireGuardrail ? guardrails : undefined,
        },
      };
    });
    // IAM is global; the stack lives in the first landing-zone region, where invocation logging is configured.
    modelAccess = new ModelAccessStack(app, 'BedrockModelAccess', {
      env: { account, region: primary },
      teams,
      description: 'Bedrock model access roles (cdk-bedrock-governance)',
    });
  }

  const organization = config.organization
    ? new OrganizationPolicyStack(app, 'BedrockOrganizationPolicy', {
        description: 'Bedrock SCP (cdk-bedrock-governance)',
        modelPolicy: {
          allow: config.organization.allow,
          deny: config.organization.deny,
          regions: config.organization.regions,
          targetIds: config.organization.targetIds,
          maxPolicyCharacters: config.organization.maxPolicyCharacters,
          maxPoliciesPerTarget: config.organization.maxPoliciesPerTarget,
        },
        acknowledgements: config.organization.acknowledgements,
      })
    : undefined;

  const c = config.customization;
  const customization = c
    ? new ModelCustomizationStack(app, 'BedrockModelCustomization', {
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

  const packs = config.compliance.packs as CompliancePackName[];
  applyCompliancePacks(app, packs, { guardrail: guardrails[0] });
  for (const ack of config.compliance.acknowledgements) {
    const target = ack.path ? findConstruct(app, ack.path) : app;
    Validations.of(target).acknowledge({ id: ack.id, reason: ack.reason });
  }
  return { app, landingZones, modelAccess, organization, customization, packs };
}

function findConstruct(app: App, constructPath: string): IConstruct {
  const found = app.node.findAll().find((c) => c.node.path === constructPath) ?? app.node.findAll().find((c) => c.node.path.startsWith(constructPath));
  if (!found) {
    const stacks = app.node.children.filter((s): s is Stack => Stack.isStack(s)).map((s) => s.node.path);
    throw validationError(
      'GovernanceConfigInvalid',
      `compliance.acknowledgements path '${constructPath}' names no construct; construct paths start with a stack: ${stacks.join(', ')}`,
      app,
    );
  }
  return found;
}
