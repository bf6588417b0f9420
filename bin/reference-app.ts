// Composition of the reference app, shared by bin/app.ts and the tests. Wiring only.
import { App, AppProps } from 'aws-cdk-lib';
import { applyCompliancePacks } from '../policies/nag/packs';
import { ModelAccessStack } from '../stacks/model-access-stack';
import { OrganizationPolicyStack } from '../stacks/organization-policy-stack';
import { SecureLandingZoneStack } from '../stacks/secure-landing-zone-stack';
import { REFERENCE_ACCOUNT, REFERENCE_CONFIG } from './reference-config';

/**
 * Feature flags of the reference app, set in code so that `cdk synth` and the tests build the same templates.
 * - serverAccessLogsUseBucketPolicy: access-log delivery by bucket policy rather than the legacy ACL;
 * - minimizePolicies: merge equivalent IAM statements.
 */
export const REFERENCE_FEATURE_FLAGS: Readonly<Record<string, boolean>> = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
};

/** Builds the reference app from the default configuration, with every compliance pack registered. */
export function buildReferenceApp(props: AppProps = {}, config: typeof REFERENCE_CONFIG = REFERENCE_CONFIG): App {
  const app = new App({ ...props, context: { ...REFERENCE_FEATURE_FLAGS, ...props.context } });
  const { regions, trailName, endpointModelsByRegion, ...landingZone } = config.landingZone;
  const [primary] = regions;
  regions.forEach((region, i) => {
    new SecureLandingZoneStack(app, i === 0 ? 'BedrockLandingZone' : `BedrockLandingZone-${region}`, {
      ...landingZone,
      endpointModels: endpointModelsByRegion?.[region] ?? landingZone.endpointModels,
      env: { account: REFERENCE_ACCOUNT, region },
      // One multi-region trail, in the first region; the other regions reference it.
      trail: i === 0 ? { trailName } : { existingTrailArn: `arn:aws:cloudtrail:${primary}:${REFERENCE_ACCOUNT}:trail/${trailName}` },
      description: `Bedrock secure landing zone in ${region}: keys, private endpoints, audit trail, invocation logging (cdk-bedrock-governance)`,
    });
  });
  new ModelAccessStack(app, 'BedrockModelAccess', {
    // IAM is global; the stack lives in the first landing-zone region, where invocation logging is configured.
    env: { account: REFERENCE_ACCOUNT, region: config.landingZone.regions[0] },
    teams: config.teams,
    description: 'Bedrock model access roles (cdk-bedrock-governance)',
  });
  new OrganizationPolicyStack(app, 'BedrockOrganizationPolicy', { ...config.organization, description: 'Bedrock SCP (cdk-bedrock-governance)' });
  applyCompliancePacks(app);
  return app;
}
