/**
 * Field checks shared by the record validators: each problem names the field path (`messages[1].role`), the value
 * received and what is accepted.
 */

/** Receives one problem: the field path (`(record)` for the record as a whole) and the message. */
export type Report = (path: string, message: string) => void;

/** Path used for problems with the record as a whole. */
export const RECORD_PATH = '(record)';

const NON_BLANK = /\S/;

/** A short description of a JSON value for error messages: `number 42`, `string 'abc…'`, `array of 3`, `null`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === 'string') {
    if (value.length === 0) return 'an empty string';
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return NON_BLANK.test(value) ? `string '${shown}'` : `a blank string '${shown}'`;
  }
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Joins a parent path and a key: `messages[1]` + `role` → `messages[1].role`. */
export function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Checks a required non-blank string; returns its length (0 when it is not one). `what` ends the message
 * (`accepted: a non-empty string` by default).
 */
export function checkText(value: unknown, path: string, report: Report, accepted = 'a non-empty string'): number {
  if (typeof value === 'string' && NON_BLANK.test(value)) return value.length;
  report(path, value === undefined ? `missing; accepted: ${accepted}` : `got ${describe(value)}; accepted: ${accepted}`);
  return 0;
}

/** Reports every key of `object` not in `allowed` as an unknown field. */
export function checkKeys(object: Record<string, unknown>, allowed: readonly string[], path: string, report: Report, note = ''): void {
  for (const key in object) {
    if (!allowed.includes(key)) report(child(path, key), `unknown field; accepted fields: ${allowed.join(', ')}${note}`);
  }
}

/** Checks that the record is a JSON object; reports it otherwise. */
export function checkRecordObject(record: unknown, report: Report): record is Record<string, unknown> {
  if (isObject(record)) return true;
  report(RECORD_PATH, `got ${describe(record)}; accepted: a JSON object per line`);
  return false;
}

/**
 * Checks that the record has at least one field of its format; otherwise reports one error naming the fields it has
 * and the expected shape (instead of one error per missing and unknown field).
 */
export function checkShape(record: Record<string, unknown>, fields: readonly string[], shape: string, subject: string, report: Report): boolean {
  if (fields.some((f) => Object.hasOwn(record, f))) return true;
  const got = Object.keys(record);
  report(RECORD_PATH, `got ${got.length === 0 ? 'an empty object' : `fields ${got.join(', ')}`}; accepted: ${shape} (the dataset format of ${subject})`);
  return false;
}
