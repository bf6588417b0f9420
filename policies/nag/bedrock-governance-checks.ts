/**
 * BedrockGovernanceChecks: a cdk-nag 3 rule pack for Amazon Bedrock governance, registered as a validation plugin.
 *
 * @example
 * Validations.of(app).addPlugins(new BedrockGovernanceChecks(app, { guardrail: { arn: guardrailArn, version: '1' } }));
 */
import type { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { GuardrailReference } from '../iam/spec';
import { withSynthesizedTemplates } from './rules/cfn';
import { BEDROCK_GOVERNANCE_RULES, BedrockRule } from './rules/index';

/** Name of the pack: rule ids are `BedrockGovernance-<rule>`, acknowledgements `BedrockGovernance::BedrockGovernance-<rule>`. */
export const BEDROCK_GOVERNANCE_PACK_NAME = 'BedrockGovernance';

/** Properties of BedrockGovernanceChecks. */
export interface BedrockGovernanceChecksProps extends NagPackProps {
  /**
   * The guardrail every model invocation must apply: identity policies that allow invocation must require it
   * (rule GuardrailCondition).
   * @default - no guardrail is enforced (the GuardrailCondition rule does not apply)
   */
  readonly guardrail?: GuardrailReference;
}

/** Guardrails required under a scope (BedrockGovernanceChecks.requireGuardrail), by scope. */
const requiredGuardrails = new WeakMap<IConstruct, readonly GuardrailReference[]>();

/**
 * Checks Amazon Bedrock governance: model access in identity policies (wildcards, non-IAM actions, inference profile
 * destinations, guardrail conditions), private endpoints, invocation logging and its bucket, customer-managed keys,
 * agent guardrails and trail data events. The rules, their levels and explanations: docs/rules.md.
 */
export class BedrockGovernanceChecks extends NagPack {
  public readonly name = BEDROCK_GOVERNANCE_PACK_NAME;
  /** The rules this pack applies. */
  public readonly rules: readonly BedrockRule[] = BEDROCK_GOVERNANCE_RULES;
  private readonly guardrail?: GuardrailReference;

  constructor(scope?: IConstruct, props?: BedrockGovernanceChecksProps) {
    super(scope, props);
    this.packName = BEDROCK_GOVERNANCE_PACK_NAME;
    this.guardrail = props?.guardrail;
  }

  /**
   * Requires a guardrail (or one of several, one per region) for the identity policies under `scope` only: the
   * GuardrailCondition rule checks them against it, whatever the pack's own `guardrail` says; policies outside every
   * such scope are checked against the pack's `guardrail`, if any. Call it before synthesis.
   */
  public static requireGuardrail(scope: IConstruct, guardrails: GuardrailReference | readonly GuardrailReference[]): void {
    requiredGuardrails.set(scope, Array.isArray(guardrails) ? [...(guardrails as readonly GuardrailReference[])] : [guardrails as GuardrailReference]);
  }

  /** The guardrails required for a resource: those of its nearest scope with requireGuardrail, else the pack's. */
  private guardrailFor(node: CfnResource): GuardrailReference | readonly GuardrailReference[] | undefined {
    for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
      const found = requiredGuardrails.get(c);
      if (found) return found;
    }
    return this.guardrail;
  }

  /**
   * Entry point of the validation framework: the rules read each resource's properties from the synthesized templates
   * of the run (read once) rather than rendering and resolving every resource again.
   */
  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return withSynthesizedTemplates(context.templatePaths, () => super.validate(context));
  }

  protected checkResource(node: CfnResource): void {
    const guardrail = this.guardrailFor(node);
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: rule.level,
        node,
        rule: (n: CfnResource) => rule.check(n, { guardrail }),
      });
    }
  }
}
