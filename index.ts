// Public API of cdk-bedrock-governance: re-exports only.
export { ModelAccessPolicy } from './constructs/model-access-policy/model-access-policy';
export type { ModelAccessPolicyProps, ModelAccessTarget } from './constructs/model-access-policy/model-access-policy';
export { OrganizationModelPolicy } from './constructs/organization-model-policy/organization-model-policy';
export type { OrganizationModelPolicyProps } from './constructs/organization-model-policy/organization-model-policy';
export { GovernanceKeys } from './constructs/governance-keys/governance-keys';
export type { GovernanceKeysProps } from './constructs/governance-keys/governance-keys';
export { BEDROCK_ENDPOINT_SERVICES, BedrockPrivateEndpoints } from './constructs/private-endpoints/private-endpoints';
export type { BedrockEndpointService, BedrockPrivateEndpointsProps, EndpointModelAccess } from './constructs/private-endpoints/private-endpoints';
export * from './policies/iam/index';
