import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { BedrockGovernanceChecks } from '../../../policies/nag/bedrock-governance-checks';
import { CONTROLS } from '../../../policies/nag/data/controls';
import { BEDROCK_GOVERNANCE_RULES } from '../../../policies/nag/rules/index';

const RULES_DIR = path.join(__dirname, '..', '..', '..', 'policies', 'nag', 'rules');

describe('BedrockGovernanceChecks', () => {
  it('is named BedrockGovernance and applies every rule', () => {
    const pack = new BedrockGovernanceChecks();
    expect(pack.name).toBe('BedrockGovernance');
    expect(pack.readPackName).toBe('BedrockGovernance');
    expect(pack.rules).toBe(BEDROCK_GOVERNANCE_RULES);
  });

  it('has one file per rule, named after its id, with its own test', () => {
    const ids = BEDROCK_GOVERNANCE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(fs.existsSync(path.join(RULES_DIR, `${id}.ts`)), id).toBe(true);
      expect(fs.existsSync(path.join(__dirname, 'rules', `${id}.test.ts`)), id).toBe(true);
    }
  });

  it('cites known controls, one Generative AI Lens best practice at least per rule', () => {
    for (const rule of BEDROCK_GOVERNANCE_RULES) {
      expect(rule.controls.length, rule.id).toBeGreaterThan(0);
      expect(
        rule.controls.some((c) => c.startsWith('GENSEC')),
        rule.id,
      ).toBe(true);
      for (const c of rule.controls) expect(CONTROLS[c], c).toBeDefined();
    }
  });

  it('reports the explanation with verbose, and the info alone without', () => {
    const stack = new Stack(new App(), 'S');
    new iam.CfnManagedPolicy(stack, 'P', {
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:Converse', Resource: '*' }] },
    });
    const rule = BEDROCK_GOVERNANCE_RULES.find((r) => r.id === 'NonIamAction')!;
    const find = (verbose: boolean) =>
      new BedrockGovernanceChecks(undefined, { verbose }).validateScope(stack).violations.find((v) => v.ruleName.startsWith('BedrockGovernance-NonIamAction'));
    expect(find(false)?.description).toBe(rule.info);
    expect(find(true)?.description).toBe(`${rule.info} ${rule.explanation}`);
  });
});
