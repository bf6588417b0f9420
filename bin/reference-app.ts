// Composition of the reference app, shared by bin/app.ts and the tests. Wiring only.
import { App, AppProps } from 'aws-cdk-lib';
import { applyCompliancePacks } from '../policies/nag/packs';
import { ModelAccessStack } from '../stacks/model-access-stack';
import { OrganizationPolicyStack } from '../stacks/organization-policy-stack';
import { SecureLandingZoneStack } from '../stacks/secure-landing-zone-stack';
import { REFERENCE_CONFIG, REFERENCE_ENV } from './reference-config';

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
export function buildReferenceApp(props: AppProps = {}): App {
  const app = new App({ ...props, context: { ...REFERENCE_FEATURE_FLAGS, ...props.context } });
  new SecureLandingZoneStack(app, 'BedrockLandingZone', {
    ...REFERENCE_CONFIG.landingZone,
    env: REFERENCE_ENV,
    description: 'Bedrock secure landing zone: keys, private endpoints, audit trail, invocation logging (cdk-bedrock-governance)',
  });
  new ModelAccessStack(app, 'BedrockModelAccess', { teams: REFERENCE_CONFIG.teams, description: 'Bedrock model access roles (cdk-bedrock-governance)' });
  new OrganizationPolicyStack(app, 'BedrockOrganizationPolicy', { ...REFERENCE_CONFIG.organization, description: 'Bedrock SCP (cdk-bedrock-governance)' });
  applyCompliancePacks(app);
  return app;
}
