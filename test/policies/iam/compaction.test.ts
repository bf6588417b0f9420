/**
 * Compaction (issue 12): region patterns only where exact against the catalog, one conditioned statement for all
 * profile routes, statement merging; the compacted documents give the same decisions as the uncompacted ones
 * (evaluated with iam-simulate), and no direct call is allowed by the profile-route statement.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../policies/iam/catalog/catalog';
import { compactArns, mergeStatements, regionPatterns } from '../../../policies/iam/compact';
import { buildModelAccessPolicies } from '../../../policies/iam/model-access';
import { decideCall, direct, fmArn, INVOKE, profileArn, single, viaProfile } from '../../support/bedrock-calls';
import { ACCOUNT, type PolicyDoc } from '../../support/iam-oracle';

const catalog = loadCatalog();
const known = catalog.regionIds;
const US4 = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'];

describe('regionPatterns', () => {
  it('uses a pattern only when the listed regions are exactly the catalog regions it matches, in their partition', () => {
    expect(regionPatterns(US4, known)).toEqual(['us-*']);
    expect(regionPatterns(['us-east-1', 'us-east-2'], known)).toEqual(['us-east-*']);
    expect(regionPatterns(['us-east-1', 'us-west-2'], known)).toEqual(['us-east-1', 'us-west-2']);
    expect(regionPatterns(['us-east-1', 'us-east-2', 'us-west-2'], known)).toEqual(['us-east-*', 'us-west-2']);
    expect(regionPatterns(['us-gov-east-1', 'us-gov-west-1'], known)).toEqual(['us-*']); // the whole aws-us-gov partition
    expect(regionPatterns(['eu-west-1'], known)).toEqual(['eu-west-1']);
    // a pattern matching one catalog region is no shorter than the region
    expect(regionPatterns(['il-central-1'], known)).toEqual(['il-central-1']);
  });

  it('never covers a catalog region that is not listed', () => {
    const all = [...known];
    for (let i = 0; i < 300; i++) {
      const subset = all.filter((_, j) => ((i * 2654435761) >>> j) & 1);
      for (const p of regionPatterns(subset, known)) {
        const covered = all.filter((r) => (p.endsWith('*') ? r.startsWith(p.slice(0, -1)) : r === p));
        const partition = (r: string): string => (r.startsWith('us-gov-') ? 'gov' : r.startsWith('cn-') ? 'cn' : 'aws');
        const own = covered.filter((r) => subset.some((s) => partition(s) === partition(r) && (p.endsWith('*') ? s.startsWith(p.slice(0, -1)) : s === p)));
        for (const r of own) expect(subset, `${p} covers ${r}`).toContain(r);
      }
    }
  });
});

describe('compactArns and mergeStatements', () => {
  it('compacts only ARNs that differ in their region, and leaves wildcards and region-less ARNs alone', () => {
    const m = 'anthropic.claude-3-haiku-20240307-v1:0';
    expect(
      compactArns([...US4.map((r) => fmArn(m, r)), fmArn(m, '*'), `arn:aws:bedrock:::foundation-model/${m}`, fmArn('x.y-v1:0', 'us-east-1')], known),
    ).toEqual([`arn:aws:bedrock:us-*::foundation-model/${m}`, fmArn(m, '*'), `arn:aws:bedrock:::foundation-model/${m}`, fmArn('x.y-v1:0', 'us-east-1')]);
  });

  it('merges Allow statements with equal actions and conditions, or equal resources and conditions; never Denies', () => {
    const merged = mergeStatements([
      { Sid: 'A', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'r1' },
      { Sid: 'B', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'r2' },
      { Sid: 'C', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'r3', Condition: { Null: { k: 'true' } } },
      { Sid: 'D', Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: 'r4' },
      { Sid: 'E', Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: 'r5' },
      { Sid: 'F', Effect: 'Allow', Action: 'bedrock:GetFoundationModel', Resource: ['r2', 'r1'] },
    ]);
    expect(merged).toEqual([
      { Sid: 'A', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:GetFoundationModel'], Resource: ['r1', 'r2'] },
      { Sid: 'C', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'r3', Condition: { Null: { k: 'true' } } },
      { Sid: 'D', Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: 'r4' },
      { Sid: 'E', Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: 'r5' },
    ]);
  });
});

describe('compacted policies decide as before (iam-simulate)', () => {
  const usProfiles = catalog.profiles.filter((p) => p.geography === 'us' && US4.some((r) => p.destinations[r] !== undefined)).map((p) => p.id);
  const docs = buildModelAccessPolicies({ allow: [...usProfiles, 'amazon.nova-*'], regions: US4, catalogRead: false }, { catalog, account: ACCOUNT })
    .documents as PolicyDoc[];
  const scenario = { identityPolicies: docs };
  const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
  const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

  it('every us. profile from every listed source region is allowed, through every destination check', async () => {
    let calls = 0;
    for (const id of usProfiles) {
      const p = catalog.profile(id)!;
      for (const source of US4.filter((r) => p.destinations[r] !== undefined)) {
        expect((await decideCall(scenario, viaProfile(catalog, id, source))).decision, `${id} from ${source}`).toBe('Allowed');
        calls++;
      }
    }
    expect(calls).toBeGreaterThan(100);
  });

  it('no direct call of a profile model is allowed by the single route statement, in any region', async () => {
    for (const id of usProfiles.slice(0, 20)) {
      const model = catalog.profile(id)!.modelId;
      if (model.startsWith('amazon.nova-')) continue; // allowed directly by the glob
      for (const r of [...US4, 'eu-west-1', 'us-gov-west-1'])
        expect((await decideCall(scenario, direct(model, r))).decision, `${model} direct in ${r}`).not.toBe('Allowed');
    }
  });

  it('regions outside the pattern, other partitions and other profiles stay denied', async () => {
    for (const call of [
      direct('amazon.nova-lite-v1:0', 'eu-west-1'),
      direct('amazon.nova-lite-v1:0', 'ca-central-1'),
      viaProfile(catalog, `eu.${HAIKU}`, 'eu-west-1'),
      viaProfile(catalog, `global.${SONNET}`, 'us-east-1'),
      single(INVOKE, fmArn(SONNET, 'eu-west-1'), { 'bedrock:InferenceProfileArn': profileArn(`us.${SONNET}`, 'us-east-1') }),
      single(INVOKE, fmArn(SONNET, 'us-east-2'), { 'bedrock:InferenceProfileArn': profileArn(`eu.${SONNET}`, 'eu-west-1') }),
    ])
      expect((await decideCall(scenario, call)).decision, call.name).not.toBe('Allowed');
    for (const r of US4) expect((await decideCall(scenario, direct('amazon.nova-lite-v1:0', r))).decision, r).toBe('Allowed');
  });

  it('documented pairing (ADR 0005): a routed check of one allowed profile naming another allowed profile is allowed', async () => {
    // AWS never makes this check (it sets the profile the call entered); the statement is no wider in practice.
    const call = single(INVOKE, fmArn(SONNET, 'us-east-2'), { 'bedrock:InferenceProfileArn': profileArn(`us.${HAIKU}`, 'us-east-1') });
    expect((await decideCall(scenario, call)).decision).toBe('Allowed');
  });
});
