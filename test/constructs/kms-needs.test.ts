/**
 * Every row of KMS_NEEDS (docs/kms.md) evaluated against the key policies of the synthesized reference landing zone
 * with an IAM simulator (@cloud-copilot/iam-simulate, the engine of test/support/iam-oracle.ts; the oracle itself takes
 * no resource policy): the principal is allowed each action with the documented context, refused when any restricted
 * context key has a foreign value, and allowed by the statement the row names.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGovernanceApp } from '../../bin/governance-app';
import { KMS_DOC_PATH, KMS_TABLE_END, KMS_TABLE_START, renderKmsNeedsTable } from '../../constructs/governance-keys/kms-needs-doc';
import { KMS_NEEDS, KmsNeed, GovernanceKeyName } from '../../constructs/governance-keys/kms-needs';
import { loadConfig } from '../../policies/config/index';

type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
interface KeyPolicy {
  Version: string;
  Statement: Statement[];
}
interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}
interface LandingZone {
  name: string;
  account: string;
  region: string;
  keys: Record<GovernanceKeyName, { logicalId: string; arn: string; policy: KeyPolicy }>;
  trailArn?: string;
  trailKey?: string;
}

const ROOT = path.join(__dirname, '..', '..');
const FOREIGN_ACCOUNT = '999999999999';
const DESCRIPTIONS: Record<GovernanceKeyName, string> = {
  auditLogs: 'Bedrock governance: audit-logs',
  invocationLogs: 'Bedrock governance: invocation-logs',
  trainingData: 'Bedrock governance: training-data',
};

/** Resolves what the synthesized key policies use: Fn::Join and the pseudo parameters. */
function resolve(value: unknown, env: { account: string; region: string }): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, env));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolve(p, env)).join(sep);
  }
  if ('Ref' in obj) {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::AccountId': env.account,
      'AWS::Region': env.region,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    const v = pseudo[obj.Ref as string];
    if (v === undefined) throw new Error(`unresolved Ref ${String(obj.Ref)} in a key policy`);
    return v;
  }
  if (Object.keys(obj).some((k) => k.startsWith('Fn::'))) throw new Error(`unresolved ${JSON.stringify(obj)} in a key policy`);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(v, env)]));
}

const simulateDir = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
/* eslint-disable @typescript-eslint/no-require-imports -- internals of the pinned simulator, see coreDecision */
const core = require(path.join(simulateDir, 'core_engine/CoreSimulatorEngine.js')) as { authorize: (input: unknown) => { result: Decision } };
const { AwsRequestImpl } = require(path.join(simulateDir, 'request/request.js')) as { AwsRequestImpl: new (...args: unknown[]) => unknown };
const { RequestContextImpl } = require(path.join(simulateDir, 'requestContext.js')) as { RequestContextImpl: new (ctx: unknown) => unknown };
const { DiscoveryContextKeyConstraints } = require(path.join(simulateDir, 'context_keys/discoveryContextKeyConstraints.js')) as {
  DiscoveryContextKeyConstraints: new (c: unknown[]) => unknown;
};
const { loadPolicy } = require(require.resolve('@cloud-copilot/iam-policy', { paths: [simulateDir] })) as {
  loadPolicy: (doc: unknown, meta: { name: string }) => unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The decision of the simulator's core engine on the full context. runSimulation validates the request and the
 * policies but drops `kms:EncryptionContext:<key>` context keys (it matches variable keys only after a `/`), and
 * runUnsafeSimulation (which keeps them) fails on any resource policy (it loads it without a name). This is
 * runUnsafeSimulation with a named key policy: validation is done by runSimulation first.
 */
function coreDecision(sim: Simulation): Decision {
  const request = new AwsRequestImpl(sim.request.principal, sim.request.resource, sim.request.action, new RequestContextImpl(sim.request.contextVariables));
  return core.authorize({
    request,
    sessionPolicy: undefined,
    identityPolicies: sim.identityPolicies.map((p) => loadPolicy(p.policy, { name: p.name })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: loadPolicy(sim.resourcePolicy, { name: 'key-policy' }),
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: { blockPublicAccess: undefined } },
  }).result;
}

/** Would KMS allow `principal` to call `action` on the key, with this key policy and (for a role) an identity policy allowing it? */
async function decide(
  key: { arn: string; policy: KeyPolicy },
  account: string,
  principal: string,
  action: string,
  context: Record<string, string>,
): Promise<Decision> {
  const isRole = principal.startsWith('arn:');
  const sim: Simulation = {
    request: { principal, action, resource: { resource: key.arn, accountId: account }, contextVariables: context },
    identityPolicies: isRole
      ? [{ name: 'caller', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: key.arn }] } }]
      : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: key.policy,
  };
  const validated = await runSimulation(sim, {});
  if (validated.resultType === 'error') throw new Error(`simulator rejected ${action} by ${principal}: ${JSON.stringify(validated.errors)}`);
  if (validated.resultType !== 'single') throw new Error(`unexpected ${validated.resultType} simulation`);
  const ignored = validated.result.ignoredContextKeys ?? [];
  const unexpected = ignored.filter((k) => !k.startsWith('kms:EncryptionContext:'));
  if (unexpected.length > 0) throw new Error(`context keys not applicable to ${action} (the simulator would drop them): ${unexpected.join(', ')}`);
  return ignored.length === 0 ? validated.overallResult : coreDecision(sim);
}

