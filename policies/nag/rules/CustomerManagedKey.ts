import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { flatten, isCustomResource, isObject, prop, renderedProperties } from './cfn';
import type { BedrockRule } from './rule';

/** Where each Bedrock resource type takes its customer-managed key: a property path. */
const KEY_PATHS: Readonly<Record<string, readonly string[]>> = {
  'AWS::Bedrock::Agent': ['CustomerEncryptionKeyArn'],
  'AWS::Bedrock::DataSource': ['ServerSideEncryptionConfiguration', 'KmsKeyArn'],
  'AWS::Bedrock::Guardrail': ['KmsKeyArn'],
};

const hasValue = (v: unknown): boolean => v !== undefined && v !== null && flatten(v) !== '';

/**
 * The CreateModelCustomizationJob requests a custom resource's properties carry (objects with `baseModelIdentifier`
 * and `customModelName` or `trainingDataConfig`, in any case, JSON text included).
 */
function customizationRequests(value: unknown, depth = 0): Record<string, unknown>[] {
  if (depth > 8) return [];
  let v = value;
  if (typeof v === 'string' && v.trimStart().startsWith('{')) {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return [];
    }
  }
  if (Array.isArray(v)) return v.flatMap((x) => customizationRequests(x, depth + 1));
  if (!isObject(v)) return [];
  const self =
    prop(v, 'baseModelIdentifier') !== undefined && (prop(v, 'customModelName') !== undefined || prop(v, 'trainingDataConfig') !== undefined) ? [v] : [];
  return [...self, ...Object.values(v).flatMap((x) => customizationRequests(x, depth + 1))];
}

/** Checks that Bedrock agents, data sources, guardrails and custom models are encrypted with a customer-managed key. */
export function checkCustomerManagedKey(node: CfnResource): NagRuleResult {
  const path = KEY_PATHS[node.cfnResourceType];
  if (path) {
    const key = path.reduce<unknown>((obj, name) => prop(obj, name), renderedProperties(node));
    return hasValue(key) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  if (!isCustomResource(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const requests = customizationRequests(renderedProperties(node));
  if (requests.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return requests.every((r) => hasValue(prop(r, 'customModelKmsKeyId'))) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Rule: a Bedrock resource holding customer data without a customer-managed key. */
export const CustomerManagedKey: BedrockRule = {
  id: 'CustomerManagedKey',
  level: NagMessageLevel.WARN,
  info: 'A Bedrock agent, knowledge base data source, guardrail or custom model is not encrypted with a customer-managed KMS key.',
  explanation:
    'Agents keep instructions and session data, data sources the transient data of ingestion, guardrails the denied topics and ' +
    'words, custom models the weights learnt from training data; with an AWS owned key the account can neither audit nor revoke ' +
    'their use. Checked: AWS::Bedrock::Agent CustomerEncryptionKeyArn, AWS::Bedrock::DataSource ' +
    'ServerSideEncryptionConfiguration.KmsKeyArn, AWS::Bedrock::Guardrail KmsKeyArn, and custom resources whose properties carry a ' +
    'CreateModelCustomizationJob request (baseModelIdentifier with customModelName or trainingDataConfig) for customModelKmsKeyId. ' +
    'Fix: pass a key (GovernanceKeys) to each.',
  controls: ['Bedrock.1', 'CKV_AWS_373', 'GENSEC01-BP03'],
  check: checkCustomerManagedKey,
};
