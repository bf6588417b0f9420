/**
 * BedrockGovernanceChecks reads each resource from the synthesized templates of the validation run (policies/nag/rules/
 * cfn.ts, withSynthesizedTemplates) instead of rendering and resolving it again: both sources must agree on every
 * resource, and the template must be what the rules see.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { buildGovernanceApp } from '../../../bin/governance-app';
import { loadConfig } from '../../../policies/config/index';
import { BedrockGovernanceChecks } from '../../../policies/nag/bedrock-governance-checks';
import { renderProperties, synthesizedProperties, withSynthesizedTemplates } from '../../../policies/nag/rules/cfn';

const ROOT = path.join(__dirname, '..', '..', '..');

/** Synthesizes the app (again, with `force`) and returns the paths of its templates. */
const templatePaths = (app: App, force = false): string[] => app.synth({ force }).stacksRecursively.map((s) => s.templateFullPath);

describe('rules read the synthesized templates', () => {
  it('gives, for every resource of the reference app, the properties rendering gives', () => {
    const config = loadConfig(path.join(ROOT, 'governance.yaml'));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-tpl-'));
    const app = buildGovernanceApp({ ...config, compliance: { packs: [], acknowledgements: [] } }, { configDir: ROOT, appProps: { outdir } }).app;
    const paths = templatePaths(app);
    const resources = app.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
    expect(resources.length).toBeGreaterThan(100);
    let compared = 0;
    withSynthesizedTemplates(paths, () => {
      for (const r of resources) {
        const fromTemplate = synthesizedProperties(r);
        if (Stack.of(r).nested) {
          expect(fromTemplate, r.node.path).toBeUndefined();
          continue;
        }
        expect(fromTemplate, r.node.path).toEqual(renderProperties(r));
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(100);
    expect(synthesizedProperties(resources[0]!)).toBeUndefined(); // outside a run: rendered
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('checks what the template says, not what rendering would say', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-tpl-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    new iam.CfnManagedPolicy(stack, 'P', {
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:Converse', Resource: '*' }] },
    });
    const paths = templatePaths(app);
    const file = paths[0]!;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('bedrock:Converse', 'bedrock:Conversation'));
    const rules = (report: { violations: { ruleName: string }[] }): string[] =>
      report.violations.map((v) => v.ruleName).filter((n) => n.includes('NonIamAction'));
    const viaTemplates = new BedrockGovernanceChecks().validate({ templatePaths: paths, stackTemplates: [], appConstruct: app });
    expect(rules(viaTemplates)).toEqual(['BedrockGovernance-NonIamAction[Action::bedrock:Conversation]']);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  describe('edge cases', () => {
    const ENV = { account: '111111111111', region: 'us-east-1' };
    const converse = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:Converse', Resource: '*' }] };
    const nonIam = (report: { violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[] }): string[] =>
      report.violations
        .filter((v) => v.ruleName.includes('NonIamAction'))
        .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))
        .sort();
    const fresh = (): { app: App; stack: Stack; outdir: string } => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-tpl-'));
      const app = new App({ outdir });
      return { app, stack: new Stack(app, 'S', { env: ENV }), outdir };
    };
    const validate = (app: App, paths: string[]) => new BedrockGovernanceChecks().validate({ templatePaths: paths, stackTemplates: [], appConstruct: app });

    it('does not give a resource that is not synthesized the entry of another resource under its logical id', () => {
      const { app, stack, outdir } = fresh();
      const unattached = new iam.Policy(stack, 'Unattached', {
        statements: [new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] })],
      });
      const other = new iam.CfnManagedPolicy(stack, 'Other', { policyDocument: converse });
      other.overrideLogicalId(stack.getLogicalId(unattached.node.defaultChild as CfnResource));
      expect(nonIam(validate(app, templatePaths(app)))).toEqual(['BedrockGovernance-NonIamAction[Action::bedrock:Converse] at S/Other']);
      fs.rmSync(outdir, { recursive: true, force: true });
    });

    it('sees a change made after a first synth in the next run (no value carried over from an earlier run)', () => {
      const { app, stack, outdir } = fresh();
      const p = new iam.CfnManagedPolicy(stack, 'P', {
        policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] },
      });
      expect(nonIam(validate(app, templatePaths(app)))).toEqual([]);
      p.addPropertyOverride('PolicyDocument.Statement.0.Action', 'bedrock:Converse');
      expect(nonIam(validate(app, templatePaths(app, true)))).toEqual(['BedrockGovernance-NonIamAction[Action::bedrock:Converse] at S/P']);
      fs.rmSync(outdir, { recursive: true, force: true });
    });

    it('is not misled by a validateScope before the synth (whose Aspects change the resource)', () => {
      const { app, stack, outdir } = fresh();
      const p = new iam.CfnManagedPolicy(stack, 'P', {
        policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] },
      });
      expect(nonIam(new BedrockGovernanceChecks().validateScope(app))).toEqual([]);
      Aspects.of(app).add({ visit: (c) => void (c === p && p.addPropertyOverride('PolicyDocument.Statement.0.Action', 'bedrock:Converse')) });
      expect(nonIam(validate(app, templatePaths(app)))).toEqual(['BedrockGovernance-NonIamAction[Action::bedrock:Converse] at S/P']);
      fs.rmSync(outdir, { recursive: true, force: true });
    });

    it('renders the resources of a template it cannot read instead of failing every rule', () => {
      const { app, stack, outdir } = fresh();
      new iam.CfnManagedPolicy(stack, 'P', { policyDocument: converse });
      const paths = templatePaths(app);
      fs.writeFileSync(paths[0]!, '{ not json');
      const report = validate(app, paths);
      expect(nonIam(report)).toEqual(['BedrockGovernance-NonIamAction[Action::bedrock:Converse] at S/P']);
      expect(report.violations.filter((v) => (v.description ?? '').includes('threw an error'))).toEqual([]);
      fs.rmSync(outdir, { recursive: true, force: true });
    });
  });
});