/** Keys AWS sends only with some actions. */
const ONLY_WITH: Readonly<Record<string, string>> = { 'kms:GrantIsForAWSResource': 'kms:CreateGrant' };

function contextFor(need: KmsNeed, lz: LandingZone, action: string): Record<string, string> {
  const fill = (v: string): string =>
    v
      .replace(/\$\{Partition\}/g, 'aws')
      .replace(/\$\{Region\}/g, lz.region)
      .replace(/\$\{Account\}/g, lz.account)
      .replace(/\$\{TrailArn\}/g, lz.trailArn ?? 'no-trail');
  return Object.fromEntries(Object.entries(need.context).flatMap(([k, v]) => (ONLY_WITH[k] && ONLY_WITH[k] !== action ? [] : [[k, fill(v)]])));
}

function principalFor(need: KmsNeed, lz: LandingZone): string {
  if ('service' in need.principal) return need.principal.service.replace('${Region}', lz.region);
  return `arn:aws:iam::${lz.account}:role/${need.id}-caller`;
}

/** A value of the same key that the documented condition must refuse. */
function foreign(key: string, value: string, lz: LandingZone): string {
  if (key === 'kms:GrantIsForAWSResource') return 'false';
  if (key === 'kms:ViaService') return value.replace(/^[a-z0-9-]+\./, 'ec2.');
  if (value.includes(lz.account)) return value.split(lz.account).join(FOREIGN_ACCOUNT);
  throw new Error(`no foreign value for ${key}=${value}`);
}

const applies = (need: KmsNeed, lz: LandingZone): boolean => !need.onlyWithTrail || lz.trailArn !== undefined;
const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

let zones: LandingZone[];
/** Statements of the team policies of the model-access stack, by team, with the key ARNs (imports) resolved. */
let teamStatements: Record<string, Statement[]>;

