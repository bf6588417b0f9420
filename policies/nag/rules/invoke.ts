/**
 * Model invocation as the rules see it: which statements allow the two invoke actions, and the known Bedrock actions.
 */
import { INVOKE_ACTIONS } from '../../iam/actions';
import { BEDROCK_IAM_ACTIONS } from '../data/bedrock-actions';
import { actionMatches, coversAction, Statement } from './statements';

/** Every IAM action of the `bedrock` prefix, prefixed (`bedrock:InvokeModel`, …). */
export const KNOWN_BEDROCK_ACTIONS: readonly string[] = BEDROCK_IAM_ACTIONS.map((a) => `bedrock:${a}`);

/** The model invocation actions (InvokeModel, InvokeModelWithResponseStream) the statement applies to. */
export function invokeActionsOf(s: Statement): string[] {
  return INVOKE_ACTIONS.filter((a) => coversAction(s, a));
}

/** True for an Allow statement that applies to a model invocation action. */
export function allowsInvoke(s: Statement): boolean {
  return s.effect === 'Allow' && invokeActionsOf(s).length > 0;
}

const matchingCache = new Map<string, readonly string[]>();

/** The known Bedrock actions an action pattern matches (`*` matches all of them); computed once per pattern. */
export function knownActionsMatching(pattern: string): readonly string[] {
  let hit = matchingCache.get(pattern);
  if (hit === undefined) {
    hit = KNOWN_BEDROCK_ACTIONS.filter((a) => actionMatches(pattern, a));
    matchingCache.set(pattern, hit);
  }
  return hit;
}
