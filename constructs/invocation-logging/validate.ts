import { Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { validationError } from '../private/engine-errors';
import type { InvocationLoggingOnDelete, InvocationLoggingProps } from './invocation-logging';

/** Props of InvocationLogging with defaults applied. */
export interface InvocationLoggingSettings {
  readonly keyPrefix: string;
  readonly deliverToS3: boolean;
  readonly deliverToCloudWatchLogs: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly onDelete: InvocationLoggingOnDelete;
  readonly notReplicatedBecause: string;
}

const DEFAULT_NOT_REPLICATED =
  'Bedrock delivers model invocation logs only to a bucket in the same account and region; copying prompts and completions to another region ' +
  'is a data-residency decision left to the owner of this stack (objects are versioned and retained)';

const KEY_PREFIX = /^[A-Za-z0-9!_.'()-]+(\/[A-Za-z0-9!_.'()-]+)*$/;
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const RETENTIONS = new Set(Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number'));
const ERROR = 'InvocationLoggingInvalid';

/** Validates the props (unresolved tokens are skipped) and applies the defaults. */
export function validateProps(scope: IConstruct, props: InvocationLoggingProps): InvocationLoggingSettings {
  const fail = (message: string): never => {
    throw validationError(ERROR, message, scope);
  };
  const keyPrefix = props.keyPrefix ?? 'bedrock-invocation-logs';
  if (!Token.isUnresolved(keyPrefix) && (keyPrefix.length > 512 || !KEY_PREFIX.test(keyPrefix))) {
    fail(
      `keyPrefix '${keyPrefix}' is not valid; accepted: 1 to 512 characters of letters, digits and !_.'()- in segments separated by '/', ` +
        `with no leading, trailing or double '/'`,
    );
  }
  const deliverToS3 = props.deliverToS3 ?? true;
  const deliverToCloudWatchLogs = props.deliverToCloudWatchLogs ?? true;
  if (!deliverToS3 && !deliverToCloudWatchLogs) {
    fail('deliverToS3 and deliverToCloudWatchLogs are both false; accepted: at least one destination (S3, CloudWatch Logs or both)');
  }
  if (!deliverToCloudWatchLogs) {
    if (props.logGroupName !== undefined) fail(`logGroupName '${props.logGroupName}' is set but deliverToCloudWatchLogs is false; accepted: omit it`);
    if (props.logRetention !== undefined) fail(`logRetention ${props.logRetention} is set but deliverToCloudWatchLogs is false; accepted: omit it`);
  }
  if (props.logGroupName !== undefined && !Token.isUnresolved(props.logGroupName) && !LOG_GROUP_NAME.test(props.logGroupName)) {
    fail(`logGroupName '${props.logGroupName}' is not valid; accepted: 1 to 512 characters of letters, digits and ._-/#`);
  }
  const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
  if (!Token.isUnresolved(logRetention) && (!RETENTIONS.has(logRetention) || logRetention === logs.RetentionDays.INFINITE)) {
    fail(
      `logRetention ${String(logRetention)} is not valid; accepted: a finite logs.RetentionDays value (1 to 3653 days, as CloudWatch Logs offers them); ` +
        'the bucket keeps the long-term copy',
    );
  }
  const onDelete = props.onDelete ?? 'restore-previous';
  if ((onDelete as string) !== 'restore-previous' && (onDelete as string) !== 'delete') {
    fail(`onDelete '${String(onDelete)}' is not valid; accepted: 'restore-previous' or 'delete'`);
  }
  const lock = props.objectLockRetentionDays;
  if (lock !== undefined && !Token.isUnresolved(lock) && (!Number.isInteger(lock) || lock < 1 || lock > 36500)) {
    fail(`objectLockRetentionDays ${lock} is out of range; accepted: an integer from 1 to 36500`);
  }
  if (props.handlerRoleName !== undefined && !Token.isUnresolved(props.handlerRoleName) && !/^[\w+=,.@-]{1,64}$/.test(props.handlerRoleName)) {
    fail(`handlerRoleName '${props.handlerRoleName}' is not an IAM role name; accepted: 1 to 64 letters, digits and +=,.@_-`);
  }
  const notReplicatedBecause = props.notReplicatedBecause ?? DEFAULT_NOT_REPLICATED;
  if (notReplicatedBecause.trim().length < 20) {
    fail(`notReplicatedBecause '${notReplicatedBecause}' is too short; accepted: a specific reason of at least 20 characters (it is shown to auditors)`);
  }
  return { keyPrefix, deliverToS3, deliverToCloudWatchLogs, logRetention, onDelete, notReplicatedBecause };
}
