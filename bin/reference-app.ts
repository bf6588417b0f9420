// Composition of the reference app, shared by bin/app.ts and the tests. Wiring only.
import { App, AppProps } from 'aws-cdk-lib';
import { applyCompliancePacks } from '../policies/nag/packs';
import { ModelAccessStack } from '../stacks/model-access-stack';
import { OrganizationPolicyStack } from '../stacks/organization-policy-stack';
import { REFERENCE_CONFIG } from './reference-config';

/** Builds the reference app from the default configuration, with every compliance pack registered. */
export function buildReferenceApp(props: AppProps = {}): App {
  const app = new App(props);
  new ModelAccessStack(app, 'BedrockModelAccess', { teams: REFERENCE_CONFIG.teams, description: 'Bedrock model access roles (cdk-bedrock-governance)' });
  new OrganizationPolicyStack(app, 'BedrockOrganizationPolicy', { ...REFERENCE_CONFIG.organization, description: 'Bedrock SCP (cdk-bedrock-governance)' });
  applyCompliancePacks(app);
  return app;
}
