/**
 * The compliance report: for each stack, open findings (pack rules and construct warnings) and acknowledgements with
 * their reasons, acknowledgements that accepted nothing, the gate's status and the run it comes from. Built from
 * cdk.out/validation-report.json and the gate's warnings. The JSON form is stable (sorted; the run metadata, which
 * changes every run, is in `run` alone) so CI tools can diff it: `jq 'del(.run)'`.
 */

/** The parts of cdk's validation report used here. */
export interface RawValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations?: readonly RawViolation[];
    readonly suppressedViolations?: readonly RawViolation[];
  }[];
}

export interface RawViolation {
  readonly ruleName: string;
  readonly description?: string;
  readonly severity?: string;
  readonly reason?: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

/** One finding, open or acknowledged. */
export interface ComplianceEntry {
  /** The pack, or `Annotation` for a construct warning (engine warnings: rule `cdk-bedrock-governance:<id>`). */
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
  readonly description?: string;
  /** The config line the finding comes from, `governance.yaml:88:11 teams[0].access.deny[0]`, when known. */
  readonly config?: string;
  /** The acknowledgement's reason (acknowledged entries only). */
  readonly reason?: string;
}

/** An acknowledgement that accepted no finding. */
export interface StaleAcknowledgement {
  readonly id: string;
  /** The construct path it applies to (`(app)` for the whole app). */
  readonly scope: string;
  /** Where it is written in the config. */
  readonly config?: string;
}

/** Where a report comes from. */
export interface RunMetadata {
  /** The config file, relative to the working directory. */
  readonly configFile: string;
  /** sha256 of the config file's bytes (undefined when it could not be read). */
  readonly configSha256?: string;
  readonly toolVersion: string;
  /** `git rev-parse HEAD` when the working directory is a git checkout. */
  readonly gitCommit?: string;
  /** ISO 8601 time of the run. */
  readonly date: string;
}

/** `passed`: no open finding; `failed`: open findings or a failed synth; `error`: the config has errors (nothing synthesized). */
export type GateStatus = 'passed' | 'failed' | 'error';

/** The report. */
export interface ComplianceReport {
  readonly version: 2;
  readonly status: GateStatus;
  readonly packs: readonly string[];
  readonly stacks: readonly { readonly stack: string; readonly findings: readonly ComplianceEntry[]; readonly acknowledged: readonly ComplianceEntry[] }[];
  readonly stale: readonly StaleAcknowledgement[];
  /** Config errors (status `error`), one formatted line each. */
  readonly errors: readonly string[];
  readonly totals: { readonly findings: number; readonly acknowledged: number; readonly stale: number; readonly errors: number };
  readonly run?: RunMetadata;
}

/** What the gate adds to the validation report. */
export interface ComplianceExtras {
  /** Open construct warnings (pack `Annotation`). */
  readonly openWarnings?: readonly ComplianceEntry[];
  /** Construct warnings acknowledged, with their reasons. */
  readonly acknowledgedWarnings?: readonly ComplianceEntry[];
  readonly stale?: readonly StaleAcknowledgement[];
  /** The config line of a pack finding, by construct path. */
  readonly locate?: (constructPath: string, message?: string) => string | undefined;
  /** Synthesis failed for another reason than a finding. */
  readonly synthFailed?: boolean;
  readonly run?: RunMetadata;
}

const byKey = (a: ComplianceEntry, b: ComplianceEntry): number => a.pack.localeCompare(b.pack) || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path);

