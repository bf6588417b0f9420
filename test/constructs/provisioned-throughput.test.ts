import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { handlerBundle } from '../../constructs/provisioned-throughput/bundle';
import { ProvisionedThroughput } from '../../constructs/provisioned-throughput/provisioned-throughput';
import type { ProvisionedThroughputProps } from '../../constructs/provisioned-throughput/provisioned-throughput';
import { ACCOUNT, decide, policy } from '../support/iam-oracle';
import { describeFindings, nagApp, runCompliancePacks } from '../support/nag';

const env = { account: ACCOUNT, region: 'us-east-1' };
const MODEL = 'amazon.nova-lite-v1:0:300k';
const CUSTOM_MODEL = `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/amazon.nova-lite-v1:0:300k/abcdefgh1234`;
const CR = 'Custom::BedrockProvisionedThroughput';
const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

function build(props: Partial<ProvisionedThroughputProps> = {}, stack = new Stack(new App(), 'S', { env })) {
  const throughput = new ProvisionedThroughput(stack, 'Throughput', { model: MODEL, modelUnits: 1, ...props });
  return {
    stack,
    throughput,
    get template(): Template {
      return Template.fromStack(stack);
    },
  };
}

interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}
const resources = (t: Template): Record<string, Resource> => (t.toJSON() as { Resources: Record<string, Resource> }).Resources;
const only = (t: Template, type: string): [string, Resource] => {
  const found = Object.entries(resources(t)).filter(([, r]) => r.Type === type);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const partitionArn = (rest: string): unknown => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

describe('ProvisionedThroughput', () => {
  it('creates the custom resource with the model, the units, no commitment and a default name', () => {
    const { template, throughput } = build();
    const [, cr] = only(template, CR);
    expect(cr.Properties).toMatchObject({
      Region: 'us-east-1',
      ModelId: MODEL,
      ModelUnits: 1,
      CommitmentDuration: 'None',
      DeletionBehavior: expect.stringMatching(/^No commitment: billed every hour while it exists; deleted/) as unknown,
    });
    expect(cr.Properties.Tags).toBeUndefined();
    expect(throughput.provisionedModelName).toMatch(/^S-Throughput-[0-9A-F]{8}-1mu$/);
    expect(cr.Properties.ProvisionedModelName).toBe(throughput.provisionedModelName);
    expect(throughput.commitment).toBe('none');
  });

  it('takes a committed throughput with the acknowledgement, and says in the template what deleting it does', () => {
    const { template, throughput } = build({ commitment: 'six-months', acknowledgeCommitmentCost: true, modelUnits: 2, tags: { team: 'a' } });
    const [, cr] = only(template, CR);
    expect(cr.Properties).toMatchObject({ CommitmentDuration: 'SixMonths', ModelUnits: 2, Tags: { team: 'a' } });
    expect(cr.Properties.DeletionBehavior).toMatch(
      /^COMMITTED FOR 6 MONTHS \(SixMonths\): billed every hour of the whole term, used or not.*LEAVES IT IN PLACE, STILL BILLED/,
    );
    expect(throughput.provisionedModelName).toMatch(/-2mu-6mo$/);
    build({ commitment: 'one-month', acknowledgeCommitmentCost: true }).template.hasResourceProperties(CR, { CommitmentDuration: 'OneMonth' });
  });

  it('fails when a commitment is not acknowledged, saying what it costs in plain words', () => {
    expect(() => build({ commitment: 'one-month', modelUnits: 2 })).toThrow(
      "commitment 'one-month' buys this provisioned throughput for a fixed term of 1 month. AWS bills it every hour for the whole 1 month, " +
        'for 2 model units, whether or not the model is used, and it cannot be cancelled or deleted before the term ends (deleting the stack ' +
        'leaves it running and billed until then). If you accept this cost, set acknowledgeCommitmentCost: true',
    );
    expect(() => build({ commitment: 'six-months', acknowledgeCommitmentCost: false })).toThrow(
      /fixed term of 6 months\. AWS bills it every hour for the whole 6 months, for 1 model unit, whether or not/,
    );
  });

  it('uses the name given, and accepts names the API accepts', () => {
    build({ provisionedModelName: 'team_a-nova-1' }).template.hasResourceProperties(CR, { ProvisionedModelName: 'team_a-nova-1' });
    build({ provisionedModelName: 'a'.repeat(63) });
  });

  it.each([[''], ['has space'], ['-leading'], ['double--dash'], ['a'.repeat(64)]])('fails when provisionedModelName is %j', (name) => {
    expect(() => build({ provisionedModelName: name })).toThrow(`provisionedModelName '${name}' is not valid; accepted: 1–63 characters`);
  });

  it.each([[0], [1.5], [-1], [101]])('fails when modelUnits is %d', (units) => {
    expect(() => build({ modelUnits: units })).toThrow(`modelUnits ${units} is not valid; accepted: an integer from 1 to 100`);
  });

  it('fails when the commitment is not one of the terms', () => {
    expect(() => build({ commitment: '1y' as 'none' })).toThrow("commitment '1y' is not valid; accepted: 'none', 'one-month', 'six-months'");
  });

  it('fails when the foundation model id is not in the catalog, with the closest ids', () => {
    expect(() => build({ model: 'amazon.nova-lite-v1' })).toThrow(
      /model 'amazon\.nova-lite-v1' is not a foundation model id in the model catalog; closest catalog ids: amazon\.nova-lite-v1:0, /,
    );
    expect(() => build({ model: 'amazon.nova-lite-v1:0:abc' })).toThrow(/closest catalog ids: amazon\.nova-lite-v1:0/);
  });

  it('accepts a catalog id, a catalog id with a context suffix, and an id marked newer than the catalog', () => {
    build({ model: 'amazon.nova-lite-v1:0' }).template.hasResourceProperties(CR, { ModelId: 'amazon.nova-lite-v1:0' });
    build({ model: 'amazon.nova-lite-v1:0:300k' });
    build({ model: 'example.model-v9:0', modelNewerThanCatalog: true }).template.hasResourceProperties(CR, { ModelId: 'example.model-v9:0' });
  });

  it('takes a custom model (ARN or ICustomModel) and scopes the create and update permissions to it', () => {
    build({ model: CUSTOM_MODEL }).template.hasResourceProperties(CR, { ModelId: CUSTOM_MODEL });
    const stack = new Stack(new App(), 'S', { env });
    const job = new CfnResource(stack, 'Job', { type: 'Custom::Job' });
    const { template } = build({ model: { customModelArn: job.getAtt('CustomModelArn').toString() } }, stack);
    template.hasResourceProperties(CR, { ModelId: { 'Fn::GetAtt': ['Job', 'CustomModelArn'] } });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'CreateThroughput',
            Effect: 'Allow',
            Action: 'bedrock:CreateProvisionedModelThroughput',
            Resource: { 'Fn::GetAtt': ['Job', 'CustomModelArn'] },
          },
        ]),
      },
    });
  });

  it('fails when the model ARN is not a custom model of the stack region', () => {
    expect(() => build({ model: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0' })).toThrow(
      "is a foundation-model ARN; write the id ('amazon.nova-lite-v1:0') instead",
    );
    expect(() => build({ model: CUSTOM_MODEL.replace('us-east-1', 'eu-west-1') })).toThrow(
      "is in eu-west-1; accepted: a custom model in the stack's region (us-east-1)",
    );
    expect(() => build({ model: `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abc` })).toThrow("has resource type 'guardrail'; accepted ARNs: custom-model");
  });

  it('gives the handler only the provisioned throughput calls, on the model and on provisioned models of the account and region', () => {
    const { template } = build();
    const modelArn = partitionArn(`:bedrock:us-east-1::foundation-model/${MODEL}`);
    const provisioned = partitionArn(`:bedrock:us-east-1:${ACCOUNT}:provisioned-model/*`);
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map(
      (p) => (p as { Properties: { PolicyDocument: { Statement: { Sid: string }[] } } }).Properties.PolicyDocument.Statement,
    );
    const handlerStatements = policies.find((s) => s.some((st) => st.Sid === 'CreateThroughput'))!;
    expect(handlerStatements).toEqual([
      { Sid: 'CreateThroughput', Effect: 'Allow', Action: 'bedrock:CreateProvisionedModelThroughput', Resource: modelArn },
      {
        Sid: 'ReadDeleteThroughput',
        Effect: 'Allow',
        Action: ['bedrock:GetProvisionedModelThroughput', 'bedrock:DeleteProvisionedModelThroughput'],
        Resource: provisioned,
      },
      { Sid: 'UpdateThroughput', Effect: 'Allow', Action: 'bedrock:UpdateProvisionedModelThroughput', Resource: [provisioned, modelArn] },
      { Sid: 'TagThroughput', Effect: 'Allow', Action: ['bedrock:TagResource', 'bedrock:UntagResource'], Resource: provisioned },
      { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: expect.anything() as unknown },
    ]);
    // No inline policy on the handler role, no AWS managed policy anywhere.
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      const arns = JSON.stringify((role as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns ?? []);
      expect(arns).not.toContain('arn:aws:iam::aws:policy');
    }
  });

  it('lets the handler use the key of an encrypted custom model through Bedrock only (Decrypt, DescribeKey, CreateGrant)', () => {
    const stack = new Stack(new App(), 'S', { env });
    const key = new kms.Key(stack, 'ModelKey', { enableKeyRotation: true });
    const { template } = build({ model: CUSTOM_MODEL, customModelKey: key }, stack);
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: { Sid: string }[] } } }).Properties.PolicyDocument.Statement,
    );
    expect(statements.find((st) => st.Sid === 'UseCustomModelKey')).toEqual({
      Sid: 'UseCustomModelKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ModelKey/) as unknown, 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 'bedrock.us-east-1.amazonaws.com' } },
    });
    expect(statements.filter((st) => st.Sid === 'UseCustomModelKey')).toHaveLength(1);
    const { template: plain } = build();
    expect(JSON.stringify(plain.toJSON())).not.toContain('UseCustomModelKey');
  });

  it('runs onEvent and isComplete from the bundled handler on Node.js 24', () => {
    const { template } = build();
    for (const entry of ['index.onEvent', 'index.isComplete']) {
      template.hasResourceProperties('AWS::Lambda::Function', { Handler: entry, Runtime: 'nodejs24.x', LoggingConfig: { LogFormat: 'JSON' } });
    }
  });

  it('waits for InService with the timeout as the Provider total timeout (polling every 30 s)', () => {
    const maxAttempts = (t: Template): unknown =>
      JSON.stringify(Object.values(t.findResources('AWS::StepFunctions::StateMachine'))).match(/MaxAttempts\\":(\d+)/)?.[1];
    expect(maxAttempts(build().template)).toBe('100');
    expect(maxAttempts(build({ timeout: Duration.minutes(20) }).template)).toBe('40');
  });

  it.each([[Duration.hours(2)], [Duration.seconds(30)]])('fails when the timeout is %s', (timeout) => {
    expect(() => build({ timeout })).toThrow(/timeout .* is not valid; accepted: 1 to 55 minutes \(CloudFormation waits at most one hour/);
  });

  it('keeps its log groups for a year, retained, encrypted with the key when one is given', () => {
    const stack = new Stack(new App(), 'S', { env });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const { template } = build({ logEncryptionKey: key }, stack);
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(2);
    for (const g of groups)
      expect(g).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } } });
  });

  it('grants invoking the provisioned model ARN, through the policy engine', async () => {
    const stack = new Stack(new App(), 'S', { env });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.AccountRootPrincipal() });
    const { throughput } = build({}, stack);
    const grant = throughput.grantInvoke(role);
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    const [crId] = only(template, CR);
    const [, appPolicy] = Object.entries(resources(template)).find(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('AppDefaultPolicy'))!;
    const statements = (appPolicy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toEqual([{ Effect: 'Allow', Action: INVOKE, Resource: { Ref: crId } }]);

    // The oracle, with the ARN the throughput gets at deploy time.
    const arn = `arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/abcdef012345`;
    const other = `arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/999999999999`;
    const doc = policy(...(JSON.parse(JSON.stringify(statements).replace(JSON.stringify({ Ref: crId }), JSON.stringify(arn))) as Record<string, unknown>[]));
    const scenario = { identityPolicies: [doc] };
    expect(await decide(scenario, { action: 'bedrock:InvokeModel', resource: arn })).toBe('Allowed');
    expect(await decide(scenario, { action: 'bedrock:InvokeModelWithResponseStream', resource: arn })).toBe('Allowed');
    expect(await decide(scenario, { action: 'bedrock:InvokeModel', resource: other })).toBe('ImplicitlyDenied');
    expect(await decide(scenario, { action: 'bedrock:InvokeModel', resource: `arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0` })).toBe(
      'ImplicitlyDenied',
    );
  });

  it('grants kms:Decrypt on the custom model key through Bedrock to callers of an encrypted custom model', () => {
    const stack = new Stack(new App(), 'S', { env });
    const key = new kms.Key(stack, 'ModelKey', { enableKeyRotation: true });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.AccountRootPrincipal() });
    const { throughput } = build({ customModelKey: key }, stack);
    throughput.grantInvoke(role);
    const [, appPolicy] = Object.entries(resources(Template.fromStack(stack))).find(
      ([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('AppDefaultPolicy'),
    )!;
    const statements = (appPolicy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ModelKey/), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 'bedrock.us-east-1.amazonaws.com' } },
    });
  });

  it('passes the compliance packs with no open finding and specific acknowledgements', () => {
    for (const props of [{}, { commitment: 'one-month', acknowledgeCommitmentCost: true, tags: { team: 'a' } }] as Partial<ProvisionedThroughputProps>[]) {
      for (const stackEnv of [env, undefined]) {
        const app = nagApp();
        build(props, new Stack(app, 'S', { env: stackEnv }));
        const { open, acknowledged } = runCompliancePacks(app);
        expect(describeFindings(open)).toEqual([]);
        const ours = acknowledged.filter((f) => f.paths.some((p) => p.startsWith('S/Throughput/')));
        expect(ours.length).toBeGreaterThan(0);
        for (const f of ours) expect(f.reason?.length ?? 0, `${f.pack} ${f.rule} at ${f.paths.join(', ')}`).toBeGreaterThan(40);
        // Each acknowledgement sits on a resource, never on the stack or the construct as a whole.
        for (const f of ours) for (const p of f.paths) expect(p).toMatch(/\/(Resource|DefaultPolicy\/Resource)$/);
      }
    }
  });

  it('needs no log-group acknowledgement when a key is given', () => {
    const app = nagApp();
    const stack = new Stack(app, 'S', { env });
    build({ logEncryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) }, stack);
    const { open, acknowledged } = runCompliancePacks(app);
    expect(describeFindings(open)).toEqual([]);
    expect(acknowledged.filter((f) => f.rule.endsWith('CloudWatchLogGroupEncrypted'))).toEqual([]);
  });

  it('fails with instructions when the handler bundle is missing', () => {
    const stack = new Stack(new App(), 'S', { env });
    expect(() => handlerBundle(stack, path.join(os.tmpdir(), 'no-such-bundle'))).toThrow(/run 'npm run build:handlers'/);
  });
});
