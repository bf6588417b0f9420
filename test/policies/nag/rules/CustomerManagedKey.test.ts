import * as bedrockAlpha from '@aws-cdk/aws-bedrock-alpha';
import { CfnResource } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { beforeAll, describe, expect, it } from 'vitest';
import { envStack } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-CustomerManagedKey';
const KEY = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
let report: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));
const s3Source = { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::docs' } };
const guardrailProps = { name: 'g', blockedInputMessaging: 'blocked', blockedOutputsMessaging: 'blocked' };
const instruction = 'You answer questions about the company handbook, briefly and politely.';

beforeAll(() => {
  const app = nagApp();
  const s = envStack(app, 'S');
  const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
  // Non-compliant.
  new bedrock.CfnAgent(s, 'Agent', { agentName: 'plain' });
  new bedrock.CfnDataSource(s, 'DataSource', { name: 'docs', knowledgeBaseId: 'KB12345678', dataSourceConfiguration: s3Source });
  new bedrock.CfnGuardrail(s, 'Guardrail', guardrailProps);
  new CfnResource(s, 'Customization', {
    type: 'Custom::ModelCustomizationJob',
    properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:x', BaseModelIdentifier: 'amazon.titan-text-express-v1', CustomModelName: 'm' },
  });
  new bedrockAlpha.Agent(s, 'L2Agent', { foundationModel: bedrockAlpha.BedrockFoundationModel.AMAZON_NOVA_LITE_V1, instruction });
  // Compliant.
  new bedrock.CfnAgent(s, 'AgentCmk', { agentName: 'cmk', customerEncryptionKeyArn: KEY });
  new bedrock.CfnDataSource(s, 'DataSourceCmk', {
    name: 'docs',
    knowledgeBaseId: 'KB12345678',
    dataSourceConfiguration: s3Source,
    serverSideEncryptionConfiguration: { kmsKeyArn: key.keyArn },
  });
  new bedrock.CfnGuardrail(s, 'GuardrailCmk', { ...guardrailProps, kmsKeyArn: key.keyArn });
  new bedrockAlpha.Agent(s, 'L2AgentCmk', { foundationModel: bedrockAlpha.BedrockFoundationModel.AMAZON_NOVA_LITE_V1, instruction, kmsKey: key });
  new cr.AwsCustomResource(s, 'CustomizationCmk', {
    onCreate: {
      service: 'Bedrock',
      action: 'createModelCustomizationJob',
      parameters: { jobName: 'j', customModelName: 'm', baseModelIdentifier: 'amazon.titan-text-express-v1', customModelKmsKeyId: key.keyArn },
      physicalResourceId: cr.PhysicalResourceId.fromResponse('jobArn'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
  });
  report = runBedrockChecks(app);
});

describe('CustomerManagedKey', () => {
  it('flags agents (L1 and L2), data sources and guardrails without a customer-managed key', () => {
    for (const path of ['S/Agent', 'S/DataSource', 'S/Guardrail', 'S/L2Agent/Resource']) expect(at(path), path).toEqual([RULE]);
  });
  it('flags a custom resource that creates a custom model without customModelKmsKeyId', () => {
    expect(at('S/Customization')).toEqual([RULE]);
  });
  it('accepts each with a key', () => {
    for (const path of ['S/AgentCmk', 'S/DataSourceCmk', 'S/GuardrailCmk', 'S/L2AgentCmk/Resource', 'S/CustomizationCmk/Resource/Default']) {
      expect(at(path), path).toEqual([]);
    }
    expect(report.lines('S/CustomizationCmk', RULE)).toEqual([]);
  });
});
