import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { BedrockAuditTrail } from '../../../constructs/audit-trail/audit-trail';
import { GovernanceKeys } from '../../../constructs/governance-keys/governance-keys';
import { InvocationLogging } from '../../../constructs/invocation-logging/invocation-logging';
import { ModelAccessPolicy } from '../../../constructs/model-access-policy/model-access-policy';
import { BedrockPrivateEndpoints } from '../../../constructs/private-endpoints/private-endpoints';
import { GovernedBucket } from '../../../constructs/private/governed-bucket';
import { ENV, envStack } from './support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from './support/run-pack';

const GUARDRAIL = { arn: 'arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123def456', version: '1' };
const PROFILES = ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.amazon.nova-*'];

let report: PackReport;

beforeAll(() => {
  const app = nagApp();
  app.node.setContext(`availability-zones:account=${ENV.account}:region=${ENV.region}`, ['us-east-1a', 'us-east-1b', 'us-east-1c']);
  const s = envStack(app, 'S');
  const keys = new GovernanceKeys(s, 'Keys');
  const accessLogs = new GovernedBucket(s, 'AccessLogs', { notReplicatedBecause: 'test' }).bucket;
  new InvocationLogging(s, 'Logging', { encryptionKey: keys.invocationLogs, serverAccessLogsBucket: accessLogs });
  new BedrockAuditTrail(s, 'Trail', { encryptionKey: keys.auditLogs, serverAccessLogsBucket: accessLogs });
  const endpoints = new BedrockPrivateEndpoints(s, 'Endpoints', {
    flowLogKey: keys.auditLogs,
    services: ['bedrock', 'bedrock-runtime', 'bedrock-agent', 'bedrock-agent-runtime', 'bedrock-mantle'],
    modelAccess: { allow: PROFILES, deny: ['amazon.nova-premier-v1:0'] },
  });
  const access = new ModelAccessPolicy(s, 'Access', {
    allow: [...PROFILES, 'amazon.nova-micro-v1:0'],
    regions: ['us-east-1'],
    guardrail: GUARDRAIL,
    sourceVpcEndpoints: endpoints.vpcEndpointIds,
  });
  access.attachTo(new iam.Role(s, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
  // An agent and a knowledge base elsewhere in the app make the trail's Bedrock data events required.
  const canary = envStack(app, 'Canary');
  new bedrock.CfnAgent(canary, 'Agent', {
    agentName: 'a',
    customerEncryptionKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    guardrailConfiguration: { guardrailIdentifier: GUARDRAIL.arn, guardrailVersion: GUARDRAIL.version },
  });
  new bedrock.CfnKnowledgeBase(canary, 'KnowledgeBase', {
    name: 'kb',
    roleArn: 'arn:aws:iam::111111111111:role/kb',
    knowledgeBaseConfiguration: {
      type: 'VECTOR',
      vectorKnowledgeBaseConfiguration: { embeddingModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0' },
    },
  });
  new iam.CfnManagedPolicy(canary, 'Converse', {
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'bedrock:Converse', Resource: '*' }] },
  });
  report = runBedrockChecks(app, { guardrail: GUARDRAIL });
});

describe('BedrockGovernanceChecks on our own constructs', () => {
  it('finds nothing in ModelAccessPolicy (profiles, guardrail), BedrockPrivateEndpoints, BedrockAuditTrail and InvocationLogging', () => {
    // The canary proves the pack ran (a pack without findings leaves no trace in validation-report.json).
    expect(report.lines()).toEqual(['BedrockGovernance-NonIamAction[Action::bedrock:Converse] at Canary/Converse']);
    expect(report.acknowledged).toEqual([]);
  });
});