beforeAll(() => {
  const context = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.context.json'), 'utf8')) as Record<string, unknown>;
  const built = buildGovernanceApp(loadConfig(path.join(ROOT, 'governance.yaml')), {
    configDir: ROOT,
    appProps: { outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-kms-')), context },
  });
  const assembly = built.app.synth();
  const access = assembly.getStackArtifact(built.modelAccess!.artifactId).template as Template;
  teamStatements = {};
  for (const team of Object.keys(built.modelAccess!.policies)) {
    const prefix = `${team.replace(/[^A-Za-z0-9]/g, '')}ModelAccess`;
    teamStatements[team] = Object.entries(access.Resources)
      .filter(([id, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && id.startsWith(prefix))
      .flatMap(([, r]) => (r.Properties!.PolicyDocument as KeyPolicy).Statement);
  }
  zones = built.landingZones.map((stack: Stack) => {
    const template = assembly.getStackArtifact(stack.artifactId).template as Template;
    const env = { account: stack.account, region: stack.region };
    const keys = Object.fromEntries(
      (Object.keys(DESCRIPTIONS) as GovernanceKeyName[]).map((name) => {
        const found = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::KMS::Key' && r.Properties?.Description === DESCRIPTIONS[name]);
        expect(found, `${stack.stackName}: one ${name} key`).toHaveLength(1);
        const [logicalId, r] = found[0]!;
        return [
          name,
          {
            logicalId,
            arn: `arn:aws:kms:${env.region}:${env.account}:key/${logicalId.toLowerCase()}`,
            policy: resolve(r.Properties!.KeyPolicy, env) as KeyPolicy,
          },
        ];
      }),
    ) as LandingZone['keys'];
    const trail = Object.values(template.Resources).find((r) => r.Type === 'AWS::CloudTrail::Trail');
    const trailName = trail?.Properties?.TrailName as string | undefined;
    return {
      name: stack.stackName,
      ...env,
      keys,
      trailArn: trailName ? `arn:aws:cloudtrail:${env.region}:${env.account}:trail/${trailName}` : undefined,
      trailKey: (trail?.Properties?.KMSKeyId as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0],
    };
  });
}, 120_000);

describe('KMS needs of the reference landing zone', () => {
  it('has a landing zone per configured region, one of them with the trail, encrypted with the audit-logs key', () => {
    expect(zones.length).toBeGreaterThanOrEqual(1);
    const withTrail = zones.filter((z) => z.trailArn);
    expect(withTrail).toHaveLength(1);
    expect(withTrail[0]!.trailKey).toBe(withTrail[0]!.keys.auditLogs.logicalId);
  });

  describe.each(KMS_NEEDS.map((n) => [n.id, n] as const))('%s', (_id, need) => {
    it('is allowed with the documented context, for each action', async () => {
      for (const lz of zones.filter((z) => applies(need, z))) {
        for (const action of need.actions) {
          const decision = await decide(lz.keys[need.key], lz.account, principalFor(need, lz), action, contextFor(need, lz, action));
          expect(decision, `${lz.name} ${need.key}: ${principalFor(need, lz)} ${action}`).toBe('Allowed');
        }
      }
    });

    it('is refused when a restricted context key has a foreign value', async () => {
      expect(need.restricts.length).toBeGreaterThan(0);
      for (const lz of zones.filter((z) => applies(need, z))) {
        for (const action of need.actions) {
          const context = contextFor(need, lz, action);
          for (const key of need.restricts.filter((k) => !ONLY_WITH[k] || ONLY_WITH[k] === action)) {
            expect(Object.keys(context), `${need.id}: restricted key ${key} is in the context`).toContain(key);
            const changed = { ...context, [key]: foreign(key, context[key]!, lz) };
            const decision = await decide(lz.keys[need.key], lz.account, principalFor(need, lz), action, changed);
            if (need.unconditionedActions?.includes(action)) expect(decision, `${lz.name}: ${action} is unconditioned`).toBe('Allowed');
            else expect(decision, `${lz.name}: ${action} with ${key}=${changed[key]}`).not.toBe('Allowed');
          }
        }
      }
    });

    it(`is met by the statement ${need.metBy}`, async () => {
      for (const lz of zones.filter((z) => applies(need, z))) {
        const policy = lz.keys[need.key].policy;
        const only = { ...policy, Statement: policy.Statement.filter((s) => s.Sid === need.metBy || s.Effect === 'Deny') };
        expect(
          only.Statement.some((s) => s.Sid === need.metBy && s.Effect === 'Allow'),
          `${lz.name}: ${need.metBy} in the ${need.key} key policy`,
        ).toBe(true);
        for (const action of need.actions) {
          const decision = await decide({ arn: lz.keys[need.key].arn, policy: only }, lz.account, principalFor(need, lz), action, contextFor(need, lz, action));
          expect(decision, `${lz.name}: ${need.metBy} alone allows ${action}`).toBe('Allowed');
        }
        if (need.limitedBy) expect(policy.Statement.some((s) => s.Sid === need.limitedBy && s.Effect === 'Deny')).toBe(true);
      }
    });
  });

  it('custom-model-callers: the team policy that allows the throughput meets the identity side, through Bedrock only', async () => {
    const home = zones[0]!;
    const key = home.keys.trainingData;
    const statements = teamStatements['Research']!.filter((s) => s.Sid === 'DecryptModelKeys');
    expect(statements).toHaveLength(1);
    // The imported key ARN is the landing zone's training-data key.
    expect(JSON.stringify(statements[0]!.Resource)).toContain(`Keys${'TrainingData'}`);
    const identity = { ...statements[0]!, Resource: key.arn };
    const sim = (principal: string, context: Record<string, string>): Simulation => ({
      request: { principal, action: 'kms:Decrypt', resource: { resource: key.arn, accountId: home.account }, contextVariables: context },
      identityPolicies: [{ name: 'team', policy: { Version: '2012-10-17', Statement: [identity] } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: key.policy,
    });
    const run = async (context: Record<string, string>): Promise<string> => {
      const r = await runSimulation(sim(`arn:aws:iam::${home.account}:role/research`, context), {});
      if (r.resultType !== 'single') throw new Error(JSON.stringify(r));
      return r.overallResult;
    };
    const via = { 'kms:ViaService': `bedrock.${home.region}.amazonaws.com`, 'kms:CallerAccount': home.account, 'aws:PrincipalIsAWSService': 'false' };
    expect(await run(via)).toBe('Allowed');
    expect(await run({ ...via, 'kms:ViaService': `s3.${home.region}.amazonaws.com` })).not.toBe('Allowed');
    expect(await run({ 'kms:CallerAccount': home.account, 'aws:PrincipalIsAWSService': 'false' })).not.toBe('Allowed');
    // A team that is not granted the throughput gets no key access.
    expect(teamStatements['Support']!.some((s) => JSON.stringify(s).includes('kms:'))).toBe(false);
  });

  it('explains every Allow statement of every key policy by a row (or it is the account administration)', () => {
    for (const lz of zones) {
      for (const name of Object.keys(lz.keys) as GovernanceKeyName[]) {
        const sids = lz.keys[name].policy.Statement.filter((s) => s.Effect === 'Allow').map((s) => s.Sid);
        const explained = new Set(['AccountAdministers', ...KMS_NEEDS.filter((n) => n.key === name && applies(n, lz)).map((n) => n.metBy)]);
        // CloudTrail statements are in every audit key; they are exercised only where the trail is.
        const cloudTrailElsewhere = (sid?: string): boolean => !lz.trailArn && name === 'auditLogs' && /^CloudTrail/.test(sid ?? '');
        expect(
          sids.filter((sid) => !explained.has(sid!) && !cloudTrailElsewhere(sid)),
          `${lz.name} ${name}`,
        ).toEqual([]);
      }
    }
  });

  it('passes CT.KMS.PR.3: no principal creates a grant directly, the key administrators included', async () => {
    for (const lz of zones) {
      for (const name of Object.keys(lz.keys) as GovernanceKeyName[]) {
        const key = lz.keys[name];
        const admin = `arn:aws:iam::${lz.account}:role/KeyAdmin`;
        expect(await decide(key, lz.account, admin, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' })).toBe(
          'ExplicitlyDenied',
        );
        expect(await decide(key, lz.account, admin, 'kms:DescribeKey', {})).toBe('Allowed');
        const actions = key.policy.Statement.filter((s) => s.Effect === 'Allow').flatMap(actionsOf);
        expect(actions).not.toContain('kms:*');
      }
    }
  });

  it('is the table of docs/kms.md', () => {
    const doc = fs.readFileSync(path.join(ROOT, KMS_DOC_PATH), 'utf8');
    const start = doc.indexOf(KMS_TABLE_START);
    const end = doc.indexOf(KMS_TABLE_END);
    expect(start, 'start marker').toBeGreaterThanOrEqual(0);
    expect(doc.slice(start + KMS_TABLE_START.length, end).trim()).toBe(renderKmsNeedsTable());
    for (const need of KMS_NEEDS) expect(doc).toContain(need.use);
  });
});
