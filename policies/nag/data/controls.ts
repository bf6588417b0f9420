/**
 * The external controls the BedrockGovernance rules implement, written once: rules cite them by id and the rules
 * table (docs/rules.md) links them.
 *
 * Sources: AWS Well-Architected Framework, Generative AI Lens, security pillar best practices
 * (https://docs.aws.amazon.com/wellarchitected/latest/generative-ai-lens/security.html); AWS Security Hub CSPM control
 * reference (Amazon Bedrock, Amazon S3, AWS CloudTrail controls); Checkov's built-in AWS checks (CloudFormation and Terraform).
 */

/** A control: its title and where it is defined. */
export interface Control {
  readonly title: string;
  readonly url: string;
}

const LENS = 'https://docs.aws.amazon.com/wellarchitected/latest/generative-ai-lens';
const HUB = 'https://docs.aws.amazon.com/securityhub/latest/userguide';
const CHECKOV = 'https://www.checkov.io/5.Policy%20Index/all.html';

/** Every control a rule cites, by id. */
export const CONTROLS = {
  'GENSEC01-BP01': { title: 'Grant least privilege access to foundation model endpoints', url: `${LENS}/gensec01-bp01.html` },
  'GENSEC01-BP02': {
    title: 'Implement private network communication between foundation models and applications',
    url: `${LENS}/gensec01-bp02.html`,
  },
  'GENSEC01-BP03': {
    title: 'Implement least privilege access permissions for foundation models accessing data stores',
    url: `${LENS}/gensec01-bp03.html`,
  },
  'GENSEC01-BP04': { title: 'Implement access monitoring to generative AI services and foundation models', url: `${LENS}/gensec01-bp04.html` },
  'GENSEC02-BP01': { title: 'Implement guardrails to mitigate harmful or incorrect model responses', url: `${LENS}/gensec02-bp01.html` },
  'GENSEC03-BP01': {
    title: 'Implement control plane and data access monitoring to generative AI services and foundation models',
    url: `${LENS}/gensec03-bp01.html`,
  },
  'GENSEC05-BP01': {
    title: 'Implement least privilege access and permissions boundaries for agentic workflows',
    url: `${LENS}/gensec05-bp01.html`,
  },
  'Bedrock.1': { title: 'Amazon Bedrock data sources should be encrypted with customer managed AWS KMS keys', url: `${HUB}/bedrock-controls.html#bedrock-1` },
  'S3.5': { title: 'S3 general purpose buckets should require requests to use SSL', url: `${HUB}/s3-controls.html#s3-5` },
  'S3.14': { title: 'S3 general purpose buckets should have versioning enabled', url: `${HUB}/s3-controls.html#s3-14` },
  'S3.17': { title: 'S3 general purpose buckets should be encrypted at rest with AWS KMS keys', url: `${HUB}/s3-controls.html#s3-17` },
  'CloudTrail.1': {
    title: 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    url: `${HUB}/cloudtrail-controls.html#cloudtrail-1`,
  },
  CKV_AWS_373: { title: 'Ensure Bedrock Agent is encrypted with a CMK', url: CHECKOV },
  CKV_AWS_383: { title: 'Ensure AWS Bedrock agent is associated with Bedrock guardrails', url: CHECKOV },
} as const satisfies Record<string, Control>;

/** Id of a control in CONTROLS. */
export type ControlId = keyof typeof CONTROLS;
