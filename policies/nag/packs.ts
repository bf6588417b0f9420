/** The compliance packs run on every synth of the reference app: cdk-nag's four and our Bedrock pack. */
import { IConstruct } from 'constructs';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { BedrockGovernanceChecks, BedrockGovernanceChecksProps } from './bedrock-governance-checks';

/** Names of the compliance packs this project runs. */
export type CompliancePackName = 'AwsSolutions' | 'HIPAA.Security' | 'NIST.800.53.R5' | 'PCI.DSS.321' | 'BedrockGovernance';

/** Every pack, by name. */
export const COMPLIANCE_PACKS: Readonly<Record<CompliancePackName, (scope: IConstruct, options?: PackOptions) => NagPack>> = {
  AwsSolutions: (scope) => new AwsSolutionsChecks(scope),
  'HIPAA.Security': (scope) => new HIPAASecurityChecks(scope),
  'NIST.800.53.R5': (scope) => new NIST80053R5Checks(scope),
  'PCI.DSS.321': (scope) => new PCIDSS321Checks(scope),
  BedrockGovernance: (scope, options) => new BedrockGovernanceChecks(scope, { guardrail: options?.guardrail }),
};

/** Options of the packs that take any (the Bedrock pack: the guardrail the app enforces). */
export interface PackOptions {
  readonly guardrail?: BedrockGovernanceChecksProps['guardrail'];
}

/**
 * Registers compliance packs as validation plugins on the app: synth fails on any unacknowledged finding
 * (cdk-nag 3 reports warnings as failures too) and writes cdk.out/validation-report.json.
 */
export function applyCompliancePacks(
  app: IConstruct,
  packs: readonly CompliancePackName[] = Object.keys(COMPLIANCE_PACKS) as CompliancePackName[],
  options: PackOptions = {},
): void {
  Validations.of(app).addPlugins(...packs.map((name) => COMPLIANCE_PACKS[name](app, options)));
}
