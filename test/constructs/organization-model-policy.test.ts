import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OrganizationModelPolicy, OrganizationModelPolicyProps } from '../../constructs/organization-model-policy/organization-model-policy';
import { policySize } from '../../policies/iam/size';

function make(props: OrganizationModelPolicyProps): { stack: Stack; scp: OrganizationModelPolicy } {
  const stack = new Stack(new App(), 'Org');
  return { stack, scp: new OrganizationModelPolicy(stack, 'Scp', props) };
}

describe('OrganizationModelPolicy', () => {
  it('creates an SCP with the content as a JSON object and the targets', () => {
    const { stack } = make({ allow: ['anthropic.*', 'us.anthropic.*'], deny: ['anthropic.claude-3-opus-20240229-v1:0'], targetIds: ['ou-ab12-cdef3456'] });
    Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', {
      Type: 'SERVICE_CONTROL_POLICY',
      Name: 'bedrock-model-allow-list',
      TargetIds: ['ou-ab12-cdef3456'],
      Content: {
        Version: '2012-10-17',
        Statement: Match.arrayWith([
          {
            Sid: 'DenyUnapprovedModels',
            Effect: 'Deny',
            Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
            NotResource: [
              'arn:aws:bedrock:*::foundation-model/anthropic.*',
              'arn:aws:bedrock:*:*:inference-profile/us.anthropic.*',
              'arn:aws:bedrock:*:*:async-invoke/*',
              'arn:aws:bedrock:*:*:project/*',
            ],
            Condition: { ArnNotLike: { 'bedrock:InferenceProfileArn': 'arn:aws:bedrock:*:*:inference-profile/us.anthropic.*' } },
          },
          Match.objectLike({ Sid: 'DenyUnapprovedModelUse', Effect: 'Deny' }),
          Match.objectLike({ Sid: 'DenyModels', Effect: 'Deny', Resource: 'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-opus-20240229-v1:0' }),
        ]),
      },
    });
  });

  it('splits a long deny-list over several SCPs within maxPolicyCharacters', () => {
    const deny = Array.from({ length: 160 }, (_, i) => ({ id: `meta.model-number-${i}-v1:0`, newerThanCatalog: true }));
    const { scp } = make({ allow: ['anthropic.*'], deny, targetIds: ['r-ab12'] });
    expect(scp.policies.length).toBeGreaterThan(1);
    for (const doc of scp.result.documents) expect(policySize(doc, { ignoreWhitespace: false })).toBeLessThanOrEqual(5120);
  });

  it('fits more in one SCP when maxPolicyCharacters is raised to 10,240', () => {
    const deny = Array.from({ length: 80 }, (_, i) => ({ id: `meta.model-number-${i}-v1:0`, newerThanCatalog: true }));
    expect(make({ allow: ['anthropic.*'], deny, targetIds: ['r-ab12'] }).scp.policies.length).toBeGreaterThan(1);
    expect(make({ allow: ['anthropic.*'], deny, targetIds: ['r-ab12'], maxPolicyCharacters: 10240 }).scp.policies.length).toBe(1);
  });

  it('fails when the allow-list alone cannot fit one SCP, saying what to do', () => {
    const allow = Array.from({ length: 90 }, (_, i) => ({ id: `meta.model-number-${i}-v1:0`, newerThanCatalog: true }));
    expect(() => make({ allow, targetIds: ['r-ab12'] })).toThrow(/over the SCP limit of 5120, and cannot be split[\s\S]*raise maxPolicyCharacters to 10240/);
  });

  it('fails past maxPoliciesPerTarget, keeping room for FullAWSAccess', () => {
    const deny = Array.from({ length: 400 }, (_, i) => ({ id: `meta.model-number-${i}-v1:0`, newerThanCatalog: true }));
    expect(() => make({ allow: ['anthropic.*'], deny, targetIds: ['r-ab12'], maxPoliciesPerTarget: 2 })).toThrow(
      /needs \d+ SCPs .* more than the 1 allowed at 5120 characters each/,
    );
  });

  it('fails when otherPoliciesPerTarget leaves no room', () => {
    expect(() => make({ allow: ['anthropic.*'], targetIds: ['r-ab12'], otherPoliciesPerTarget: 5 })).toThrow(/otherPoliciesPerTarget 5 is out of range/);
  });

  it('fails when a target id is malformed', () => {
    expect(() => make({ allow: ['anthropic.*'], targetIds: ['ou-bad'] })).toThrow(/targetIds\[0\] 'ou-bad' is not a root/);
  });

  it('fails when the allow-list is empty', () => {
    expect(() => make({ allow: [], targetIds: ['r-ab12'] })).toThrow(/allow \[\]: must list at least one model/);
  });

  it('fails when maxPolicyCharacters is beyond the raised limit', () => {
    expect(() => make({ allow: ['anthropic.*'], targetIds: ['r-ab12'], maxPolicyCharacters: 20000 })).toThrow(
      /maxPolicyCharacters 20000 is out of range; accepted: 5120 \(default\) up to 10240/,
    );
  });
});

describe('OrganizationModelPolicy allow-list ARNs', () => {
  it.each(['application-inference-profile', 'provisioned-model', 'custom-model'])('fails when a %s ARN in the allow-list has a wildcard', (type) => {
    expect(() => make({ allow: [`arn:aws:bedrock:us-east-1:111111111111:${type}/*`], targetIds: ['r-ab12'] })).toThrow(
      /with a wildcard; in an organization allow-list/,
    );
  });
});
