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
export { InvocationLogging, InvocationLoggingOnDelete } from './constructs/invocation-logging/invocation-logging';
export type { InvocationLoggingProps } from './constructs/invocation-logging/invocation-logging';
export { GovernanceKeys } from './constructs/governance-keys/governance-keys';
export type { GovernanceKeysProps } from './constructs/governance-keys/governance-keys';
export { BEDROCK_ENDPOINT_SERVICES, BedrockPrivateEndpoints } from './constructs/private-endpoints/private-endpoints';
export type { BedrockEndpointService, BedrockPrivateEndpointsProps, EndpointModelAccess } from './constructs/private-endpoints/private-endpoints';
export { SecureLandingZoneStack } from './stacks/secure-landing-zone-stack';
export type { LandingZoneNetwork, LandingZoneTrail, SecureLandingZoneStackProps } from './stacks/secure-landing-zone-stack';
export { ModelCustomizationStack } from './stacks/model-customization-stack';
export type {
  CustomizationDatasetSpec,
  CustomizationJobSpec,
  CustomizationKeys,
  CustomizationThroughputSpec,
  ModelCustomizationStackProps,
} from './stacks/model-customization-stack';
export { ModelAccessStack } from './stacks/model-access-stack';
export type { ModelAccessStackProps, TeamModelAccess, TeamRole, TeamRoleTrust } from './stacks/model-access-stack';
export { OrganizationPolicyStack } from './stacks/organization-policy-stack';
export type { OrganizationPolicyStackProps } from './stacks/organization-policy-stack';
export { BEDROCK_GOVERNANCE_PACK_NAME, BedrockGovernanceChecks } from './policies/nag/bedrock-governance-checks';
export type { BedrockGovernanceChecksProps } from './policies/nag/bedrock-governance-checks';
export { BEDROCK_GOVERNANCE_RULES } from './policies/nag/rules/index';
export type { BedrockRule, RuleOptions } from './policies/nag/rules/index';
export { applyCompliancePacks, COMPLIANCE_PACKS } from './policies/nag/packs';
export type { CompliancePackName, PackOptions } from './policies/nag/packs';
export { ModelCustomizationJob } from './constructs/model-customization-job/model-customization-job';
export type {
  CustomizationTypeName,
  ModelCustomizationHyperParameters,
  ModelCustomizationJobProps,
  ModelCustomizationOutput,
  ModelCustomizationThroughput,
  ModelCustomizationVpcConfig,
} from './constructs/model-customization-job/model-customization-job';
export {
  CUSTOMIZATION_FAMILIES,
  HYPER_PARAMETER_NAMES,
  normalizeCustomizationType,
  renderHyperParameterTable,
  validateHyperParameters,
} from './policies/customization/hyperparameters';
export type { IDatasetLocation, ICustomModel } from './constructs/training-dataset/dataset-location';
export { TrainingDataset } from './constructs/training-dataset/training-dataset';
export type { ExistingDataset, TrainingDatasetProps, TrainingDatasetSummary } from './constructs/training-dataset/training-dataset';
export * from './policies/customization/index';
export { ProvisionedThroughput, ProvisionedThroughputCommitment } from './constructs/provisioned-throughput/provisioned-throughput';
export type { ProvisionedThroughputProps } from './constructs/provisioned-throughput/provisioned-throughput';
export * from './policies/config/index';
export { accessRows, renderAccessHtml, renderAccessMarkdown } from './policies/report/access';
export type { AccessRow, TeamAccessInput } from './policies/report/access';
export { complianceReport, complianceSummary, renderComplianceMarkdown } from './policies/report/compliance';
export type { ComplianceEntry, ComplianceReport, RawValidationReport } from './policies/report/compliance';
export * from './policies/iam/index';
