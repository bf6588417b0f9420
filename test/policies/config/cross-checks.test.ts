/**
 * The config cross-checks of issue 10, each as a config that must fail or pass: every part checked in one run,
 * runtime endpoints that must carry a requireVpcEndpoint team's models in each of its regions, invocation logging in
 * every team region, construct ids from names, engine warnings at config lines, partitions.
 */
import { describe, expect, it } from 'vitest';
import { constructId, teamConstructIds } from '../../../policies/config/ids';
import { formatIssue } from '../../../policies/config/issues';
import { checkConfig } from '../../../policies/config/load';

/** Two landing-zone regions, each endpoint with its own models. */
const TWO_REGIONS = `account: '111111111111'
regions: [us-east-1, eu-central-1]
landingZone:
  endpointModels:
    allow: [amazon.nova-pro-v1:0, us.amazon.nova-pro-v1:0, anthropic.claude-3-haiku-20240307-v1:0]
  endpointModelsByRegion:
    eu-central-1:
      allow: [anthropic.claude-3-haiku-20240307-v1:0]
  trail:
    name: bedrock-governance
`;

function check(text: string): { errors: string[]; warnings: string[] } {
  const result = checkConfig(text, 'governance.yaml', { baseDir: __dirname });
  return { errors: result.errors.map(formatIssue), warnings: result.warnings.map(formatIssue) };
}

const team = (body: string, name = 'Research'): string => `  - name: ${name}\n    access:\n${body}`;

describe('every part of the config in one run', () => {
  it('fails with the schema error of one team and the semantic errors of another team and of the customization section', () => {
    const { errors } = check(`${TWO_REGIONS}teams:
${team('      allow: [amazon.nova-lte-v1:0]\n      regions: [us-east-1]\n')}${team('      allow: amazon.nova-pro-v1:0\n      regions: [us-east-1]\n', 'Support')}customization:
  jobs:
    - name: tuning
      baseModel: amazon.nova-lite-v1:0
      customizationType: fine-tuning
      trainingDataset: nothing
      customModelName: tuned
`);
    expect(errors.map((e) => e.split(': ')[0])).toEqual([
      "governance.yaml:14:15 teams[0].access.allow[0] 'amazon.nova-lte-v1:0'",
      "governance.yaml:18:14 teams[1].access.allow 'amazon.nova-pro-v1:0'",
      "governance.yaml:25:24 customization.jobs[0].trainingDataset 'nothing'",
    ]);
  });

  it('checks each customization entry the schema accepted, at its own position, without reporting references to a rejected one', () => {
    const { errors } = check(`${TWO_REGIONS}customization:
  datasets:
    - name: broken
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tunning
      existing: { bucketName: my-data, keyPrefix: a/ }
    - name: notes
      baseModel: amazon.nova-lit-v1:0:300k
      customizationType: fine-tuning
      existing: { bucketName: my-data, keyPrefix: b/ }
  jobs:
    - name: uses-broken
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tuning
      trainingDataset: broken
      customModelName: tuned-a
    - name: uses-nothing
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tuning
      trainingDataset: nothing
      customModelName: tuned-b
`);
    expect(errors.map((e) => e.split(': ')[0])).toEqual([
      "governance.yaml:15:26 customization.datasets[0].customizationType 'fine-tunning'",
      "governance.yaml:18:18 customization.datasets[1].baseModel 'amazon.nova-lit-v1:0:300k'",
      "governance.yaml:30:24 customization.jobs[1].trainingDataset 'nothing'",
    ]);
  });

  it('fails on a semantic error of the teams while the landing zone has a schema error, skipping the checks that need it', () => {
    const { errors } = check(
      `${TWO_REGIONS.replace('    name: bedrock-governance', '    name: bedrock-governance\n    colour: blue')}teams:\n${team('      allow: [amazon.nova-lte-v1:0]\n      regions: [us-east-1]\n')}`,
    );
    expect(errors.map((e) => e.split(': ')[0])).toEqual([
      'governance.yaml:11:5 landingZone.trail.colour',
      "governance.yaml:15:15 teams[0].access.allow[0] 'amazon.nova-lte-v1:0'",
    ]);
  });
});

