/**
 * What the semantic checks share: the context they report into, the adapter that runs a policy-engine call and
 * reports its problems (and warnings) at config paths.
 */
import type { CatalogView } from '../iam/catalog-view';
import { PolicySpecError, SpecWarning } from '../iam/errors';
import { PolicyPackingError } from '../iam/size';
import { ackCoversWarning, ENGINE_WARNING_PREFIX, pathCovers } from '../nag/acknowledgement-ids';
import { formatPath } from './issues';
import type { ConfigIssueCode, ConfigPathSegment, ConfigSource } from './issues';
import type { ConfigParts } from './parts';

/** Options of a report. */
export interface ReportOptions {
  readonly value?: unknown;
  readonly severity?: 'error' | 'warning';
  readonly at?: 'value' | 'key';
  readonly rule?: string;
}

/** What every check needs: the parts of the config the schema accepted, where its nodes are, the catalog, and where problems go. */
export interface SemanticContext {
  readonly config: ConfigParts;
  readonly source: ConfigSource;
  readonly catalog: CatalogView;
  readonly baseDir: string;
  /** The account for engine calls: the config's, or a placeholder when the schema rejected it (reported there). */
  readonly account: string;
  /** Records an error (or, with severity, a warning) at a path. */
  report(segments: readonly ConfigPathSegment[], code: ConfigIssueCode, message: string, options?: ReportOptions): void;
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

/** The field an engine warning is about: its message starts with it (`deny[0] 'x' overlaps allow[1] …`). */
export function warningField(message: string): ConfigPathSegment[] {
  const m = /^([A-Za-z]+(?:\[\d+\])?(?:\.[A-Za-z]+(?:\[\d+\])?)*) '/.exec(message);
  return m ? fieldSegments(m[1]!) : [];
}

/**
 * Reports the engine's warnings as config warnings at the field each is about (under `base`), with the id an
 * acknowledgement names (`cdk-bedrock-governance:<id>`); warnings that `acknowledgements` accept are not reported
 * (the gate lists them as acknowledged). `suffix` says which engine call raised it when one field feeds several.
 */
export function reportEngineWarnings(
  ctx: SemanticContext,
  base: readonly ConfigPathSegment[],
  warnings: readonly SpecWarning[],
  acknowledgements: readonly { readonly id: string }[],
  suffix = '',
): void {
  for (const w of warnings) {
    const rule = `${ENGINE_WARNING_PREFIX}${w.id}`;
    if (acknowledgements.some((a) => ackCoversWarning(a.id, rule))) continue;
    const field = warningField(w.message);
    const text = field.length > 0 ? w.message.slice(w.message.indexOf("'")) : w.message;
    // `'x' overlaps allow[1] …` reads after the path: the engine's own words, minus the field already shown, with the
    // other fields it names as config paths.
    const prefix = formatPath(base);
    const words = text.replace(/^'[^']*' /, '').replace(/(?<![.\w])((?:allow|deny|regions)\[\d+\])/g, (f: string) => (prefix ? `${prefix}.${f}` : f));
    ctx.report([...base, ...field], 'engine', `${words}${suffix}`, {
      severity: 'warning',
      rule,
      value: field.length > 0 ? /^'([^']*)'/.exec(text)?.[1] : undefined,
    });
  }
}

/** Acknowledgements of the compliance section that reach a construct path (no path, or a path that covers it). */
export function complianceAcksFor(ctx: SemanticContext, constructPath: string): readonly { readonly id: string }[] {
  return (ctx.config.compliance?.acknowledgements ?? []).filter((a) => pathCovers(a.path, constructPath));
}
