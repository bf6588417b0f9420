/** The model-access policy engine: pure functions, no CDK. */
export * from './actions';
export * from './arn';
export { Catalog, loadCatalog } from './catalog/catalog';
export type { CatalogData, CatalogInferenceProfile, CatalogModel, CatalogRegion, ModelInferenceType, ProfileGeography } from './catalog/types';
export type { CatalogView } from './catalog-view';
export type { ConditionBlock, PolicyDocumentJson, PolicyStatementJson } from './document';
export { formatProblem, PolicySpecError } from './errors';
export type { SpecProblem, SpecWarning } from './errors';
export { globMatches, isGlob } from './glob';
export { buildModelAccessPolicies, buildModelAccessStatements } from './model-access';
export type { ModelAccessOptions, ModelAccessResult, ResolvedSpec } from './model-access';
export type { ProfileRoute, ResolvedArn, ResolvedFoundationModel, ResolvedInferenceProfile, ResolvedReference } from './resolve';
export { buildOrganizationModelPolicies } from './scp';
export type { OrganizationModelOptions, OrganizationModelResult, OrganizationModelSpec } from './scp';
export * from './size';
export type { GuardrailReference, ModelAccessSpec, ModelReference, ModelReferenceOptions } from './spec';
export { explainWildcards } from './wildcards';
export type { WildcardReason } from './wildcards';
