import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../policies/config/issues';
import { checkConfig } from '../../../policies/config/load';

const HEAD = `account: '111111111111'
regions: [us-east-1]
landingZone:
  endpointModels:
    allow: [amazon.nova-*]
  trail:
    name: bedrock-governance
`;

/** A directory with one training file, for dataset paths. */
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-config-'));
fs.writeFileSync(path.join(DATA_DIR, 'train.jsonl'), '{"prompt": "a", "completion": "b"}\n');

function check(body: string): { errors: string[]; warnings: string[] } {
  const result = checkConfig(HEAD + body, 'governance.yaml', { baseDir: DATA_DIR });
  return { errors: result.errors.map(formatIssue), warnings: result.warnings.map(formatIssue) };
}

const team = (access: string, name = 'Research'): string => `  - name: ${name}\n    access:\n${access}`;

describe('semantic pass', () => {
  it('accepts a customization section whose references resolve', () => {
    const { errors, warnings } = check(`customization:
  datasets:
    - name: support-tickets
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tuning
      files: [train.jsonl]
  jobs:
    - name: support-tuning
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tuning
      trainingDataset: support-tickets
      customModelName: support-nova
  provisionedThroughput:
    - name: support
      model: { job: support-tuning }
      modelUnits: 1
      commitment: one-month
      acknowledgeCommitmentCost: true
`);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('fails when a job names an unknown dataset, and a throughput an unknown job', () => {
    const { errors } = check(`customization:
  datasets:
    - name: support-tickets
      baseModel: amazon.nova-lite-v1:0
      customizationType: fine-tuning
      files: [train.jsonl, missing.jsonl]
  jobs:
    - name: support-tuning
      baseModel: amazon.nova-lite-v1:0
      customizationType: fine-tuning
      trainingDataset: support-ticket
      customModelName: support-nova
  provisionedThroughput:
    - name: support
      model: { job: support-tunning }
      modelUnits: 2
      commitment: six-months
`);
    expect(errors).toEqual([
      `governance.yaml:13:28 customization.datasets[0].files[1] 'missing.jsonl': does not exist (looked for ${path.join(DATA_DIR, 'missing.jsonl')}); paths are relative to the config file`,
      "governance.yaml:18:24 customization.jobs[0].trainingDataset 'support-ticket': names no dataset; accepted: support-tickets",
      "governance.yaml:22:21 customization.provisionedThroughput[0].model.job 'support-tunning': names no job; accepted: support-tuning",
      "governance.yaml:24:19 customization.provisionedThroughput[0].commitment 'six-months': commits to 2 model units for six months, billed whether used or not; set acknowledgeCommitmentCost: true to accept the cost",
    ]);
  });

  it('fails on a base model Bedrock cannot customize that way, and on a distillation job without teacher', () => {
    const { errors } = check(`customization:
  datasets:
    - name: notes
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: continued-pre-training
      files: [train.jsonl]
  jobs:
    - name: distill
      baseModel: amazon.nova-lit-v1:0:300k
      customizationType: distillation
      trainingDataset: notes
      customModelName: distilled
`);
    expect(errors).toEqual([
      "governance.yaml:12:26 customization.datasets[0].customizationType 'continued-pre-training': is not offered for amazon.nova-lite-v1:0:300k; accepted for this model: fine-tuning, distillation",
      "governance.yaml:16:18 customization.jobs[0].baseModel 'amazon.nova-lit-v1:0:300k': is not a base model Bedrock can customize; closest: amazon.nova-lite-v1:0:300k, amazon.nova-pro-v1:0:300k, amazon.nova-2-lite-v1:0:256k",
      "governance.yaml:17:26 customization.jobs[0].customizationType 'distillation': needs a teacherModel (the model whose answers the student learns)",
      "governance.yaml:18:24 customization.jobs[0].trainingDataset 'notes': is a continued-pre-training dataset (customization.datasets[0]) but the job is distillation; accepted: a dataset of the same customization type",
    ]);
  });

  it('fails when requireGuardrail has no top-level guardrail', () => {
    const { errors } = check(`teams:\n${team('      allow: [amazon.nova-lite-v1:0]\n      regions: [us-east-1]\n      requireGuardrail: true\n')}`);
    expect(errors).toEqual([
      'governance.yaml:13:25 teams[0].access.requireGuardrail true: needs a top-level guardrail { arn, version? }, and the config has none',
    ]);
  });

  it('fails when the guardrail does not cover a team region, naming the team', () => {
    const { errors } = check(
      `guardrail:\n  arn: arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123\nteams:\n${team(
        '      allow: [amazon.nova-lite-v1:0]\n      regions: [us-east-1, us-west-2]\n      requireGuardrail: true\n',
      )}`,
    );
    expect(errors).toEqual([
      "governance.yaml:9:8 guardrail.arn 'arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123': has no guardrail in region us-west-2: calls there could never satisfy the guardrail condition and would all be denied; give one guardrail per listed region (for teams[0] 'Research', regions us-east-1, us-west-2)",
      "governance.yaml:14:28 teams[0].access.regions[1] 'us-west-2': has no model invocation logging: the landing zone configures it only in its regions (us-east-1); add the region to regions, or, when logging is configured outside this app, acknowledge BedrockGovernance::BedrockGovernance-InvocationLogging in the team's acknowledgements",
    ]);
  });

  it('fails when a team that requires the VPC endpoint invokes outside the landing-zone regions', () => {
    const { errors } = check(
      `teams:\n${team('      allow: [amazon.nova-lite-v1:0]\n      regions: [us-east-1, us-west-2]\n      requireVpcEndpoint: true\n')}`,
    );
    expect(errors).toEqual([
      "governance.yaml:12:28 teams[0].access.regions[1] 'us-west-2': is not a landing-zone region (regions: us-east-1): requireVpcEndpoint needs the landing zone's runtime endpoint in every team region; add it to regions or drop it here",
    ]);
  });

  it('fails on an unknown model id, with the closest catalog ids', () => {
    const { errors } = check(
      `teams:\n${team('      allow:\n        - amazon.nova-lite-v1:0\n        - anthropic.claude-3-haiku-20240307\n      regions: [us-east-1]\n')}`,
    );
    expect(errors).toEqual([
      "governance.yaml:13:11 teams[0].access.allow[1] 'anthropic.claude-3-haiku-20240307': is not in the model catalog; closest catalog ids: anthropic.claude-3-haiku-20240307-v1:0, anthropic.claude-3-5-haiku-20241022-v1:0, anthropic.claude-3-opus-20240229-v1:0. If it is newer than the catalog, write { id: ..., newerThanCatalog: true } or run `npm run catalog:refresh`",
    ]);
  });

  it('fails on an unknown model in the landing zone and the organization too', () => {
    const result = checkConfig(
      HEAD.replace('allow: [amazon.nova-*]', 'allow: [amazon.nova-lite]') +
        "organization:\n  allow: ['anthropic.*', 'amazon.nova-pro']\n  targetIds: [ou-ab12-cdef3456]\n  account: '222222222222'\n",
      'governance.yaml',
    );
    expect(result.errors.map((i) => `${i.line}:${i.column} ${i.path} ${i.code}`)).toEqual([
      '5:13 landingZone.endpointModels.allow[0] model',
      '9:26 organization.allow[1] model',
    ]);
  });

  it('fails when a team allows a model the organization denies, naming both; warns on a partial overlap', () => {
    const { errors, warnings } = check(`organization:
  allow: ['anthropic.*', 'amazon.*', 'us.amazon.*']
  deny: [anthropic.claude-3-opus-20240229-v1:0, amazon.nova-premier-v1:0]
  targetIds: [ou-ab12-cdef3456]
  account: '222222222222'
teams:
${team('      allow:\n        - anthropic.claude-3-opus-20240229-v1:0\n        - us.amazon.nova-*\n      regions: [us-east-1]\n')}`);
    expect(errors).toEqual([
      "governance.yaml:17:11 teams[0].access.allow[0] 'anthropic.claude-3-opus-20240229-v1:0': is denied by the organization: organization.deny[0] 'anthropic.claude-3-opus-20240229-v1:0' blocks it; the team could never invoke it (remove it, or change the deny)",
    ]);
    expect(warnings).toEqual([
      "governance.yaml:10:10 warning: organization.deny[0] 'anthropic.claude-3-opus-20240229-v1:0': overlaps organization.allow[0] 'anthropic.*' (anthropic.claude-3-opus-20240229-v1:0): the deny wins [cdk-bedrock-governance:DenyOverridesAllow]",
      "governance.yaml:10:49 warning: organization.deny[1] 'amazon.nova-premier-v1:0': overlaps organization.allow[1] 'amazon.*' (amazon.nova-premier-v1:0): the deny wins [cdk-bedrock-governance:DenyOverridesAllow]",
      "governance.yaml:10:49 warning: organization.deny[1] 'amazon.nova-premier-v1:0': overlaps organization.allow[2] 'us.amazon.*' (us.amazon.nova-premier-v1:0): the deny wins [cdk-bedrock-governance:DenyOverridesAllow]",
      "governance.yaml:18:11 warning: teams[0].access.allow[1] 'us.amazon.nova-*': is partly denied by the organization: organization.deny[1] 'amazon.nova-premier-v1:0' blocks us.amazon.nova-premier-v1:0; the team gets the rest",
    ]);
  });

  it('fails when a team allows a model off the organization allow-list, or a region outside it', () => {
    const { errors } = check(`organization:
  allow: ['anthropic.*']
  regions: [us-east-1]
  targetIds: [ou-ab12-cdef3456]
  account: '222222222222'
teams:
${team('      allow: [amazon.nova-lite-v1:0]\n      regions: [us-east-1, us-west-2]\n')}`);
    expect(errors).toEqual([
      "governance.yaml:16:15 teams[0].access.allow[0] 'amazon.nova-lite-v1:0': is not on the organization allow-list (organization.allow): the SCP denies it; the team could never invoke it",
      "governance.yaml:17:28 teams[0].access.regions[1] 'us-west-2': has no model invocation logging: the landing zone configures it only in its regions (us-east-1); add the region to regions, or, when logging is configured outside this app, acknowledge BedrockGovernance::BedrockGovernance-InvocationLogging in the team's acknowledgements",
      "governance.yaml:17:28 teams[0].access.regions[1] 'us-west-2': is outside organization.regions (us-east-1): the SCP denies invocation that starts there",
    ]);
  });

  it('fails on duplicate names and on endpoint lists for regions outside the landing zone', () => {
    const body = HEAD.replace('  trail:', '  endpointModelsByRegion:\n    eu-west-1:\n      allow: [amazon.nova-*]\n  trail:');
    const result = checkConfig(
      `${body}teams:\n${team('      allow: [amazon.nova-lite-v1:0]\n      regions: [us-east-1]\n')}${team('      allow: [amazon.nova-lite-v1:0]\n      regions: [us-east-1]\n', 'research')}`,
      'governance.yaml',
    );
    expect(result.errors.map(formatIssue)).toEqual([
      'governance.yaml:7:5 landingZone.endpointModelsByRegion.eu-west-1: is not a landing-zone region; accepted: us-east-1',
      "governance.yaml:16:11 teams[1].name 'research': repeats teams[0].name 'Research' (both become the construct id Research)",
    ]);
  });

  it('reports every semantic problem at once, sorted by position', () => {
    const { errors } = check(`teams:
${team('      allow: [amazon.nova-lte-v1:0]\n      regions: [us-east-1]\n      requireGuardrail: true\n')}customization:
  jobs:
    - name: tuning
      baseModel: amazon.nova-lite-v1:0
      customizationType: fine-tuning
      trainingDataset: nothing
      customModelName: tuned
`);
    expect(errors.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual([
      'governance.yaml:11:15 teams[0].access.allow[0]',
      'governance.yaml:13:25 teams[0].access.requireGuardrail',
      'governance.yaml:19:24 customization.jobs[0].trainingDataset',
    ]);
  });
});
