/**
 * The reference app as `cdk synth` runs it (bin/app.ts): exit codes, reports written next to the templates, and config
 * errors reported with positions and without a stack trace.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function runApp(
  context: Record<string, string> = {},
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-cli-')),
): { status: number | null; stderr: string; outdir: string } {
  const result = spawnSync(process.execPath, [TSX, 'bin/app.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
  });
  return { status: result.status, stderr: result.stderr, outdir };
}

/** Writes a config file into a new temporary directory. */
function configFile(name: string, lines: readonly string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-cfg-')), name);
  fs.writeFileSync(file, [...lines, ''].join('\n'));
  return file;
}

interface Report {
  status: string;
  totals: { findings: number; acknowledged: number; stale: number; errors: number };
  packs: string[];
  stacks: { stack: string; findings: { pack: string; rule: string; path: string; config?: string }[]; acknowledged: { rule: string; reason?: string }[] }[];
  stale: { id: string; scope: string; config?: string }[];
  errors: string[];
  run: { configFile: string; configSha256?: string; toolVersion: string; gitCommit?: string; date: string };
}
const readReport = (outdir: string): Report => JSON.parse(fs.readFileSync(path.join(outdir, 'compliance-report.json'), 'utf8')) as Report;

describe('bin/app.ts', () => {
  it('synthesizes the default config, writes both reports with the run metadata and exits 0', () => {
    const { status, stderr, outdir } = runApp();
    expect(status, stderr).toBe(0);
    for (const f of ['compliance-report.json', 'compliance-report.md', 'access-report.md', 'access-report.html', 'BedrockLandingZone.template.json']) {
      expect(fs.existsSync(path.join(outdir, f)), f).toBe(true);
    }
    const compliance = readReport(outdir);
    expect(compliance.status).toBe('passed');
    expect(compliance.totals.findings).toBe(0);
    expect(compliance.totals.stale).toBe(0);
    expect(compliance.packs).toContain('BedrockGovernance');
    expect(compliance.run).toMatchObject({
      configFile: 'governance.yaml',
      configSha256: createHash('sha256')
        .update(fs.readFileSync(path.join(ROOT, 'governance.yaml')))
        .digest('hex'),
      toolVersion: (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    });
    expect(Date.parse(compliance.run.date)).not.toBeNaN();
    // The engine warnings the reference config acknowledges are listed with their reasons.
    const acknowledged = compliance.stacks.flatMap((s) => s.acknowledged);
    expect(acknowledged.filter((a) => a.rule === 'cdk-bedrock-governance:DenyOverridesAllow').map((a) => a.reason)).toContain(
      'Intended: Research may use the Nova family except Nova Premier, which is reserved for the evaluation team (cost control).',
    );
    expect(fs.readFileSync(path.join(outdir, 'access-report.md'), 'utf8')).toContain('## Research');
    expect(fs.readFileSync(path.join(outdir, 'compliance-report.md'), 'utf8')).toContain('**Status: PASSED**');
    expect(stderr).toMatch(/compliance \(.*BedrockGovernance.*\): PASSED — 0 open finding\(s\)/);
  });

  it('reports every config mistake with its position, without a stack trace, writes an error report, removes the previous reports and exits 1', () => {
    const bad = configFile('bad.yaml', [
      "account: '12345'",
      'regions: [us-east-1]',
      'landingZone:',
      '  endpointModels: { allow: [amazon.nova-pro-v1:0] }',
      '  trail: { name: trail-a, colour: blue }',
      'teams:',
      '  - name: Research',
      '    access: { allow: [amazon.nova-lte-v1:0], regions: [us-east-1] }',
    ]);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-cli-'));
    for (const f of ['access-report.md', 'access-report.html', 'compliance-report.md', 'validation-report.json'])
      fs.writeFileSync(path.join(outdir, f), 'previous run');
    const { status, stderr } = runApp({ config: bad }, outdir);
    expect(status).toBe(1);
    expect(stderr).toContain("bad.yaml:1:10 account '12345'");
    expect(stderr).toContain('bad.yaml:5:27 landingZone.trail.colour: unknown key');
    // The semantic pass still checks the team the schema accepted.
    expect(stderr).toContain("bad.yaml:8:23 teams[0].access.allow[0] 'amazon.nova-lte-v1:0': is not in the model catalog");
    expect(stderr).toContain('config: 3 error(s)');
    expect(stderr).not.toMatch(/\n\s+at /);
    const report = readReport(outdir);
    expect(report).toMatchObject({ status: 'error', totals: { errors: 3, findings: 0 } });
    expect(report.errors.join('\n')).toContain('landingZone.trail.colour: unknown key');
    expect(fs.readFileSync(path.join(outdir, 'compliance-report.md'), 'utf8')).toContain('**Status: ERROR**');
    for (const f of ['access-report.md', 'access-report.html', 'validation-report.json']) expect(fs.existsSync(path.join(outdir, f)), f).toBe(false);
  });

  it('fails on an acknowledgement path that names no construct, at its config line', () => {
    const file = configFile('path.yaml', [
      "account: '111111111111'",
      'regions: [us-east-1]',
      'landingZone:',
      '  endpointModels: { allow: [amazon.nova-pro-v1:0] }',
      '  trail: { name: trail-a }',
      'teams:',
      '  - name: Research',
      '    access: { allow: [amazon.nova-pro-v1:0], regions: [us-east-1] }',
      'compliance:',
      '  packs: [BedrockGovernance]',
      '  acknowledgements:',
      '    - id: AwsSolutions-IAM5',
      '      path: BedrockModelAccess/Research',
      "      reason: 'a prefix of ResearchRole and ResearchModelAccess, but not a construct'",
    ]);
    const { status, stderr, outdir } = runApp({ config: file });
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /path\.yaml:13:13 compliance\.acknowledgements\[0\]\.path 'BedrockModelAccess\/Research': names no construct .*; nearest: BedrockModelAccess\/ResearchRole, BedrockModelAccess\/ResearchModelAccess/,
    );
    expect(readReport(outdir).status).toBe('error');
  });

  it('fails on an unacknowledged engine warning, printing each open finding with its config line; guardrail findings only for the team that asks', () => {
    const file = configFile('finding.yaml', [
      "account: '111111111111'",
      'regions: [us-east-1]',
      'landingZone:',
      '  endpointModels: { allow: [amazon.nova-pro-v1:0] }',
      '  trail: { name: trail-a }',
      'guardrail: { arn: "arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123def456", version: "1" }',
      'teams:',
      '  - name: Data Platform',
      '    principals:',
      '      roles:',
      '        - name: data-platform-analyst',
      '          trust: { accountRoot: true }',
      '    access:',
      '      allow: [amazon.nova-*]',
      '      deny: [amazon.nova-premier-v1:0]',
      '      regions: [us-east-1]',
      '  - name: Guarded',
      '    access: { allow: [amazon.nova-pro-v1:0], regions: [us-east-1], requireGuardrail: true }',
      'compliance:',
      '  packs: [BedrockGovernance]',
      '  acknowledgements:',
      '    - id: BedrockGovernance::BedrockGovernance-TrailDataEvents',
      '      path: BedrockModelAccess',
      "      reason: 'nothing in this stack is a trail: this acknowledgement accepts nothing'",
    ]);
    const { status, stderr, outdir } = runApp({ config: file });
    expect(status, stderr).toBe(1);
    expect(stderr).toMatch(
      /open findings \(1\)[^\n]*\n\s+\S*finding\.yaml:15:14 teams\[0\]\.access\.deny\[0\]: cdk-bedrock-governance:DenyOverridesAllow at BedrockModelAccess\/DataPlatformModelAccess: deny\[0\] 'amazon\.nova-premier-v1:0' overlaps allow\[0\] 'amazon\.nova-\*'/,
    );
    expect(stderr).toMatch(
      /finding\.yaml:22:7 compliance\.acknowledgements\[0\]: warning: acknowledgement 'BedrockGovernance::BedrockGovernance-TrailDataEvents' on BedrockModelAccess accepts no finding \(stale\)/,
    );
    expect(stderr).toContain('FAILED — 1 open finding(s)');
    const report = readReport(outdir);
    expect(report.status).toBe('failed');
    const findings = report.stacks.flatMap((s) => s.findings);
    expect(findings.map((f) => `${f.pack} ${f.rule} ${f.path}`)).toEqual([
      'Annotation cdk-bedrock-governance:DenyOverridesAllow BedrockModelAccess/DataPlatformModelAccess',
    ]);
    expect(findings[0]!.config).toMatch(/finding\.yaml:15:14 teams\[0\]\.access\.deny\[0\]$/);
    expect(report.stale.map((s) => `${s.id} ${s.scope}`)).toEqual(['BedrockGovernance::BedrockGovernance-TrailDataEvents BedrockModelAccess']);
    // Names become PascalCase construct ids; roles[].name is the role's name.
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'BedrockModelAccess.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { RoleName?: string } }>;
    };
    const roles = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.RoleName])).toEqual([
      ['DataPlatformDataPlatformAnalystRole', 'data-platform-analyst'],
      ['GuardedRole', undefined],
    ]);
  });

  it('passes with requireVpcEndpoint in every landing-zone region, each endpoint carrying the team models', () => {
    const file = configFile('private.yaml', [
      "account: '111111111111'",
      'regions: [us-east-1, eu-central-1]',
      'landingZone:',
      '  endpointModels: { allow: [anthropic.claude-3-haiku-20240307-v1:0] }',
      '  trail: { name: trail-a }',
      'teams:',
      '  - name: Private',
      '    access: { allow: [anthropic.claude-3-haiku-20240307-v1:0], regions: [us-east-1, eu-central-1], requireVpcEndpoint: true }',
      'compliance:',
      '  packs: [BedrockGovernance]',
    ]);
    const { status, stderr, outdir } = runApp({ config: file });
    expect(status, stderr).toBe(0);
    const policy = Object.values(
      (
        JSON.parse(fs.readFileSync(path.join(outdir, 'BedrockModelAccess.template.json'), 'utf8')) as {
          Resources: Record<string, { Type: string; Properties: unknown }>;
        }
      ).Resources,
    ).find((r) => r.Type === 'AWS::IAM::ManagedPolicy')!;
    const text = JSON.stringify(policy.Properties);
    // The endpoints of both regions: the first by export, the other by CDK's cross-region reference.
    expect(text).toMatch(/"aws:SourceVpce":\[\{"Fn::ImportValue":"BedrockLandingZone:ExportsOutputRefEndpointsBedrock/);
    expect(text).toContain('/cdk/exports/BedrockModelAccess/BedrockLandingZoneeucentral1RefEndpointsBedrockRuntime');
  });
});
