import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../policies/iam/catalog/catalog';
import { buildModelAccessPolicies } from '../../../policies/iam/model-access';
import { accessRows, renderAccessHtml, renderAccessMarkdown, TeamAccessInput } from '../../../policies/report/access';
import { complianceReport, complianceSummary, errorReport, openFindingLines, renderComplianceMarkdown } from '../../../policies/report/compliance';

const catalog = loadCatalog();
const team = (name: string, spec: Parameters<typeof buildModelAccessPolicies>[0], extra: Partial<TeamAccessInput> = {}): TeamAccessInput => ({
  team: name,
  resolved: buildModelAccessPolicies(spec, { catalog, account: '111111111111' }).resolved,
  ...extra,
});

describe('access report', () => {
  const research = team(
    'Research',
    { allow: ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.nova-*'], deny: ['amazon.nova-premier-v1:0'], regions: ['us-east-1'] },
    { sourceVpcEndpoints: ['vpce-0123456789abcdef0'], guardrails: ['arn:aws:bedrock:us-east-1:111111111111:guardrail/abc:2'] },
  );

  it('lists a profile with its source and destination regions and the conditions', () => {
    const row = accessRows(research, catalog).find((r) => r.path === 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')!;
    expect(row).toMatchObject({
      model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      regions: ['us-east-1'],
      destinations: ['us-east-1', 'us-east-2', 'us-west-2'],
      conditions: ['VPC endpoint vpce-0123456789abcdef0', 'guardrail arn:aws:bedrock:us-east-1:111111111111:guardrail/abc:2'],
      allowedBy: "allow[0] 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'",
    });
    expect(row.deniedBy).toBeUndefined();
  });

  it('lists every model a glob reaches directly, marks the denied one, and the future matches', () => {
    const rows = accessRows(research, catalog).filter((r) => r.path === 'direct');
    expect(rows.map((r) => r.model)).toEqual(expect.arrayContaining(['amazon.nova-pro-v1:0', 'amazon.nova-premier-v1:0', 'amazon.nova-* (future matches)']));
    expect(rows.find((r) => r.model === 'amazon.nova-premier-v1:0')?.deniedBy).toBe("deny[0] 'amazon.nova-premier-v1:0'");
    expect(rows.find((r) => r.model === 'amazon.nova-pro-v1:0')?.deniedBy).toBeUndefined();
  });

  it('renders Markdown with one section per team', () => {
    const text = renderAccessMarkdown([research, team('Support', { allow: ['anthropic.claude-3-haiku-20240307-v1:0'], regions: ['eu-central-1'] })], catalog);
    expect(text).toContain('## Research');
    expect(text).toContain('## Support');
    expect(text).toMatch(/\| amazon\.nova-premier-v1:0 \| direct \| us-east-1 \| \(same region\) \| .* \| \*\*denied\*\* by deny\[0\]/);
    expect(text).toContain('Denied everywhere (directly and through every profile): `amazon.nova-premier-v1:0`.');
    expect(text).toContain('Uses: inference (not batch, evaluation, training, serving). API keys: short-term-only.');
  });

  it('says per team which use categories and API keys it has', () => {
    const t = team('Batch', { allow: ['amazon.nova-pro-v1:0'], regions: ['us-east-1'], categories: ['batch', 'inference'], apiKeys: 'deny' });
    expect(renderAccessMarkdown([t], catalog)).toContain('Uses: inference, batch (not evaluation, training, serving). API keys: deny.');
    expect(renderAccessHtml([t], catalog)).toContain('<p>Uses: inference, batch (not evaluation, training, serving). API keys: deny.</p>');
  });

  it('renders a self-contained, escaped HTML page', () => {
    const page = renderAccessHtml([team('<Team & Co>', { allow: ['amazon.nova-pro-v1:0'], regions: ['us-east-1'] })], catalog);
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<h2>&lt;Team &amp; Co&gt;</h2>');
    expect(page).not.toMatch(/<script|<link|src=/);
  });
});

describe('compliance report', () => {
  const raw = {
    pluginReports: [
      {
        pluginName: 'AwsSolutions',
        violations: [{ ruleName: 'AwsSolutions-S1', description: 'no access logs', violatingConstructs: [{ constructPath: 'B/Bucket/Resource' }] }],
        suppressedViolations: [
          { ruleName: 'AwsSolutions-IAM5[Resource::*]', reason: 'List actions take only *', violatingConstructs: [{ constructPath: 'A/Policy/Resource' }] },
        ],
      },
    ],
  };

  it('groups findings and acknowledgements by stack, sorted and stable, and fails on an open finding', () => {
    const report = complianceReport(raw, ['A', 'B', 'C'], ['PCI.DSS.321', 'AwsSolutions']);
    expect(report).toEqual({
      version: 2,
      status: 'failed',
      packs: ['AwsSolutions', 'PCI.DSS.321'],
      stacks: [
        {
          stack: 'A',
          findings: [],
          acknowledged: [{ pack: 'AwsSolutions', rule: 'AwsSolutions-IAM5[Resource::*]', path: 'A/Policy/Resource', reason: 'List actions take only *' }],
        },
        {
          stack: 'B',
          findings: [{ pack: 'AwsSolutions', rule: 'AwsSolutions-S1', path: 'B/Bucket/Resource', description: 'no access logs' }],
          acknowledged: [],
        },
        { stack: 'C', findings: [], acknowledged: [] },
      ],
      stale: [],
      errors: [],
      totals: { findings: 1, acknowledged: 1, stale: 0, errors: 0 },
    });
    expect(JSON.stringify(complianceReport(raw, ['C', 'B', 'A'], ['AwsSolutions', 'PCI.DSS.321']))).toBe(JSON.stringify(report));
  });

  it('passes with no open finding; lists construct warnings, their config lines, acknowledged warnings with reasons, stale acknowledgements', () => {
    const clean = { pluginReports: [{ ...raw.pluginReports[0]!, violations: [] }] };
    expect(complianceReport(clean, ['A'], ['AwsSolutions']).status).toBe('passed');
    expect(complianceReport(clean, ['A'], ['AwsSolutions'], { synthFailed: true }).status).toBe('failed');
    const report = complianceReport(clean, ['A'], ['AwsSolutions'], {
      openWarnings: [
        { pack: 'Annotation', rule: 'cdk-bedrock-governance:DenyOverridesAllow', path: 'A/Access', description: "deny[0] 'x' overlaps allow[0] 'y'" },
      ],
      acknowledgedWarnings: [{ pack: 'Annotation', rule: 'cdk-bedrock-governance:GlobMatchesNothing', path: 'A/Other', reason: 'kept for the next catalog' }],
      stale: [{ id: 'AwsSolutions-IAM4', scope: 'A', config: 'governance.yaml:40:9 compliance.acknowledgements[0]' }],
      locate: (p, message) => (p === 'A/Access' && message?.startsWith('deny[0]') ? 'governance.yaml:12:11 teams[0].access.deny[0]' : undefined),
      run: { configFile: 'governance.yaml', configSha256: 'ab'.repeat(32), toolVersion: '0.1.0', gitCommit: 'c0ffee', date: '2026-12-02T12:00:00.000Z' },
    });
    expect(report.status).toBe('failed');
    expect(report.stacks[0]!.findings).toEqual([
      {
        pack: 'Annotation',
        rule: 'cdk-bedrock-governance:DenyOverridesAllow',
        path: 'A/Access',
        description: "deny[0] 'x' overlaps allow[0] 'y'",
        config: 'governance.yaml:12:11 teams[0].access.deny[0]',
      },
    ]);
    expect(report.stacks[0]!.acknowledged.map((e) => `${e.rule} ${e.reason}`)).toContain('cdk-bedrock-governance:GlobMatchesNothing kept for the next catalog');
    expect(openFindingLines(report)).toEqual([
      "governance.yaml:12:11 teams[0].access.deny[0]: cdk-bedrock-governance:DenyOverridesAllow at A/Access: deny[0] 'x' overlaps allow[0] 'y'",
    ]);
    const text = renderComplianceMarkdown(report);
    expect(text).toContain('**Status: FAILED**');
    expect(text).toContain(
      `Run: config \`governance.yaml\` (sha256 \`${'ab'.repeat(32)}\`), cdk-bedrock-governance 0.1.0, commit \`c0ffee\`, 2026-12-02T12:00:00.000Z.`,
    );
    expect(text).toContain('| AwsSolutions-IAM4 | A | governance.yaml:40:9 compliance.acknowledgements[0] |');
    expect(complianceSummary(report)).toMatch(/^compliance \(AwsSolutions\): FAILED — 1 open finding\(s\), 2 acknowledged, 1 stale acknowledgement\(s\)/);
  });

  it('renders Markdown and a console summary', () => {
    const report = complianceReport(raw, ['A', 'B'], ['AwsSolutions']);
    const text = renderComplianceMarkdown(report);
    expect(text).toContain('Open findings: **1**; acknowledged: 1; stale acknowledgements: 0.');
    expect(text).toContain('| AwsSolutions | AwsSolutions-S1 | B/Bucket/Resource |  | no access logs |');
    expect(text).toContain('| AwsSolutions | AwsSolutions-IAM5[Resource::*] | A/Policy/Resource | List actions take only * |');
    expect(complianceSummary(report)).toBe(
      'compliance (AwsSolutions): FAILED — 1 open finding(s), 1 acknowledged — A: 0 open, 1 acknowledged; B: 1 open, 0 acknowledged',
    );
  });

  it('reports a config-error run as an error, with the errors and no finding', () => {
    const report = errorReport(["governance.yaml:1:10 account '12345': must be a 12-digit account id"], ['BedrockGovernance']);
    expect(report).toMatchObject({ status: 'error', stacks: [], totals: { findings: 0, errors: 1 } });
    const text = renderComplianceMarkdown(report);
    expect(text).toContain('**Status: ERROR**');
    expect(text).toContain("- `governance.yaml:1:10 account '12345': must be a 12-digit account id`");
    expect(complianceSummary(report)).toBe('compliance: ERROR — 1 config error(s); nothing was synthesized or checked');
  });
});
