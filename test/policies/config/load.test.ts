import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigIssue } from '../../../policies/config/issues';
import { checkConfig, loadConfig, parseConfig } from '../../../policies/config/load';

const ROOT = path.join(__dirname, '..', '..', '..');

/** A valid base, one key per line so that positions are easy to read. */
const BASE = `account: '111111111111'
regions: [us-east-1]
landingZone:
  endpointModels:
    allow: [amazon.nova-*]
  trail:
    name: bedrock-governance
teams:
  - name: Research
    access:
      allow: [amazon.nova-lite-v1:0]
      regions: [us-east-1]
`;

/** The error lines of a config, in order. */
function errors(text: string, file = 'governance.yaml'): string[] {
  return checkConfig(text, file, { baseDir: ROOT }).errors.map((i) => lineOf(i));
}

function lineOf(i: ConfigIssue): string {
  return `${i.file}:${i.line}:${i.column} ${i.path} ${i.message}`;
}

function thrown(text: string): ConfigError {
  try {
    parseConfig(text, 'governance.yaml', { baseDir: ROOT, onWarning: () => undefined });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: valid files', () => {
  it('loads the default governance.yaml, equivalent to the reference config', () => {
    const warnings: ConfigIssue[] = [];
    const config = loadConfig(path.join(ROOT, 'governance.yaml'), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    expect(config.account).toBe('111111111111');
    expect(config.regions).toEqual(['us-east-1', 'eu-central-1']);
    expect(Object.keys(config.landingZone.endpointModelsByRegion ?? {})).toEqual(['eu-central-1']);
    expect(config.landingZone.trail.name).toBe('bedrock-governance');
    expect(config.landingZone.endpointModels.deny).toEqual(['amazon.nova-premier-v1:0']);
    expect(config.landingZone.network).toMatchObject({ vpcCidr: '10.40.0.0/16', maxAzs: 2, services: ['bedrock', 'bedrock-runtime'] });
    expect(config.teams.map((t) => t.name)).toEqual(['Research', 'Support']);
    expect(config.teams[0]!.access).toMatchObject({ regions: ['us-east-1'], catalogRead: true });
    expect(config.teams[1]!.access).toMatchObject({ regions: ['eu-central-1'], catalogRead: false });
    expect(config.organization).toMatchObject({
      account: '222222222222',
      region: 'us-east-1',
      deny: ['anthropic.claude-3-opus-20240229-v1:0'],
      targetIds: ['ou-ab12-cdef3456'],
    });
    expect(config.compliance.packs).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'BedrockGovernance']);
    expect(config.customization?.jobs.map((j) => j.trainingDataset)).toEqual(config.customization?.datasets.map((d) => d.name));
    expect(config.customization?.datasets[0]?.files).toEqual(['stacks/datasets/math-tutor/train.jsonl']);
  });

  it('loads a minimal file and applies the defaults', () => {
    const config = loadConfig(path.join(__dirname, 'fixtures', 'minimal.yaml'));
    expect(config.landingZone.network).toEqual({ vpcCidr: '10.40.0.0/16', maxAzs: 2, services: ['bedrock', 'bedrock-runtime'] });
    expect(config.landingZone.keys).toEqual({ aliasPrefix: 'alias/bedrock-governance', rotationDays: 365 });
    expect(config.landingZone.logRetentionDays).toBe(365);
    expect(config.landingZone.trail.multiRegion).toBe(true);
    expect(config.landingZone.invocationLogging).toMatchObject({ deliverToS3: true, onDelete: 'restore-previous', videoDataDeliveryEnabled: false });
    expect(config.teams).toEqual([]);
    expect(config.compliance).toEqual({
      packs: ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'BedrockGovernance'],
      acknowledgements: [],
    });
  });

  it('fails when the file does not exist, naming it', () => {
    expect(() => loadConfig('nowhere/governance.yaml')).toThrow(/^nowhere\/governance\.yaml: cannot read the config file: no such file$/);
  });
});

