/**
 * The compliance gate: acknowledgements applied by whole construct-path segments, construct warnings (the policy
 * engine's, and any acknowledgeable one) collected as findings, stale acknowledgements found, and each finding
 * traced back to the config line it comes from. Works on any App; the reference app feeds it its config.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { warningField } from '../config/semantic-context';
import { ackCoversRule, ackCoversWarning, ANNOTATION_NAMESPACE, pathCovers, pathSegments, qualifiedAckId } from './acknowledgement-ids';

/** A construct warning: its construct path, its acknowledgeable id and its message. */
export interface ConstructWarning {
  readonly path: string;
  readonly id: string;
  readonly message: string;
}

/** An acknowledgement to apply to a scope, and where it is written (for messages). */
export interface PlannedAcknowledgement {
  readonly id: string;
  readonly reason: string;
  readonly scope: IConstruct;
  /** Where the acknowledgement is written, e.g. `governance.yaml:88:11 teams[0].acknowledgements[0]`. */
  readonly origin?: string;
}

/** A warning an acknowledgement removed, with the reason. */
export interface AcknowledgedWarning extends ConstructWarning {
  readonly reason: string;
  /** Index of the acknowledgement (in the planned list) that accepted it. */
  readonly by: number;
}

/** What applying the acknowledgements did. */
export interface AcknowledgementLedger {
  readonly acknowledgements: readonly PlannedAcknowledgement[];
  readonly acknowledgedWarnings: readonly AcknowledgedWarning[];
}

const WARNING_METADATA = 'aws:cdk:warning';
const ACK_TAG_RE = /^(.*) \[ack: ([^\]]+)\]$/s;

/** Every acknowledgeable warning in the tree (`Annotations.addWarningV2`), by construct path. */
export function collectWarnings(root: IConstruct): ConstructWarning[] {
  const out: ConstructWarning[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== WARNING_METADATA || typeof entry.data !== 'string') continue;
      const m = ACK_TAG_RE.exec(entry.data);
      if (m) out.push({ path: c.node.path, id: m[2]!, message: m[1]! });
    }
  }
  return out;
}

/** The construct at exactly this path (whole segments), or undefined. */
export function findConstructByPath(root: IConstruct, constructPath: string): IConstruct | undefined {
  const wanted = pathSegments(constructPath).join('/');
  return root.node.findAll().find((c) => c.node.path === wanted);
}

/** Paths of the constructs nearest to a path that names none: the deepest existing ancestor's children. */
export function nearestPaths(root: IConstruct, constructPath: string, max = 5): string[] {
  const segments = pathSegments(constructPath);
  for (let n = segments.length - 1; n >= 0; n--) {
    const parent = n === 0 ? root : findConstructByPath(root, segments.slice(0, n).join('/'));
    if (parent) return parent.node.children.map((c) => c.node.path).slice(0, max);
  }
  return [];
}

/**
 * Applies the acknowledgements (ids qualified: a bare `AwsSolutions-IAM5` becomes `AwsSolutions::AwsSolutions-IAM5`,
 * so that the validation report lists what it accepts with the reason), and records the construct warnings each one
 * removed. Call it once the app's constructs are built, before synthesis.
 */
export function applyAcknowledgements(root: IConstruct, acknowledgements: readonly PlannedAcknowledgement[]): AcknowledgementLedger {
  const before = collectWarnings(root);
  const acknowledgedWarnings: AcknowledgedWarning[] = [];
  const remaining = new Set(before);
  acknowledgements.forEach((ack, i) => {
    Validations.of(ack.scope).acknowledge({ id: qualifiedAckId(ack.id), reason: ack.reason });
    for (const w of [...remaining]) {
      if (ackCoversWarning(ack.id, w.id) && pathCovers(ack.scope.node.path || undefined, w.path)) {
        acknowledgedWarnings.push({ ...w, reason: ack.reason, by: i });
        remaining.delete(w);
      }
    }
  });
  return { acknowledgements, acknowledgedWarnings };
}

/** A validation-report entry as the gate reads it. */
export interface ReportedViolation {
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
  readonly description?: string;
  readonly reason?: string;
}

/** The acknowledgements that accepted nothing: no warning removed, no pack finding suppressed under their scope. */
export function staleAcknowledgements(ledger: AcknowledgementLedger, suppressed: readonly ReportedViolation[]): PlannedAcknowledgement[] {
  return ledger.acknowledgements.filter((ack, i) => {
    if (ledger.acknowledgedWarnings.some((w) => w.by === i)) return false;
    const scope = ack.scope.node.path || undefined;
    return !suppressed.some((v) => v.pack !== ANNOTATION_NAMESPACE && ackCoversRule(ack.id, v.pack, v.rule) && pathCovers(scope, v.path));
  });
}

/** Where a construct comes from in the config: its path and the config path that made it. */
export interface ConstructOrigin {
  readonly path: string;
  readonly segments: readonly (string | number)[];
  /**
   * The construct's warnings name a field of this config node first (`deny[0] 'x' overlaps …`): the origin of such a
   * warning is that field.
   */
  readonly fieldsInMessages?: boolean;
}

/** The config path a finding at a construct path comes from: the nearest origin, refined by the field its message names. */
export function originOf(origins: readonly ConstructOrigin[], constructPath: string, message?: string): readonly (string | number)[] | undefined {
  let best: ConstructOrigin | undefined;
  for (const o of origins) {
    if (pathCovers(o.path, constructPath) && (!best || pathSegments(o.path).length > pathSegments(best.path).length)) best = o;
  }
  if (!best) return undefined;
  const field = best.fieldsInMessages && message ? warningField(message) : [];
  return [...best.segments, ...field];
}
