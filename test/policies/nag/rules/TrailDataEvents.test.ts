import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { beforeAll, describe, expect, it } from 'vitest';
import { envStack } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-TrailDataEvents';
const AGENT_ALIAS = 'AWS::Bedrock::AgentAlias';
const KNOWLEDGE_BASE = 'AWS::Bedrock::KnowledgeBase';
const dataSelector = (resourcesType: cloudtrail.CfnTrail.AdvancedFieldSelectorProperty) => ({
  fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, resourcesType],
});

let report: PackReport;
let withoutBedrock: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));

beforeAll(() => {
  const app = nagApp();
  const bedrockStack = envStack(app, 'Bedrock');
  new bedrock.CfnAgent(bedrockStack, 'Agent', { agentName: 'a' });
  new bedrock.CfnKnowledgeBase(bedrockStack, 'KnowledgeBase', {
    name: 'kb',
    roleArn: 'arn:aws:iam::111111111111:role/kb',
    knowledgeBaseConfiguration: {
      type: 'VECTOR',
      vectorKnowledgeBaseConfiguration: { embeddingModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0' },
    },
  });
  // The trails live in another stack of the app.
  const audit = envStack(app, 'Audit');
  new cloudtrail.Trail(audit, 'ManagementOnly');
  new cloudtrail.CfnTrail(audit, 'AgentsOnly', {
    isLogging: true,
    s3BucketName: 'trail',
    advancedEventSelectors: [dataSelector({ field: 'resources.type', equalTo: [AGENT_ALIAS] })],
  });
  new cloudtrail.CfnTrail(audit, 'AllBedrock', {
    isLogging: true,
    s3BucketName: 'trail',
    advancedEventSelectors: [dataSelector({ field: 'resources.type', startsWith: ['AWS::Bedrock::'] })],
  });
  new cloudtrail.CfnTrail(audit, 'Excluded', {
    isLogging: true,
    s3BucketName: 'trail',
    advancedEventSelectors: [dataSelector({ field: 'resources.type', startsWith: ['AWS::Bedrock::'], notEquals: [KNOWLEDGE_BASE] })],
  });
  report = runBedrockChecks(app);

  const other = nagApp();
  new cloudtrail.Trail(envStack(other, 'Audit'), 'ManagementOnly');
  withoutBedrock = runBedrockChecks(other);
});

describe('TrailDataEvents', () => {
  it('flags a trail without Bedrock data events in an app with agents and knowledge bases (L2 trail)', () => {
    expect(at('Audit/ManagementOnly/Resource')).toEqual([`${RULE}[${AGENT_ALIAS}]`, `${RULE}[${KNOWLEDGE_BASE}]`]);
  });
  it('flags each resource type a trail misses or excludes (L1 trails)', () => {
    expect(at('Audit/AgentsOnly')).toEqual([`${RULE}[${KNOWLEDGE_BASE}]`]);
    expect(at('Audit/Excluded')).toEqual([`${RULE}[${KNOWLEDGE_BASE}]`]);
  });
  it('accepts a trail that records every Bedrock resource type', () => {
    expect(at('Audit/AllBedrock')).toEqual([]);
  });
  it('does not apply in an app without agents or knowledge bases', () => {
    expect(withoutBedrock.rulesAt('Audit/ManagementOnly/Resource').filter((r) => r.startsWith(RULE))).toEqual([]);
  });
});
