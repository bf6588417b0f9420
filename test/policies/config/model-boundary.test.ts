/**
 * The config keys of the model boundary (issue 8): team `categories` and `apiKeys`, organization `apiKeys`,
 * `longTermKeyMaxAgeDays`, `baselineProtection` and `serviceTiers`, each bad value reported at its position, and the
 * cross-check that baseline protection leaves the landing zone able to set invocation logging.
 */
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
const ORG = (extra: string): string => `organization:
  account: '222222222222'
  allow: [amazon.*, eu.amazon.*]
  targetIds: [ou-ab12-cdef3456]
${extra}`;

function check(body: string): string[] {
  return checkConfig(HEAD + body, 'governance.yaml', { baseDir: __dirname }).errors.map(formatIssue);
}

describe('model-boundary config keys', () => {
  it('accepts categories, apiKeys and the organization protections', () => {
    expect(
      check(`teams:
  - name: Research
    access:
      allow: [amazon.nova-lite-v1:0]
      regions: [us-east-1]
      categories: [inference, batch, training]
      apiKeys: deny
${ORG(`  apiKeys: allow
  longTermKeyMaxAgeDays: 30
  baselineProtection:
    adminRoles: [cdk-hnb659fds-cfn-exec-role-*, bedrock-invocation-logging-*]
  serviceTiers: [default, priority]
`)}`),
    ).toEqual([]);
  });

  it('rejects an unknown category and an unknown API-key mode at their positions, naming the accepted values', () => {
    const errors = check(`teams:
  - name: Research
    access:
      allow: [amazon.nova-lite-v1:0]
      regions: [us-east-1]
      categories: [inference, finetune]
      apiKeys: sometimes
`);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^governance\.yaml:13:31 teams\[0\]\.access\.categories\[1\].*'finetune'.*inference.*batch.*evaluation.*training.*serving/);
    expect(errors[1]).toMatch(/^governance\.yaml:14:16 teams\[0\]\.access\.apiKeys.*'sometimes'.*deny.*short-term-only.*allow/);
  });

  it('rejects longTermKeyMaxAgeDays without apiKeys: allow, and out of range', () => {
    expect(check(ORG('  longTermKeyMaxAgeDays: 30\n')).join('\n')).toMatch(/organization\.longTermKeyMaxAgeDays.*applies only with apiKeys: 'allow'/);
    expect(check(ORG('  apiKeys: allow\n  longTermKeyMaxAgeDays: 0\n')).join('\n')).toMatch(/organization\.longTermKeyMaxAgeDays/);
  });

  it('rejects baseline protection that would deny the landing zone its own logging configuration', () => {
    const errors = check(ORG('  baselineProtection:\n    adminRoles: [cdk-hnb659fds-cfn-exec-role-*]\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^governance\.yaml:\d+:\d+ organization\.baselineProtection\.adminRoles.*exempts none of bedrock-invocation-logging-us-east-1, the roles the landing zone sets invocation logging with.*add 'bedrock-invocation-logging-\*'/,
    );
  });

  it('rejects an unknown service tier and an empty admin-role list', () => {
    expect(check(ORG('  serviceTiers: [default, turbo]\n')).join('\n')).toMatch(/organization\.serviceTiers\[1\].*'turbo'.*default.*priority.*flex.*reserved/);
    expect(check(ORG('  baselineProtection:\n    adminRoles: []\n')).join('\n')).toMatch(/organization\.baselineProtection\.adminRoles.*at least one role/);
  });
});
