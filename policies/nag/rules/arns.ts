/**
 * Matching policy resources (flattened, possibly with `<…>` placeholders for values unknown at synth time) against
 * Bedrock ARNs, in one of two directions:
 * - `lenient` answers "may this grant cover the ARN?": every placeholder matches anything, so a grant built with
 *   `Fn::Join` is never reported as missing;
 * - `strict` answers "does this grant certainly cover the ARN?": a placeholder matches only itself, so a grant built
 *   with `Fn::Join` is never reported as too broad.
 * Partition and account placeholders match anything in both directions: no rule decides on them.
 */
import { globMatches } from '../../iam/glob';
import { hasPlaceholder } from './cfn';
import type { Statement } from './statements';

/** Direction of a match (see the file comment). */
export type MatchMode = 'lenient' | 'strict';

/** A Bedrock ARN (or ARN pattern), split. */
export interface BedrockArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** e.g. `foundation-model`, `inference-profile`. */
  readonly resourceType: string;
  /** The part after the first `/`, e.g. a model or profile id. */
  readonly resourceId: string;
}

/** Splits an ARN on `:`, except inside `<…>` placeholders (`<AWS::Partition>` stays one part). */
export function arnParts(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of text) {
    if (c === '<') depth++;
    else if (c === '>' && depth > 0) depth--;
    if (c === ':' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Splits `arn:<partition>:bedrock:<region>:<account>:<type>/<id>`; undefined for anything else. */
export function parseBedrockArn(text: string): BedrockArn | undefined {
  const parts = arnParts(text);
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'bedrock') return undefined;
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  if (slash < 0) return undefined;
  return {
    partition: parts[1]!,
    region: parts[3]!,
    account: parts[4]!,
    resourceType: resource.slice(0, slash),
    resourceId: resource.slice(slash + 1),
  };
}

/** The pattern as an IAM glob for the given direction. */
export function patternGlob(pattern: string, mode: MatchMode): string {
  let glob = pattern.replace(/<AWS::(Partition|AccountId)>/g, '*');
  if (mode === 'lenient') glob = glob.replace(/<[^>]*>/g, '*');
  return glob;
}

/** True when the resource pattern matches the ARN in the given direction. */
export function resourceMatches(pattern: string, arn: string, mode: MatchMode): boolean {
  return globMatches(patternGlob(pattern, mode), arn);
}

/**
 * True when the statement's resources cover the ARN: a `Resource` entry matches it, or no `NotResource` entry does
 * (NotResource exclusions are matched in the opposite direction, so that each mode stays on its safe side).
 */
export function statementCoversResource(s: Statement, arn: string, mode: MatchMode): boolean {
  if (s.resources) return s.resources.some((r) => resourceMatches(r, arn, mode));
  if (s.notResources) return !s.notResources.some((r) => resourceMatches(r, arn, mode === 'lenient' ? 'strict' : 'lenient'));
  return false;
}

/** True when the text is a literal value or a glob (no placeholder). */
export function isKnown(text: string): boolean {
  return !hasPlaceholder(text);
}
