/**
 * Bedrock ARN builders and parsers. Formats (Service Authorization Reference):
 * - foundation-model:  arn:${Partition}:bedrock:${Region}::foundation-model/${ModelId}  (no account)
 * - inference-profile: arn:${Partition}:bedrock:${Region}:${Account}:inference-profile/${ProfileId}
 * - application-inference-profile, provisioned-model, custom-model, guardrail: with account.
 */

/** Resource types of ARN references that users may pass directly. */
export type ArnReferenceType = 'application-inference-profile' | 'provisioned-model' | 'custom-model';

/** Resource types recognised in Bedrock ARNs. */
export const ARN_REFERENCE_TYPES: readonly ArnReferenceType[] = ['application-inference-profile', 'provisioned-model', 'custom-model'];

/** A parsed Bedrock ARN. */
export interface ParsedBedrockArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly resourceType: string;
  readonly resourceId: string;
}

const ARN_RE = /^arn:(aws|aws-us-gov|aws-cn):bedrock:([a-z0-9-]*):([0-9]{12}|)?:([a-z-]+)\/(.+)$/;

/** Parses a Bedrock ARN, or returns undefined when the text is not one. */
export function parseBedrockArn(arn: string): ParsedBedrockArn | undefined {
  const m = ARN_RE.exec(arn);
  if (!m) return undefined;
  return {
    partition: m[1]!,
    region: m[2]!,
    account: m[3] ?? '',
    resourceType: m[4]!,
    resourceId: m[5]!,
  };
}

/** ARN of a foundation model in a region (`*` for any region, `''` for the region-less form). */
export function foundationModelArn(partition: string, region: string, modelId: string): string {
  return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

/** ARN of a system-defined inference profile. */
export function inferenceProfileArn(partition: string, region: string, account: string, profileId: string): string {
  return `arn:${partition}:bedrock:${region}:${account}:inference-profile/${profileId}`;
}

/** ARN pattern of every resource of a type in every region and account. */
export function anyArnOfType(partition: string, resourceType: string): string {
  return resourceType === 'foundation-model' ? foundationModelArn(partition, '*', '*') : `arn:${partition}:bedrock:*:*:${resourceType}/*`;
}

/** The ARN partition of a region. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}
