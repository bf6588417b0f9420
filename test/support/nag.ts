/**
 * Runs the four compliance packs on an app (as the reference app does) and returns what they found,
 * so construct tests can assert "no unacknowledged finding" and check acknowledgement reasons.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { applyCompliancePacks } from '../../policies/nag/packs';

export interface NagFinding {
  readonly pack: string;
  readonly rule: string;
  readonly paths: readonly string[];
  /** Set for acknowledged findings. */
  readonly reason?: string;
}

interface RawViolation {
  ruleName: string;
  reason?: string;
  violatingConstructs: { constructPath: string }[];
}
interface RawReport {
  pluginReports: { pluginName: string; violations: RawViolation[]; suppressedViolations?: RawViolation[] }[];
}

/** Creates an App writing to a temporary directory. */
export function nagApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-nag-')) });
}

/**
 * Registers the packs, synthesizes the app and returns open and acknowledged findings. Build the stacks in
 * `nagApp()` before calling this.
 */
export function runCompliancePacks(app: App): { open: NagFinding[]; acknowledged: NagFinding[] } {
  applyCompliancePacks(app);
  const outdir = app.outdir;
  try {
    app.synth();
  } catch {
    // Synth reports violations by throwing after writing the report; the report below is what we assert on.
  }
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return { open: [], acknowledged: [] };
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as RawReport;
  const map = (pack: string, v: RawViolation): NagFinding => ({
    pack,
    rule: v.ruleName,
    paths: v.violatingConstructs.map((c) => c.constructPath),
    reason: v.reason,
  });
  return {
    open: report.pluginReports.flatMap((p) => p.violations.map((v) => map(p.pluginName, v))),
    acknowledged: report.pluginReports.flatMap((p) => (p.suppressedViolations ?? []).map((v) => map(p.pluginName, v))),
  };
}

/** One line per open finding, for readable assertion failures. */
export function describeFindings(findings: readonly NagFinding[]): string[] {
  return findings.map((f) => `${f.pack} ${f.rule} at ${f.paths.join(', ')}`);
}
