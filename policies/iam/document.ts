/** Plain IAM policy JSON types, as IAM and CloudFormation accept them. */

/** Condition block: operator → key → value(s). */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/** One IAM policy statement. */
export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  /** Exactly one of Action and NotAction. */
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionBlock;
}

/** One IAM policy document. */
export interface PolicyDocumentJson {
  Version: '2012-10-17';
  Statement: PolicyStatementJson[];
}

/** Wraps statements in a document. */
export function policyDocument(statements: PolicyStatementJson[]): PolicyDocumentJson {
  return { Version: '2012-10-17', Statement: statements };
}

/** Returns a single value unwrapped, several as an array (the compact form IAM accepts). */
export function oneOrMany(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0]! : [...values];
}

/** Array.isArray that keeps the element type of readonly arrays (instead of narrowing to any[]). */
export function isList<T>(value: readonly T[] | T | undefined | null): value is readonly T[] {
  return Array.isArray(value);
}

/** Values of a string-or-array field as an array. */
export function asArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
