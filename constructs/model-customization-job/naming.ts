/**
 * The job's name, derived from a hash of its training inputs, so that redeploying unchanged inputs starts nothing
 * new: Step Functions' StartExecution with an existing name and the same input never starts a second execution.
 */
import { createHash } from 'node:crypto';
import { Names, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** Characters of the input hash in the job name. */
export const HASH_LENGTH = 12;
/** Longest job name prefix (name = `<prefix>-<hash12>[-r<n>]` ≤ 63 characters, a valid job and execution name). */
export const MAX_PREFIX_LENGTH = 40;

/**
 * `<prefix>-<hash12>[-r<runAttempt>]`: the prefix comes from the construct path, the hash from the request as it is
 * written to the template (literals, and references to the resources it names), without the role ARN (the role does
 * not change what is trained).
 */
export function jobNameFor(scope: Construct, request: Readonly<Record<string, unknown>>, runAttempt: number): string {
  const { roleArn: _role, ...inputs } = request;
  const resolved = Stack.of(scope).resolve(inputs) as unknown;
  const hash = createHash('sha256').update(canonical(resolved)).digest('hex').slice(0, HASH_LENGTH);
  const prefix = Names.uniqueResourceName(scope, { maxLength: MAX_PREFIX_LENGTH, separator: '-' })
    .replace(/[^a-zA-Z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${prefix}-${hash}${runAttempt > 1 ? `-r${runAttempt}` : ''}`;
}

/** JSON with sorted keys and undefined dropped: the same inputs always give the same text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
