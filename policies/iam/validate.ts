/** Validation of the non-model fields of a spec: regions, VPC endpoints, guardrails. */
import { parseBedrockArn, partitionOfRegion } from './arn';
import { isList } from './document';
import type { CatalogView } from './catalog-view';
import type { ProblemCollector } from './errors';
import type { GuardrailReference } from './spec';
import type { GuardrailCondition } from './statements';

/** True for a CDK token string (`${Token[...]}`): a value known only at deploy time. */
export function isUnresolved(value: string): boolean {
  return value.includes('${Token[');
}

/** Validates regions; returns them deduplicated, in the given order, and their partition. */
export function validateRegions(
  regions: readonly string[] | undefined,
  field: string,
  catalog: CatalogView,
  problems: ProblemCollector,
  required: boolean,
): { regions: string[]; partition: string } {
  if (regions === undefined && !required) return { regions: [], partition: 'aws' };
  if (!isList(regions) || regions.length === 0) {
    problems.add(
      field,
      regions,
      required ? 'must list at least one region, e.g. [us-east-1]' : 'must list at least one region, e.g. [us-east-1], or be omitted for any region',
    );
    return { regions: [], partition: 'aws' };
  }
  const out: string[] = [];
  regions.forEach((r, i) => {
    if (typeof r !== 'string' || isUnresolved(r)) {
      problems.add(`${field}[${i}]`, r, 'must be a literal region code (tokens are not accepted: the policy depends on it)');
    } else if (!catalog.regionIds.includes(r)) {
      problems.add(`${field}[${i}]`, r, `is not a Bedrock region; known: ${catalog.regionIds.join(', ')}`);
    } else if (!out.includes(r)) {
      out.push(r);
    }
  });
  const partitions = [...new Set(out.map(partitionOfRegion))];
  if (partitions.length > 1) problems.add(field, regions, `mixes partitions (${partitions.join(', ')}); write one policy per partition`);
  return { regions: out, partition: partitions[0] ?? 'aws' };
}

const VPCE_RE = /^vpce-[0-9a-f]{8,17}$/;

/** Validates VPC endpoint ids (tokens pass: they are checked by CloudFormation). */
export function validateVpcEndpoints(ids: readonly string[] | undefined, problems: ProblemCollector): string[] | undefined {
  if (ids === undefined) return undefined;
  if (!isList(ids) || ids.length === 0) {
    problems.add('sourceVpcEndpoints', ids, 'must list at least one VPC endpoint id (vpce-…) when given; omit it for no network condition');
    return undefined;
  }
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || (!isUnresolved(id) && !VPCE_RE.test(id))) {
      problems.add(`sourceVpcEndpoints[${i}]`, id, 'is not a VPC endpoint id; expected vpce- followed by 8 to 17 hex digits');
    }
  });
  return [...new Set(ids)];
}

const GUARDRAIL_VERSION_RE = /^([1-9][0-9]{0,7}|DRAFT)$/;

/** Validates guardrails and that every listed region has one. */
export function validateGuardrails(
  input: GuardrailReference | readonly GuardrailReference[] | undefined,
  regions: readonly string[],
  partition: string,
  problems: ProblemCollector,
): GuardrailCondition[] | undefined {
  if (input === undefined) return undefined;
  const multi = isList<GuardrailReference>(input);
  const list: readonly GuardrailReference[] = isList<GuardrailReference>(input) ? input : [input];
  const covered = new Set<string>();
  let unresolvedRegion = false;
  const out: GuardrailCondition[] = [];
  list.forEach((g, i) => {
    const field = multi ? `guardrail[${i}]` : 'guardrail';
    if (g === null || typeof g !== 'object' || typeof g.arn !== 'string') {
      problems.add(field, g, 'must be { arn, version? }');
      return;
    }
    if (g.version !== undefined && (typeof g.version !== 'string' || !GUARDRAIL_VERSION_RE.test(g.version))) {
      problems.add(`${field}.version`, g.version, "must be a version number ('1', '2', …) or 'DRAFT'");
    }
    if (isUnresolved(g.arn)) {
      unresolvedRegion = true;
      out.push({ arn: g.arn, version: g.version });
      return;
    }
    const arn = parseBedrockArn(g.arn);
    if (!arn || arn.resourceType !== 'guardrail' || !/^[a-z0-9]+$/.test(arn.resourceId) || arn.account === '') {
      problems.add(
        `${field}.arn`,
        g.arn,
        'is not a guardrail ARN; expected arn:aws:bedrock:<region>:<account>:guardrail/<id> (no version suffix: use version)',
      );
      return;
    }
    if (arn.partition !== partition) problems.add(`${field}.arn`, g.arn, `is in partition ${arn.partition}, the regions in ${partition}`);
    covered.add(arn.region);
    out.push({ arn: g.arn, version: g.version });
  });
  if (!unresolvedRegion) {
    for (const r of regions) {
      if (!covered.has(r)) {
        problems.add(
          multi ? 'guardrail' : 'guardrail.arn',
          multi ? list.map((g) => g?.arn) : list[0]?.arn,
          `has no guardrail in region ${r}: calls there could never satisfy the guardrail condition and would all be denied; give one guardrail per listed region`,
        );
      }
    }
  }
  return out;
}
