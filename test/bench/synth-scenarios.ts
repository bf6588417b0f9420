/**
 * Full synth of the reference app (governance.yaml) against a bare aws-cdk-lib app with the same resources, for
 * test/bench/synth.bench.ts and test/bench/synth-figures.ts.
 *
 * - ours: `loadConfig` (schema + semantic pass), then `buildGovernanceApp` + `app.synth()`, with the compliance packs
 *   of the config (as `cdk synth` runs them) or without any;
 * - bare: a plain `App` whose stacks each hold one synthesized template of ours through `CfnInclude`: same resources,
 *   properties, outputs and exports, but none of our constructs, no policy engine, no packs, no assets to stage (the
 *   templates only name the asset hashes, which `CfnInclude` does not need the files for).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Environment, Stack, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { buildGovernanceApp, REFERENCE_FEATURE_FLAGS } from '../../bin/governance-app';
import { GovernanceConfig, loadConfig } from '../../policies/config/index';

export const ROOT = path.join(__dirname, '..', '..');
export const CONFIG_FILE = path.join(ROOT, 'governance.yaml');

/**
 * The context `cdk synth` gives the app from cdk.context.json (the availability zones of the VPC): without it the
 * in-process app would fall back to dummy zones.
 */
export const CDK_CONTEXT: Readonly<Record<string, unknown>> = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.context.json'), 'utf8')) as Record<
  string,
  unknown
>;

/** A temporary directory for the cloud assemblies of one benchmark run; remove it with `cleanup`. */
export interface Workspace {
  readonly dir: string;
  /** A fresh, empty output directory under `dir`. */
  outdir(prefix: string): string;
  cleanup(): void;
}