describe('requireVpcEndpoint: the runtime endpoint of each team region carries the team models', () => {
  it('passes when both landing-zone regions carry what the team allows there', () => {
    const { errors, warnings } = check(
      `${TWO_REGIONS}teams:\n${team('      allow: [anthropic.claude-3-haiku-20240307-v1:0, us.amazon.nova-pro-v1:0]\n      regions: [us-east-1, eu-central-1]\n      requireVpcEndpoint: true\n')}`,
    );
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => !w.includes('ProfileNotInRegion'))).toEqual([]);
  });

  it('fails when a model the team allows is not carried by the endpoint of one of its regions, naming the region and the endpoint list', () => {
    const { errors } = check(
      `${TWO_REGIONS}teams:\n${team('      allow: [amazon.nova-pro-v1:0, us.amazon.nova-pro-v1:0, eu.amazon.nova-pro-v1:0]\n      regions: [us-east-1, eu-central-1]\n      requireVpcEndpoint: true\n')}`,
    );
    expect(errors).toEqual([
      "governance.yaml:14:62 teams[0].access.allow[2] 'eu.amazon.nova-pro-v1:0': is not carried by the runtime endpoint in eu-central-1 (landingZone.endpointModelsByRegion.eu-central-1): with requireVpcEndpoint every call to it there is denied by the endpoint policy; add it to landingZone.endpointModelsByRegion.eu-central-1.allow, or drop it here",
    ]);
  });

  it('fails for a model the first region carries and another region does not (every landing-zone region is checked)', () => {
    const text = TWO_REGIONS.replace('      allow: [anthropic.claude-3-haiku-20240307-v1:0]\n', '      allow: [amazon.titan-embed-text-v2:0]\n');
    const { errors } = check(
      `${text}teams:\n${team('      allow: [anthropic.claude-3-haiku-20240307-v1:0]\n      regions: [us-east-1, eu-central-1]\n      requireVpcEndpoint: true\n')}`,
    );
    expect(errors).toEqual([
      "governance.yaml:14:15 teams[0].access.allow[0] 'anthropic.claude-3-haiku-20240307-v1:0': is not carried by the runtime endpoint in eu-central-1 (landingZone.endpointModelsByRegion.eu-central-1): with requireVpcEndpoint every call to it there is denied by the endpoint policy; add it to landingZone.endpointModelsByRegion.eu-central-1.allow, or drop it here",
    ]);
  });

  it('fails when the endpoint denies the model, and warns when a glob is only partly carried', () => {
    const text = TWO_REGIONS.replace(
      'allow: [amazon.nova-pro-v1:0, us.amazon.nova-pro-v1:0, anthropic.claude-3-haiku-20240307-v1:0]',
      'allow: [amazon.nova-*]\n    deny: [amazon.nova-micro-v1:0]',
    );
    const { errors, warnings } = check(
      `${text}teams:\n${team('      allow: [amazon.nova-micro-v1:0, amazon.*]\n      regions: [us-east-1]\n      requireVpcEndpoint: true\n')}`,
    );
    expect(errors.filter((e) => e.includes('carried'))).toEqual([
      "governance.yaml:15:15 teams[0].access.allow[0] 'amazon.nova-micro-v1:0': is not carried by the runtime endpoint in us-east-1 (landingZone.endpointModels): with requireVpcEndpoint every call to it there is denied by the endpoint policy; add it to landingZone.endpointModels.allow, or drop it here",
    ]);
    expect(warnings.filter((w) => w.includes('carried'))).toEqual([
      expect.stringMatching(
        /^governance\.yaml:15:39 warning: teams\[0\]\.access\.allow\[1\] 'amazon\.\*': is partly not carried by the runtime endpoint in us-east-1 \(landingZone\.endpointModels\): .+ would be denied there$/,
      ),
    ]);
  });

  it('fails when a team region is not a landing-zone region', () => {
    const { errors } = check(
      `${TWO_REGIONS}teams:\n${team('      allow: [amazon.nova-pro-v1:0]\n      regions: [us-east-1, us-west-2]\n      requireVpcEndpoint: true\n')}`,
    );
    expect(errors).toEqual([
      "governance.yaml:15:28 teams[0].access.regions[1] 'us-west-2': is not a landing-zone region (regions: us-east-1, eu-central-1): requireVpcEndpoint needs the landing zone's runtime endpoint in every team region; add it to regions or drop it here",
    ]);
  });
});

