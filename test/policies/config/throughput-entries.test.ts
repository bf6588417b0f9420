/**
 * `{ provisionedThroughput: <name> }` in a team's allow-list: checked against the customization section, the team's
 * regions and deny-list and the organization's deny-list, at the entry's position; model entries keep their positions
 * when throughput entries come first.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../policies/config/issues';
import { checkConfig } from '../../../policies/config/load';
import { configAllowField, splitTeamAllow } from '../../../policies/config/team-allow';

const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-throughput-'));
fs.writeFileSync(path.join(DATA_DIR, 'train.jsonl'), '{"prompt": "a", "completion": "b"}\n');

const HEAD = `account: '111111111111'
regions: [us-east-1, eu-central-1]
landingZone:
  endpointModels:
    allow: [amazon.nova-*]
  trail:
    name: bedrock-governance
`;
const CUSTOMIZATION = `customization:
  datasets:
    - name: tickets
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tuning
      files: [train.jsonl]
  jobs:
    - name: tuning
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tuning
      trainingDataset: tickets
      customModelName: tuned-nova
  provisionedThroughput:
    - name: tuned
      model: { job: tuning }
      modelUnits: 1
    - name: micro
      model: { foundationModel: amazon.nova-micro-v1:0 }
      modelUnits: 1
`;
const check = (teams: string, extra = ''): { errors: string[]; warnings: string[] } => {
  const r = checkConfig(`${HEAD}${extra}teams:\n${teams}${CUSTOMIZATION}`, 'governance.yaml', { baseDir: DATA_DIR });
  return { errors: r.errors.map(formatIssue), warnings: r.warnings.map(formatIssue) };
};

describe('team allow entries naming a provisioned throughput', () => {
  it('accepts a configured throughput, also as the only entry', () => {
    const { errors } = check(`  - name: Research
    access:
      allow:
        - provisionedThroughput: tuned
        - amazon.nova-pro-v1:0
      regions: [us-east-1]
  - name: Apps
    access:
      allow: [{ provisionedThroughput: micro }]
      regions: [us-east-1]
`);
    expect(errors).toEqual([]);
  });

  it('rejects an unknown name, naming the configured ones, at the entry', () => {
    const { errors } = check(`  - name: Research
    access:
      allow:
        - provisionedThroughput: tuned-2
      regions: [us-east-1]
`);
    expect(errors).toEqual([
      "governance.yaml:12:34 teams[0].access.allow[0].provisionedThroughput 'tuned-2': names no provisioned throughput of customization.provisionedThroughput; accepted: tuned, micro",
    ]);
  });

  it('rejects a throughput outside the team regions (it is bought in regions[0])', () => {
    const { errors } = check(`  - name: Support
    access:
      allow:
        - provisionedThroughput: micro
      regions: [eu-central-1]
`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/teams\[0\]\.access\.allow\[0\]\.provisionedThroughput 'micro': is bought in us-east-1 \(regions\[0\]/);
  });

  it("rejects a throughput whose model the team's deny-list covers", () => {
    const { errors } = check(`  - name: Research
    access:
      allow:
        - amazon.nova-pro-v1:0
        - provisionedThroughput: tuned
      deny: [amazon.nova-lite-v1:0]
      regions: [us-east-1]
`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/teams\[0\]\.access\.allow\[1\] .*is denied by the deny-list \('amazon\.nova-lite-v1:0'\)/);
  });

  it("rejects a throughput whose model the organization denies (the SCP's model deny would not stop it)", () => {
    const org = `organization:
  account: '222222222222'
  allow: [amazon.*]
  deny: [amazon.nova-micro-*]
  targetIds: [ou-ab12-cdef3456]
`;
    const { errors } = check(
      `  - name: Apps
    access:
      allow: [amazon.nova-pro-v1:0, { provisionedThroughput: micro }]
      regions: [us-east-1]
`,
      org,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/teams\[0\]\.access\.allow\[1\] .*serves amazon\.nova-micro-v1:0, which organization\.deny\[0\] 'amazon\.nova-micro-\*' denies/);
  });

  it('keeps the positions of model entries that follow a throughput entry', () => {
    const { errors } = check(`  - name: Research
    access:
      allow:
        - provisionedThroughput: tuned
        - amazon.nova-lte-v1:0
      regions: [us-east-1]
`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^governance\.yaml:\d+:\d+ teams\[0\]\.access\.allow\[1\] 'amazon\.nova-lte-v1:0'/);
  });

  it("accepts a job's custom model, granted through the throughput the config buys for it", () => {
    const { errors } = check(`  - name: Research
    access:
      allow: [{ customModel: tuning }]
      regions: [us-east-1]
`);
    expect(errors).toEqual([]);
    const split = splitTeamAllow([{ customModel: 'tuning' }], {
      datasets: [],
      jobs: [],
      provisionedThroughput: [{ name: 'tuned', model: { job: 'tuning' }, modelUnits: 1, commitment: 'none' }],
    });
    expect(split.throughput).toEqual([{ name: 'tuned', index: 0, customModel: 'tuning' }]);
  });

  it('rejects a custom model without throughput (it could not be invoked) and an unknown job', () => {
    const custom = CUSTOMIZATION.replace(/ {2}provisionedThroughput:[\s\S]*$/, '  provisionedThroughput: []\n');
    const r = checkConfig(
      `${HEAD}teams:
  - name: Research
    access:
      allow: [{ customModel: tuning }, { customModel: tunning }, amazon.nova-pro-v1:0]
      regions: [us-east-1]
${custom}`,
      'governance.yaml',
      { baseDir: DATA_DIR },
    );
    const errors = r.errors.map(formatIssue);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/allow\[0\]\.customModel 'tuning': has no provisioned throughput: a custom model is invoked only through one/);
    expect(errors[1]).toMatch(/allow\[1\]\.customModel 'tunning': names no job of customization\.jobs; accepted: tuning/);
  });

  it('maps engine fields back to config entries', () => {
    const split = splitTeamAllow(['a', { provisionedThroughput: 'x' }, 'b', { provisionedThroughput: 'y' }]);
    expect(split.models).toEqual(['a', 'b']);
    expect(configAllowField('allow[1].destinationRegions[0]', split)).toBe('allow[2].destinationRegions[0]');
    expect(configAllowField('provisionedThroughput[1].baseModel', split)).toBe('allow[3]');
    expect(configAllowField('regions[0]', split)).toBe('regions[0]');
  });
});
