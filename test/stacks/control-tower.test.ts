/**
 * The AWS Control Tower proactive controls (the cfn-guard rules shipped by @cdklabs/cdk-validator-cfnguard, with its
 * cfn-guard binary, offline) on every template of the reference app. Any failure not accepted, with its reason, in the
 * table of docs/deploy.md fails the test, and so does an accepted row that no longer matches a failure.
 *
 * Only the rules whose evaluated resource types (from the rule metadata) occur in the templates run: the others would
 * be skipped by cfn-guard anyway, and running all 237 takes ~10 times as long.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGovernanceApp } from '../../bin/governance-app';
import { loadConfig } from '../../policies/config/index';

const ROOT = path.join(__dirname, '..', '..');
const DEPLOY_DOC = path.join(ROOT, 'docs', 'deploy.md');
const START = '<!-- control-tower-accepted:start -->';
const END = '<!-- control-tower-accepted:end -->';
const RULES_ROOT = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower');

interface Failure {
  control: string;
  stack: string;
  resource: string;
}
interface Accepted {
  control: string;
  stack: string;
  resources: string[];
  reason: string;
  line: number;
}
interface RuleFile {
  control: string;
  file: string;
  types: string[];
}

/** Every Control Tower rule with its control id and evaluated resource types (from its metadata file). */
function controlTowerRules(): RuleFile[] {
  const rules: RuleFile[] = [];
  for (const service of fs.readdirSync(path.join(RULES_ROOT, 'metadata'))) {
    for (const meta of fs.readdirSync(path.join(RULES_ROOT, 'metadata', service))) {
      const m = JSON.parse(fs.readFileSync(path.join(RULES_ROOT, 'metadata', service, meta), 'utf8')) as { Id: string; EvaluatedResourceTypes: string[] };
      const file = path.join(RULES_ROOT, 'cfn-guard', service, meta.replace(/\.metadata\.json$/, '.guard'));
      rules.push({ control: m.Id, file, types: m.EvaluatedResourceTypes });
    }
  }
  return rules;
}

/** Runs the rules that evaluate a resource type present in the templates; failures by control, stack and resource. */
function runControls(templatePaths: readonly string[], rules: readonly RuleFile[], appConstruct: IConstruct): { failures: Failure[]; ran: RuleFile[] } {
  const types = new Set(
    templatePaths.flatMap((p) =>
      Object.values((JSON.parse(fs.readFileSync(p, 'utf8')) as { Resources?: Record<string, { Type: string }> }).Resources ?? {}).map((r) => r.Type),
    ),
  );
  const ran = rules.filter((r) => r.types.some((t) => types.has(t)));
  const report = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: ran.map((r) => r.file) }).validate({
    templatePaths: [...templatePaths],
    appConstruct, // not read by this plugin (it reads the templates)
  });
  const failures = report.violations.flatMap((v) => {
    const control = /^\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(v.description ?? '')?.[1];
    if (!control) throw new Error(`cfn-guard violation without a Control Tower id: ${v.ruleName}: ${v.description}`);
    return v.violatingResources.map((r) => ({
      control,
      stack: path.basename(r.templatePath).replace(/\.template\.json$/, ''),
      resource: r.resourceLogicalId ?? '(template)',
    }));
  });
  const unique = new Map(failures.map((f) => [`${f.control} ${f.stack} ${f.resource}`, f]));
  return { failures: [...unique.values()], ran };
}

/** The accepted-failures table of docs/deploy.md: | Control | Stack | Resources | Reason |. */
function acceptedFailures(): Accepted[] {
  const lines = fs.readFileSync(DEPLOY_DOC, 'utf8').split('\n');
  const start = lines.indexOf(START);
  const end = lines.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/deploy.md: ${START} … ${END} not found`);
  return lines
    .slice(start + 1, end)
    .map((text, i) => ({ text, line: start + 2 + i }))
    .filter(({ text }) => text.startsWith('|') && !/^\|\s*-/.test(text) && !/^\|\s*Control\s*\|/.test(text))
    .map(({ text, line }) => {
      const cells = text
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      if (cells.length !== 4) throw new Error(`docs/deploy.md:${line}: expected 4 cells, got ${cells.length}`);
      const [control, stack, resources, reason] = cells as [string, string, string, string];
      const unquote = (s: string): string => s.replace(/`/g, '').trim();
      return { control: unquote(control), stack: unquote(stack), resources: resources.split(',').map(unquote), reason, line };
    });
}

/** `*` stands for any characters; nothing else is special. */
const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
const matches = (a: Accepted, f: Failure): boolean =>
  a.control === f.control && glob(a.stack).test(f.stack) && a.resources.some((r) => glob(r).test(f.resource));

let templatePaths: string[];
let result: ReturnType<typeof runControls>;
let accepted: Accepted[];
const rules = controlTowerRules();