/** The violations of the validation report, flat: one entry per construct. */
export function reportedEntries(raw: RawValidationReport, kind: 'violations' | 'suppressedViolations'): ComplianceEntry[] {
  return raw.pluginReports.flatMap((p) =>
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
}

/** Builds the report: entries grouped by the stack of their construct path, sorted. */
export function complianceReport(
  raw: RawValidationReport,
  stackNames: readonly string[],
  packs: readonly string[],
  extras: ComplianceExtras = {},
): ComplianceReport {
  const located = (e: ComplianceEntry): ComplianceEntry => {
    const config = e.config ?? extras.locate?.(e.path, e.description);
    return config === undefined ? e : { ...e, config };
  };
  const open = [...reportedEntries(raw, 'violations'), ...(extras.openWarnings ?? [])].map(located);
  const acknowledged = [...reportedEntries(raw, 'suppressedViolations'), ...(extras.acknowledgedWarnings ?? [])].map(located);
  const stackOf = (path: string): string => path.split('/')[0] ?? path;
  const names = [...new Set([...stackNames, ...open.map((e) => stackOf(e.path)), ...acknowledged.map((e) => stackOf(e.path))])].sort();
  const stale = [...(extras.stale ?? [])].sort((a, b) => a.id.localeCompare(b.id) || a.scope.localeCompare(b.scope));
  return {
    version: 2,
    status: open.length > 0 || extras.synthFailed ? 'failed' : 'passed',
    packs: [...packs].sort(),
    stacks: names.map((stack) => ({
      stack,
      findings: open.filter((e) => stackOf(e.path) === stack).sort(byKey),
      acknowledged: acknowledged.filter((e) => stackOf(e.path) === stack).sort(byKey),
    })),
    stale,
    errors: [],
    totals: { findings: open.length, acknowledged: acknowledged.length, stale: stale.length, errors: 0 },
    ...(extras.run ? { run: extras.run } : {}),
  };
}

/** The report of a run that stopped on config errors: nothing was synthesized or checked. */
export function errorReport(errors: readonly string[], packs: readonly string[], run?: RunMetadata): ComplianceReport {
  return {
    version: 2,
    status: 'error',
    packs: [...packs].sort(),
    stacks: [],
    stale: [],
    errors: [...errors],
    totals: { findings: 0, acknowledged: 0, stale: 0, errors: errors.length },
    ...(run ? { run } : {}),
  };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function runLines(run: RunMetadata | undefined): string[] {
  if (!run) return [];
  return [
    '',
    `Run: config \`${run.configFile}\` (sha256 \`${run.configSha256 ?? 'unreadable'}\`), cdk-bedrock-governance ${run.toolVersion}, ` +
      `commit ${run.gitCommit ? `\`${run.gitCommit}\`` : '(not a git checkout)'}, ${run.date}.`,
  ];
}

const STATUS_LINE: Readonly<Record<GateStatus, string>> = {
  passed: '**Status: PASSED** — no open finding.',
  failed: '**Status: FAILED** — open findings (or a failed synth) below; fix them or acknowledge them with a reason.',
  error: '**Status: ERROR** — the config has errors: nothing was synthesized or checked, and no access report was written.',
};

/** The report as Markdown: status, a summary table, then open findings and acknowledgements per stack. */
export function renderComplianceMarkdown(report: ComplianceReport): string {
  const lines = ['# Compliance report', '', STATUS_LINE[report.status], ...runLines(report.run)];
  if (report.status === 'error') {
    lines.push('', '## Config errors', '', ...report.errors.map((e) => `- \`${e}\``));
    return lines.join('\n') + '\n';
  }
  lines.push(
    '',
    `Packs: ${report.packs.join(', ')}. Open findings: **${report.totals.findings}**; acknowledged: ${report.totals.acknowledged}; stale acknowledgements: ${report.totals.stale}.`,
    '',
    '| stack | open findings | acknowledged |',
    '| --- | --- | --- |',
    ...report.stacks.map((s) => `| ${s.stack} | ${s.findings.length} | ${s.acknowledged.length} |`),
  );
  if (report.stale.length > 0) {
    lines.push(
      '',
      '## Stale acknowledgements',
      '',
      'They accept no finding: remove them, or fix their id or path.',
      '',
      '| id | scope | config |',
      '| --- | --- | --- |',
    );
    lines.push(...report.stale.map((s) => `| ${cell(s.id)} | ${cell(s.scope)} | ${cell(s.config ?? '')} |`));
  }
  for (const s of report.stacks) {
    lines.push('', `## ${s.stack}`);
    if (s.findings.length > 0) {
      lines.push('', '### Open findings', '', '| pack | finding | construct | config | description |', '| --- | --- | --- | --- | --- |');
      lines.push(...s.findings.map((e) => `| ${e.pack} | ${cell(e.rule)} | ${cell(e.path)} | ${cell(e.config ?? '')} | ${cell(e.description ?? '')} |`));
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
  if (report.status === 'error') return `compliance: ERROR — ${report.totals.errors} config error(s); nothing was synthesized or checked`;
  const per = report.stacks.map((s) => `${s.stack}: ${s.findings.length} open, ${s.acknowledged.length} acknowledged`).join('; ');
  const stale = report.totals.stale > 0 ? `, ${report.totals.stale} stale acknowledgement(s)` : '';
  return `compliance (${report.packs.join(', ')}): ${report.status.toUpperCase()} — ${report.totals.findings} open finding(s), ${report.totals.acknowledged} acknowledged${stale} — ${per}`;
}

/** One line per open finding: `<config line>: <rule> at <construct path>: <description>`. */
export function openFindingLines(report: ComplianceReport): string[] {
  return report.stacks.flatMap((s) =>
    s.findings.map((e) => `${e.config ? `${e.config}: ` : ''}${e.rule} at ${e.path}${e.description ? `: ${e.description}` : ''}`),
  );
}
