/**
 * Generated parts of docs/landing-zone.md: a Mermaid diagram derived from a synthesized template (resources grouped
 * by the top-level construct that owns them, edges from Ref / Fn::GetAtt / DependsOn between groups) and the table
 * of acknowledged compliance findings from cdk.out/validation-report.json. Pure functions over JSON.
 */

/** The parts of a CloudFormation template used here. */
export interface TemplateJson {
  readonly Resources?: Record<string, { Type: string; Properties?: unknown; DependsOn?: string | string[]; Metadata?: Record<string, unknown> }>;
}

/** The parts of a validation report used here. */
export interface ValidationReportJson {
  readonly pluginReports: readonly {
    pluginName: string;
    suppressedViolations?: readonly { ruleName: string; reason?: string; violatingConstructs: readonly { constructPath: string }[] }[];
  }[];
}

function references(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) references(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
      else references(v, out);
    }
  }
}

/** The top-level construct of a resource (first path segment under the stack), from its aws:cdk:path metadata. */
function groupOf(logicalId: string, resource: { Metadata?: Record<string, unknown> }): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return logicalId;
  return path.split('/')[1] ?? logicalId;
}

const nodeId = (name: string): string => name.replace(/[^A-Za-z0-9]/g, '_');

/**
 * A Mermaid flowchart of a stack: one node per top-level construct listing its resource types (with counts),
 * one edge per dependency between two constructs.
 */
export function mermaidDiagram(stackName: string, template: TemplateJson): string {
  const resources = template.Resources ?? {};
  const groups = new Map<string, Map<string, number>>();
  const groupByResource = new Map<string, string>();
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::CDK::Metadata') continue;
    const g = groupOf(id, r);
    groupByResource.set(id, g);
    const types = groups.get(g) ?? new Map<string, number>();
    types.set(r.Type, (types.get(r.Type) ?? 0) + 1);
    groups.set(g, types);
  }
  const edges = new Set<string>();
  for (const [id, r] of Object.entries(resources)) {
    const from = groupByResource.get(id);
    if (!from) continue;
    const refs = new Set<string>();
    references(r.Properties, refs);
    for (const d of Array.isArray(r.DependsOn) ? r.DependsOn : r.DependsOn ? [r.DependsOn] : []) refs.add(d);
    for (const ref of refs) {
      const to = groupByResource.get(ref);
      if (to && to !== from) edges.add(`  ${nodeId(from)} --> ${nodeId(to)}`);
    }
  }
  const lines = ['```mermaid', 'flowchart LR', `  subgraph ${nodeId(stackName)}["${stackName}"]`];
  for (const [g, types] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const list = [...types]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([t, n]) => `${t.replace(/^AWS::/, '')}${n > 1 ? ` ×${n}` : ''}`)
      .join('<br/>');
    lines.push(`    ${nodeId(g)}["<b>${g}</b><br/>${list}"]`);
  }
  lines.push('  end', ...[...edges].sort(), '```');
  return lines.join('\n');
}

/** A Markdown table of every acknowledged finding: pack, rule, where, why. */
export function acknowledgementsTable(report: ValidationReportJson): string {
  const rows = report.pluginReports.flatMap((p) =>
    (p.suppressedViolations ?? []).map((v) => ({
      pack: p.pluginName,
      rule: v.ruleName,
      where: v.violatingConstructs.map((c) => c.constructPath).join('<br/>'),
      reason: (v.reason ?? '').replace(/\|/g, '\\|'),
    })),
  );
  rows.sort((a, b) => a.pack.localeCompare(b.pack) || a.rule.localeCompare(b.rule) || a.where.localeCompare(b.where));
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    '| pack | finding | construct | reason |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.pack} | ${esc(r.rule)} | ${r.where} | ${r.reason} |`),
  ].join('\n');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceGenerated(markdown: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const a = markdown.indexOf(start);
  const b = markdown.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs: markers ${start} … ${end} not found`);
  return `${markdown.slice(0, a + start.length)}\n${content}\n${markdown.slice(b)}`;
}
