/**
 * Turns zod issues into config issues a platform engineer can act on: the position and path of the offending
 * value, the value, and what is accepted (the accepted keys of an object, the values of an enum, the expected type).
 */
import { z } from 'zod';
import { closest, editDistance } from '../iam/glob';
import { ConfigIssue, ConfigPathSegment, ConfigSource, formatPath } from './issues';

type ZodIssue = z.core.$ZodIssue;

/** Converts the issues of a failed parse of `data` against `schema`. */
export function convertZodIssues(issues: readonly ZodIssue[], schema: z.ZodType, data: unknown, source: ConfigSource): ConfigIssue[] {
  return issues.flatMap((issue) => convert(issue, [], schema, data, source));
}

function convert(issue: ZodIssue, base: readonly ConfigPathSegment[], schema: z.ZodType, data: unknown, source: ConfigSource): ConfigIssue[] {
  const segments = [...base, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
  const target = schemaAt(
    schema,
    issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
  );
  const value = valueAt(data, segments);
  const own = (message: string): string | undefined => (/^(Invalid|Too small|Too big|Unrecognized)/.test(message) ? undefined : message);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = target ? describeSchema(target) : issue.expected;
      if (isMissing(data, segments)) return [source.issue(segments, 'missing', `is required; expected ${expected}`, { at: 'key' })];
      if (value === null) return [source.issue(segments, 'type', `is empty; expected ${expected}`, { at: 'key' })];
      const hint =
        typeof value === 'number' && expected.startsWith('a string') ? '; quote it (YAML reads unquoted digits as a number and drops leading zeros)' : '';
      return [source.issue(segments, 'type', `expected ${expected}, received ${typeName(value)}${hint}`, { value: shown(value) })];
    }
    case 'unrecognized_keys': {
      const accepted = target ? objectKeys(target) : [];
      const where = segments.length === 0 ? 'the top level' : formatPath(segments);
      return issue.keys.map((key) => {
        const guess = suggestion(key, accepted);
        return source.issue([...segments, key], 'unknown-key', `unknown key${guess}; accepted keys of ${where}: ${accepted.join(', ')}`, { at: 'key' });
      });
    }
    case 'invalid_value': {
      const accepted = issue.values.map((v) => String(v));
      const guess = typeof value === 'string' ? suggestion(value, accepted) : '';
      return [source.issue(segments, 'enum', `is not accepted${guess}; accepted: ${accepted.join(', ')}`, { value: shown(value) })];
    }
    case 'invalid_format':
      return [source.issue(segments, 'format', own(issue.message) ?? `is not a valid ${issue.format}`, { value: shown(value) })];
    case 'too_small':
    case 'too_big':
      return [source.issue(segments, 'range', own(issue.message) ?? rangeMessage(issue, target), { value: shown(value) })];
    case 'invalid_union':
      return convertUnion(issue, segments, target, data, source);
    case 'invalid_key': {
      const detail = issue.issues.map((i) => own(i.message) ?? i.message).join('; ');
      return [source.issue(segments, 'format', `key ${detail}`, { at: 'key' })];
    }
    case 'custom':
      return [source.issue(segments, 'invalid', issue.message, { at: 'key' })];
    default:
      return [source.issue(segments, 'invalid', issue.message, { value: shown(value) })];
  }
}

/** A union: report the branch whose shape fits the value, or the accepted forms when none does. */
function convertUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  segments: readonly ConfigPathSegment[],
  target: z.ZodType | undefined,
  data: unknown,
  source: ConfigSource,
): ConfigIssue[] {
  const union = unwrap(target);
  const options = union instanceof z.ZodUnion ? (union.options as readonly z.ZodType[]) : [];
  const fitting = issue.errors
    .map((errors, index) => ({ errors, index }))
    .filter((b) => !b.errors.some((e) => e.code === 'invalid_type' && e.path.length === 0));
  const value = valueAt(data, segments);
  if (fitting.length === 0 || options.length !== issue.errors.length) {
    const expected = target ? describeSchema(target) : 'another form';
    return [source.issue(segments, 'type', `expected ${expected}, received ${typeName(value)}`, { value: shown(value) })];
  }
  const best = fitting.reduce((a, b) => (b.errors.length < a.errors.length ? b : a));
  const branch = options[best.index]!;
  return best.errors.flatMap((e) => convert(e, segments, branch, data, source));
}

function rangeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, target: z.ZodType | undefined): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'array' || issue.origin === 'set') return `must list ${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `must be ${small ? 'at least' : 'at most'} ${bound} character${bound === 1 ? '' : 's'}`;
  const num = unwrap(target);
  if (num instanceof z.ZodNumber) {
    const kind = num.isInt ? 'an integer' : 'a number';
    const min = num.minValue !== null && num.minValue > Number.MIN_SAFE_INTEGER ? num.minValue : undefined;
    const max = num.maxValue !== null && num.maxValue < Number.MAX_SAFE_INTEGER ? num.maxValue : undefined;
    if (min !== undefined && max !== undefined) return `is out of range; accepted: ${kind} from ${min} to ${max}`;
    if (min !== undefined) return `is out of range; accepted: ${kind} ${issue.inclusive || !small ? 'of at least' : 'greater than'} ${min}`;
    if (max !== undefined) return `is out of range; accepted: ${kind} of at most ${max}`;
  }
  return `must be ${small ? (issue.inclusive ? 'at least' : 'greater than') : issue.inclusive ? 'at most' : 'less than'} ${bound}`;
}

/** ` (did you mean 'allow'?)` when a candidate is close to the text. */
function suggestion(text: string, candidates: readonly string[]): string {
  const [best] = closest(text, candidates, 1);
  if (best === undefined) return '';
  const limit = Math.max(2, Math.floor(text.length / 3));
  return editDistance(text.toLowerCase(), best.toLowerCase()) <= limit ? ` (did you mean '${best}'?)` : '';
}

/** Strips optional, default and prefault wrappers. */
export function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodNullable) {
    s = s.unwrap() as z.ZodType;
  }
  return s;
}

/** The schema of the value at a path (the first fitting option of a union), or undefined. */
export function schemaAt(schema: z.ZodType, path: readonly ConfigPathSegment[]): z.ZodType | undefined {
  const s = unwrap(schema);
  if (path.length === 0) return schema;
  const [head, ...rest] = path;
  if (s instanceof z.ZodObject && typeof head === 'string') {
    const child = (s.shape as Record<string, z.ZodType>)[head];
    return child ? schemaAt(child, rest) : undefined;
  }
  if (s instanceof z.ZodArray && typeof head === 'number') return schemaAt(s.element as z.ZodType, rest);
  if (s instanceof z.ZodRecord) return schemaAt(s.valueType as z.ZodType, rest);
  if (s instanceof z.ZodUnion) {
    for (const option of s.options as readonly z.ZodType[]) {
      const found = schemaAt(option, path);
      if (found) return found;
    }
  }
  return undefined;
}

/** Keys of an object schema, in declaration order (of the object options, for a union). */
export function objectKeys(schema: z.ZodType): string[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodUnion) return [...new Set((s.options as readonly z.ZodType[]).flatMap(objectKeys))];
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** What a schema accepts, in words: `a list`, `one of fine-tuning, distillation`, `a mapping with keys id, newerThanCatalog?`. */
export function describeSchema(schema: z.ZodType): string {
  const s = unwrap(schema);
  if (s instanceof z.ZodString) return 'a string';
  if (s instanceof z.ZodNumber) return s.isInt ? 'an integer' : 'a number';
  if (s instanceof z.ZodBoolean) return 'true or false';
  if (s instanceof z.ZodArray) return 'a list';
  if (s instanceof z.ZodRecord) return 'a mapping';
  if (s instanceof z.ZodEnum) return `one of ${(s.options as readonly unknown[]).map(String).join(', ')}`;
  if (s instanceof z.ZodLiteral) return `one of ${[...(s.values as Set<unknown>)].map(String).join(', ')}`;
  if (s instanceof z.ZodUnion) return (s.options as readonly z.ZodType[]).map(describeSchema).join(' or ');
  if (s instanceof z.ZodObject) {
    const shape = s.shape as Record<string, z.ZodType>;
    const keys = Object.entries(shape).map(([k, v]) => (v instanceof z.ZodOptional || v instanceof z.ZodDefault || v instanceof z.ZodPrefault ? `${k}?` : k));
    return `a mapping with keys ${keys.join(', ')}`;
  }
  return 'another value';
}

function typeName(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return `${String(value)} (a boolean)`;
  return `a ${typeof value}`;
}

/** Values are shown when short and scalar; mappings and lists are described by the message instead. */
function shown(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? undefined : value;
}

/** The value at a path of plain data. */
export function valueAt(data: unknown, segments: readonly ConfigPathSegment[]): unknown {
  let v: unknown = data;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

function isMissing(data: unknown, segments: readonly ConfigPathSegment[]): boolean {
  if (segments.length === 0) return data === undefined;
  const parent = valueAt(data, segments.slice(0, -1));
  const last = segments[segments.length - 1]!;
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !Object.prototype.hasOwnProperty.call(parent, last);
}
