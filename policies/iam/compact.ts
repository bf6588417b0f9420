/**
 * Compaction of generated statements that never changes what they allow or deny (against the catalog):
 * - region wildcards: a set of ARNs that differ only in their region becomes `us-*` (or `us-east-*`) when the regions
 *   are exactly the partition's catalog regions matching that pattern, nothing more and nothing less;
 * - statement merging: Allow statements with the same actions and conditions share one resource list; Allow
 *   statements with the same resources and conditions share one action list.
 * Pure functions; the engine applies them to every document it builds (identity, SCP, endpoint).
 */
import { partitionOfRegion } from './arn';
import { asArray, oneOrMany, PolicyStatementJson } from './document';

const ARN_RE = /^(arn:[^:]+:[^:]+:)([^:*?]*)(:.*)$/;

/** Candidate patterns for a region, widest first: `us-*`, `us-east-*`. */
function candidates(region: string): string[] {
  const parts = region.split('-');
  const out: string[] = [];
  for (let n = 1; n < parts.length && n <= 2; n++) out.push(`${parts.slice(0, n).join('-')}-*`);
  return out;
}

const matches = (pattern: string, region: string): boolean => region.startsWith(pattern.slice(0, -1));

/**
 * The shortest list of region patterns that match exactly `regions` among `known` (the catalog's regions), in the
 * partition of the regions. A pattern is used only when every known region of the partition it matches is listed.
 */
export function regionPatterns(regions: readonly string[], known: readonly string[]): string[] {
  const set = new Set(regions);
  const out: string[] = [];
  const done = new Set<string>();
  for (const region of regions) {
    if (done.has(region)) continue;
    const partition = partitionOfRegion(region);
    const peers = known.filter((k) => partitionOfRegion(k) === partition);
    const pattern = candidates(region).find((p) => {
      const covered = peers.filter((k) => matches(p, k));
      return covered.length > 1 && covered.every((k) => set.has(k)) && regions.filter((r) => matches(p, r)).every((r) => peers.includes(r));
    });
    if (pattern) {
      out.push(pattern);
      for (const r of regions) if (matches(pattern, r)) done.add(r);
    } else {
      out.push(region);
      done.add(region);
    }
  }
  return out;
}

/** Replaces groups of ARNs that differ only in a concrete region by region patterns (see regionPatterns). */
export function compactArns(arns: readonly string[], known: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  const order: string[] = [];
  for (const arn of arns) {
    const m = ARN_RE.exec(arn);
    const key = m && m[2] !== '' ? `${m[1]}\u0000${m[3]}` : `\u0001${arn}`;
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push(key);
    }
    if (m && !key.startsWith('\u0001')) groups.get(key)!.push(m[2]!);
  }
  const out: string[] = [];
  for (const key of order) {
    if (key.startsWith('\u0001')) {
      out.push(key.slice(1));
      continue;
    }
    const [head, tail] = key.split('\u0000') as [string, string];
    for (const r of regionPatterns([...new Set(groups.get(key))], known)) out.push(`${head}${r}${tail}`);
  }
  return [...new Set(out)];
}

/** Region-compacts the Resource list and the ArnLike condition values of an Allow statement. */
export function compactStatement(s: PolicyStatementJson, known: readonly string[]): PolicyStatementJson {
  if (s.Effect !== 'Allow') return s;
  const out: PolicyStatementJson = { ...s };
  if (s.Resource !== undefined) out.Resource = oneOrMany(compactArns(asArray(s.Resource), known));
  if (s.Condition?.ArnLike) {
    const arnLike = Object.fromEntries(Object.entries(s.Condition.ArnLike).map(([k, v]) => [k, oneOrMany(compactArns(asArray(v), known))]));
    out.Condition = { ...s.Condition, ArnLike: arnLike };
  }
  return out;
}

const key = (xs: string | string[] | undefined): string => JSON.stringify([...asArray(xs)].sort());

/**
 * Merges Allow statements (with `Resource`, no `NotAction`/`NotResource`) that have the same actions and conditions
 * (union of resources), then those with the same resources and conditions (union of actions). Either union grants
 * exactly what the separate statements grant. Deny statements and the order of the rest are kept.
 */
export function mergeStatements(statements: readonly PolicyStatementJson[]): PolicyStatementJson[] {
  const mergeable = (s: PolicyStatementJson): boolean =>
    s.Effect === 'Allow' && s.Resource !== undefined && s.NotResource === undefined && s.NotAction === undefined && s.Principal === undefined;
  const pass = (list: readonly PolicyStatementJson[], by: 'Action' | 'Resource'): PolicyStatementJson[] => {
    const other = by === 'Action' ? 'Resource' : 'Action';
    const out: PolicyStatementJson[] = [];
    const index = new Map<string, number>();
    for (const s of list) {
      if (!mergeable(s)) {
        out.push(s);
        continue;
      }
      const k = `${key(s[by])}|${JSON.stringify(s.Condition ?? {})}`;
      const at = index.get(k);
      if (at === undefined) {
        index.set(k, out.length);
        out.push(s);
      } else {
        const prev = out[at]!;
        out[at] = { ...prev, [other]: oneOrMany([...new Set([...asArray(prev[other]), ...asArray(s[other])])]) };
      }
    }
    return out;
  };
  return pass(pass(statements, 'Action'), 'Resource');
}

/** Region compaction of every Allow statement, then merging. */
export function compactStatements(statements: readonly PolicyStatementJson[], known: readonly string[]): PolicyStatementJson[] {
  return mergeStatements(statements.map((s) => compactStatement(s, known)));
}
