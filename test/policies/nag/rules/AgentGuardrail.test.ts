import * as bedrockAlpha from '@aws-cdk/aws-bedrock-alpha';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import { beforeAll, describe, expect, it } from 'vitest';
import { envStack } from '../support/fixtures';
import { nagApp, PackReport, runBedrockChecks } from '../support/run-pack';

const RULE = 'BedrockGovernance-AgentGuardrail';
let report: PackReport;
const at = (path: string): string[] => report.rulesAt(path).filter((r) => r.startsWith(RULE));
const instruction = 'You answer questions about the company handbook, briefly and politely.';

beforeAll(() => {
  const app = nagApp();
  const s = envStack(app, 'S');
  new bedrock.CfnAgent(s, 'Agent', { agentName: 'plain' });
  new bedrockAlpha.Agent(s, 'L2Agent', { foundationModel: bedrockAlpha.BedrockFoundationModel.AMAZON_NOVA_LITE_V1, instruction });
  new bedrock.CfnAgent(s, 'AgentWithGuardrail', { agentName: 'g', guardrailConfiguration: { guardrailIdentifier: 'gr-123', guardrailVersion: '1' } });
  const guardrail = new bedrockAlpha.Guardrail(s, 'Guardrail', { guardrailName: 'handbook' });
  new bedrockAlpha.Agent(s, 'L2AgentWithGuardrail', { foundationModel: bedrockAlpha.BedrockFoundationModel.AMAZON_NOVA_LITE_V1, instruction, guardrail });
  report = runBedrockChecks(app);
});

describe('AgentGuardrail', () => {
  it('flags agents without a guardrail (L1 and L2)', () => {
    expect(at('S/Agent')).toEqual([RULE]);
    expect(at('S/L2Agent/Resource')).toEqual([RULE]);
  });
  it('accepts agents with a guardrail (L1 and L2)', () => {
    expect(at('S/AgentWithGuardrail')).toEqual([]);
    expect(at('S/L2AgentWithGuardrail/Resource')).toEqual([]);
  });
});
