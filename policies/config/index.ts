/** The governance config (governance.yaml): schema, loader, semantic checks and generated references. No CDK. */
export { loadConfig, parseConfig, checkConfig, checkConfigFile } from './load';
export type { ConfigCheckResult, ConfigFileCheckResult, LoadConfigOptions } from './load';
export { ConfigError, ConfigSource, formatIssue, formatPath } from './issues';
export { constructId, teamConstructIds, STACK_IDS, landingZoneStackId, teamPolicyPath, endpointsPath, ORGANIZATION_POLICY_PATH } from './ids';
export type { TeamConstructId, TeamIdsInput } from './ids';
export { partsOf, partsOfData } from './parts';
export type { ConfigParts, IndexedTeam } from './parts';
export type { ConfigIssue, ConfigIssueCode, ConfigPathSegment } from './issues';
export { GovernanceConfigSchema, COMPLIANCE_PACK_NAMES, pascalCase } from './schema';
export type {
  CompliancePackConfigName,
  ComplianceConfig,
  CustomizationConfig,
  GovernanceConfig,
  GovernanceConfigInput,
  LandingZoneConfig,
  ModelReferenceConfig,
  OrganizationConfig,
  TeamConfig,
} from './schema';
export { CONFIG_COMMITMENTS, CONFIG_CUSTOMIZATION_TYPES } from './schema-customization';
export { ENDPOINT_SERVICES, INVOCATION_LOGGING_ON_DELETE, LOG_RETENTION_DAYS } from './schema-landing-zone';
export { CONFIG_SCHEMA_PATH, governanceJsonSchema, renderConfigSchema, writeConfigSchema } from './json-schema';
export { CONFIG_DOC_PATH, renderConfigDoc, renderConfigDocFile, writeConfigDoc } from './doc';
