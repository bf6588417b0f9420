/**
 * Policy size accounting and packing, counted as AWS counts:
 * - IAM managed policies: characters without whitespace (limit 6,144);
 * - SCPs: every character of the document as sent (limit 5,120, or 10,240 where raised).
 */
import { asArray, policyDocument, PolicyDocumentJson, PolicyStatementJson } from './document';

/** IAM's limit on a customer managed policy, whitespace not counted. */
export const MANAGED_POLICY_MAX_CHARS = 6144;
/** Default number of managed policies attachable to one role. */
export const MANAGED_POLICIES_PER_ROLE = 10;
/** Historical SCP size limit, whitespace counted. */
export const SCP_MAX_CHARS = 5120;
/** Raised SCP size limit (May 2026; not yet confirmed for every organization). */
export const SCP_MAX_CHARS_RAISED = 10240;
/** Historical number of SCPs attachable to one root, OU or account. */
export const SCPS_PER_TARGET = 5;

/** How to count a document. */
export interface SizeRule {
  /** True when whitespace does not count (IAM identity policies). */
  readonly ignoreWhitespace: boolean;
  /**
   * Unresolved values (CDK tokens) mapped to the length they will have once deployed, e.g. an account
   * token to 12. Unlisted tokens count as their own length.
   */
  readonly resolvedLengths?: Readonly<Record<string, number>>;
}

/** Number of characters AWS counts for a document. */
export function policySize(doc: PolicyDocumentJson | PolicyStatementJson, rule: SizeRule): number {
  let text = JSON.stringify(doc);
  let adjust = 0;
  for (const [token, length] of Object.entries(rule.resolvedLengths ?? {})) {
    if (token === '') continue;
    const parts = text.split(token);
    adjust += (parts.length - 1) * length;
    text = parts.join('');
  }
  return (rule.ignoreWhitespace ? text.replace(/\s/g, '').length : text.length) + adjust;
}

/** Raised when statements cannot be packed within the limits. */
export class PolicyPackingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyPackingError';
  }
}

/** Limits for packing. */
export interface PackLimits extends SizeRule {
  readonly maxCharacters: number;
  readonly maxDocuments: number;
  /** Names the kind of document in error messages, e.g. `managed policy`. */
  readonly documentKind: string;
  /** Plural of documentKind, e.g. `managed policies`. */
  readonly documentKinds: string;
  /** How to say what to do when it does not fit. */
  readonly remedy: string;
}

const EMPTY_DOC_OVERHEAD = (rule: SizeRule): number => policySize(policyDocument([]), rule);

/**
 * Splits a statement whose Resource list is too long into several statements with the same effect,
 * action and condition. Resource lists are ORed, so the split changes nothing. A statement whose only condition is
 * one key under a positive operator is split on its values too (also ORed). NotResource lists and other condition
 * lists cannot be split: such a statement that does not fit is an error.
 */
