/**
 * The package as a consumer sees it: after `npm run build`, a separate app imports the public API by
 * package name, with require (CommonJS), import (ESM) and TypeScript types (nodenext resolution).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
let app: string;

const run = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  run('npm', ['run', '--silent', 'build'], root);
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-consumer-'));
  fs.mkdirSync(path.join(app, 'node_modules'));
  fs.symlinkSync(root, path.join(app, 'node_modules', 'cdk-bedrock-governance'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', 'aws-cdk-lib'), path.join(app, 'node_modules', 'aws-cdk-lib'), 'dir');
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
});

const SOURCE = (importLine: string): string => `${importLine}
const app = new cdk.App();
const stack = new cdk.Stack(app, 'Consumer', { env: { account: '111111111111', region: 'us-east-1' } });
const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
const access = new ModelAccessPolicy(stack, 'Access', { allow: ['us.anthropic.claude-sonnet-4-5-20250929-v1:0'], regions: ['us-east-1'] });
access.attachTo(role);
new OrganizationModelPolicy(stack, 'Scp', { allow: ['anthropic.*'], targetIds: ['ou-ab12-cdef3456'] });
const template = app.synth().getStackByName('Consumer').template;
const types = Object.values(template.Resources).map((r) => r.Type).sort();
console.log(JSON.stringify(types));
`;

describe('package consumers', () => {
  it('imports the constructs with ESM `import` and synthesizes', () => {
    fs.writeFileSync(
      path.join(app, 'app.mjs'),
      SOURCE(
        "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { ModelAccessPolicy, OrganizationModelPolicy } from 'cdk-bedrock-governance';",
      ),
    );
    const out = run('node', ['app.mjs'], app);
    expect(JSON.parse(out)).toEqual(['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::Organizations::Policy']);
  });

  it('imports the constructs with CommonJS `require`', () => {
    fs.writeFileSync(
      path.join(app, 'app.cjs'),
      SOURCE(
        "const cdk = require('aws-cdk-lib');\nconst iam = require('aws-cdk-lib/aws-iam');\nconst { ModelAccessPolicy, OrganizationModelPolicy } = require('cdk-bedrock-governance');",
      ),
    );
    const out = run('node', ['app.cjs'], app);
    expect(JSON.parse(out)).toHaveLength(3);
  });

  it('type-checks a TypeScript consumer against the published declarations', () => {
    fs.writeFileSync(
      path.join(app, 'app.ts'),
      [
        "import { ModelAccessPolicy, OrganizationModelPolicy, buildModelAccessPolicies, loadCatalog } from 'cdk-bedrock-governance';",
        "import type { ModelAccessPolicyProps } from 'cdk-bedrock-governance';",
        "const props: ModelAccessPolicyProps = { allow: ['amazon.nova-*'], regions: ['us-east-1'] };",
        "const r = buildModelAccessPolicies(props, { catalog: loadCatalog(), account: '111111111111' });",
        'export const n: number = r.documents.length;',
        'export { ModelAccessPolicy, OrganizationModelPolicy };',
      ].join('\n'),
    );
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const out = run('node', [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', 'app.ts'], app);
    expect(out).toBe('');
  });
});
