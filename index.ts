// Public API of cdk-bedrock-governance: re-exports only.
export { ModelAccessPolicy } from './constructs/model-access-policy/model-access-policy';
export type { ModelAccessPolicyProps, ModelAccessTarget } from './constructs/model-access-policy/model-access-policy';
export { OrganizationModelPolicy } from './constructs/organization-model-policy/organization-model-policy';
export type { OrganizationModelPolicyProps } from './constructs/organization-model-policy/organization-model-policy';
export { BedrockAuditTrail } from './constructs/audit-trail/audit-trail';
export {
  BEDROCK_DATA_EVENT_RESOURCE_TYPES,
  KNOWN_BEDROCK_DATA_EVENT_RESOURCE_TYPES,
  OPTIONAL_BEDROCK_DATA_EVENT_RESOURCE_TYPES,
} from './constructs/audit-trail/data-event-types';
export type { BedrockAuditTrailProps, IBedrockAuditTrail } from './constructs/audit-trail/audit-trail';
export { GovernanceKeys } from './constructs/governance-keys/governance-keys';
export type { GovernanceKeysProps } from './constructs/governance-keys/governance-keys';
export { BEDROCK_ENDPOINT_SERVICES, BedrockPrivateEndpoints } from './constructs/private-endpoints/private-endpoints';
export type { BedrockEndpointService, BedrockPrivateEndpointsProps, EndpointModelAccess } from './constructs/private-endpoints/private-endpoints';
export * from './policies/iam/index';
