/**
 * IAM-style globs (`*` any run of characters, `?` one character) over model and profile ids.
 */

/** True when the text contains an IAM wildcard. */
export function isGlob(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

const cache = new Map<string, RegExp>();

/** Compiles an IAM glob to an anchored regular expression (case-sensitive, as IAM ARNs are). */
export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const body = glob
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 's');
    cache.set(glob, re);
  }
  return re;
}

/** True when `text` matches the IAM glob `glob`. */
export function globMatches(glob: string, text: string): boolean {
  return isGlob(glob) ? globToRegExp(glob).test(text) : glob === text;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * The `count` candidates closest to `text`, closest first: candidates that extend the text (a missing
 * version suffix) first, then by edit distance.
 */
export function closest(text: string, candidates: readonly string[], count = 3): string[] {
  return candidates
    .map((c) => ({ c, d: c.startsWith(text) ? c.length - text.length - 1000 : editDistance(text, c) }))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, count)
    .map((x) => x.c);
}

/**
 * Whether two globs (or ids) can match a common text. Sound, not exact: false only when no text matches both (their
 * literal prefixes disagree, or an id is not matched by the other side); may say true for disjoint globs.
 */
export function mayOverlap(a: string, b: string): boolean {
  if (!isGlob(a) && !isGlob(b)) return a === b;
  if (!isGlob(b)) return globMatches(a, b);
  if (!isGlob(a)) return globMatches(b, a);
  const prefix = (g: string): string => g.slice(0, g.search(/[*?]/));
  const [pa, pb] = [prefix(a), prefix(b)];
  return pa.startsWith(pb) || pb.startsWith(pa);
}
