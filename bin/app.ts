#!/usr/bin/env node
// The reference app: reads governance.yaml (or `-c config=path.yaml`), builds every reference stack, runs the
// compliance packs, writes the reports next to the templates, and exits non-zero on a config error or an open finding
// (each printed with the config line it comes from).
import * as path from 'node:path';
import { App, Errors } from 'aws-cdk-lib';
import { checkConfigFile, ConfigError, formatIssue } from '../policies/config/index';
import type { ConfigIssue } from '../policies/config/index';
import { COMPLIANCE_PACK_NAMES } from '../policies/config/schema';
import { buildGovernanceApp } from './governance-app';
import { runMetadata, writeErrorReport, writeReports } from './reports';

// A probe app only reads the CLI's context and output directory (autoSynth off: it must not write an empty assembly).
const probe = new App({ autoSynth: false });
const file = path.resolve((probe.node.tryGetContext('config') as string | undefined) ?? 'governance.yaml');
const shown = path.relative(process.cwd(), file) || file;
const outdir = probe.outdir;

const checked = checkConfigFile(shown);
const run = runMetadata(file, checked.text);

/** Config errors are the user's to fix: each says where and what; a stack trace would not help. */
function failOnConfig(errors: readonly ConfigIssue[]): never {
  const lines = errors.map(formatIssue);
  console.error(`${lines.join('\n')}\n\nconfig: ${errors.length} error(s) in ${shown}`);
  const written = writeErrorReport(outdir, lines, checked.config?.compliance.packs ?? [...COMPLIANCE_PACK_NAMES], run);
  console.error(`reports: ${written.files.map((f) => path.relative(process.cwd(), f)).join(', ')} (previous reports removed)`);
  process.exit(1);
}

// Engine warnings are gate findings, printed below with their config lines; the others are printed here.
for (const w of checked.warnings.filter((i) => i.code !== 'engine')) console.error(formatIssue(w));
const config = checked.config;
if (!config) failOnConfig(checked.errors);

let built;
try {
  built = buildGovernanceApp(config, { configDir: path.dirname(file), appProps: { autoSynth: false }, source: checked.source });
} catch (e) {
  if (e instanceof ConfigError) failOnConfig(e.issues);
  if (Errors.isValidationError(e)) failOnConfig([{ severity: 'error', code: 'invalid', file: shown, path: '', segments: [], message: (e as Error).message }]);
  throw e;
}

let synthFailed = false;
try {
  built.app.synth();
} catch (e) {
  if (!Errors.isConstructError(e)) throw e;
  synthFailed = true;
  console.error((e as Error).message);
}

const reports = writeReports(built, config, built.app.outdir, { source: checked.source, run, synthFailed });
for (const line of reports.stale) console.error(line);
if (reports.findings.length > 0) {
  console.error(`\nopen findings (${reports.findings.length}): fix each, or acknowledge it with a reason in ${shown}`);
  for (const line of reports.findings) console.error(`  ${line}`);
  console.error('');
}
for (const line of reports.summary) console.error(line);
console.error(`reports: ${reports.files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
if (reports.compliance.status !== 'passed') process.exit(1);
