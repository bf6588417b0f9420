/**
 * The one custom-resource framework (constructs/private/custom-resource-framework.ts) as the constructs use it: the
 * same resources and logical ids for InvocationLogging and ProvisionedThroughput, retained and encrypted log groups, no
 * AWS managed policy and no inline policy of ours.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { InvocationLogging, ProvisionedThroughput } from '../../index';

const env = { account: '111111111111', region: 'us-east-1' };

function build(kind: 'logging' | 'throughput'): { template: Template; prefix: string } {
  const stack = new Stack(new App(), 'S', { env });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  if (kind === 'logging') {
    const accessLogs = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true });
    new InvocationLogging(stack, 'Logging', { encryptionKey: key, serverAccessLogsBucket: accessLogs });
  } else new ProvisionedThroughput(stack, 'Throughput', { model: 'amazon.nova-lite-v1:0', modelUnits: 1, logEncryptionKey: key });
  return { template: Template.fromStack(stack), prefix: kind === 'logging' ? 'Logging' : 'Throughput' };
}

describe('custom-resource framework', () => {
  it.each(['logging', 'throughput'] as const)('%s: fixed construct ids, retained encrypted log groups, customer-managed policies only', (kind) => {
    const { template, prefix } = build(kind);
    const resources = template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string; Properties?: Record<string, unknown> }>;
    const ids = Object.keys(resources);
    for (const part of ['HandlerLogGroup', 'HandlerPolicy', 'HandlerRole', 'ProviderLogGroup', 'ProviderPolicy', 'ProviderRole'])
      expect(
        ids.some((id) => id.startsWith(`${prefix}${part}`)),
        `${prefix}${part}`,
      ).toBe(true);
    const groups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const g of groups) {
      expect(g.DeletionPolicy).toBe('Retain');
      expect(g.Properties).toMatchObject({ RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] } });
    }
    for (const r of Object.values(resources).filter((x) => x.Type === 'AWS::IAM::Role')) {
      expect(JSON.stringify(r.Properties?.ManagedPolicyArns ?? [])).not.toContain('arn:aws:iam::aws:policy');
      expect(r.Properties?.Policies).toBeUndefined();
    }
    for (const f of Object.values(resources).filter((x) => x.Type === 'AWS::Lambda::Function' && String(x.Properties?.Handler).startsWith('index.')))
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs24.x', LoggingConfig: { LogFormat: 'JSON' } });
  });
});
