/**
 * What an allow entry reaches, by name, and whether another list (the organization SCP, a runtime endpoint policy)
 * admits or denies those names: shared by the organization and endpoint cross-checks.
 */
import { globMatches } from '../iam/glob';
import type { ResolvedReference } from '../iam/resolve';

/** A name an allow entry reaches: a catalog model, a catalog profile, or an ARN. */
export interface Reached {
  readonly kind: 'model' | 'profile' | 'arn';
  readonly id: string;
}

/** The names an allow entry reaches: the catalog models or profiles a glob matches, or the entry itself. */
export function reached(ref: ResolvedReference): Reached[] {
  if (ref.kind === 'foundation-model') return (ref.glob ? ref.matchedModels : [ref.pattern]).map((id) => ({ kind: 'model', id }));
  if (ref.kind === 'inference-profile') return (ref.glob ? ref.matchedProfiles : [ref.pattern]).map((id) => ({ kind: 'profile', id }));
  return [{ kind: 'arn', id: ref.arn }];
}

/** True when the deny blocks the name: a model deny holds through every profile routing to the model. */
export function denies(deny: ResolvedReference, name: Reached): boolean {
  if (deny.kind === 'foundation-model') {
    if (name.kind === 'model') return globMatches(deny.pattern, name.id);
    return name.kind === 'profile' && globMatches(deny.pattern, name.id.slice(name.id.indexOf('.') + 1));
  }
  if (deny.kind === 'inference-profile') return name.kind === 'profile' && globMatches(deny.pattern, name.id);
  return name.kind === 'arn' && globMatches(deny.arn, name.id);
}

/** True when an allow-list entry admits the name as an entry point (a model directly, a profile as a profile). */
export function admits(allow: ResolvedReference, name: Reached): boolean {
  if (allow.kind === 'foundation-model') return name.kind === 'model' && globMatches(allow.pattern, name.id);
  if (allow.kind === 'inference-profile') return name.kind === 'profile' && globMatches(allow.pattern, name.id);
  return name.kind === 'arn' && globMatches(allow.arn, name.id);
}

/** The text of a reference as written. */
export function label(ref: ResolvedReference): string {
  return ref.kind === 'foundation-model' || ref.kind === 'inference-profile' ? ref.pattern : ref.arn;
}

/** At most five ids, then `and N more`. */
export function list(ids: readonly string[]): string {
  return ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
}
