/**
 * The one retry policy of the custom-resource handlers (bundled into each of them by `npm run build:handlers`):
 * exponential backoff with full jitter, for throttling and for the errors AWS returns while a role or policy created
 * in the same deployment has not propagated yet, bounded by a total time so that a handler always answers
 * CloudFormation before its Lambda timeout. Any other error is thrown at once, unchanged.
 *
 * The SDK's own retries (standard mode) still run inside each attempt; this loop covers what they do not retry
 * (IAM propagation) and throttling that outlasts them.
 */

/** Why an error is worth another attempt. */
export type RetryReason = 'throttling' | 'iam-propagation';

/** Options of `withRetry`; the defaults suit a handler with a 5-minute Lambda timeout. */
export interface RetryOptions {
  /** Name of the call, for the log lines. */
  readonly operation: string;
  /** Longest time spent waiting and retrying, from the first attempt. @default 120_000 (2 minutes) */
  readonly maxElapsedMs?: number;
  /** Attempts at most, the first included. @default 10 */
  readonly maxAttempts?: number;
  /** Ceiling of the first delay; it doubles at every retry. @default 1_000 */
  readonly baseDelayMs?: number;
  /** Ceiling of any one delay. @default 30_000 */
  readonly maxDelayMs?: number;
  /** Which errors to retry, and why. @default retryReason */
  readonly classify?: (error: unknown) => RetryReason | undefined;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Clock. @default Date.now */
  readonly now?: () => number;
  /** Where the retries are reported. @default console.log */
  readonly log?: (message: string) => void;
}

export const DEFAULT_MAX_ELAPSED_MS = 120_000;
export const DEFAULT_MAX_ATTEMPTS = 10;
export const DEFAULT_BASE_DELAY_MS = 1_000;
export const DEFAULT_MAX_DELAY_MS = 30_000;

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const ACCESS_DENIED_NAMES = new Set(['AccessDenied', 'AccessDeniedException']);
/** The message IAM-dependent services return while a new role cannot be used yet. */
const PROPAGATION_MESSAGE = /failed to validate permissions|not authorized to perform|cannot be assumed|unable to assume|could not assume|assume ?role/i;
/** A ValidationException about the role or its permissions (rather than about the request's own values). */
const PERMISSION_VALIDATION = /permission|not authori[sz]ed|access denied|\baccess\b|\brole\b|assume/i;

/** Why the error is worth retrying: throttling, or IAM propagation; undefined for any other error. */
export function retryReason(error: unknown): RetryReason | undefined {
  const name = errorName(error);
  const message = errorMessage(error);
  const status = httpStatus(error);
  if ((name !== undefined && THROTTLING_NAMES.has(name)) || status === 429) return 'throttling';
  if (PROPAGATION_MESSAGE.test(message)) return 'iam-propagation';
  if (name !== undefined && ACCESS_DENIED_NAMES.has(name)) return 'iam-propagation';
  if (name === 'ValidationException' && PERMISSION_VALIDATION.test(message)) return 'iam-propagation';
  return undefined;
}

/** The delay before retry number `retry` (0 for the first retry): full jitter under a doubling ceiling. */
export function backoffDelay(retry: number, random: () => number, baseDelayMs = DEFAULT_BASE_DELAY_MS, maxDelayMs = DEFAULT_MAX_DELAY_MS): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Runs `call`, retrying the errors `classify` accepts with exponential backoff and full jitter, until it succeeds, an
 * error is not retryable, the attempts run out or the next wait would pass `maxElapsedMs`. The last error is thrown
 * unchanged, so callers keep turning it into the message CloudFormation shows.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxElapsedMs = options.maxElapsedMs ?? DEFAULT_MAX_ELAPSED_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const classify = options.classify ?? retryReason;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.log(m));
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const reason = classify(e);
      if (reason === undefined || attempt >= maxAttempts) throw e;
      const delay = backoffDelay(attempt - 1, random, options.baseDelayMs, options.maxDelayMs);
      const elapsed = now() - started;
      if (elapsed + delay > maxElapsedMs) {
        log(`${options.operation}: giving up after ${attempt} attempts and ${Math.round(elapsed / 1000)} s (${reason}): ${errorMessage(e)}`);
        throw e;
      }
      log(`${options.operation}: ${errorName(e) ?? 'error'} (${reason}), attempt ${attempt} of ${maxAttempts}; retrying in ${delay} ms: ${errorMessage(e)}`);
      await sleep(delay);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorName(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as { name?: unknown; Code?: unknown; code?: unknown };
  for (const v of [o.name, o.Code, o.code]) if (typeof v === 'string' && v !== 'Error') return v;
  return undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
}

function httpStatus(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null || !('$metadata' in e)) return undefined;
  const m = e.$metadata;
  return typeof m === 'object' && m !== null && 'httpStatusCode' in m && typeof m.httpStatusCode === 'number' ? m.httpStatusCode : undefined;
}
