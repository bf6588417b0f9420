/**
 * The compliance report: for each stack and pack, open findings and acknowledgements with their reasons.
 * Built from cdk.out/validation-report.json. The JSON form is stable (sorted, no timestamps) so CI tools can diff it.
 */

/** The parts of cdk's validation report used here. */
export interface RawValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations?: readonly RawViolation[];
    readonly suppressedViolations?: readonly RawViolation[];
  }[];
}

interface RawViolation {
  readonly ruleName: string;
  readonly description?: string;
  readonly severity?: string;
  readonly reason?: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

/** One finding, open or acknowledged. */
export interface ComplianceEntry {
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
  readonly description?: string;
  /** The acknowledgement's reason (acknowledged entries only). */
  readonly reason?: string;
}

/** The report. */
export interface ComplianceReport {
  readonly version: 1;
  readonly packs: readonly string[];
  readonly stacks: readonly { readonly stack: string; readonly findings: readonly ComplianceEntry[]; readonly acknowledged: readonly ComplianceEntry[] }[];
  readonly totals: { readonly findings: number; readonly acknowledged: number };
}

const byKey = (a: ComplianceEntry, b: ComplianceEntry): number => a.pack.localeCompare(b.pack) || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path);

/** Builds the report: entries grouped by the stack of their construct path, sorted. */
export function complianceReport(raw: RawValidationReport, stackNames: readonly string[], packs: readonly string[]): ComplianceReport {
  const entries = (kind: 'violations' | 'suppressedViolations'): ComplianceEntry[] =>
    raw.pluginReports.flatMap((p) =>
      (p[kind] ?? []).flatMap((v) =>
        v.violatingConstructs.map((c) => ({
          pack: p.pluginName,
          rule: v.ruleName,
          path: c.constructPath,
          ...(v.description ? { description: v.description } : {}),
          ...(kind === 'suppressedViolations' ? { reason: v.reason ?? '' } : {}),
        })),
      ),
    );
  const open = entries('violations');
  const acknowledged = entries('suppressedViolations');
  const stackOf = (path: string): string => path.split('/')[0] ?? path;
  const names = [...new Set([...stackNames, ...open.map((e) => stackOf(e.path)), ...acknowledged.map((e) => stackOf(e.path))])].sort();
  return {
    version: 1,
    packs: [...packs].sort(),
    stacks: names.map((stack) => ({
      stack,
      findings: open.filter((e) => stackOf(e.path) === stack).sort(byKey),
      acknowledged: acknowledged.filter((e) => stackOf(e.path) === stack).sort(byKey),
    })),
    totals: { findings: open.length, acknowledged: acknowledged.length },
  };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as Markdown: a summary table, then open findings and acknowledgements per stack. */
export function renderComplianceMarkdown(report: ComplianceReport): string {
  const lines = [
    '# Compliance report',
    '',
    `Packs: ${report.packs.join(', ')}. Open findings: **${report.totals.findings}**; acknowledged: ${report.totals.acknowledged}.`,
    '',
    '| stack | open findings | acknowledged |',
    '| --- | --- | --- |',
    ...report.stacks.map((s) => `| ${s.stack} | ${s.findings.length} | ${s.acknowledged.length} |`),
  ];
  for (const s of report.stacks) {
    lines.push('', `## ${s.stack}`);
    if (s.findings.length > 0) {
      lines.push('', '### Open findings', '', '| pack | finding | construct | description |', '| --- | --- | --- | --- |');
      lines.push(...s.findings.map((e) => `| ${e.pack} | ${cell(e.rule)} | ${cell(e.path)} | ${cell(e.description ?? '')} |`));
    }
    if (s.acknowledged.length > 0) {
      lines.push('', '### Acknowledged', '', '| pack | finding | construct | reason |', '| --- | --- | --- | --- |');
      lines.push(...s.acknowledged.map((e) => `| ${e.pack} | ${cell(e.rule)} | ${cell(e.path)} | ${cell(e.reason ?? '')} |`));
    }
    if (s.findings.length === 0 && s.acknowledged.length === 0) lines.push('', 'No finding.');
  }
  return lines.join('\n') + '\n';
}

/** A one-paragraph summary for the console. */
export function complianceSummary(report: ComplianceReport): string {
  const per = report.stacks.map((s) => `${s.stack}: ${s.findings.length} open, ${s.acknowledged.length} acknowledged`).join('; ');
  return `compliance (${report.packs.join(', ')}): ${report.totals.findings} open finding(s), ${report.totals.acknowledged} acknowledged — ${per}`;
}
