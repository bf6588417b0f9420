// The governed app: reads a governance config (governance.yaml, or `-c config=path.yaml`), builds every reference
// stack, runs the compliance packs, writes the reports next to the templates, and returns a non-zero exit code on a
// config error or an open finding (each printed with the config line it comes from). The reference app of this
// repository (bin/app.ts), the package's CLI (`cdk-bedrock-governance app`) and a team's own bin all run this.
import * as path from 'node:path';
import { App, Errors } from 'aws-cdk-lib';
import { isGovernanceValidationError } from '../constructs/private/engine-errors';
import { checkConfigFile, ConfigError, formatIssue } from '../policies/config/index';
import type { ConfigIssue } from '../policies/config/index';
import { COMPLIANCE_PACK_NAMES } from '../policies/config/schema';
import { buildGovernanceApp, GovernanceApp } from './governance-app';
import { runMetadata, writeErrorReport, writeReports } from './reports';

/** Options of runGovernedApp. */
export interface GovernedAppOptions {
  /**
   * The config file.
   * @default - the `config` context value (`cdk synth -c config=path.yaml`), else `governance.yaml` in the working directory
   */
  readonly configFile?: string;
  /** Where messages go. @default process.stderr */
  readonly log?: (line: string) => void;
}

/** What a run did. */
export interface GovernedAppResult {
  /** 0 when the app synthesized and the compliance gate passed; 1 on a config error, a synth error or an open finding. */
  readonly exitCode: number;
  /** The app, when the config could be built. */
  readonly built?: GovernanceApp;
  /** The report files written. */
  readonly reports: readonly string[];
}

/**
 * Runs the governed app once, as `cdk synth` calls it: the cloud assembly goes to the CLI's output directory (the
 * `CDK_OUTDIR` the CLI sets). Never calls process.exit: the caller sets the exit code.
 *
 * @example
 * // bin/app.ts of a team's repository (cdk.json: "app": "npx tsx bin/app.ts")
 * import { runGovernedApp } from 'cdk-bedrock-governance';
 * process.exitCode = runGovernedApp({ configFile: 'governance.yaml' }).exitCode;
 */
export function runGovernedApp(options: GovernedAppOptions = {}): GovernedAppResult {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // A probe app only reads the CLI's context and output directory (autoSynth off: it must not write an empty assembly).
  const probe = new App({ autoSynth: false });
  const file = path.resolve(options.configFile ?? (probe.node.tryGetContext('config') as string | undefined) ?? 'governance.yaml');
  const shown = path.relative(process.cwd(), file) || file;
  const outdir = probe.outdir;
  const rel = (f: string): string => path.relative(process.cwd(), f);

  const checked = checkConfigFile(shown);
  const run = runMetadata(file, checked.text);

  /** Config errors are the user's to fix: each says where and what; a stack trace would not help. */
  const failOnConfig = (errors: readonly ConfigIssue[]): GovernedAppResult => {
    const lines = errors.map(formatIssue);
    log(`${lines.join('\n')}\n\nconfig: ${errors.length} error(s) in ${shown}`);
    const written = writeErrorReport(outdir, lines, checked.config?.compliance.packs ?? [...COMPLIANCE_PACK_NAMES], run);
    log(`reports: ${written.files.map(rel).join(', ')} (previous reports removed)`);
    return { exitCode: 1, reports: written.files };
  };

  // Engine warnings are gate findings, printed below with their config lines; the others are printed here.
  for (const w of checked.warnings.filter((i) => i.code !== 'engine')) log(formatIssue(w));
  const config = checked.config;
  if (!config) return failOnConfig(checked.errors);

  let built: GovernanceApp;
  try {
    built = buildGovernanceApp(config, { configDir: path.dirname(file), appProps: { autoSynth: false, outdir }, source: checked.source });
  } catch (e) {
    if (e instanceof ConfigError) return failOnConfig(e.issues);
    if (isGovernanceValidationError(e)) return failOnConfig([{ severity: 'error', code: 'invalid', file: shown, path: '', segments: [], message: e.message }]);
    throw e;
  }

  let synthFailed = false;
  try {
    built.app.synth();
  } catch (e) {
    if (!isGovernanceValidationError(e) && !Errors.isConstructError(e)) throw e;
    synthFailed = true;
    log((e as Error).message);
  }

  const reports = writeReports(built, config, built.app.outdir, { source: checked.source, run, synthFailed });
  for (const line of reports.stale) log(line);
  if (reports.findings.length > 0) {
    log(`\nopen findings (${reports.findings.length}): fix each, or acknowledge it with a reason in ${shown}`);
    for (const line of reports.findings) log(`  ${line}`);
    log('');
  }
  for (const line of reports.summary) log(line);
  log(`reports: ${reports.files.map(rel).join(', ')}`);
  return { exitCode: reports.compliance.status === 'passed' ? 0 : 1, built, reports: reports.files };
}
