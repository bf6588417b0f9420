/**
 * What a BedrockGovernance rule is: its id, level and explanation, written once here in code (the pack applies them
 * and docs/rules.md is generated from them), and a pure check of one CloudFormation resource.
 */
import type { CfnResource } from 'aws-cdk-lib';
import type { NagMessageLevel, NagRuleResult } from 'cdk-nag';
import type { GuardrailReference } from '../../iam/spec';
import type { ControlId } from '../data/controls';

/** Settings of the pack that some rules read. */
export interface RuleOptions {
  /**
   * The guardrail (or the guardrails, one per region, any of which is accepted) every model invocation the resource
   * allows must apply (`bedrock:GuardrailIdentifier`).
   * @default - no guardrail is enforced and the GuardrailCondition rule does not apply
   */
  readonly guardrail?: GuardrailReference | readonly GuardrailReference[];
}

/** A compliance rule of the BedrockGovernance pack. */
export interface BedrockRule {
  /** Suffix of the rule id: findings are reported as `BedrockGovernance-<id>` (or `BedrockGovernance-<id>[<finding>]`). */
  readonly id: string;
  /** `Error` or `Warning` (cdk-nag 3 fails synthesis on both unless acknowledged; the level says how serious). */
  readonly level: NagMessageLevel;
  /** One line: what was found. */
  readonly info: string;
  /** Why it matters, what exactly is checked, and how to fix or acknowledge it. */
  readonly explanation: string;
  /** The controls the rule implements. */
  readonly controls: readonly ControlId[];
  /**
   * Checks one resource: `NagRuleCompliance.NOT_APPLICABLE` for resources the rule does not look at, `COMPLIANT`,
   * `NON_COMPLIANT`, or a list of findings (each reported and acknowledged as `<rule id>[<finding>]`).
   */
  readonly check: (node: CfnResource, options?: RuleOptions) => NagRuleResult;
}
