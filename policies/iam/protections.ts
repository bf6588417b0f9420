/**
 * Organization-wide protections beside the model allow-list: Bedrock API keys, the account's baseline settings
 * (invocation logging, enforced guardrails, data retention) and service tiers. Pure: options in, SCP statements out.
 */
import { CONDITION_KEYS, INVOKE_ACTIONS } from './actions';
import { isList, oneOrMany, PolicyStatementJson } from './document';
import { ProblemCollector } from './errors';
import { API_KEYS_MODES, type ApiKeysMode } from './spec';
import { BEARER_TOKEN_ACTIONS, BEARER_TOKEN_TYPES } from './statements';

/** IAM's service name for Bedrock API keys (service-specific credentials). */
export const BEDROCK_CREDENTIAL_SERVICE = 'bedrock.amazonaws.com';

/** Longest lifetime IAM accepts for a service-specific credential, in days. */
export const MAX_CREDENTIAL_AGE_DAYS = 36600;

/** Actions that change or delete the account's Bedrock baseline: logging, enforced guardrails, data retention. */
export const BASELINE_ACTIONS = [
  'bedrock:PutModelInvocationLoggingConfiguration',
  'bedrock:DeleteModelInvocationLoggingConfiguration',
  'bedrock:PutEnforcedGuardrailConfiguration',
  'bedrock:DeleteEnforcedGuardrailConfiguration',
  'bedrock:PutAccountDataRetention',
  'bedrock-mantle:PutAccountDataRetention',
] as const;

/** Service tiers of Bedrock inference (`bedrock:ServiceTier`, `bedrock-mantle:ServiceTier`). */
export const SERVICE_TIERS = ['default', 'priority', 'flex', 'reserved'] as const;

/** Who may still change the baseline. */
export interface BaselineProtection {
  /**
   * Names of the IAM roles (in any member account) that may change the baseline: the deployment role of the stack
   * that sets it (e.g. `cdk-hnb659fds-cfn-exec-role-*`) and the role of its custom resource. Globs accepted. At least one.
   */
  readonly adminRoles: readonly string[];
}

/** The protections of an organization policy. */
export interface OrganizationProtections {
  /** @default 'short-term-only' (no long-term API keys: no service-specific credential for Bedrock can be created or used) */
  readonly apiKeys?: ApiKeysMode;
  /** With `apiKeys: allow`: the longest lifetime of a new long-term key, in days. Keys without expiry are denied. @default 90 */
  readonly longTermKeyMaxAgeDays?: number;
  /** @default - the baseline is not protected */
  readonly baselineProtection?: BaselineProtection;
  /** @default - any service tier */
  readonly serviceTiers?: readonly string[];
}

const ROLE_NAME_RE = /^[\w+=,.@*?-]{1,64}$/;

/** Validates the protections, recording problems. */
export function validateProtections(p: OrganizationProtections, problems: ProblemCollector): void {
  if (p.apiKeys !== undefined && !(API_KEYS_MODES as readonly string[]).includes(p.apiKeys)) {
    problems.add('apiKeys', p.apiKeys, `must be one of: ${API_KEYS_MODES.join(', ')}`);
  }
  const age = p.longTermKeyMaxAgeDays;
  if (age !== undefined) {
    if (p.apiKeys !== 'allow') problems.add('longTermKeyMaxAgeDays', age, "applies only with apiKeys: 'allow' (other modes allow no long-term key)");
    else if (!Number.isInteger(age) || age < 1 || age > MAX_CREDENTIAL_AGE_DAYS)
      problems.add('longTermKeyMaxAgeDays', age, `must be a whole number of days from 1 to ${MAX_CREDENTIAL_AGE_DAYS}`);
  }
  const roles = p.baselineProtection?.adminRoles;
  if (p.baselineProtection !== undefined) {
    if (!isList(roles) || roles.length === 0) {
      problems.add(
        'baselineProtection.adminRoles',
        roles,
        'must name at least one role: otherwise nobody, not even the landing zone deployment, could set invocation logging',
      );
    } else {
      roles.forEach((r, i) => {
        if (typeof r !== 'string' || !ROLE_NAME_RE.test(r) || /^[*?]+$/.test(r)) {
          problems.add(
            `baselineProtection.adminRoles[${i}]`,
            r,
            'must be an IAM role name (1-64 of letters, digits and +=,.@_-, globs * ?), not a bare wildcard',
          );
        }
      });
    }
  }
  if (p.serviceTiers !== undefined) {
    if (!isList(p.serviceTiers) || p.serviceTiers.length === 0)
      problems.add('serviceTiers', p.serviceTiers, `must list at least one of: ${SERVICE_TIERS.join(', ')}`);
    else
      p.serviceTiers.forEach((t, i) => {
        if (!(SERVICE_TIERS as readonly string[]).includes(t))
          problems.add(`serviceTiers[${i}]`, t, `is not a service tier; accepted: ${SERVICE_TIERS.join(', ')}`);
      });
  }
}

