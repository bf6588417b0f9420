import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { ModelAccessPolicy, ModelAccessPolicyProps } from '../../constructs/model-access-policy/model-access-policy';

const env = { account: '111111111111', region: 'us-east-1' };
function make(props: ModelAccessPolicyProps, stackEnv: typeof env | null = env): { stack: Stack; policy: ModelAccessPolicy } {
  const stack = new Stack(new App(), 'S', { env: stackEnv ?? undefined });
  return { stack, policy: new ModelAccessPolicy(stack, 'Access', props) };
}

describe('ModelAccessPolicy', () => {
  it('creates a managed policy with the profile and its conditioned destination grants', () => {
    const { stack } = make({ allow: ['us.anthropic.claude-3-haiku-20240307-v1:0'], regions: ['us-east-1'], catalogRead: false });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'InvokeProfiles',
            Resource: 'arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
          }),
          Match.objectLike({
            Effect: 'Allow',
            Resource: Match.arrayWith(['arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0']),
            Condition: {
              ArnLike: { 'bedrock:InferenceProfileArn': 'arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0' },
            },
          }),
        ]),
      },
    });
  });

  it('grants the categories it is given (batch, not training) and rejects an unknown one, naming the field', () => {
    const { stack } = make({ allow: ['amazon.nova-lite-v1:0'], regions: ['us-east-1'], categories: ['inference', 'batch'], catalogRead: false });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy')).flatMap(
      (r) => (r as { Properties: { PolicyDocument: { Statement: { Sid?: string }[] } } }).Properties.PolicyDocument.Statement,
    );
    const actions = JSON.stringify(statements);
    for (const a of ['bedrock:InvokeModel', 'bedrock:CreateModelInvocationJob', 'bedrock:GetModelInvocationJob', 'bedrock:ListModelInvocationJobs'])
      expect(actions).toContain(`"${a}"`);
    expect(actions).not.toContain('"bedrock:CreateModelCustomizationJob"');
    expect(() => make({ allow: ['amazon.nova-lite-v1:0'], regions: ['us-east-1'], categories: ['inference', 'finetune' as 'training'] })).toThrow(
      /categories .*has unknown categories "finetune"; accepted: inference, batch, evaluation, training, serving/,
    );
  });

  it('uses the stack account token when the stack is environment-agnostic', () => {
    const { stack } = make({ allow: ['us.amazon.nova-pro-v1:0'], regions: ['us-east-1'], catalogRead: false }, null);
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).toContain('{"Ref":"AWS::AccountId"}');
  });

  it('attaches every part to roles, users and groups', () => {
    const { stack, policy } = make({ allow: ['amazon.nova-pro-v1:0'], regions: ['us-east-1'] });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const user = new iam.User(stack, 'User');
    const group = new iam.Group(stack, 'Group');
    policy.attachTo(role, user, group);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('Role') }],
      Users: [{ Ref: Match.stringLikeRegexp('User') }],
      Groups: [{ Ref: Match.stringLikeRegexp('Group') }],
    });
  });

  it('attaches to the role behind any IGrantable (a Lambda function), and rejects a grantable without a role', () => {
    const { stack, policy } = make({ allow: ['amazon.nova-pro-v1:0'], regions: ['us-east-1'] });
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler=1'),
    });
    policy.attachTo(fn);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: [{ Ref: Match.stringLikeRegexp('FnServiceRole') }] });
    const service: iam.IGrantable = { grantPrincipal: new iam.ServicePrincipal('lambda.amazonaws.com') };
    expect(() => policy.attachTo(service)).toThrow(/is not a role, user or group, and its grantPrincipal is none either/);
  });

  it('splits a large allow-list into parts named Resource, Part2, … each attached', () => {
    const allow = Array.from({ length: 120 }, (_, i) => ({ id: `anthropic.model-${i}-v1:0`, newerThanCatalog: true }));
    const { stack, policy } = make({ allow, regions: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'], managedPolicyName: 'team-a' });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    policy.attachTo(role);
    expect(policy.managedPolicies.length).toBeGreaterThan(1);
    expect(policy.managedPolicies.map((p) => p.node.id)).toEqual(policy.managedPolicies.map((_, i) => (i === 0 ? 'Resource' : `Part${i + 1}`)));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::ManagedPolicy', policy.managedPolicies.length);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: 'team-a-2' });
  });

  it('reports engine warnings as acknowledgeable construct warnings', () => {
    const { stack } = make({ allow: ['amazon.nova-*'], deny: ['amazon.nova-premier-v1:0'], regions: ['us-east-1'] });
    Annotations.fromStack(stack).hasWarning('/S/Access', Match.stringLikeRegexp("deny\\[0\\] 'amazon.nova-premier-v1:0' overlaps allow\\[0\\]"));
  });

  it('fails when the spec is invalid, with the construct path, field, value and what is accepted', () => {
    expect(() => make({ allow: ['anthropic.claude-3-haiku'], regions: ['us-east-9'] })).toThrow(
      /Invalid model access spec: 2 problems[\s\S]*regions\[0\] 'us-east-9': is not a Bedrock region[\s\S]*allow\[0\] 'anthropic.claude-3-haiku': is not in the model catalog; closest catalog ids: anthropic.claude-3-haiku-20240307-v1:0/,
    );
  });

  it('fails when maxManagedPolicies is out of range', () => {
    expect(() => make({ allow: ['amazon.nova-pro-v1:0'], regions: ['us-east-1'], maxManagedPolicies: 25 })).toThrow(
      /maxManagedPolicies 25 is out of range; accepted: an integer from 1 to 20/,
    );
  });

  it('fails when the policy name is invalid', () => {
    expect(() => make({ allow: ['amazon.nova-pro-v1:0'], regions: ['us-east-1'], managedPolicyName: 'bad name' })).toThrow(
      /managedPolicyName 'bad name' is not a valid policy name/,
    );
  });

  it('fails when the spec does not fit the managed-policy budget', () => {
    const allow = Array.from({ length: 120 }, (_, i) => ({ id: `anthropic.model-${i}-v1:0`, newerThanCatalog: true }));
    expect(() => make({ allow, regions: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'], maxManagedPolicies: 2 })).toThrow(
      /more than the 2 allowed at 6144 characters each/,
    );
  });
});