export function splitStatement(stmt: PolicyStatementJson, budget: number, rule: SizeRule): PolicyStatementJson[] {
  if (policySize(stmt, rule) <= budget) return [stmt];
  const resources = asArray(stmt.Resource);
  if (stmt.NotResource === undefined && resources.length < 2) {
    const byValue = splitConditionValues(stmt, budget, rule);
    if (byValue) return byValue;
  }
  if (stmt.NotResource !== undefined || resources.length < 2) return [stmt];
  const parts: PolicyStatementJson[] = [];
  let current: string[] = [];
  const make = (rs: string[], n: number): PolicyStatementJson => ({
    ...stmt,
    Sid: stmt.Sid ? `${stmt.Sid}P${n}` : undefined,
    Resource: rs.length === 1 ? rs[0]! : rs,
  });
  for (const r of resources) {
    const candidate = [...current, r];
    if (current.length > 0 && policySize(make(candidate, parts.length + 1), rule) > budget) {
      parts.push(make(current, parts.length + 1));
      current = [r];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) parts.push(make(current, parts.length + 1));
  // A part with one resource that is still too big may split on its condition values.
  return parts
    .flatMap((p) => (policySize(p, rule) > budget ? (splitConditionValues(p, budget, rule) ?? [p]) : [p]))
    .map((p) => (p.Sid === undefined ? withoutSid(p) : p));
}

/** Operators whose value list is ORed: a statement with one such key is the union of statements with parts of it. */
const POSITIVE_OPERATORS = new Set(['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike']);

/**
 * Splits a statement whose only condition is one key under a positive operator (its values ORed) into statements with
 * parts of the value list: for an Allow and for a Deny alike, the union of the parts means the same.
 */
function splitConditionValues(stmt: PolicyStatementJson, budget: number, rule: SizeRule): PolicyStatementJson[] | undefined {
  const ops = Object.entries(stmt.Condition ?? {});
  if (ops.length !== 1 || !POSITIVE_OPERATORS.has(ops[0]![0])) return undefined;
  const [op, keys] = ops[0]!;
  const entries = Object.entries(keys);
  if (entries.length !== 1) return undefined;
  const [key, value] = entries[0]!;
  const values = asArray(value);
  if (values.length < 2) return undefined;
  const make = (vs: string[], n: number): PolicyStatementJson => ({
    ...stmt,
    Sid: stmt.Sid ? `${stmt.Sid}C${n}` : undefined,
    Condition: { [op]: { [key]: vs.length === 1 ? vs[0]! : vs } },
  });
  const parts: PolicyStatementJson[] = [];
  let current: string[] = [];
  for (const v of values) {
    if (current.length > 0 && policySize(make([...current, v], parts.length + 1), rule) > budget) {
      parts.push(make(current, parts.length + 1));
      current = [v];
    } else current.push(v);
  }
  if (current.length > 0) parts.push(make(current, parts.length + 1));
  return parts.map((p) => (p.Sid === undefined ? withoutSid(p) : p));
}

function withoutSid(stmt: PolicyStatementJson): PolicyStatementJson {
  const { Sid: _sid, ...rest } = stmt;
  return rest;
}

/**
 * Packs statements into as few documents as fit: first fit by decreasing size (order has no meaning in IAM),
 * then each document keeps the statements in their given order. Throws PolicyPackingError naming the sizes when
 * they do not fit in `maxDocuments`.
 */
export function packStatements(statements: readonly PolicyStatementJson[], limits: PackLimits): PolicyDocumentJson[] {
  const overhead = EMPTY_DOC_OVERHEAD(limits);
  const budget = limits.maxCharacters - overhead;
  const pieces = statements
    .flatMap((s) => splitStatement(s, budget, limits))
    .map((statement, index) => ({ statement, index, size: policySize(statement, limits) }));
  const docs: { items: typeof pieces; used: number }[] = [];
  for (const piece of [...pieces].sort((a, b) => b.size - a.size || a.index - b.index)) {
    if (piece.size > budget) {
      throw new PolicyPackingError(
        `statement ${piece.statement.Sid ?? ''} needs ${piece.size + overhead} characters, over the ${limits.documentKind} limit of ${limits.maxCharacters}, ` +
          `and cannot be split (its NotResource or condition lists must stay whole). ${limits.remedy}`,
      );
    }
    // Statements after the first in a document cost one more character: the comma between them.
    const doc = docs.find((d) => d.used + 1 + piece.size <= budget);
    if (doc) {
      doc.items.push(piece);
      doc.used += 1 + piece.size;
    } else {
      docs.push({ items: [piece], used: piece.size });
    }
  }
  if (docs.length > limits.maxDocuments) {
    const total = docs.reduce((sum, d) => sum + d.used + overhead, 0);
    throw new PolicyPackingError(
      `the policy needs ${docs.length} ${limits.documentKinds} (${total} characters in all), more than the ${limits.maxDocuments} allowed ` +
        `at ${limits.maxCharacters} characters each. ${limits.remedy}`,
    );
  }
  return docs.map((d) => policyDocument(d.items.sort((a, b) => a.index - b.index).map((p) => p.statement)));
}