export function workspace(): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-synth-bench-'));
  return {
    dir,
    outdir: (prefix) => fs.mkdtempSync(path.join(dir, `${prefix}-`)),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** (c) Config loading and validation: YAML, schema, semantic pass (catalog, organization, references). */
export function loadReferenceConfig(): GovernanceConfig {
  return loadConfig(CONFIG_FILE, { onWarning: () => undefined });
}

/** The same config without any compliance pack (nor the acknowledgements of their findings). */
export function withoutPacks(config: GovernanceConfig): GovernanceConfig {
  return { ...config, compliance: { packs: [], acknowledgements: [] } };
}

/** The same config with our BedrockGovernance pack only (and only the acknowledgements of its findings). */
export function withBedrockPackOnly(config: GovernanceConfig): GovernanceConfig {
  return {
    ...config,
    compliance: { packs: ['BedrockGovernance'], acknowledgements: config.compliance.acknowledgements.filter((a) => a.id.startsWith('BedrockGovernance')) },
  };
}

/** Which compliance packs a reference run has: those of governance.yaml, none, or our Bedrock pack alone. */
export type PackSelection = 'all' | 'none' | 'bedrock';

/** Times (ms) of one run: construction of the app, then `app.synth()`. */
export interface SynthTimes {
  readonly buildMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
}

/** The result of one synth: times, the cloud assembly, and the number of constructs in the tree (counted after timing). */
export interface SynthRun {
  readonly times: SynthTimes;
  readonly assembly: CloudAssembly;
  readonly constructs: number;
}

/** (a)/(b) Builds the reference app from `config` in a fresh App and synthesizes it into `outdir`. */
export function synthOurs(config: GovernanceConfig, outdir: string): SynthRun {
  const start = performance.now();
  const { app } = buildGovernanceApp(config, { configDir: ROOT, appProps: { outdir, context: { ...CDK_CONTEXT } } });
  const built = performance.now();
  const assembly = app.synth();
  const end = performance.now();
  return { times: { buildMs: built - start, synthMs: end - built, totalMs: end - start }, assembly, constructs: app.node.findAll().length };
}

/** A run of the whole reference app: config loading and validation, then build and synth. */
export interface ReferenceRun extends SynthRun {
  readonly loadMs: number;
  /** loadMs + times.totalMs. */
  readonly fullMs: number;
}

/**
 * (a) with the compliance packs of governance.yaml (as `cdk synth` runs it, minus the reports bin/app.ts writes after
 * the synth: 'all'), (b) without any pack ('none'), or (d) with our Bedrock pack alone ('bedrock'): `loadConfig`,
 * `buildGovernanceApp`, `app.synth()`.
 */
export function synthReferenceApp(packs: PackSelection, outdir: string): ReferenceRun {
  const start = performance.now();
  const config = loadReferenceConfig();
  const loadMs = performance.now() - start;
  const run = synthOurs(packs === 'all' ? config : packs === 'none' ? withoutPacks(config) : withBedrockPackOnly(config), outdir);
  return { ...run, loadMs, fullMs: loadMs + run.times.totalMs };
}

/** One stack of the bare app: the template of one of our stacks, ready for CfnInclude. */
export interface BareStack {
  readonly name: string;
  readonly env?: Environment;
  /** Our template without the bootstrap-version parameter and rule, which the bare stack's synthesizer adds back. */
  readonly templateFile: string;
  /** Stacks this one depends on (the cross-stack references of ours). */
  readonly dependsOn: readonly string[];
  /**
   * The acknowledgements of aws-cdk-lib's built-in CloudFormation validation that our constructs make in this stack
   * (the Vpc's hard-coded availability zones), repeated on the bare stack so that both apps report the same.
   */
  readonly acknowledgements: readonly { id: string; reason: string }[];
  readonly resources: number;
  /** Resources by type, for the figures. */
  readonly resourceTypes: Readonly<Record<string, number>>;
}

interface Template {
  Parameters?: Record<string, unknown>;
  Rules?: Record<string, unknown>;
  Resources?: Record<string, { Type: string }>;
  [section: string]: unknown;
}

interface ValidationReport {
  pluginReports: { pluginName: string; suppressedViolations?: { acknowledgedId?: string; reason?: string; acknowledgedAt?: string }[] }[];
}

/** The acknowledgements of the built-in CloudFormation validation in our report, by the stack they were made in. */
function cfnValidateAcknowledgements(assembly: CloudAssembly): Map<string, { id: string; reason: string }[]> {
  const file = path.join(assembly.directory, 'validation-report.json');
  const byStack = new Map<string, { id: string; reason: string }[]>();
  if (!fs.existsSync(file)) return byStack;
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport;
  for (const plugin of report.pluginReports.filter((p) => p.pluginName === 'CloudFormation Validate')) {
    for (const v of plugin.suppressedViolations ?? []) {
      const stack = v.acknowledgedAt?.split('/')[0];
      if (!stack || !v.acknowledgedId) continue;
      const list = byStack.get(stack) ?? [];
      if (!list.some((a) => a.id === v.acknowledgedId)) list.push({ id: v.acknowledgedId, reason: v.reason ?? 'as in the reference app' });
      byStack.set(stack, list);
    }
  }
  return byStack;
}

const stackEnv = (s: CloudFormationStackArtifact): Environment | undefined =>
  s.environment.account === 'unknown-account' ? undefined : { account: s.environment.account, region: s.environment.region };

/** Writes each stack template of our assembly to `dir`, as the input of the bare app. */
export function bareStacksOf(assembly: CloudAssembly, dir: string): BareStack[] {
  fs.mkdirSync(dir, { recursive: true });
  const names = new Set(assembly.stacks.map((s) => s.stackName));
  const acknowledgements = cfnValidateAcknowledgements(assembly);
  return assembly.stacks.map((s) => {
    const template = structuredClone(s.template as Template);
    delete template.Parameters?.BootstrapVersion;
    delete template.Rules?.CheckBootstrapVersion;
    if (template.Parameters && Object.keys(template.Parameters).length === 0) delete template.Parameters;
    if (template.Rules && Object.keys(template.Rules).length === 0) delete template.Rules;
    const templateFile = path.join(dir, `${s.stackName}.json`);
    fs.writeFileSync(templateFile, JSON.stringify(template));
    const resources = Object.values(template.Resources ?? {});
    const resourceTypes: Record<string, number> = {};
    for (const r of resources) resourceTypes[r.Type] = (resourceTypes[r.Type] ?? 0) + 1;
    return {
      name: s.stackName,
      env: stackEnv(s),
      templateFile,
      dependsOn: s.dependencies.map((d) => d.id).filter((id) => names.has(id)),
      acknowledgements: acknowledgements.get(s.stackName) ?? [],
      resources: resources.length,
      resourceTypes,
    };
  });
}

/** The bare app: a fresh App (same feature flags as ours) with one Stack + CfnInclude per template, synthesized into `outdir`. */
export function synthBare(stacks: readonly BareStack[], outdir: string): SynthRun {
  const start = performance.now();
  const app = new App({ outdir, context: { ...REFERENCE_FEATURE_FLAGS } });
  const byName = new Map<string, Stack>();
  for (const s of stacks) {
    const stack = new Stack(app, s.name, { env: s.env });
    new CfnInclude(stack, 'Template', { templateFile: s.templateFile });
    for (const a of s.acknowledgements) Validations.of(stack).acknowledge(a);
    byName.set(s.name, stack);
  }
  for (const s of stacks) {
    for (const d of s.dependsOn) {
      const dep = byName.get(d);
      if (dep) byName.get(s.name)?.addStackDependency(dep);
    }
  }
  const built = performance.now();
  const assembly = app.synth();
  const end = performance.now();
  return { times: { buildMs: built - start, synthMs: end - built, totalMs: end - start }, assembly, constructs: app.node.findAll().length };
}

/**
 * Checks that the bare app reproduces our templates: every section equal, the bootstrap-version parameter and rule
 * included (added back by the synthesizer). Returns the differences, empty when the templates are the same.
 */
export function compareTemplates(ours: CloudAssembly, bare: CloudAssembly): string[] {
  const diffs: string[] = [];
  for (const s of ours.stacks) {
    const other = bare.stacks.find((b) => b.stackName === s.stackName);
    if (!other) {
      diffs.push(`${s.stackName}: missing from the bare app`);
      continue;
    }
    const a = s.template as Template;
    const b = other.template as Template;
    for (const section of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(sortKeys(a[section])) !== JSON.stringify(sortKeys(b[section]))) diffs.push(`${s.stackName}: section ${section} differs`);
    }
  }
  return diffs;
}

/** A canonical form: object keys sorted, and `DependsOn` lists too (CfnInclude sorts them, CDK keeps insertion order). */
function sortKeys(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return key === 'DependsOn' ? [...(value as string[])].sort() : value.map((v) => sortKeys(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v, k)]),
    );
  }
  return value;
}

/**
 * Prepares the bare app: synthesizes ours once, as `cdk synth` does (with the packs), writes its templates, and checks
 * that the bare app reproduces them; throws otherwise.
 */
export function prepareBare(ws: Workspace, config: GovernanceConfig = loadReferenceConfig()): BareStack[] {
  const { assembly } = synthOurs(config, ws.outdir('setup'));
  const stacks = bareStacksOf(assembly, path.join(ws.dir, 'templates'));
  const diffs = compareTemplates(assembly, synthBare(stacks, ws.outdir('check')).assembly);
  if (diffs.length > 0) throw new Error(`the bare app does not reproduce the reference templates: ${diffs.join('; ')}`);
  return stacks;
}
