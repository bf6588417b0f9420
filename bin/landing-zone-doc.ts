// Synthesizes the reference app and fills the generated sections of docs/landing-zone.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acknowledgementsTable, mermaidDiagram, replaceGenerated, TemplateJson, ValidationReportJson } from '../policies/report/landing-zone-doc';
import { loadConfig } from '../policies/config/index';
import { buildGovernanceApp } from './governance-app';

/** The markdown with its generated sections replaced, from a synth of the reference app into `outdir`. */
export function renderLandingZoneDoc(markdown: string, outdir: string): string {
  // Path metadata (on under the CLI) maps each resource to the construct that owns it.
  const configFile = path.join(__dirname, '..', 'governance.yaml');
  const { app } = buildGovernanceApp(loadConfig(configFile), {
    configDir: path.dirname(configFile),
    appProps: { outdir, context: { 'aws:cdk:enable-path-metadata': true } },
  });
  const assembly = app.synth();
  const template = assembly.getStackByName('BedrockLandingZone').template as TemplateJson;
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReportJson;
  const landingZoneOnly: ValidationReportJson = {
    pluginReports: report.pluginReports.map((p) => ({
      ...p,
      suppressedViolations: (p.suppressedViolations ?? []).filter((v) => v.violatingConstructs.some((c) => c.constructPath.startsWith('BedrockLandingZone/'))),
    })),
  };
  return replaceGenerated(
    replaceGenerated(markdown, 'diagram', mermaidDiagram('BedrockLandingZone', template)),
    'acknowledgements',
    acknowledgementsTable(landingZoneOnly),
  );
}
