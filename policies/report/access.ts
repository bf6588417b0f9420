/**
 * The access report: for each team, which models it may invoke, in which regions, through which paths (direct,
 * which profiles, application profiles, provisioned or custom models), under which conditions, and what is denied.
 * Built from the engine's resolved spec, so it says what the generated policies grant.
 */
import { MODEL_CATEGORIES } from '../iam/categories';
import type { CatalogView } from '../iam/catalog-view';
import { globMatches } from '../iam/glob';
import type { ResolvedSpec } from '../iam/model-access';
import type { ResolvedReference } from '../iam/resolve';
import { THROUGHPUT_TAG_KEY } from '../iam/throughput';

/** What one team gets. */
export interface TeamAccessInput {
  readonly team: string;
  readonly resolved: ResolvedSpec;
  /** VPC endpoint ids required (`aws:SourceVpce`), or undefined. */
  readonly sourceVpcEndpoints?: readonly string[];
  /** Guardrails required, as `arn` or `arn:version`. */
  readonly guardrails?: readonly string[];
}

/** One row: a model reachable (or denied) through one path. */
export interface AccessRow {
  readonly model: string;
  /** `direct`, a profile id, or an ARN kind with its ARN. */
  readonly path: string;
  /** Regions where the call may start. */
  readonly regions: readonly string[];
  /** Regions the call may be served in (profiles). */
  readonly destinations: readonly string[];
  readonly conditions: readonly string[];
  /** The deny entry that blocks it, if any. */
  readonly deniedBy?: string;
  /** The allow entry it comes from. */
  readonly allowedBy: string;
}

function label(ref: ResolvedReference): string {
  return ref.kind === 'foundation-model' || ref.kind === 'inference-profile' ? ref.pattern : ref.arn;
}

function denial(model: string, path: string, deny: readonly ResolvedReference[]): string | undefined {
  for (const d of deny) {
    if (d.kind === 'foundation-model' && globMatches(d.pattern, model)) return `${d.field} '${d.pattern}'`;
    if (d.kind === 'inference-profile' && globMatches(d.pattern, path)) return `${d.field} '${d.pattern}'`;
    if (d.kind !== 'foundation-model' && d.kind !== 'inference-profile' && globMatches(d.arn, path)) return `${d.field} '${d.arn}'`;
  }
  return undefined;
}

/** The rows of one team, in allow order. */
export function accessRows(input: TeamAccessInput, catalog: CatalogView): AccessRow[] {
  const conditions = [
    ...(input.sourceVpcEndpoints?.length ? [`VPC endpoint ${input.sourceVpcEndpoints.join(' or ')}`] : []),
    ...(input.guardrails?.length ? [`guardrail ${input.guardrails.join(' or ')}`] : []),
  ];
  const rows: AccessRow[] = [];
  for (const ref of input.resolved.allow) {
    const allowedBy = `${ref.field} '${label(ref)}'`;
    if (ref.kind === 'foundation-model') {
      const models = ref.glob ? [...ref.matchedModels, `${ref.pattern} (future matches)`] : [ref.pattern];
      for (const model of models) {
        rows.push({
          model,
          path: 'direct',
          regions: input.resolved.regions,
          destinations: [],
          conditions,
          allowedBy,
          deniedBy: denial(model, 'direct', input.resolved.deny),
        });
      }
    } else if (ref.kind === 'inference-profile') {
      const sources = ref.routes.flatMap((r) => r.sources);
      const profiles = ref.glob ? [...ref.matchedProfiles, `${ref.pattern} (future matches)`] : [ref.pattern];
      for (const profile of profiles) {
        const p = catalog.profile(profile);
        const model = p?.modelId ?? ref.modelPattern;
        const destinations = p
          ? [...new Set(sources.flatMap((s) => p.destinations[s] ?? []))].sort()
          : [...new Set(ref.routes.flatMap((r) => r.destinations))].sort();
        const starts = p ? sources.filter((s) => p.destinations[s] !== undefined) : sources;
        if (starts.length === 0) continue;
        rows.push({
          model,
          path: profile,
          regions: starts,
          // A global profile may be served in any commercial region (and is authorized on the region-less ARN).
          destinations: ref.regionless ? ['any commercial region'] : destinations,
          conditions,
          allowedBy,
          deniedBy: denial(model, profile, input.resolved.deny),
        });
      }
    } else {
      rows.push({
        model: '(chosen by the resource)',
        path: `${ref.kind} ${ref.arn}`,
        regions: [ref.region],
        destinations: [],
        conditions,
        allowedBy,
        deniedBy: denial('', ref.arn, input.resolved.deny),
      });
    }
  }
  for (const g of input.resolved.throughput ?? []) {
    const base = g.baseModel ?? '(the model it serves)';
    rows.push({
      model: g.modelKeyArn !== undefined ? `custom model of ${base}` : base,
      path: `provisioned throughput '${g.name}' (tag ${THROUGHPUT_TAG_KEY})`,
      regions: [g.region],
      destinations: [],
      conditions: [...conditions, ...(g.modelKeyArn !== undefined ? ["kms:Decrypt on the custom model's key, through Bedrock"] : [])],
      allowedBy: `provisioned throughput '${g.name}'`,
    });
  }
  return rows;
}

