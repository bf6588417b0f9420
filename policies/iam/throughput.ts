/**
 * Provisioned throughput the governed principals may invoke, found by its governance tag.
 *
 * A provisioned throughput's ARN (`…:provisioned-model/<id>`) gets a random id when it is bought, and a job's
 * throughput is bought by its workflow hours after the deployment: no policy can name it by ARN. The throughput
 * carries the tag `cdk-bedrock-governance:provisioned-throughput = <name>` from its creation (the customization stack
 * sets it), and IAM authorizes `bedrock:InvokeModel*` on a provisioned model with `aws:ResourceTag/${TagKey}`
 * (service authorization reference: the provisioned-model resource type). So:
 * - identity policies allow invocation of the provisioned models of the account and region whose tag is one of the
 *   granted names, and deny the principals any change of that tag (TagResource, UntagResource, and buying a
 *   throughput that carries it), so that a team cannot point the grant at another throughput;
 * - callers of a custom model encrypted with a customer managed key need `kms:Decrypt` on that key through Bedrock;
 * - SCPs exempt such tagged throughput from the model allow-list and deny the tag's changes to every principal but
 *   the roles that buy the throughput (scp.ts).
 * Pure: grants in, statements out.
 */
import { INVOKE_ACTIONS } from './actions';
import { isList, oneOrMany, PolicyStatementJson } from './document';
import type { ProblemCollector } from './errors';
import { globMatches } from './glob';
import { isUnresolved } from './validate';

/** The tag that names a governed provisioned throughput (its value: the throughput's name in the config). */
export const THROUGHPUT_TAG_KEY = 'cdk-bedrock-governance:provisioned-throughput';

/** The condition key of the tag, on the provisioned model. */
export const THROUGHPUT_TAG_CONDITION = `aws:ResourceTag/${THROUGHPUT_TAG_KEY}`;

/** Actions that set or remove a tag of a provisioned throughput, or buy one with tags. */
export const THROUGHPUT_TAG_ACTIONS = ['bedrock:TagResource', 'bedrock:UntagResource', 'bedrock:CreateProvisionedModelThroughput'] as const;

/** Sids of the statements that go with a throughput grant in an identity policy but name no invocation. */
export const THROUGHPUT_COMPANION_SIDS: readonly string[] = ['DecryptModelKeys', 'ProtectThroughputTag'];

/** A provisioned throughput the principals may invoke. */
export interface ThroughputGrant {
  /** Its name: the value of its governance tag (1–256 of letters, digits, spaces and `_.:/=+-@`). */
  readonly name: string;
  /** Its region (one of the policy's regions). */
  readonly region: string;
  /**
   * The customer managed key that encrypts the custom model it serves: callers need `kms:Decrypt` on it through
   * Bedrock. A key ARN (or a CDK token resolving to one).
   * @default - no customer managed key (a foundation model, or a custom model with an AWS owned key)
   */
  readonly modelKeyArn?: string;
  /**
   * The foundation model it serves, or the base model of the custom model it serves: a grant whose model the deny-list
   * covers is rejected (IAM authorizes a provisioned-throughput call on the provisioned model alone, so a deny of the
   * foundation model would not stop it).
   * @default - not checked against the deny-list
   */
  readonly baseModel?: string;
}

/** A tag value Bedrock accepts: 1-256 of letters, digits, spaces and `_.:/=+-@`. */
export const TAG_VALUE_RE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const KEY_ARN_RE = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;
const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];

/**
 * Validates the grants against the policy's regions and deny-list (foundation-model globs), recording problems under
 * `field`.
 */
