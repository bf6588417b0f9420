import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import type { GuardrailReference } from '../../iam/spec';
import { flatten, withStackEnvironment } from './cfn';
import { allowsInvoke, invokeActionsOf } from './invoke';
import { statementPool } from './principals';
import type { BedrockRule, RuleOptions } from './rule';
import { baseOperator, coversAction, identityStatements, Statement, testsOn } from './statements';

const GUARDRAIL_KEY = 'bedrock:GuardrailIdentifier';
const POSITIVE = ['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike'];
const NEGATIVE = ['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike'];

/**
 * Tests whether a condition value names one of the required guardrails (`<arn>:<version>`, or `<arn>` / `<arn>:…`
 * without a version).
 */
function acceptor(node: CfnResource, guardrails: readonly GuardrailReference[]): (value: string) => boolean {
  const text = (v: unknown): string => withStackEnvironment(flatten(Stack.of(node).resolve(v)), node);
  const tests = guardrails.map((guardrail): ((value: string) => boolean) => {
    const arn = text(guardrail.arn);
    if (guardrail.version !== undefined) {
      const exact = `${arn}:${text(guardrail.version)}`;
      return (v) => v === exact;
    }
    return (v) => v === arn || v.startsWith(`${arn}:`);
  });
  return (v) => tests.some((t) => t(v));
}

/** The guardrails of the options as a list (none when not given). */
function guardrailsOf(options?: RuleOptions): readonly GuardrailReference[] {
  const g = options?.guardrail;
  if (g === undefined) return [];
  return Array.isArray(g) ? (g as readonly GuardrailReference[]) : [g as GuardrailReference];
}

/** True when the statement has a condition on the guardrail key with one of the operators, naming only the required guardrail. */
function conditioned(s: Statement, operators: readonly string[], accepted: (v: string) => boolean, allowIfExists: boolean): boolean {
  return testsOn(s, GUARDRAIL_KEY).some((t) => {
    const op = baseOperator(t.operator);
    return operators.includes(op.name) && (allowIfExists || !op.ifExists) && t.values.length > 0 && t.values.every(accepted);
  });
}

/** Checks that every model invocation an identity policy allows must apply the pack's guardrail. */
export function checkGuardrailCondition(node: CfnResource, options?: RuleOptions): NagRuleResult {
  const guardrails = guardrailsOf(options);
  const own = guardrails.length > 0 ? identityStatements(node) : undefined;
  if (guardrails.length === 0 || !own) return NagRuleCompliance.NOT_APPLICABLE;
  const allows = own.filter(allowsInvoke);
  if (allows.length === 0) return NagRuleCompliance.COMPLIANT;
  const accepted = acceptor(node, guardrails);
  const pool = statementPool(node);
  const actions = [...new Set(allows.flatMap(invokeActionsOf))];
  const enforced = actions.every(
    (action) =>
      pool.some((s) => s.effect === 'Deny' && coversAction(s, action) && conditioned(s, NEGATIVE, accepted, true)) ||
      allows.filter((s) => coversAction(s, action)).every((s) => conditioned(s, POSITIVE, accepted, false)),
  );
  return enforced ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Rule: model invocation allowed without the guardrail the pack enforces. */
export const GuardrailCondition: BedrockRule = {
  id: 'GuardrailCondition',
  level: NagMessageLevel.ERROR,
  info: 'Model invocation is allowed without requiring the guardrail the pack enforces (bedrock:GuardrailIdentifier).',
  explanation:
    'Applies where the pack is told a guardrail is required: for the whole app (new BedrockGovernanceChecks(app, { guardrail: ' +
    '{ arn, version } })), or for the policies under one scope only (BedrockGovernanceChecks.requireGuardrail(scope, ' +
    'guardrails), as the reference app does for each team with requireGuardrail; the nearest scope wins, and with several ' +
    'guardrails, one per region, any of them is accepted). ' +
    'An identity policy that allows bedrock:InvokeModel or bedrock:InvokeModelWithResponseStream is compliant when, for each ' +
    'invoke action it allows, an identity policy attached to the same principal has a Deny of that action with a ' +
    'StringNotEquals/StringNotLike/ArnNotEquals/ArnNotLike condition on bedrock:GuardrailIdentifier naming only the guardrail, or ' +
    'every Allow of that action has a StringEquals/StringLike/ArnEquals/ArnLike condition (not …IfExists) on ' +
    'bedrock:GuardrailIdentifier naming only the guardrail. With a version the value must be <arn>:<version>; without one, <arn> ' +
    'or <arn>:<anything>. Give the ARN as a literal or from the same stack as the policies (a cross-stack reference renders as ' +
    'an import and does not compare equal). A guardrail enforced elsewhere (permissions boundary, SCP, Organizations Bedrock ' +
    'policy) is not seen: acknowledge the finding there. Fix: ModelAccessPolicy with its guardrail prop writes the Deny.',
  controls: ['GENSEC02-BP01'],
  check: checkGuardrailCondition,
};
