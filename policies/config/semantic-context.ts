/**
 * What the semantic checks share: the context they report into, and the adapter that runs a policy-engine call and
 * reports its problems at config paths.
 */
import type { CatalogView } from '../iam/catalog-view';
import { PolicySpecError } from '../iam/errors';
import { PolicyPackingError } from '../iam/size';
import type { ConfigIssueCode, ConfigPathSegment, ConfigSource } from './issues';
import type { GovernanceConfig } from './schema';

/** What every check needs: the config, where its nodes are, the catalog, and where problems go. */
export interface SemanticContext {
  readonly config: GovernanceConfig;
  readonly source: ConfigSource;
  readonly catalog: CatalogView;
  readonly baseDir: string;
  /** Records an error (or, with severity, a warning) at a path. */
  report(
    segments: readonly ConfigPathSegment[],
    code: ConfigIssueCode,
    message: string,
    options?: { value?: unknown; severity?: 'error' | 'warning'; at?: 'value' | 'key' },
  ): void;
}

/** `allow[0].destinationRegions[1]` → `['allow', 0, 'destinationRegions', 1]`. */
export function fieldSegments(field: string): ConfigPathSegment[] {
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/**
 * Runs an engine call, reporting its problems at config paths: `base` prefixes the engine's fields (`allow[0]` →
 * `teams[1].access.allow[0]`), `remap` moves the fields that live elsewhere in the config (the shared guardrail).
 * Returns the engine's result, or undefined after a problem.
 */
export function runEngine<T>(
  ctx: SemanticContext,
  base: readonly ConfigPathSegment[],
  build: () => T,
  remap: (segments: ConfigPathSegment[]) => { segments: readonly ConfigPathSegment[]; suffix?: string } | undefined = () => undefined,
): T | undefined {
  try {
    return build();
  } catch (err) {
    if (err instanceof PolicySpecError) {
      for (const p of err.problems) {
        const own = fieldSegments(p.field);
        const moved = remap(own);
        const segments = moved ? moved.segments : [...base, ...own];
        const code: ConfigIssueCode = /catalog|model id|profile id|glob|ARN/.test(p.message) ? 'model' : 'invalid';
        ctx.report(segments, code, p.message + (moved?.suffix ?? ''), { value: p.value });
      }
      return undefined;
    }
    if (err instanceof PolicyPackingError) {
      ctx.report(base, 'range', err.message, { at: 'key' });
      return undefined;
    }
    throw err;
  }
}