export function validateThroughputGrants(
  grants: readonly ThroughputGrant[] | undefined,
  regions: readonly string[],
  field: string,
  problems: ProblemCollector,
  deniedModels: readonly string[] = [],
): readonly ThroughputGrant[] {
  if (grants === undefined) return [];
  if (!isList(grants)) {
    problems.add(field, grants, 'must be a list of { name, region, modelKeyArn? }');
    return [];
  }
  const seen = new Set<string>();
  grants.forEach((g, i) => {
    const at = `${field}[${i}]`;
    if (typeof g?.name !== 'string' || !TAG_VALUE_RE.test(g.name))
      problems.add(`${at}.name`, g?.name, 'must be a tag value: 1-256 of letters, digits, spaces and _.:/=+-@');
    if (typeof g?.region !== 'string' || (regions.length > 0 && !regions.includes(g.region)))
      problems.add(`${at}.region`, g?.region, `must be one of the policy's regions (${regions.join(', ')})`);
    if (g?.modelKeyArn !== undefined && (typeof g.modelKeyArn !== 'string' || (!isUnresolved(g.modelKeyArn) && !KEY_ARN_RE.test(g.modelKeyArn))))
      problems.add(`${at}.modelKeyArn`, g.modelKeyArn, 'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias');
    if (g?.baseModel !== undefined) {
      const base = g.baseModel;
      const denied = deniedModels.find((d) => baseModelForms(base).some((m) => globMatches(d, m)));
      if (denied !== undefined)
        problems.add(
          `${at}.baseModel`,
          g.baseModel,
          `is denied by the deny-list ('${denied}'); a provisioned throughput of it would be invocable all the same (IAM checks only the provisioned model): drop the grant or the deny`,
        );
    }
    const key = `${g?.region}/${g?.name}`;
    if (seen.has(key)) problems.add(`${at}.name`, g?.name, `repeats a throughput already granted in ${g?.region}`);
    seen.add(key);
  });
  return grants;
}

/**
 * The ids a deny of a base model may be written against: the id, and without its context-window suffix
 * (`amazon.nova-lite-v1:0:300k` → `amazon.nova-lite-v1:0`).
 */
export function baseModelForms(id: string): string[] {
  const plain = id.replace(/:[0-9]+[km]$/, '');
  return plain === id ? [id] : [id, plain];
}

/** Provisioned-model ARNs of an account and region, any id. */
export function provisionedModelsArn(partition: string, region: string, account: string): string {
  return `arn:${partition}:bedrock:${region}:${account}:provisioned-model/*`;
}

/** `InvokeThroughput…`: invocation of the tagged throughput, one statement per region. */
export function allowThroughput(grants: readonly ThroughputGrant[], partition: string, account: string): PolicyStatementJson[] {
  const regions = uniq(grants.map((g) => g.region));
  return regions.map((region, i) => ({
    Sid: `InvokeThroughput${regions.length > 1 ? i + 1 : ''}`,
    Effect: 'Allow',
    Action: [...INVOKE_ACTIONS],
    Resource: provisionedModelsArn(partition, region, account),
    Condition: { StringEquals: { [THROUGHPUT_TAG_CONDITION]: oneOrMany(uniq(grants.filter((g) => g.region === region).map((g) => g.name))) } },
  }));
}

/** `DecryptModelKeys`: `kms:Decrypt` on the custom models' keys, only through Bedrock in the throughput's regions. */
export function decryptModelKeys(grants: readonly ThroughputGrant[]): PolicyStatementJson[] {
  const keyed = grants.filter((g) => g.modelKeyArn !== undefined);
  if (keyed.length === 0) return [];
  return [
    {
      Sid: 'DecryptModelKeys',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: oneOrMany(uniq(keyed.map((g) => g.modelKeyArn!))),
      Condition: { StringEquals: { 'kms:ViaService': oneOrMany(uniq(keyed.map((g) => `bedrock.${g.region}.amazonaws.com`))) } },
    },
  ];
}

/**
 * `ProtectThroughputTag`: the principals may not set, remove or buy with the governance tag, in any letter case (IAM
 * matches the tag key of `aws:ResourceTag/<key>` without regard to case, so a case variant must not slip through).
 */
export function protectThroughputTag(): PolicyStatementJson {
  return {
    Sid: 'ProtectThroughputTag',
    Effect: 'Deny',
    Action: [...THROUGHPUT_TAG_ACTIONS],
    Resource: '*',
    Condition: { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': THROUGHPUT_TAG_KEY } },
  };
}

/** Every statement of the grants in an identity policy. */
export function throughputStatements(grants: readonly ThroughputGrant[], partition: string, account: string): PolicyStatementJson[] {
  if (grants.length === 0) return [];
  return [...allowThroughput(grants, partition, account), ...decryptModelKeys(grants), protectThroughputTag()];
}
