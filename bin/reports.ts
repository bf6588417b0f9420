// Writes the compliance and access reports next to the synthesized templates, and the error report of a run that
// stops on config errors. Wiring only: the renderers are in policies/report, the gate in policies/nag/gate.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { ConfigSource, GovernanceConfig } from '../policies/config/index';
import { formatPath } from '../policies/config/issues';
import { loadCatalog } from '../policies/iam/catalog/catalog';
import { collectWarnings, originOf, staleAcknowledgements } from '../policies/nag/gate';
import { configAllowField, splitTeamAllow } from '../policies/config/team-allow';
import { accessRows, renderAccessHtml, renderAccessMarkdown, TeamAccessInput } from '../policies/report/access';
import {
  ComplianceEntry,
  complianceReport,
  ComplianceReport,
  complianceSummary,
  errorReport,
  openFindingLines,
  RawValidationReport,
  renderComplianceMarkdown,
  reportedEntries,
  RunMetadata,
  StaleAcknowledgement,
} from '../policies/report/compliance';
import type { GovernanceApp } from './governance-app';

/** Files a run writes into the output directory (and a config-error run removes). */
export const REPORT_FILES = ['compliance-report.json', 'compliance-report.md', 'access-report.md', 'access-report.html'] as const;

/** The files written, the compliance report, and what to print. */
export interface WrittenReports {
  readonly files: readonly string[];
  readonly compliance: ComplianceReport;
  /** Summary lines. */
  readonly summary: readonly string[];
  /** One line per open finding, with its config line. */
  readonly findings: readonly string[];
  /** One line per stale acknowledgement, with its config line. */
  readonly stale: readonly string[];
}

/** Where the run comes from: the config file and its hash, the tool version, the git commit when there is one, the date. */
export function runMetadata(configFile: string, text: string | undefined, date: Date = new Date()): RunMetadata {
  let gitCommit: string | undefined;
  try {
    gitCommit =
      execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: path.dirname(path.resolve(configFile)),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || undefined;
  } catch {
    gitCommit = undefined;
  }
  const pkg = JSON.parse(fs.readFileSync(packageJsonPath(), 'utf8')) as { version: string };
  return {
    configFile: path.relative(process.cwd(), path.resolve(configFile)) || configFile,
    ...(text === undefined ? {} : { configSha256: createHash('sha256').update(text, 'utf8').digest('hex') }),
    toolVersion: pkg.version,
    ...(gitCommit ? { gitCommit } : {}),
    date: date.toISOString(),
  };
}

/** The package's package.json: next to bin/ in the repository, two levels up from dist/bin/ in the package. */
function packageJsonPath(): string {
  for (const up of ['..', path.join('..', '..')]) {
    const file = path.join(__dirname, up, 'package.json');
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`package.json of cdk-bedrock-governance not found above ${__dirname}`);
}

/** Removes the reports (and cdk's validation report) of a previous run from `outdir`. */
export function removeReports(outdir: string): void {
  for (const name of [...REPORT_FILES, 'validation-report.json']) fs.rmSync(path.join(outdir, name), { force: true });
}

function writeCompliance(outdir: string, report: ComplianceReport): string[] {
  fs.mkdirSync(outdir, { recursive: true });
  const json = path.join(outdir, 'compliance-report.json');
  const md = path.join(outdir, 'compliance-report.md');
  fs.writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(md, renderComplianceMarkdown(report));
  return [json, md];
}

/** A run that stops on config errors: the previous run's reports are removed and an error report written instead. */
export function writeErrorReport(outdir: string, errors: readonly string[], packs: readonly string[], run?: RunMetadata): WrittenReports {
  removeReports(outdir);
  const compliance = errorReport(errors, packs, run);
  return { files: writeCompliance(outdir, compliance), compliance, summary: [complianceSummary(compliance)], findings: [], stale: [] };
}

/** The team inputs of the access report, from the policies the app built. */
export function teamAccessInputs(built: GovernanceApp, config: GovernanceConfig): TeamAccessInput[] {
  return config.teams.flatMap((t) => {
    const policy = built.modelAccess?.policies[t.name];
    if (!policy) return [];
    const guardrails = (config.guardrail === undefined ? [] : Array.isArray(config.guardrail) ? config.guardrail : [config.guardrail]).map((g) =>
      g.version ? `${g.arn}:${g.version}` : g.arn,
    );
    const endpointStacks = built.landingZones.filter((z) => t.access.regions.includes(z.region)).map((z) => z.stackName);
    // The policy's fields count model entries only; the report names the config's entries.
    const split = splitTeamAllow(t.access.allow, config.customization);
    const resolved = policy.result.resolved;
    return [
      {
        team: t.name,
        resolved: { ...resolved, allow: resolved.allow.map((r) => ({ ...r, field: configAllowField(r.field, split) })) },
        sourceVpcEndpoints: t.access.requireVpcEndpoint ? endpointStacks.map((s) => `the ${s} endpoints`) : undefined,
        guardrails: t.access.requireGuardrail ? guardrails : undefined,
      },
    ];
  });
}