beforeAll(() => {
  const context = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.context.json'), 'utf8')) as Record<string, unknown>;
  const { app } = buildGovernanceApp(loadConfig(path.join(ROOT, 'governance.yaml')), {
    configDir: ROOT,
    appProps: { outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-ct-')), context },
  });
  const assembly = app.synth();
  templatePaths = assembly.stacksRecursively.map((s) => path.join(s.assembly.directory, s.templateFile));
  result = runControls(templatePaths, rules, app);
  accepted = acceptedFailures();
}, 120_000);

describe('Control Tower proactive controls on the reference templates', () => {
  it('runs the shipped rules with the bundled cfn-guard on every template', () => {
    expect(rules.length).toBeGreaterThan(200);
    expect(templatePaths.length).toBeGreaterThanOrEqual(4);
    for (const r of rules) expect(fs.existsSync(r.file), r.file).toBe(true);
    expect(result.ran.map((r) => r.control)).toEqual(
      expect.arrayContaining(['CT.KMS.PR.1', 'CT.KMS.PR.3', 'CT.S3.PR.1', 'CT.CLOUDTRAIL.PR.1', 'CT.LAMBDA.PR.3']),
    );
  });

  it('detects a failing control (the rules and the binary work on this machine)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-ct-neg-'));
    const file = path.join(dir, 'Bad.template.json');
    const key = {
      Type: 'AWS::KMS::Key',
      Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] } },
    };
    fs.writeFileSync(file, JSON.stringify({ Resources: { Key: key } }));
    const kmsRules = rules.filter((r) => r.control.startsWith('CT.KMS.'));
    expect(runControls([file], kmsRules, new App()).failures).toEqual(
      expect.arrayContaining([
        { control: 'CT.KMS.PR.1', stack: 'Bad', resource: 'Key' },
        { control: 'CT.KMS.PR.3', stack: 'Bad', resource: 'Key' },
      ]),
    );
  });

  it('passes CT.KMS.PR.1, PR.2 and PR.3 on every key', () => {
    expect(result.failures.filter((f) => f.control.startsWith('CT.KMS.'))).toEqual([]);
  });

  it('fails only where docs/deploy.md accepts it, with a reason', () => {
    const open = result.failures.filter((f) => !accepted.some((a) => matches(a, f)));
    expect(open.map((f) => `${f.control} ${f.stack} ${f.resource}`)).toEqual([]);
  });

  it('accepts nothing that does not fail (no stale row), each row with a specific reason', () => {
    expect(accepted.length).toBeGreaterThan(0);
    const stale: string[] = [];
    for (const a of accepted) {
      expect(a.reason.length, `docs/deploy.md:${a.line}: reason too vague`).toBeGreaterThan(40);
      for (const r of a.resources) {
        if (!result.failures.some((x) => matches({ ...a, resources: [r] }, x)))
          stale.push(`docs/deploy.md:${a.line}: ${a.control} ${a.stack} ${r} no longer fails`);
      }
    }
    expect(stale).toEqual([]);
  });
});

describe('docs/deploy.md', () => {
  it('documents every output of the landing-zone stacks, and the first one has the keys, buckets and endpoints', () => {
    const lines = fs.readFileSync(DEPLOY_DOC, 'utf8').split('\n');
    const block = lines.slice(lines.indexOf('<!-- landing-zone-outputs:start -->') + 1, lines.indexOf('<!-- landing-zone-outputs:end -->'));
    const documented = new Set(block.flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]!)));
    expect(documented.size).toBeGreaterThan(10);
    const zones = templatePaths.filter((p) => /BedrockLandingZone[^/]*\.template\.json$/.test(p));
    expect(zones.length).toBeGreaterThanOrEqual(1);
    for (const file of zones) {
      const outputs = Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { Outputs?: Record<string, unknown> }).Outputs ?? {});
      // CDK's own exports for cross-stack references (ExportsOutput…) are not part of the documented contract.
      expect(
        outputs.filter((o) => !o.startsWith('ExportsOutput') && !documented.has(o)),
        path.basename(file),
      ).toEqual([]);
    }
    const first = Object.keys(
      (
        JSON.parse(
          fs.readFileSync(
            zones.find((p) => p.endsWith('BedrockLandingZone.template.json'))!,
            'utf8',
          ),
        ) as { Outputs: object }
      ).Outputs,
    );
    expect(first).toEqual(
      expect.arrayContaining([
        'VpcEndpointIds',
        'BedrockEndpointId',
        'BedrockRuntimeEndpointId',
        'TrailArn',
        'TrailBucketName',
        'AuditLogsKeyArn',
        'InvocationLogsKeyArn',
        'TrainingDataKeyArn',
        'AccessLogsBucketName',
        'InvocationLogsBucketName',
      ]),
    );
  });
});
