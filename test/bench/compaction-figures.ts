/**
 * The compaction targets of issue 12, measured: characters per scenario against the figures before compaction
 * (docs/performance.md at commit 0ee01d3, same scenarios, same method) and against @aws-cdk/aws-bedrock-alpha, and the
 * managed policies needed for every `us.` profile (and every on-demand model) from 4 regions.
 *
 *   npx tsx test/bench/compaction-figures.ts
 */
import { foundationModelArn, inferenceProfileArn } from '../../policies/iam/arn';
import { loadCatalog } from '../../policies/iam/catalog/catalog';
import { compactArns } from '../../policies/iam/compact';
import { buildModelAccessPolicies } from '../../policies/iam/model-access';
import { policySize } from '../../policies/iam/size';
import { ACCOUNT, measureOurEngine, measureSynth, REGION_SETS, scenarios, synthAlpha } from './scenarios';

/** "ours: chars" of docs/performance.md at commit 0ee01d3 (before compaction; invoke and catalog read only). */
const BEFORE: Readonly<Record<string, number>> = {
  '1/1/model': 664,
  '1/1/profile': 1159,
  '1/4/model': 1422,
  '1/4/profile': 2686,
  '10/1/model': 1377,
  '10/1/profile': 6499,
  '10/4/model': 4266,
  '10/4/profile': 13622,
  '50/1/model': 4623,
  '50/1/profile': 29894,
  '50/4/model': 17584,
  '50/4/profile': 60218,
  'all/1/model': 8895,
  'all/1/profile': 29894,
  'all/4/model': 34498,
  'all/4/profile': 60218,
};

const fmt = (n: number): string => n.toLocaleString('en-US');
const catalog = loadCatalog();

/** Statements this release added beyond invocation and catalog reads (bedrock-mantle, async, companions, API keys). */
const ADDED = /^(Mantle|AsyncInvoke|Inference(Own|List|Models)|ShortTerm|ApiKeys|DenyApiKeys)/;

/**
 * ¹ Characters of the statements the "before" column also had (invocation and catalog reads), so that both compare
 * like with like: the documents of the default policy with the statements added since left out.
 */
function comparable(allow: readonly string[], regions: readonly string[]): { ok: true; value: { chars: number } } | { ok: false } {
  try {
    const { documents } = buildModelAccessPolicies({ allow: [...allow], regions }, { catalog, account: ACCOUNT });
    const chars = documents
      .map((d) => ({ ...d, Statement: d.Statement.filter((st) => !ADDED.test(st.Sid ?? '')) }))
      .filter((d) => d.Statement.length > 0)
      .reduce((n, d) => n + policySize(d, { ignoreWhitespace: true }), 0);
    return { ok: true, value: { chars } };
  } catch {
    return { ok: false };
  }
}

/**
 * ² The floor of any exact policy for the scenario: every ARN that an allow must name at least once (no glob the user did
 * not write), each as a JSON string with its comma: the model ARN in each listed region (model ids), or the profile ARN
 * in the listed regions' exact pattern and each model ARN in the destinations' pattern (profiles). Actions, Sids,
 * conditions and catalog reads come on top.
 */
function floorChars(s: ReturnType<typeof scenarios>[number]): number {
  const known = catalog.regionIds;
  const arns =
    s.variant === 'model'
      ? compactArns(
          s.allow.flatMap((id) => s.regions.map((r) => foundationModelArn('aws', r, id))),
          known,
        )
      : [
          ...compactArns(
            s.allow.flatMap((id) => s.regions.map((r) => inferenceProfileArn('aws', r, ACCOUNT, id))),
            known,
          ),
          ...compactArns(
            s.allow.flatMap((id) => {
              const p = catalog.profile(id)!;
              return [...new Set(s.regions.flatMap((r) => p.destinations[r] ?? []))].map((d) => foundationModelArn('aws', d, p.modelId));
            }),
            known,
          ),
        ];
  return [...new Set(arns)].reduce((n, a) => n + a.length + 3, 0);
}

console.log(
  '| models | regions | variant | before (0ee01d3) | now (default policy) | before / now | now, same coverage as before¹ | before / that | alpha | now¹ ≤ alpha | floor of an exact policy² | before / floor |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const s of scenarios()) {
  const key = `${s.size}/${s.regionCount}/${s.variant}`;
  const now = measureOurEngine(s);
  const lean = comparable(s.allow, s.regions);
  const alpha = measureSynth(() => synthAlpha(s));
  const nowChars = now.ok ? now.value.chars : NaN;
  const alphaChars = alpha.ok ? alpha.value.inline.total + alpha.value.managed.total : NaN;
  const leanChars = lean.ok ? lean.value.chars : NaN;
  const alphaExact = s.regionCount === 1; // with 4 regions alpha grants region * (models) or the stack region only (profiles)
  const floor = floorChars(s);
  console.log(
    `| ${s.size} | ${s.regionCount} | ${s.variant === 'model' ? 'model ids' : 'us. profiles'} | ${fmt(BEFORE[key]!)} | ${now.ok ? `${fmt(nowChars)} (${now.value.policies} MP)` : now.error} | ${(BEFORE[key]! / nowChars).toFixed(2)}× | ${fmt(leanChars)} | ${(BEFORE[key]! / leanChars).toFixed(2)}× | ${fmt(alphaChars)}${alphaExact ? '' : ' (broader)'} | ${alphaExact ? (leanChars <= alphaChars ? 'yes' : 'no') : 'n/a'} | ${fmt(floor)} | ${(BEFORE[key]! / floor).toFixed(2)}× |`,
  );
}

const US4 = REGION_SETS[4];
const usProfiles = catalog.profiles.filter((p) => p.geography === 'us' && US4.some((r) => p.destinations[r] !== undefined)).map((p) => p.id);
const onDemand = catalog.models.filter((m) => !m.profileOnly).map((m) => m.id);
for (const [label, allow] of [
  [`every us. profile (${usProfiles.length}) from 4 regions`, usProfiles],
  [`every us. profile and every on-demand model (${usProfiles.length} + ${onDemand.length}) from 4 regions`, [...usProfiles, ...onDemand]],
] as const) {
  try {
    const { documents } = buildModelAccessPolicies({ allow: [...allow], regions: US4 }, { catalog, account: ACCOUNT, maxDocuments: 20 });
    const chars = documents.reduce((n, d) => n + policySize(d, { ignoreWhitespace: true }), 0);
    console.log(`\n- ${label}: ${documents.length} managed policies, ${fmt(chars)} characters`);
  } catch (e) {
    console.log(`\n- ${label}: does not fit 20 managed policies (${(e as Error).message.split('. ')[0]})`);
  }
}
