import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import * as kms from 'aws-cdk-lib/aws-kms';
import { denyGrantsNotForAwsResources, GovernanceKeys } from '../../constructs/governance-keys/governance-keys';
import { describeFindings, nagApp, runCompliancePacks } from '../support/nag';

const env = { account: '111111111111', region: 'eu-west-1' };

describe('GovernanceKeys', () => {
  it('creates three rotating keys with aliases, retained on deletion', () => {
    const stack = new Stack(new App(), 'S', { env });
    new GovernanceKeys(stack, 'Keys');
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 3);
    t.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365, PendingWindowInDays: 30 });
    for (const [, r] of Object.entries(t.findResources('AWS::KMS::Key'))) {
      expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    for (const alias of ['audit-logs', 'invocation-logs', 'training-data']) {
      t.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/bedrock-governance/${alias}` });
    }
  });

  it('lets CloudTrail and CloudWatch Logs use the audit key only for this account', () => {
    const stack = new Stack(new App(), 'S', { env });
    new GovernanceKeys(stack, 'Keys');
    // The partition stays a token ({"Ref":"AWS::Partition"}), hence the substrings.
    const audit = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key', { Properties: { Description: 'Bedrock governance: audit-logs' } }));
    expect(audit).toHaveLength(1);
    const policy = JSON.stringify(audit[0]);
    expect(policy).toMatch(
      /"kms:EncryptionContext:aws:cloudtrail:arn":\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":cloudtrail:\*:111111111111:trail\/\*"\]\]\}/,
    );
    expect(policy).toContain('":cloudtrail:eu-west-1:111111111111:trail/*"');
    expect(policy).toContain('":logs:eu-west-1:111111111111:log-group:*"');
    expect(policy).not.toContain('bedrock.amazonaws.com');
  });

  it('lets Bedrock use the invocation-log key with source account and ARN conditions', () => {
    const stack = new Stack(new App(), 'S', { env });
    new GovernanceKeys(stack, 'Keys');
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      Description: 'Bedrock governance: invocation-logs',
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'bedrock.amazonaws.com' },
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111111111111' },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:eu-west-1:111111111111:*']] } },
            },
          }),
        ]),
      },
    });
  });

  it('passes the compliance packs with no finding', () => {
    const app = nagApp();
    new GovernanceKeys(new Stack(app, 'S', { env }), 'Keys');
    expect(describeFindings(runCompliancePacks(app).open)).toEqual([]);
  });

  it('gives the account key administration and data use through S3 only, never kms:*', () => {
    const stack = new Stack(new App(), 'S', { env });
    new GovernanceKeys(stack, 'Keys');
    for (const key of Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))) {
      const statements = (key as { Properties: { KeyPolicy: { Statement: { Sid?: string; Action: string | string[]; Condition?: unknown }[] } } }).Properties
        .KeyPolicy.Statement;
      const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
      expect(actions).not.toContain('kms:*');
      const admin = statements.find((s) => s.Sid === 'AccountAdministers')!;
      expect(admin.Action).not.toContain('kms:Decrypt');
      expect(admin.Action).not.toContain('kms:GenerateDataKey*');
      const via = (statements.find((s) => s.Sid === 'AccountUsesThroughServices')?.Condition as { StringEquals: Record<string, unknown> }).StringEquals;
      expect(via['kms:CallerAccount']).toBe('111111111111');
      expect([['s3.eu-west-1.amazonaws.com'], 's3.eu-west-1.amazonaws.com', ['s3.eu-west-1.amazonaws.com', 'bedrock.eu-west-1.amazonaws.com']]).toContainEqual(
        via['kms:ViaService'],
      );
    }
  });

  it('lets CloudTrail decrypt with the audit key for the trail bucket key, only for trails of this account and region', () => {
    const stack = new Stack(new App(), 'S', { env });
    new GovernanceKeys(stack, 'Keys');
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      Description: 'Bedrock governance: audit-logs',
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'CloudTrailBucketKeyDecrypt',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: {
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:eu-west-1:111111111111:trail/*']] } },
            },
          },
        ]),
      },
    });
  });

  it('denies grants not for AWS resources on every key (CT.KMS.PR.3) and keeps kms:CreateGrant out of the administration', () => {
    const stack = new Stack(new App(), 'S', { env });
    new GovernanceKeys(stack, 'Keys');
    const keys = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      const statements = (key as { Properties: { KeyPolicy: { Statement: { Sid?: string; Action: string | string[] }[] } } }).Properties.KeyPolicy.Statement;
      expect(statements).toContainEqual({
        Sid: 'DenyGrantsNotForAwsResources',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
      const admin = [statements.find((s) => s.Sid === 'AccountAdministers')!.Action].flat();
      expect(admin.filter((a) => /^kms:(Create\*|CreateGrant|\*)$/.test(a))).toEqual([]);
    }
  });

  it('adds the CT.KMS.PR.3 deny to a key created elsewhere', () => {
    const stack = new Stack(new App(), 'S', { env });
    denyGrantsNotForAwsResources(new kms.Key(stack, 'Other'));
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'DenyGrantsNotForAwsResources', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:CreateGrant' }),
        ]),
      },
    });
  });

  it('fails when the alias prefix is reserved', () => {
    expect(() => new GovernanceKeys(new Stack(new App(), 'S', { env }), 'Keys', { aliasPrefix: 'alias/aws/x' })).toThrow(
      /aliasPrefix 'alias\/aws\/x' is not valid/,
    );
  });

  it('fails when the rotation period is out of range', () => {
    expect(() => new GovernanceKeys(new Stack(new App(), 'S', { env }), 'Keys', { rotationPeriod: Duration.days(30) })).toThrow(
      /rotationPeriod 30 days is out of range; accepted: 90 to 2560 days/,
    );
  });
});
