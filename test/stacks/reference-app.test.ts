/**
 * The reference app as CI synthesizes it: every stack, every compliance pack, zero unacknowledged findings,
 * every acknowledgement with a specific reason; plus one snapshot per stack as a regression net.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGovernanceApp } from '../../bin/governance-app';
import { loadConfig } from '../../policies/config/index';
import { scrubbedTemplate } from '../support/snapshot';

interface Violation {
  ruleName: string;
  reason?: string;
  violatingConstructs: { constructPath: string }[];
}
interface Report {
  pluginReports: { pluginName: string; conclusion: string; violations: Violation[]; suppressedViolations?: Violation[] }[];
}

const ROOT = path.join(__dirname, '..', '..');
const config = loadConfig(path.join(ROOT, 'governance.yaml'));
let report: Report;
let stacks: Stack[];

beforeAll(() => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-ref-'));
  const app = buildGovernanceApp(config, { configDir: ROOT, appProps: { outdir } }).app;
  app.synth();
  stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Report;
});

describe('reference app', () => {
  it('synthesizes every stack', () => {
    expect(stacks.map((s) => s.stackName).sort()).toEqual([
      'BedrockLandingZone',
      'BedrockLandingZone-eu-central-1',
      'BedrockModelAccess',
      'BedrockModelCustomization',
      'Organization-BedrockOrganizationPolicy',
    ]);
  });

  it('deploys the organization stack in its own stage, to the management account of the config', () => {
    const org = stacks.find((s) => s.stackName === 'Organization-BedrockOrganizationPolicy')!;
    expect(org.node.path).toBe('Organization/BedrockOrganizationPolicy');
    expect(Stage.of(org)?.stageName).toBe('Organization');
    expect({ account: org.account, region: org.region }).toEqual({ account: config.organization!.account, region: 'us-east-1' });
    expect(org.account).not.toBe(config.account);
  });

  it('gives every team region of the reference config a landing zone (invocation logging)', () => {
    for (const t of config.teams) for (const r of t.access.regions) expect(config.regions, `${t.name} ${r}`).toContain(r);
  });

  it('fails when two teams would get the same construct id, naming both', () => {
    const teams = [
      { name: 'Research', principals: { roles: [{ name: 'Reader', trust: { accountRoot: true }, maxSessionHours: 1 }] }, access: config.teams[0]!.access },
      { name: 'Research Reader', access: config.teams[0]!.access },
    ];
    expect(() =>
      buildGovernanceApp({ ...config, teams }, { configDir: ROOT, appProps: { outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-ids-')) } }),
    ).toThrow(/teams 'Research Reader': the default role gets the construct id ResearchReaderRole, which team 'Research' role 0 already has/);
  });

  it('outputs each team role ARN and its managed policies under the ids docs/deploy.md documents', () => {
    const outputs = Template.fromStack(stacks.find((s) => s.stackName === 'BedrockModelAccess')!).findOutputs('*');
    for (const id of ['ResearchRoleArn', 'ResearchModelAccessPolicyArns', 'SupportRoleArn', 'SupportModelAccessPolicyArns'])
      expect(Object.keys(outputs)).toContain(id);
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8')).toMatch(/ResearchRoleArn[\s\S]*<Team>ModelAccessPolicyArns/);
  });

  it('retains every bucket, key and log group of the landing zone on stack deletion', () => {
    const template = Template.fromStack(stacks.find((s) => s.stackName === 'BedrockLandingZone')!).toJSON() as {
      Resources: Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
    };
    const kept = Object.entries(template.Resources).filter(([, r]) => ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'].includes(r.Type));
    expect(kept.map(([, r]) => r.Type).sort()).toEqual(expect.arrayContaining(['AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket']));
    expect(kept.length).toBeGreaterThanOrEqual(9);
    for (const [id, r] of kept) {
      expect({ id, deletion: r.DeletionPolicy, replace: r.UpdateReplacePolicy }).toEqual({ id, deletion: 'Retain', replace: 'Retain' });
    }
  });

  it('has no unacknowledged compliance finding in any pack', () => {
    const open = report.pluginReports.flatMap((p) =>
      p.violations.map((v) => `${p.pluginName} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`),
    );
    expect(open).toEqual([]);
    for (const p of report.pluginReports) expect(p.conclusion).toBe('success');
  });

  it('gives every acknowledgement a specific reason', () => {
    const acks = report.pluginReports.flatMap((p) => p.suppressedViolations ?? []);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.reason, a.ruleName).toBeTruthy();
      expect(a.reason!.length, `${a.ruleName}: "${a.reason}" is too vague`).toBeGreaterThan(40);
    }
  });

  it('deploys the landing zone in every configured region, with one multi-region trail in the first', () => {
    const { app } = buildGovernanceApp(
      {
        ...config,
        regions: ['us-east-1', 'eu-central-1'],
        landingZone: {
          ...config.landingZone,
          endpointModelsByRegion: { 'eu-central-1': { allow: ['eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'eu.amazon.nova-*'] } },
        },
      },
      { configDir: ROOT, appProps: { outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-mr-')) } },
    );
    const second = app.node.findChild('BedrockLandingZone-eu-central-1') as Stack;
    const t = Template.fromStack(second);
    t.resourceCountIs('AWS::CloudTrail::Trail', 0);
    t.resourceCountIs('Custom::BedrockInvocationLogging', 1);
    t.hasOutput('TrailArn', { Value: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/bedrock-governance' });
    Template.fromStack(app.node.findChild('BedrockLandingZone') as Stack).resourceCountIs('AWS::CloudTrail::Trail', 1);
  });

  it('takes the partition of its ARNs from the config regions', () => {
    const { app } = buildGovernanceApp(
      {
        ...config,
        regions: ['us-gov-west-1', 'us-gov-east-1'],
        landingZone: { ...config.landingZone, endpointModels: { allow: ['amazon.titan-embed-text-v2:0'] }, endpointModelsByRegion: undefined },
        teams: [],
        organization: undefined,
        customization: undefined,
      },
      { configDir: ROOT, appProps: { outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-gov-')) } },
    );
    Template.fromStack(app.node.findChild('BedrockLandingZone-us-gov-east-1') as Stack).hasOutput('TrailArn', {
      Value: 'arn:aws-us-gov:cloudtrail:us-gov-west-1:111111111111:trail/bedrock-governance',
    });
  });

  it.each([
    'BedrockLandingZone',
    'BedrockLandingZone-eu-central-1',
    'BedrockModelAccess',
    'BedrockModelCustomization',
    'Organization-BedrockOrganizationPolicy',
  ])('matches the snapshot of %s', (name) => {
    const stack = stacks.find((s) => s.stackName === name)!;
    expect(scrubbedTemplate(stack)).toMatchSnapshot();
  });
});
