/** Warnings for denies that override allows: the deny wins, but the user should know where. */
import type { SpecWarning } from './errors';
import { globMatches } from './glob';
import type { ResolvedReference } from './resolve';

/** What an allow reaches, by name, for comparison with denies. */
function reachedNames(ref: ResolvedReference): { models: string[]; profiles: string[]; arns: string[] } {
  if (ref.kind === 'foundation-model') return { models: ref.glob ? [...ref.matchedModels] : [ref.pattern], profiles: [], arns: [] };
  if (ref.kind === 'inference-profile') return { models: [], profiles: ref.glob ? [...ref.matchedProfiles] : [ref.pattern], arns: [] };
  return { models: [], profiles: [], arns: [ref.arn] };
}

/** Model id a profile id routes to. */
function modelOfProfile(profileId: string): string {
  return profileId.slice(profileId.indexOf('.') + 1);
}

/** The names of `allow` that `deny` blocks. */
function blockedBy(allow: ResolvedReference, deny: ResolvedReference): string[] {
  const reached = reachedNames(allow);
  if (deny.kind === 'foundation-model') {
    return [...reached.models.filter((m) => globMatches(deny.pattern, m)), ...reached.profiles.filter((p) => globMatches(deny.pattern, modelOfProfile(p)))];
  }
  if (deny.kind === 'inference-profile') return reached.profiles.filter((p) => globMatches(deny.pattern, p));
  const sameGlob = allow.kind !== 'foundation-model' && allow.kind !== 'inference-profile' && allow.arn === deny.arn;
  return reached.arns.filter((a) => sameGlob || globMatches(deny.arn, a));
}

/** One warning per (deny, allow) pair that overlaps. */
export function overlapWarnings(allows: readonly ResolvedReference[], denies: readonly ResolvedReference[]): SpecWarning[] {
  const warnings: SpecWarning[] = [];
  for (const deny of denies) {
    for (const allow of allows) {
      const names = [...new Set(blockedBy(allow, deny))];
      if (names.length === 0) continue;
      const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
      warnings.push({
        id: 'DenyOverridesAllow',
        message: `${deny.field} '${label(deny)}' overlaps ${allow.field} '${label(allow)}' (${shown}): the deny wins`,
      });
    }
  }
  return warnings;
}

function label(ref: ResolvedReference): string {
  return ref.kind === 'foundation-model' || ref.kind === 'inference-profile' ? ref.pattern : ref.arn;
}
