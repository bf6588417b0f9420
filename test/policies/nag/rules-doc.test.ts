import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc, RULES_DOC_PATH, writeRulesDoc } from '../../../policies/nag/rules-doc';
import { BEDROCK_GOVERNANCE_RULES } from '../../../policies/nag/rules/index';

const committed = path.join(__dirname, '..', '..', '..', RULES_DOC_PATH);

describe('docs/rules.md', () => {
  it('is the rendering of the rule metadata (run `npm run docs:rules` after changing a rule)', () => {
    const text = fs.readFileSync(committed, 'utf8');
    expect(text === renderRulesDoc(), 'docs/rules.md is out of date: run `npm run docs:rules` and commit the result').toBe(true);
  });

  it('lists every rule with its level, info, explanation and controls', () => {
    const text = renderRulesDoc();
    for (const rule of BEDROCK_GOVERNANCE_RULES) {
      expect(text).toContain(`[\`BedrockGovernance-${rule.id}\`](#bedrockgovernance-${rule.id.toLowerCase()})`);
      expect(text).toContain(`### \`BedrockGovernance-${rule.id}\``);
      expect(text).toContain(`**${rule.level}.**`);
      for (const control of rule.controls) expect(text).toContain(`[${control}](`);
    }
  });

  it('writeRulesDoc writes the rendering', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-rules-doc-')), 'docs', 'rules.md');
    expect(writeRulesDoc(file)).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(renderRulesDoc());
  });
});