/** SCP statements for API keys. */
export function apiKeyProtection(mode: ApiKeysMode, maxAgeDays: number): PolicyStatementJson[] {
  const credential = { StringEquals: { 'iam:ServiceSpecificCredentialServiceName': BEDROCK_CREDENTIAL_SERVICE } };
  if (mode === 'deny') {
    return [
      { Sid: 'DenyApiKeys', Effect: 'Deny', Action: BEARER_TOKEN_ACTIONS.map((b) => b.action), Resource: '*' },
      { Sid: 'DenyLongTermApiKeys', Effect: 'Deny', Action: 'iam:CreateServiceSpecificCredential', Resource: '*', Condition: credential },
    ];
  }
  if (mode === 'short-term-only') {
    return [
      ...BEARER_TOKEN_ACTIONS.map((b, i) => ({
        Sid: i === 0 ? 'DenyLongTermKeyUse' : 'DenyLongTermMantleKeyUse',
        Effect: 'Deny' as const,
        Action: b.action,
        Resource: '*',
        Condition: { StringNotEquals: { [b.key]: BEARER_TOKEN_TYPES.short } },
      })),
      { Sid: 'DenyLongTermApiKeys', Effect: 'Deny', Action: 'iam:CreateServiceSpecificCredential', Resource: '*', Condition: credential },
    ];
  }
  return [
    {
      Sid: 'DenyLongLivedApiKeys',
      Effect: 'Deny',
      Action: 'iam:CreateServiceSpecificCredential',
      Resource: '*',
      Condition: { ...credential, NumericGreaterThan: { 'iam:ServiceSpecificCredentialAgeDays': String(maxAgeDays) } },
    },
    {
      Sid: 'DenyApiKeysWithoutExpiry',
      Effect: 'Deny',
      Action: 'iam:CreateServiceSpecificCredential',
      Resource: '*',
      Condition: { ...credential, Null: { 'iam:ServiceSpecificCredentialAgeDays': 'true' } },
    },
  ];
}

/** SCP statement protecting the baseline, except for the named roles. */
export function baselineProtection(p: BaselineProtection, partition: string): PolicyStatementJson[] {
  return [
    {
      Sid: 'ProtectBedrockBaseline',
      Effect: 'Deny',
      Action: [...BASELINE_ACTIONS],
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': oneOrMany(p.adminRoles.map((r) => `arn:${partition}:iam::*:role/${r}`)) } },
    },
  ];
}

/**
 * SCP statements limiting the service tiers. A request that names no tier runs in the default tier: it passes when
 * `default` is listed (the deny then applies only when the key is present), and is denied otherwise. (IAM's
 * `...IfExists` would not do: on a missing key it evaluates true, and the Deny would apply.)
 */
export function serviceTierLimit(tiers: readonly string[]): PolicyStatementJson[] {
  const tierKey = (key: string) => ({
    StringNotEquals: { [key]: oneOrMany([...tiers]) },
    ...(tiers.includes('default') ? { Null: { [key]: 'false' } } : {}),
  });
  return [
    { Sid: 'LimitServiceTiers', Effect: 'Deny', Action: [...INVOKE_ACTIONS], Resource: '*', Condition: tierKey(CONDITION_KEYS.serviceTier) },
    {
      Sid: 'LimitMantleServiceTiers',
      Effect: 'Deny',
      Action: 'bedrock-mantle:CreateInference',
      Resource: '*',
      Condition: tierKey('bedrock-mantle:ServiceTier'),
    },
  ];
}

/** Every protection statement of an organization policy. */
export function protectionStatements(p: OrganizationProtections, partition: string): PolicyStatementJson[] {
  return [
    ...apiKeyProtection(p.apiKeys ?? 'short-term-only', p.longTermKeyMaxAgeDays ?? 90),
    ...(p.baselineProtection ? baselineProtection(p.baselineProtection, partition) : []),
    ...(p.serviceTiers ? serviceTierLimit(p.serviceTiers) : []),
  ];
}
