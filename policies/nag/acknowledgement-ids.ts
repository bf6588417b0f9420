/**
 * How acknowledgements name what they accept, as plain functions (no CDK): ids, construct paths matched by whole
 * segments, and whether an acknowledgement covers a finding. The config's semantic pass and the gate share them.
 */

/** Namespace aws-cdk-lib gives acknowledgeable construct warnings (`Annotation::<warning id>`). */
export const ANNOTATION_NAMESPACE = 'Annotation';

/** Prefix of the warnings the policy engine raises on constructs (`cdk-bedrock-governance:DenyOverridesAllow`). */
export const ENGINE_WARNING_PREFIX = 'cdk-bedrock-governance:';

/** Packs whose rule ids the gate recognizes without a namespace (`AwsSolutions-IAM5` → `AwsSolutions::AwsSolutions-IAM5`). */
export const PACK_NAMESPACES = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'BedrockGovernance'] as const;

/** An acknowledgement id, split: `Annotation` (a construct warning) or a pack name, and the rule or warning id. */
export interface ParsedAckId {
  readonly namespace: string;
  readonly rule: string;
}

/**
 * Splits an acknowledgement id. `Annotation::x` (any case) and a bare id that is not a pack rule are construct
 * warnings; `Pack::Pack-Rule` and a bare `Pack-Rule` of a known pack are pack rules.
 */
export function parseAckId(id: string): ParsedAckId {
  const sep = id.indexOf('::');
  if (sep > 0) {
    const namespace = id.slice(0, sep);
    return { namespace: /^annotation$/i.test(namespace) ? ANNOTATION_NAMESPACE : namespace, rule: id.slice(sep + 2) };
  }
  const pack = PACK_NAMESPACES.find((p) => id.startsWith(`${p}-`));
  return { namespace: pack ?? ANNOTATION_NAMESPACE, rule: id };
}

/** The id in the form the validation framework reports and suppresses with a reason: `<namespace>::<rule>`. */
export function qualifiedAckId(id: string): string {
  const p = parseAckId(id);
  return `${p.namespace}::${p.rule}`;
}

/** True when the acknowledgement id accepts the rule of a pack finding (`Pack-Rule` also covers `Pack-Rule[finding]`). */
export function ackCoversRule(ackId: string, pack: string, rule: string): boolean {
  const p = parseAckId(ackId);
  if (p.namespace !== pack) return false;
  return rule === p.rule || rule.startsWith(`${p.rule}[`);
}

/** True when the acknowledgement id accepts a construct warning with this id (`cdk-bedrock-governance:X`). */
export function ackCoversWarning(ackId: string, warningId: string): boolean {
  const p = parseAckId(ackId);
  return p.namespace === ANNOTATION_NAMESPACE && p.rule === warningId;
}

/** The segments of a construct path, without empty ones (`/A//B/` → `['A', 'B']`). */
export function pathSegments(constructPath: string): string[] {
  return constructPath.split('/').filter((s) => s.length > 0);
}

/**
 * True when `scope` (a construct path) is `target` or one of its ancestors, by whole segments:
 * `BedrockModelAccess/Research` covers `BedrockModelAccess/Research/Resource`, not `BedrockModelAccess/ResearchRole`.
 * An undefined scope is the whole app.
 */
export function pathCovers(scope: string | undefined, target: string): boolean {
  if (scope === undefined) return true;
  const s = pathSegments(scope);
  const t = pathSegments(target);
  return s.length <= t.length && s.every((seg, i) => seg === t[i]);
}
