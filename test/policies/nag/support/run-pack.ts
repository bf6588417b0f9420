/**
 * Runs BedrockGovernanceChecks on an app, as test/support/nag.ts runs the compliance packs: register the pack as a
 * validation plugin, synthesize to a temporary outdir, read validation-report.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { BedrockGovernanceChecks, BedrockGovernanceChecksProps } from '../../../../policies/nag/bedrock-governance-checks';
import { nagApp } from '../../../support/nag';

export { nagApp };

interface RawViolation {
  ruleName: string;
  description?: string;
  severity?: string;
  reason?: string;
  violatingConstructs: { constructPath: string }[];
}
interface RawReport {
  pluginReports: { pluginName: string; violations: RawViolation[]; suppressedViolations?: RawViolation[] }[];
}

/** One finding: the rule id as reported (`BedrockGovernance-X` or `BedrockGovernance-X[finding]`) and one construct path. */
export interface PackFinding {
  readonly rule: string;
  readonly path: string;
  readonly severity?: string;
  readonly reason?: string;
}

/** What the pack reported. */
export interface PackReport {
  readonly open: readonly PackFinding[];
  readonly acknowledged: readonly PackFinding[];
  /** `<rule> at <path>` for open findings whose path starts with the prefix (and rule with rulePrefix). */
  lines(pathPrefix?: string, rulePrefix?: string): string[];
  /** The rules reported open at exactly this construct path; throws when no CfnResource of the app has that path. */
  rulesAt(constructPath: string): string[];
}

/** Registers the pack on the app, synthesizes it and returns the findings. Build the stacks in `nagApp()` first. */
export function runBedrockChecks(app: App, props?: BedrockGovernanceChecksProps): PackReport {
  const resources = new Set(
    app.node
      .findAll()
      .filter((c) => CfnResource.isCfnResource(c))
      .map((c) => c.node.path),
  );
  Validations.of(app).addPlugins(new BedrockGovernanceChecks(app, props));
  try {
    app.synth();
  } catch {
    // Synthesis throws after writing the report when a rule fails; the report is what the tests read.
  }
  const file = path.join(app.outdir, 'validation-report.json');
  const report: RawReport = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RawReport) : { pluginReports: [] };
  const flat = (vs: readonly RawViolation[]): PackFinding[] =>
    vs.flatMap((v) => v.violatingConstructs.map((c) => ({ rule: v.ruleName, path: c.constructPath, severity: v.severity, reason: v.reason })));
  const mine = report.pluginReports.filter((p) => p.pluginName === 'BedrockGovernance');
  const open = flat(mine.flatMap((p) => p.violations));
  const acknowledged = flat(mine.flatMap((p) => p.suppressedViolations ?? []));
  return {
    open,
    acknowledged,
    lines: (pathPrefix = '', rulePrefix = '') =>
      open
        .filter((f) => f.path.startsWith(pathPrefix) && f.rule.startsWith(rulePrefix))
        .map((f) => `${f.rule} at ${f.path}`)
        .sort(),
    rulesAt: (constructPath) => {
      if (!resources.has(constructPath)) throw new Error(`no CfnResource at ${constructPath}`);
      return open
        .filter((f) => f.path === constructPath)
        .map((f) => f.rule)
        .sort();
    },
  };
}
