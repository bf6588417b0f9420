import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { asList, flatten, logicalIdOf, prop, renderedProperties, tagValue } from './cfn';
import { configuresInvocationLogging } from './environments';
import type { BedrockRule } from './rule';
import { coversAction, parseDocument, Statement, testsOn } from './statements';

/** Tag that marks a bucket as holding Bedrock data, and its accepted values. */
export const DATA_TAG_KEY = 'cdk-bedrock-governance:data';
export const DATA_TAG_VALUES = ['invocation-logs', 'training-data'] as const;

const BEDROCK_SERVICE = 'bedrock.amazonaws.com';
const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

const isEveryone = (p: Statement['principal']): boolean => p === '*' || (p !== undefined && (p.AWS ?? []).includes('*'));

/** Bedrock may write objects: Allow, service principal bedrock.amazonaws.com, s3:PutObject. */
const bedrockWrites = (s: Statement): boolean =>
  s.effect === 'Allow' &&
  s.principal !== undefined &&
  s.principal !== '*' &&
  (s.principal.Service ?? []).includes(BEDROCK_SERVICE) &&
  coversAction(s, 's3:PutObject');

/** Requests without TLS are denied: Deny, everyone, every S3 action, `Bool aws:SecureTransport = false`. */
const deniesPlainHttp = (s: Statement): boolean =>
  s.effect === 'Deny' &&
  isEveryone(s.principal) &&
  coversAction(s, 's3:GetObject') &&
  coversAction(s, 's3:PutObject') &&
  testsOn(s, 'aws:SecureTransport').some((t) => t.operator === 'Bool' && t.values.includes('false'));

/** The bucket policies of the bucket's stack that name the bucket (by Ref or by name), as statements. */
function bucketPolicyStatements(bucket: CfnResource, names: readonly string[]): Statement[] {
  const stack = Stack.of(bucket);
  return stack.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::S3::BucketPolicy' && Stack.of(c) === stack)
    .filter((p) => names.includes(flatten(prop(renderedProperties(p), 'Bucket'))))
    .flatMap((p) => parseDocument(prop(renderedProperties(p), 'PolicyDocument'), p));
}

/** True when a custom resource of the stack that configures model invocation logging names the bucket. */
function loggingTargets(bucket: CfnResource, logicalId: string, name: string | undefined): boolean {
  const stack = Stack.of(bucket);
  const needles = [`{"Ref":"${logicalId}"}`, `{"Fn::GetAtt":["${logicalId}",`, ...(name ? [`"${name}"`] : [])];
  return stack.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack && configuresInvocationLogging(c))
    .some((c) => {
      const text = JSON.stringify(renderedProperties(c));
      return needles.some((n) => text.includes(n));
    });
}

/**
 * Checks a bucket that holds Bedrock data (see the rule's explanation for how such a bucket is recognised). Findings:
 * `SSE-KMS`, `Versioning`, `TLS-only`.
 */
export function checkDataBucket(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
  const props = renderedProperties(node);
  const logicalId = logicalIdOf(node);
  const nameProp = prop(props, 'BucketName');
  const name = nameProp === undefined ? undefined : flatten(nameProp);
  const policy = bucketPolicyStatements(node, [`<${logicalId}>`, ...(name ? [name] : [])]);
  const tag = tagValue(props, DATA_TAG_KEY);
  const isDataBucket =
    (tag !== undefined && (DATA_TAG_VALUES as readonly string[]).includes(tag)) || policy.some(bedrockWrites) || loggingTargets(node, logicalId, name);
  if (!isDataBucket) return NagRuleCompliance.NOT_APPLICABLE;

  const findings: string[] = [];
  const encryption = asList(prop(prop(props, 'BucketEncryption'), 'ServerSideEncryptionConfiguration'));
  const algorithms = encryption.map((c) => flatten(prop(prop(c, 'ServerSideEncryptionByDefault'), 'SSEAlgorithm')));
  if (!algorithms.some((a) => KMS_ALGORITHMS.includes(a))) findings.push('SSE-KMS');
  if (flatten(prop(prop(props, 'VersioningConfiguration'), 'Status')) !== 'Enabled') findings.push('Versioning');
  if (!policy.some(deniesPlainHttp)) findings.push('TLS-only');
  return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
}

/** Rule: an invocation-log or training-data bucket without SSE-KMS, versioning or a TLS-only policy. */
export const DataBucket: BedrockRule = {
  id: 'DataBucket',
  level: NagMessageLevel.ERROR,
  info: 'A bucket holding Bedrock invocation logs or training data lacks SSE-KMS, versioning or a TLS-only bucket policy.',
  explanation:
    'Invocation logs hold every prompt and completion, training data shapes what a custom model says: both need encryption under ' +
    'a key the account controls, versions that survive an overwrite or a delete, and no plain-HTTP access. A bucket is checked ' +
    `when it carries the tag ${DATA_TAG_KEY} = ${DATA_TAG_VALUES.join(' or ')}, when a bucket policy of its stack allows ` +
    `the ${BEDROCK_SERVICE} service principal s3:PutObject, or when a custom resource of its stack that configures model ` +
    'invocation logging (InvocationLogging, or an AwsCustomResource calling PutModelInvocationLoggingConfiguration) names it. ' +
    'Findings: SSE-KMS (default encryption is not aws:kms or aws:kms:dsse), Versioning (VersioningConfiguration.Status is not ' +
    'Enabled), TLS-only (no bucket policy of the stack denies every principal S3 access with Bool aws:SecureTransport false). ' +
    'Bucket policies and custom resources in other stacks are not seen. Fix: encryption KMS, versioned and enforceSSL on ' +
    's3.Bucket (InvocationLogging does all three).',
  controls: ['GENSEC01-BP03', 'S3.17', 'S3.14', 'S3.5'],
  check: checkDataBucket,
};