const md = (s: string): string => s.replace(/\|/g, '\\|');

/** What the team may do with its models (use categories) and whether it may use Bedrock API keys. */
export function usesLine(t: TeamAccessInput): string {
  const granted = t.resolved.categories;
  const not = MODEL_CATEGORIES.filter((c) => !granted.includes(c));
  return `Uses: ${granted.join(', ')}${not.length > 0 ? ` (not ${not.join(', ')})` : ''}. API keys: ${t.resolved.apiKeys}.`;
}

/** Markdown: one section per team with its table and its denies. */
export function renderAccessMarkdown(teams: readonly TeamAccessInput[], catalog: CatalogView): string {
  const lines = ['# Model access report', ''];
  for (const t of teams) {
    const rows = accessRows(t, catalog);
    lines.push(`## ${t.team}`, '', `Regions: ${t.resolved.regions.join(', ')}.`, '', `${usesLine(t)}`, '');
    lines.push('| model | path | starts in | served in | conditions | status |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      lines.push(
        `| ${md(r.model)} | ${md(r.path)} | ${r.regions.join(', ')} | ${r.destinations.join(', ') || '(same region)'} | ${md(r.conditions.join('; ') || 'none')} | ${
          r.deniedBy ? `**denied** by ${md(r.deniedBy)}` : `allowed by ${md(r.allowedBy)}`
        } |`,
      );
    }
    if (t.resolved.deny.length > 0) {
      lines.push('', `Denied everywhere (directly and through every profile): ${t.resolved.deny.map((d) => `\`${label(d)}\``).join(', ')}.`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const html = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained HTML page (inline CSS, no script, no external resource). */
export function renderAccessHtml(teams: readonly TeamAccessInput[], catalog: CatalogView): string {
  const sections = teams.map((t) => {
    const rows = accessRows(t, catalog)
      .map(
        (r) =>
          `<tr class="${r.deniedBy ? 'denied' : 'allowed'}"><td>${html(r.model)}</td><td>${html(r.path)}</td><td>${html(r.regions.join(', '))}</td><td>${html(
            r.destinations.join(', ') || '(same region)',
          )}</td><td>${html(r.conditions.join('; ') || 'none')}</td><td>${r.deniedBy ? `denied by ${html(r.deniedBy)}` : `allowed by ${html(r.allowedBy)}`}</td></tr>`,
      )
      .join('\n');
    const denied = t.resolved.deny.length ? `<p>Denied everywhere: ${t.resolved.deny.map((d) => `<code>${html(label(d))}</code>`).join(', ')}</p>` : '';
    return `<section><h2>${html(t.team)}</h2><p>Regions: ${html(t.resolved.regions.join(', '))}</p><p>${html(usesLine(t))}</p>
<table><thead><tr><th>model</th><th>path</th><th>starts in</th><th>served in</th><th>conditions</th><th>status</th></tr></thead><tbody>
${rows}
</tbody></table>${denied}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Model access report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d1d1f}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}th{background:#f2f2f2}tr.denied td{background:#fde8e8}tr.allowed td:last-child{color:#1a7f37}tr.denied td:last-child{color:#b42318;font-weight:600}code{background:#f2f2f2;padding:0 .2rem}</style>
</head><body><h1>Model access report</h1>
${sections.join('\n')}
</body></html>
`;
}