describe('invocation logging in every team region', () => {
  const body = (extra = ''): string => `${TWO_REGIONS}teams:\n${team('      allow: [amazon.nova-pro-v1:0]\n      regions: [us-east-1, us-west-2]\n')}${extra}`;
  const LOGGING =
    "governance.yaml:15:28 teams[0].access.regions[1] 'us-west-2': has no model invocation logging: the landing zone configures it only in its regions (us-east-1, eu-central-1); add the region to regions, or, when logging is configured outside this app, acknowledge BedrockGovernance::BedrockGovernance-InvocationLogging in the team's acknowledgements";

  it('fails when a team invokes in a region without the landing zone', () => {
    expect(check(body()).errors).toEqual([LOGGING]);
  });

  it('passes when the team acknowledges that logging is configured elsewhere', () => {
    const ack = `    acknowledgements:\n      - id: BedrockGovernance::BedrockGovernance-InvocationLogging\n        reason: 'us-west-2 logging is configured by the central logging StackSet of the platform team.'\n`;
    expect(check(body(ack)).errors).toEqual([]);
  });

  it('passes with a compliance acknowledgement whose path covers the team policy, fails with one that does not', () => {
    const ack = (p: string): string =>
      `compliance:\n  acknowledgements:\n    - id: BedrockGovernance-InvocationLogging\n      path: ${p}\n      reason: 'us-west-2 logging is configured by the central logging StackSet of the platform team.'\n`;
    expect(check(body(ack('BedrockModelAccess'))).errors).toEqual([]);
    expect(check(body(ack('BedrockModelAccess/ResearchModelAccess'))).errors).toEqual([]);
    expect(check(body(ack('BedrockModelAccess/Research'))).errors).toEqual([LOGGING]);
  });
});

describe('construct ids from names', () => {
  it('follows the documented rule', () => {
    expect(['Data Platform', 'data-science', 'ml_ops', 'MLOps', 'research.reader@x', 'Research', '+=,'].map(constructId)).toEqual([
      'DataPlatform',
      'DataScience',
      'MlOps',
      'MLOps',
      'ResearchReaderX',
      'Research',
      '',
    ]);
    expect(teamConstructIds({ name: 'Data Platform' }).map((c) => c.id)).toEqual(['DataPlatformRole', 'DataPlatformModelAccess']);
    expect(
      teamConstructIds({ name: 'ml ops', roles: [{ name: 'ml-reader' }], existingRoleArns: ['arn:aws:iam::111111111111:role/x'] }).map((c) => c.id),
    ).toEqual(['MlOpsMlReaderRole', 'MlOpsExisting1', 'MlOpsModelAccess']);
  });

  it('passes a team named with a space', () => {
    expect(check(`${TWO_REGIONS}teams:\n${team('      allow: [amazon.nova-pro-v1:0]\n      regions: [us-east-1]\n', 'Data Platform')}`).errors).toEqual([]);
  });

  it("fails when a role's construct id is another team's, and when a role name has no letter or digit", () => {
    const roles = `    principals:\n      roles:\n        - name: Reader\n          trust: { accountRoot: true }\n        - name: '+=,'\n          trust: { accountRoot: true }\n`;
    const { errors } = check(
      `${TWO_REGIONS}teams:\n  - name: Research\n${roles}    access:\n      allow: [amazon.nova-pro-v1:0]\n      regions: [us-east-1]\n${team('      allow: [amazon.nova-pro-v1:0]\n      regions: [us-east-1]\n', 'Research Reader')}`,
    );
    expect(errors).toEqual([
      "governance.yaml:17:17 teams[0].principals.roles[1].name '+=,': has no letter or digit, so it cannot become part of a construct id; accepted: a name with at least one",
      "governance.yaml:22:11 teams[1].name 'Research Reader': gives the default role the construct id ResearchReaderRole, which teams[0] 'Research' role 0 already has; rename one",
    ]);
  });

  it('fails on datasets whose names become the same construct id', () => {
    const { errors } = check(`${TWO_REGIONS}customization:
  datasets:
    - name: math-tutor
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tuning
      existing: { bucketName: my-data, keyPrefix: a/ }
    - name: math_tutor
      baseModel: amazon.nova-lite-v1:0:300k
      customizationType: fine-tuning
      existing: { bucketName: my-data, keyPrefix: b/ }
`);
    expect(errors).toEqual([
      "governance.yaml:17:13 customization.datasets[1].name 'math_tutor': becomes the construct id MathTutor, as customization.datasets[0].name 'math-tutor' does; rename one (ids keep letters and digits only)",
    ]);
  });
});