/** Options of writeReports. */
export interface WriteReportsOptions {
  /** The parsed config, to point findings at config lines. */
  readonly source?: ConfigSource;
  readonly run?: RunMetadata;
  /** Synthesis failed for another reason than a finding. */
  readonly synthFailed?: boolean;
}

/** Writes compliance-report.{json,md} and access-report.{md,html} into `outdir`, from the synthesized app. */
export function writeReports(built: GovernanceApp, config: GovernanceConfig, outdir: string, options: WriteReportsOptions = {}): WrittenReports {
  const rawFile = path.join(outdir, 'validation-report.json');
  const raw: RawValidationReport = fs.existsSync(rawFile) ? (JSON.parse(fs.readFileSync(rawFile, 'utf8')) as RawValidationReport) : { pluginReports: [] };
  // Stacks by the first segment of their path (a stage's stacks under the stage: `Organization`), as findings are grouped.
  const stacks = [
    ...new Set(
      built.app.node
        .findAll()
        .filter((c): c is Stack => Stack.isStack(c))
        .map((s) => s.node.path.split('/')[0]!),
    ),
  ];
  const source = options.source;
  const locate = (constructPath: string, message?: string): string | undefined => {
    const segments = originOf(built.origins, constructPath, message);
    if (!segments) return undefined;
    if (!source) return formatPath(segments);
    const { line, column } = source.position(segments);
    return `${source.file}:${line}:${column} ${formatPath(segments)}`;
  };
  const warning = (w: { path: string; id: string; message: string }): ComplianceEntry => ({
    pack: 'Annotation',
    rule: w.id,
    path: w.path,
    description: w.message,
  });
  const stale = groupStale(built, staleAcknowledgements(built.ledger, reportedEntries(raw, 'suppressedViolations')));
  const compliance = complianceReport(raw, stacks, built.packs, {
    openWarnings: collectWarnings(built.app).map(warning),
    acknowledgedWarnings: built.ledger.acknowledgedWarnings.map((w) => ({ ...warning(w), reason: w.reason })),
    stale,
    locate,
    synthFailed: options.synthFailed,
    run: options.run,
  });
  const catalog = loadCatalog();
  const teams = teamAccessInputs(built, config);
  const out = (name: string, content: string): string => {
    const file = path.join(outdir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const files = [
    ...writeCompliance(outdir, compliance),
    out('access-report.md', renderAccessMarkdown(teams, catalog)),
    out('access-report.html', renderAccessHtml(teams, catalog)),
  ];
  const rows = teams.map((t) => {
    const r = accessRows(t, catalog);
    return `${t.team}: ${r.filter((x) => !x.deniedBy).length} allowed path(s), ${r.filter((x) => x.deniedBy).length} denied, in ${t.resolved.regions.join(', ')}`;
  });
  return {
    files,
    compliance,
    summary: [complianceSummary(compliance), ...(rows.length ? [`access: ${rows.join('; ')}`] : [])],
    findings: openFindingLines(compliance),
    stale: compliance.stale.map(
      (s) => `${s.config ? `${s.config}: ` : ''}warning: acknowledgement '${s.id}' on ${s.scope} accepts no finding (stale): remove it, or fix its id or path`,
    ),
  };
}

/** One stale entry per acknowledgement of the config (one written for several scopes is stale only if stale in all). */
function groupStale(built: GovernanceApp, stale: readonly { id: string; origin?: string; scope: { node: { path: string } } }[]): StaleAcknowledgement[] {
  const planned = built.ledger.acknowledgements;
  const key = (a: { id: string; origin?: string }): string => `${a.origin ?? ''} ${a.id}`;
  const out = new Map<string, StaleAcknowledgement>();
  for (const a of stale) {
    const all = planned.filter((p) => key(p) === key(a));
    if (all.some((p) => !stale.includes(p))) continue;
    const scopes = all.map((p) => p.scope.node.path || '(app)');
    out.set(key(a), { id: a.id, scope: scopes.join(', '), ...(a.origin ? { config: a.origin } : {}) });
  }
  return [...out.values()];
}
