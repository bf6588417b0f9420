/**
 * Pure helpers of the invocation-logging handler: reading the resource properties, comparing configurations and
 * carrying the configuration that existed before in the physical resource id (see
 * docs/adr/0003-invocation-logging-previous-configuration.md).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { LoggingConfig, S3Config } from '@aws-sdk/client-bedrock';

/** What to do with the account's configuration when the resource is deleted. */
export type OnDelete = 'restore-previous' | 'delete';

/** The resource properties, read and typed. */
export interface LoggingProperties {
  readonly loggingConfig: LoggingConfig;
  readonly onDelete: OnDelete;
  readonly account: string;
  readonly region: string;
}

/**
 * The configuration in place before this resource was created:
 * - `none`: there was none (delete removes the configuration);
 * - `recorded`: kept in the physical resource id;
 * - `unrecorded`: too large to keep, allowed only with `onDelete: 'delete'`.
 */
export type PreviousConfiguration = { readonly kind: 'none' } | { readonly kind: 'recorded'; readonly config: LoggingConfig } | { readonly kind: 'unrecorded' };

/** CloudFormation accepts physical resource ids of up to 1 KB. */
export const MAX_PHYSICAL_ID_BYTES = 1024;

const ID_PREFIX = 'bedrock-invocation-logging';
const RECORDED_PREFIX = 'v1.';
const FLAGS = [
  'textDataDeliveryEnabled',
  'imageDataDeliveryEnabled',
  'embeddingDataDeliveryEnabled',
  'videoDataDeliveryEnabled',
  'audioDataDeliveryEnabled',
] as const;

/** Reads the resource properties; throws with the property name when one is missing or malformed. */
export function readProperties(props: Record<string, unknown>): LoggingProperties {
  const onDelete = props.OnDelete ?? 'restore-previous';
  if (onDelete !== 'restore-previous' && onDelete !== 'delete') {
    throw new Error(`OnDelete ${JSON.stringify(onDelete)} is not valid; accepted: 'restore-previous' or 'delete'`);
  }
  const account = requireString(props.Account, 'Account');
  const region = requireString(props.Region, 'Region');
  const raw = props.LoggingConfig;
  if (!isRecord(raw)) throw new Error('LoggingConfig is missing');
  const loggingConfig = normalizeConfig(raw);
  if (!loggingConfig.s3Config && !loggingConfig.cloudWatchConfig) throw new Error('LoggingConfig has neither s3Config nor cloudWatchConfig');
  return { loggingConfig, onDelete, account, region };
}

/**
 * Keeps the known fields of a logging configuration, turning the strings CloudFormation sends ('true'/'false')
 * into booleans and dropping empty values, so it can be sent, compared and stored.
 */
export function normalizeConfig(raw: Record<string, unknown>): LoggingConfig {
  const out: { -readonly [K in keyof LoggingConfig]: LoggingConfig[K] } = {};
  const s3 = s3ConfigOf(raw.s3Config);
  if (s3) out.s3Config = s3;
  if (isRecord(raw.cloudWatchConfig)) {
    const cw = raw.cloudWatchConfig;
    const logGroupName = optionalString(cw.logGroupName);
    const roleArn = optionalString(cw.roleArn);
    if (logGroupName && roleArn) {
      const large = s3ConfigOf(cw.largeDataDeliveryS3Config);
      out.cloudWatchConfig = { logGroupName, roleArn, ...(large ? { largeDataDeliveryS3Config: large } : {}) };
    }
  }
  for (const flag of FLAGS) {
    const v = booleanOf(raw[flag]);
    if (v !== undefined) out[flag] = v;
  }
  return out;
}

/** True when both configurations deliver to the same places (the S3 location and the log group). */
export function sameDestinations(a: LoggingConfig, b: LoggingConfig): boolean {
  const s3 = (c: LoggingConfig): string => (c.s3Config ? `${c.s3Config.bucketName}/${c.s3Config.keyPrefix ?? ''}` : '');
  const cw = (c: LoggingConfig): string => c.cloudWatchConfig?.logGroupName ?? '';
  return s3(a) === s3(b) && cw(a) === cw(b);
}

/** The physical resource id: `bedrock-invocation-logging:<account>:<region>:<previous>`. */
export function encodePhysicalId(account: string, region: string, previous: PreviousConfiguration): string {
  const state = previous.kind === 'recorded' ? RECORDED_PREFIX + deflateRawSync(JSON.stringify(previous.config)).toString('base64url') : previous.kind;
  return `${ID_PREFIX}:${account}:${region}:${state}`;
}

/** Reads a physical resource id written by encodePhysicalId; undefined when it is not one. */
export function decodePhysicalId(id: string): { account: string; region: string; previous: PreviousConfiguration } | undefined {
  const [prefix, account, region, state, ...rest] = id.split(':');
  if (prefix !== ID_PREFIX || !account || !region || !state || rest.length > 0) return undefined;
  if (state === 'none' || state === 'unrecorded') return { account, region, previous: { kind: state } };
  if (!state.startsWith(RECORDED_PREFIX)) return undefined;
  try {
    const parsed: unknown = JSON.parse(inflateRawSync(Buffer.from(state.slice(RECORDED_PREFIX.length), 'base64url')).toString('utf8'));
    if (!isRecord(parsed)) return undefined;
    return { account, region, previous: { kind: 'recorded', config: normalizeConfig(parsed) } };
  } catch {
    return undefined;
  }
}

function s3ConfigOf(v: unknown): S3Config | undefined {
  if (!isRecord(v)) return undefined;
  const bucketName = optionalString(v.bucketName);
  if (!bucketName) return undefined;
  const keyPrefix = optionalString(v.keyPrefix);
  return keyPrefix ? { bucketName, keyPrefix } : { bucketName };
}

function booleanOf(v: unknown): boolean | undefined {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function requireString(v: unknown, name: string): string {
  const s = optionalString(v);
  if (!s) throw new Error(`${name} is missing`);
  return s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