describe('engine warnings at config lines', () => {
  const body = (ack = ''): string =>
    `${TWO_REGIONS}teams:\n${team('      allow: [amazon.nova-*]\n      deny: [amazon.nova-premier-v1:0]\n      regions: [us-east-1]\n')}${ack}`;

  it('warns at the deny that overrides an allow, with the id that acknowledges it', () => {
    expect(check(body()).warnings).toEqual([
      "governance.yaml:15:14 warning: teams[0].access.deny[0] 'amazon.nova-premier-v1:0': overlaps teams[0].access.allow[0] 'amazon.nova-*' (amazon.nova-premier-v1:0): the deny wins [cdk-bedrock-governance:DenyOverridesAllow]",
    ]);
  });

  it('is silent once the team acknowledges it', () => {
    const ack = `    acknowledgements:\n      - id: Annotation::cdk-bedrock-governance:DenyOverridesAllow\n        reason: 'Intended: Nova Premier is reserved for the evaluation team (cost control).'\n`;
    expect(check(body(ack)).warnings).toEqual([]);
  });
});

describe('partitions', () => {
  it('fails when the landing-zone regions or the organization stack mix partitions', () => {
    const text = TWO_REGIONS.replace('regions: [us-east-1, eu-central-1]', 'regions: [us-east-1, eu-central-1, us-gov-west-1]').replace(
      '  endpointModelsByRegion:',
      '  endpointModelsByRegion:\n    us-gov-west-1:\n      allow: [amazon.nova-pro-v1:0]',
    );
    const { errors } = check(
      `${text}organization:\n  account: '222222222222'\n  region: us-gov-west-1\n  allow: [amazon.*]\n  targetIds: [ou-ab12-cdef3456]\n`,
    );
    expect(errors.filter((e) => e.includes('partition'))).toEqual([
      "governance.yaml:2:36 regions[2] 'us-gov-west-1': is in partition aws-us-gov, regions[0] 'us-east-1' in aws: one config deploys to one partition",
      "governance.yaml:15:11 organization.region 'us-gov-west-1': is in partition aws-us-gov, the landing-zone regions in aws",
    ]);
  });
});

describe('compliance acknowledgements', () => {
  it('fails on an id with more than one namespace separator', () => {
    const { errors } = check(
      `${TWO_REGIONS}compliance:\n  acknowledgements:\n    - id: AwsSolutions::AwsSolutions-IAM5::x\n      reason: 'a reason that is long enough for auditors to read.'\n`,
    );
    expect(errors).toEqual([
      "governance.yaml:13:11 compliance.acknowledgements[0].id 'AwsSolutions::AwsSolutions-IAM5::x': has more than one '::'; accepted: <pack>::<rule> or Annotation::<warning id>",
    ]);
  });
});
