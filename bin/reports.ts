// Writes the compliance and access reports next to the synthesized templates. Wiring only: the renderers are in
// policies/report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { loadCatalog } from '../policies/iam/catalog/catalog';
import { accessRows, renderAccessHtml, renderAccessMarkdown, TeamAccessInput } from '../policies/report/access';
import { complianceReport, ComplianceReport, complianceSummary, renderComplianceMarkdown, RawValidationReport } from '../policies/report/compliance';
import type { GovernanceConfig } from '../policies/config/index';
import type { GovernanceApp } from './governance-app';

/** The files written, and the compliance report. */
export interface WrittenReports {
  readonly files: readonly string[];
  readonly compliance: ComplianceReport;
  readonly summary: readonly string[];
}

/** The team inputs of the access report, from the policies the app built. */
export function teamAccessInputs(built: GovernanceApp, config: GovernanceConfig): TeamAccessInput[] {
  return config.teams.flatMap((t) => {
    const policy = built.modelAccess?.policies[t.name];
    if (!policy) return [];
    const guardrails = (config.guardrail === undefined ? [] : Array.isArray(config.guardrail) ? config.guardrail : [config.guardrail]).map((g) =>
      g.version ? `${g.arn}:${g.version}` : g.arn,
    );
    return [
      {
        team: t.name,
        resolved: policy.result.resolved,
        sourceVpcEndpoints: t.access.requireVpcEndpoint ? [`the ${built.landingZones[0]!.stackName} endpoints`] : undefined,
        guardrails: t.access.requireGuardrail ? guardrails : undefined,
      },
    ];
  });
}

/** Writes compliance-report.{json,md} and access-report.{md,html} into `outdir`. */
export function writeReports(built: GovernanceApp, config: GovernanceConfig, outdir: string): WrittenReports {
  const rawFile = path.join(outdir, 'validation-report.json');
  const raw: RawValidationReport = fs.existsSync(rawFile) ? (JSON.parse(fs.readFileSync(rawFile, 'utf8')) as RawValidationReport) : { pluginReports: [] };
  const stacks = built.app.node.children.filter((c): c is Stack => Stack.isStack(c)).map((s) => s.stackName);
  const compliance = complianceReport(raw, stacks, built.packs);
  const catalog = loadCatalog();
  const teams = teamAccessInputs(built, config);
  const out = (name: string, content: string): string => {
    const file = path.join(outdir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const files = [
    out('compliance-report.json', JSON.stringify(compliance, null, 2) + '\n'),
    out('compliance-report.md', renderComplianceMarkdown(compliance)),
    out('access-report.md', renderAccessMarkdown(teams, catalog)),
    out('access-report.html', renderAccessHtml(teams, catalog)),
  ];
  const rows = teams.map((t) => {
    const r = accessRows(t, catalog);
    return `${t.team}: ${r.filter((x) => !x.deniedBy).length} allowed path(s), ${r.filter((x) => x.deniedBy).length} denied, in ${t.resolved.regions.join(', ')}`;
  });
  return { files, compliance, summary: [complianceSummary(compliance), ...(rows.length ? [`access: ${rows.join('; ')}`] : [])] };
}