describe('parseConfig: each class of error, with its position', () => {
  it('fails on a YAML syntax error', () => {
    const text = BASE.replace('regions: [us-east-1]\nlandingZone', 'regions: [us-east-1\nlandingZone');
    const [line] = errors(text);
    expect(line).toMatch(/^governance\.yaml:3:1 {2}Flow sequence in block collection must be sufficiently indented and end with a \]$/);
  });

  it('fails on a duplicate key', () => {
    expect(errors(`${BASE}account: '222222222222'\n`)).toEqual(['governance.yaml:13:1  Map keys must be unique']);
  });

  it('fails on an unknown key, naming the accepted keys', () => {
    const text = BASE.replace('      regions: [us-east-1]', '      region: [us-east-1]');
    expect(errors(text)).toEqual([
      'governance.yaml:10:5 teams[0].access.regions is required; expected a list',
      "governance.yaml:12:7 teams[0].access.region unknown key (did you mean 'regions'?); accepted keys of teams[0].access: allow, deny, regions, requireVpcEndpoint, requireGuardrail, catalogRead, categories, apiKeys",
    ]);
  });

  it('fails on an unknown key inside a model reference, naming the accepted keys', () => {
    const text = BASE.replace('allow: [amazon.nova-lite-v1:0]', 'allow: [{ id: amazon.nova-lite-v1:0, newer: true }]');
    expect(errors(text)).toEqual([
      'governance.yaml:11:44 teams[0].access.allow[0].newer unknown key; accepted keys of teams[0].access.allow[0]: id, newerThanCatalog, destinationRegions, provisionedThroughput, customModel',
    ]);
  });

  it('fails on a wrong type, naming the expected type', () => {
    const text = `${BASE}      catalogRead: "no"\n`;
    expect(errors(text)).toEqual(['governance.yaml:13:20 teams[0].access.catalogRead expected true or false, received a string']);
    const scalar = BASE.replace('      regions: [us-east-1]', '      regions: us-east-1');
    expect(errors(scalar)).toEqual(['governance.yaml:12:16 teams[0].access.regions expected a list, received a string']);
  });

  it('fails on a wrong type inside a union, reporting the branch that fits the value', () => {
    const text = `${BASE}guardrail:\n  arn: arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123\n  version: 1\n`;
    expect(errors(text)).toEqual([
      'governance.yaml:15:12 guardrail.version expected a string, received a number; quote it (YAML reads unquoted digits as a number and drops leading zeros)',
    ]);
    expect(errors(`${BASE}guardrail: true\n`)).toEqual([
      'governance.yaml:13:12 guardrail expected a mapping with keys arn, version? or a list, received true (a boolean)',
    ]);
  });

  it('fails on a bad enum value, naming the accepted values', () => {
    const text = BASE.replace('    name: bedrock-governance', '    name: bedrock-governance\n  invocationLogging:\n    onDelete: keep');
    const issues = checkConfig(text, 'governance.yaml').errors;
    expect(issues.map(lineOf)).toEqual(['governance.yaml:9:15 landingZone.invocationLogging.onDelete is not accepted; accepted: restore-previous, delete']);
    expect(issues[0]).toMatchObject({ code: 'enum', value: 'keep', segments: ['landingZone', 'invocationLogging', 'onDelete'] });
  });

  it('fails on a missing required key, at the key of its parent', () => {
    const text = BASE.replace('  trail:\n    name: bedrock-governance\n', '');
    expect(errors(text)).toEqual([
      'governance.yaml:3:1 landingZone.trail is required; expected a mapping with keys name, multiRegion?, dataEventResourceTypes?, existingTrailArn?',
    ]);
  });

  it('fails on a bad account format, with a hint for unquoted digits', () => {
    expect(errors(BASE.replace("account: '111111111111'", "account: '11111111111'"))).toEqual([
      'governance.yaml:1:10 account must be a 12-digit account id written as a quoted string, e.g. "111111111111"',
    ]);
    const e = thrown(BASE.replace("account: '111111111111'", 'account: 011111111111'));
    expect(e.message).toBe(
      'governance.yaml:1:10 account 11111111111: expected a string, received a number; quote it (YAML reads unquoted digits as a number and drops leading zeros)',
    );
  });

  it('reports every error at once, sorted by position', () => {
    const text = `account: 'x'
regions: [us-east-1]
landingZone:
  endpointModels:
    allow: []
  logRetentionDays: 366
  trail:
    name: bedrock-governance
teams:
  - name: Research
    acces: {}
compliance:
  packs: [AWSSolutions]
`;
    const e = thrown(text);
    expect(e.message.split('\n')).toEqual([
      'governance.yaml:1:10 account \'x\': must be a 12-digit account id written as a quoted string, e.g. "111111111111"',
      'governance.yaml:5:12 landingZone.endpointModels.allow: must list at least one model, profile or ARN (the runtime endpoint carries nothing otherwise)',
      'governance.yaml:6:21 landingZone.logRetentionDays 366: is not accepted; accepted: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
      'governance.yaml:10:5 teams[0].access: is required; expected a mapping with keys allow, deny?, regions, requireVpcEndpoint?, requireGuardrail?, catalogRead?, categories?, apiKeys?',
      "governance.yaml:11:5 teams[0].acces: unknown key (did you mean 'access'?); accepted keys of teams[0]: name, principals, access, acknowledgements",
      "governance.yaml:13:11 compliance.packs[0] 'AWSSolutions': is not accepted (did you mean 'AwsSolutions'?); accepted: AwsSolutions, HIPAA.Security, NIST.800.53.R5, PCI.DSS.321, BedrockGovernance",
    ]);
    expect(e.issues.map((i) => i.code)).toEqual(['format', 'range', 'enum', 'missing', 'unknown-key', 'enum']);
  });

  it('gives a self-sufficient message without a stack trace', () => {
    const e = thrown(BASE.replace('      regions: [us-east-1]', '      regions: us-east-1'));
    expect(e.name).toBe('ConfigError');
    expect(e.message).not.toMatch(/\n\s+at /);
    expect(e.stack).not.toMatch(/\n\s+at /);
    expect(e.message).toMatch(/^governance\.yaml:\d+:\d+ /);
  });

  it('fails on an empty file', () => {
    expect(errors('# nothing yet\n')).toEqual(['governance.yaml:1:1  the file is empty; expected a mapping with account, regions, landingZone, teams…']);
  });
});
