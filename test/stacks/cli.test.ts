/**
 * The reference app as `cdk synth` runs it (bin/app.ts): exit codes, reports written next to the templates, and config
 * errors reported with positions and without a stack trace.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function runApp(context: Record<string, string> = {}): { status: number | null; stderr: string; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-cli-'));
  const result = spawnSync(process.execPath, [TSX, 'bin/app.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
  });
  return { status: result.status, stderr: result.stderr, outdir };
}

describe('bin/app.ts', () => {
  it('synthesizes the default config, writes both reports and exits 0', () => {
    const { status, stderr, outdir } = runApp();
    expect(status, stderr).toBe(0);
    for (const f of ['compliance-report.json', 'compliance-report.md', 'access-report.md', 'access-report.html', 'BedrockLandingZone.template.json']) {
      expect(fs.existsSync(path.join(outdir, f)), f).toBe(true);
    }
    const compliance = JSON.parse(fs.readFileSync(path.join(outdir, 'compliance-report.json'), 'utf8')) as { totals: { findings: number }; packs: string[] };
    expect(compliance.totals.findings).toBe(0);
    expect(compliance.packs).toContain('BedrockGovernance');
    expect(fs.readFileSync(path.join(outdir, 'access-report.md'), 'utf8')).toContain('## Research');
    expect(stderr).toMatch(/compliance \(.*BedrockGovernance.*\): 0 open finding\(s\)/);
  });

  it('reports every config mistake with its position, without a stack trace, and exits 1', () => {
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-cfg-')), 'bad.yaml');
    fs.writeFileSync(
      bad,
      [
        "account: '12345'",
        'regions: [us-east-1]',
        'landingZone:',
        '  endpointModels: { allow: [amazon.nova-pro-v1:0] }',
        '  trail: { name: trail-a, colour: blue }',
        '',
      ].join('\n'),
    );
    const { status, stderr } = runApp({ config: bad });
    expect(status).toBe(1);
    expect(stderr).toContain("bad.yaml:1:10 account '12345'");
    expect(stderr).toContain('bad.yaml:5:27 landingZone.trail.colour: unknown key');
    expect(stderr).toContain('config: 2 error(s)');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 and still writes the reports when a compliance finding is open', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-cfg-'));
    const file = path.join(dir, 'finding.yaml');
    // A guardrail the Bedrock pack enforces, and a team that does not require it: BedrockGovernance-GuardrailCondition.
    fs.writeFileSync(
      file,
      [
        "account: '111111111111'",
        'regions: [us-east-1]',
        'landingZone:',
        '  endpointModels: { allow: [amazon.nova-pro-v1:0] }',
        '  trail: { name: trail-a }',
        'guardrail: { arn: "arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123def456", version: "1" }',
        'teams:',
        '  - name: Free',
        '    access: { allow: [amazon.nova-pro-v1:0], regions: [us-east-1] }',
        '',
      ].join('\n'),
    );
    const { status, stderr, outdir } = runApp({ config: file });
    expect(status, stderr).toBe(1);
    const compliance = JSON.parse(fs.readFileSync(path.join(outdir, 'compliance-report.json'), 'utf8')) as {
      totals: { findings: number };
      stacks: { findings: { rule: string }[] }[];
    };
    expect(compliance.totals.findings).toBeGreaterThan(0);
    expect(compliance.stacks.flatMap((s) => s.findings.map((f) => f.rule)).join(' ')).toContain('BedrockGovernance-GuardrailCondition');
  });
});
