#!/usr/bin/env node
// The reference app: reads governance.yaml (or `-c config=path.yaml`), builds every reference stack, runs the
// compliance packs, writes the reports next to the templates, and exits non-zero on a config error or a finding.
import * as path from 'node:path';
import { App, Errors } from 'aws-cdk-lib';
import { ConfigError, loadConfig } from '../policies/config/index';
import { buildGovernanceApp } from './governance-app';
import { writeReports } from './reports';

function fail(message: string): never {
  // Config and input errors are the user's to fix: their message says where and what, a stack trace would not help.
  console.error(message);
  process.exit(1);
}

// A probe app only reads the CLI's context (autoSynth off: it must not write an empty assembly at exit).
const file = path.resolve((new App({ autoSynth: false }).node.tryGetContext('config') as string | undefined) ?? 'governance.yaml');
let config;
try {
  config = loadConfig(file);
} catch (e) {
  if (e instanceof ConfigError)
    fail(`${e.message}\n\nconfig: ${e.issues.filter((i) => i.severity === 'error').length} error(s) in ${path.relative(process.cwd(), file)}`);
  throw e;
}

let built;
try {
  built = buildGovernanceApp(config, { configDir: path.dirname(file), appProps: { autoSynth: false } });
} catch (e) {
  if (Errors.isValidationError(e)) fail(`error: ${(e as Error).message}`);
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

const reports = writeReports(built, config, built.app.outdir);
for (const line of reports.summary) console.error(line);
console.error(`reports: ${reports.files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
if (synthFailed || reports.compliance.totals.findings > 0) process.exit(1);
