/**
 * docs/rules.md, generated from the rule metadata (ids, levels and explanations are written once, in the rule files):
 * `renderRulesDoc()` is pure, `writeRulesDoc()` writes the file (`npm run docs:rules`), and a test fails when the
 * committed file differs from the rendering.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BEDROCK_GOVERNANCE_PACK_NAME } from './bedrock-governance-checks';
import { CONTROLS, ControlId } from './data/controls';
import { BEDROCK_GOVERNANCE_RULES, BedrockRule } from './rules/index';

/** Where the rules table is committed, relative to the package root. */
export const RULES_DOC_PATH = path.join('docs', 'rules.md');

/** Escapes text for Markdown (table cells and paragraphs): characters Markdown would read as emphasis, HTML, links or cell breaks. */
function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([*_<>[\]`|])/g, '\\$1');
}

/** A Markdown table, aligned as Prettier aligns it (so that `prettier --check` accepts the generated file). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const controlLink = (id: ControlId): string => `[${id}](${CONTROLS[id].url})`;
const ruleId = (rule: BedrockRule): string => `${BEDROCK_GOVERNANCE_PACK_NAME}-${rule.id}`;
/** GitHub's anchor of a heading made of the rule id in backticks. */
const anchor = (rule: BedrockRule): string => `#${ruleId(rule).toLowerCase()}`;

function section(rule: BedrockRule): string[] {
  return [
    `### \`${ruleId(rule)}\``,
    '',
    `**${rule.level}.** ${escape(rule.info)}`,
    '',
    escape(rule.explanation),
    '',
    `Controls: ${rule.controls.map(controlLink).join(', ')}.`,
    '',
  ];
}

/** The Markdown of docs/rules.md for the given rules (the pack's rules by default). */
export function renderRulesDoc(rules: readonly BedrockRule[] = BEDROCK_GOVERNANCE_RULES): string {
  const cited = [...new Set(rules.flatMap((r) => r.controls))].sort((a, b) => a.localeCompare(b));
  const pack = BEDROCK_GOVERNANCE_PACK_NAME;
  return [
    `# ${pack} rules`,
    '',
    '<!-- GENERATED from the rule metadata in policies/nag/rules/ by renderRulesDoc() (policies/nag/rules-doc.ts). Do not edit: run `npm run docs:rules`. -->',
    '',
    '`BedrockGovernanceChecks` is a cdk-nag 3 rule pack: register it as a validation plugin, with the guardrail every model invocation must apply if there is one.',
    '',
    '```ts',
    `Validations.of(app).addPlugins(new BedrockGovernanceChecks(app, { guardrail: { arn: guardrailArn, version: '1' } }));`,
    '```',
    '',
    `Findings are reported as \`${pack}-<Rule>\`, or \`${pack}-<Rule>[<finding>]\` for rules that name what they found. ` +
      'Acknowledge one on the resource or on any construct above it: ' +
      `\`Validations.of(construct).acknowledge({ id: '${pack}::${pack}-<Rule>[<finding>]', reason: '…' })\`. ` +
      'cdk-nag 3 fails synthesis on warnings as well as errors: the level says how serious a finding is.',
    '',
    ...table(
      ['Rule', 'Level', 'Info', 'Controls'],
      rules.map((r) => [`[\`${ruleId(r)}\`](${anchor(r)})`, r.level, escape(r.info), r.controls.join(', ')]),
    ),
    '',
    '## Rules',
    '',
    ...rules.flatMap(section),
    '## Controls',
    '',
    ...table(
      ['Control', 'Title'],
      cited.map((id) => [controlLink(id), escape(CONTROLS[id].title)]),
    ),
    '',
  ].join('\n');
}

/** Writes the rendering to `file` (docs/rules.md under the current directory by default) and returns the path written. */
export function writeRulesDoc(file: string = RULES_DOC_PATH): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderRulesDoc());
  return file;
}
