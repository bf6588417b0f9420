#!/usr/bin/env node
// The reference app: wiring only. Synthesizes offline, without credentials.
import { App } from 'aws-cdk-lib';
import { applyCompliancePacks } from '../policies/nag/packs';
import { ModelAccessStack } from '../stacks/model-access-stack';
import { OrganizationPolicyStack } from '../stacks/organization-policy-stack';
import { REFERENCE_CONFIG } from './reference-config';

const app = new App();
new ModelAccessStack(app, 'BedrockModelAccess', { teams: REFERENCE_CONFIG.teams, description: 'Bedrock model access roles (cdk-bedrock-governance)' });
new OrganizationPolicyStack(app, 'BedrockOrganizationPolicy', { ...REFERENCE_CONFIG.organization, description: 'Bedrock SCP (cdk-bedrock-governance)' });
applyCompliancePacks(app);
app.synth();
