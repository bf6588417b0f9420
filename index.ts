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
export {
  CUSTOMIZATION_BASE_MODELS,
  customizationBaseModel,
  customizationSpec,
  CustomizationSpecError,
  formatDatasetError,
  formatDatasetErrors,
  validateDataset,
  CUSTOMIZATION_TYPES,
} from './policies/customization/index';
export type {
  CustomizationBaseModel,
  CustomizationSpec,
  CustomizationType,
  DatasetError,
  DatasetFileSummary,
  DatasetFormat,
  DatasetLimits,
  DatasetSplit,
  DatasetSummary,
  DatasetValidationOptions,
} from './policies/customization/index';
export { ProvisionedThroughput, ProvisionedThroughputCommitment } from './constructs/provisioned-throughput/provisioned-throughput';
export type { ProvisionedThroughputProps } from './constructs/provisioned-throughput/provisioned-throughput';
// The governance config and the governed app (what `cdk-bedrock-governance app` runs).
export {
  checkConfig,
  checkConfigFile,
  ConfigError,
  ConfigSource,
  formatIssue,
  GovernanceConfigSchema,
  loadConfig,
  parseConfig,
  STACK_IDS,
} from './policies/config/index';
export type {
  ConfigCheckResult,
  ConfigFileCheckResult,
  ConfigIssue,
  ConfigIssueCode,
  ConfigPathSegment,
  GovernanceConfig,
  GovernanceConfigInput,
  LoadConfigOptions,
  TeamConfig,
} from './policies/config/index';
export { runGovernedApp } from './bin/governed-app';
export type { GovernedAppOptions, GovernedAppResult } from './bin/governed-app';
export { buildGovernanceApp, REFERENCE_FEATURE_FLAGS } from './bin/governance-app';
export type { BuildOptions, GovernanceApp } from './bin/governance-app';
export { GovernanceValidationError } from './constructs/private/engine-errors';
export { accessRows, renderAccessHtml, renderAccessMarkdown } from './policies/report/access';
export type { AccessRow, TeamAccessInput } from './policies/report/access';
export { complianceReport, complianceSummary, renderComplianceMarkdown } from './policies/report/compliance';
export type { ComplianceEntry, ComplianceReport, RawValidationReport } from './policies/report/compliance';
// The policy engine: pure functions, no CDK.
export {
  buildControlPlaneEndpointPolicy,
  buildMantleEndpointPolicy,
  buildModelAccessPolicies,
  buildOrganizationModelPolicies,
  buildPrincipalEndpointPolicy,
  buildRuntimeEndpointPolicy,
  Catalog,
  DEFAULT_CATEGORIES,
  ENDPOINT_POLICY_MAX_CHARS,
  explainWildcards,
  loadCatalog,
  MANAGED_POLICIES_PER_ROLE,
  MANAGED_POLICY_MAX_CHARS,
  MODEL_CATEGORIES,
  PolicyPackingError,
  PolicySpecError,
  SCP_MAX_CHARS,
  SCP_MAX_CHARS_RAISED,
  SERVICE_TIERS,
  THROUGHPUT_TAG_KEY,
} from './policies/iam/index';
export type {
  ApiKeysMode,
  BaselineProtection,
  CatalogView,
  EndpointPolicyResult,
  EndpointPrincipals,
  GuardrailReference,
  ModelAccessOptions,
  ModelAccessResult,
  ModelAccessSpec,
  ModelCategory,
  ModelEndpointPolicySpec,
  ModelReference,
  ModelReferenceOptions,
  OrganizationModelOptions,
  OrganizationModelResult,
  OrganizationModelSpec,
  OrganizationProtections,
  PolicyDocumentJson,
  PolicyStatementJson,
  ResolvedSpec,
  RuntimeEndpointPolicySpec,
  ServedThroughput,
  SpecProblem,
  SpecWarning,
  ThroughputGrant,
  WildcardReason,
} from './policies/iam/index';
// Types that appear in the signatures above.
export { API_KEYS_MODES } from './policies/iam/spec';
export type { CatalogData, CatalogInferenceProfile, CatalogModel, CatalogRegion, ConditionBlock, ResolvedReference } from './policies/iam/index';
export type { AcknowledgementLedger, ConstructOrigin } from './policies/nag/gate';
export type { ComplianceExtras, GateStatus, RawViolation, RunMetadata, StaleAcknowledgement } from './policies/report/compliance';
export type { ControlId } from './policies/nag/data/controls';
export type { Commitment } from './constructs/provisioned-throughput/validate';
export type { ContinuedPretrainingFormat, ConversationFormat, LongestRecord, PromptCompletionFormat } from './policies/customization/index';
export type { CustomizationFamily, HyperParameterValidation } from './policies/customization/hyperparameters';
export type { GovernedBucket } from './constructs/private/governed-bucket';
export type { AcknowledgedWarning, PlannedAcknowledgement } from './policies/nag/gate';
export type { ProfileGeography, ResolvedArn, ResolvedFoundationModel, ResolvedInferenceProfile } from './policies/iam/index';
export type { ConversationSchema } from './policies/customization/index';
export type { HyperParameterTable } from './policies/customization/hyperparameters';
export type { GovernedBucketProps } from './constructs/private/governed-bucket';
export { COMMITMENTS } from './constructs/provisioned-throughput/constants';
export { CONTROLS } from './policies/nag/data/controls';
export type { ArnReferenceType } from './policies/iam/arn';
export type { ConstructWarning } from './policies/nag/gate';
export type { HyperParameterName, HyperParameterRange } from './policies/customization/hyperparameters';
export type { ProfileRoute } from './policies/iam/index';
