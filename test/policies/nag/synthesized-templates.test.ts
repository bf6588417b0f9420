/**
 * BedrockGovernanceChecks reads each resource from the synthesized templates of the validation run (policies/nag/rules/
 * cfn.ts, withSynthesizedTemplates) instead of rendering and resolving it again: both sources must agree on every
 * resource, and the template must be what the rules see.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { buildGovernanceApp } from '../../../bin/governance-app';
import { loadConfig } from '../../../policies/config/index';
import { BedrockGovernanceChecks } from '../../../policies/nag/bedrock-governance-checks';
import { renderProperties, synthesizedProperties, withSynthesizedTemplates } from '../../../policies/nag/rules/cfn';

const ROOT = path.join(__dirname, '..', '..', '..');

const templatePaths = (app: App): string[] => app.synth().stacksRecursively.map((s) => s.templateFullPath);

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
});
