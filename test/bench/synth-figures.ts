/**
 * Prints the "Full synth of the reference app" figures of docs/performance.md as Markdown: the synth time of the
 * reference app (governance.yaml) with and without its compliance packs, of its config loading alone, and of a bare
 * aws-cdk-lib app with the same resources (our templates through CfnInclude), each a median of RUNS runs in a fresh App
 * after one warm-up, the variants interleaved so that a change of load on the machine hits them alike; then the first
 * synth in a fresh process (what `cdk synth` pays), and the resources per stack.
 *
 *   npx tsx test/bench/synth-figures.ts
 *
 * The bare child process imports aws-cdk-lib only (none of our modules): this file imports synth-scenarios lazily.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { BareStack, ReferenceRun, SynthRun } from './synth-scenarios';

const RUNS = 15;
const COLD_RUNS = 3;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 1 : 0, minimumFractionDigits: n < 10 ? 1 : 0 });
const pct = (n: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(0)} %`;

/** Phases of a first synth in a fresh process (ms). `startMs`: node + tsx start-up until this file runs. */
interface ColdPhases {
  startMs: number;
  importMs: number;
  loadMs: number;
  buildMs: number;
  synthMs: number;
}
interface ColdRun extends ColdPhases {
  /** Wall-clock time of the whole child process, as seen by the parent. */
  processMs: number;
}

/** What the bare child reads: the stacks and the feature flags of the app. */
interface BareSpec {
  stacks: BareStack[];
  context: Record<string, unknown>;
}

/** Child mode: one first synth in this fresh process, phases printed as JSON on stdout. */
async function child(mode: string, outdir: string, specFile: string): Promise<void> {
  const startMs = performance.now();
  if (mode === 'bare') {
    // A bare aws-cdk-lib app: nothing of ours is loaded.
    const { App, Stack, Validations } = await import('aws-cdk-lib');
    const { CfnInclude } = await import('aws-cdk-lib/cloudformation-include');
    const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as BareSpec;
    const imported = performance.now();
    const app = new App({ outdir, context: spec.context });
    const byName = new Map<string, InstanceType<typeof Stack>>();
    for (const s of spec.stacks) {
      const stack = new Stack(app, s.name, { env: s.env });
      new CfnInclude(stack, 'Template', { templateFile: s.templateFile });
      for (const a of s.acknowledgements) Validations.of(stack).acknowledge(a);
      byName.set(s.name, stack);
    }
    for (const s of spec.stacks) {
      for (const d of s.dependsOn) {
        const dep = byName.get(d);
        if (dep) byName.get(s.name)?.addStackDependency(dep);
      }
    }
    const built = performance.now();
    app.synth();
    const end = performance.now();
    const phases: ColdPhases = { startMs, importMs: imported - startMs, loadMs: 0, buildMs: built - imported, synthMs: end - built };
    process.stdout.write(JSON.stringify(phases));
    return;
  }
  const m = await import('./synth-scenarios.js');
  const imported = performance.now();
  const run = m.synthReferenceApp(mode === 'ours' ? 'all' : 'none', outdir);
  const phases: ColdPhases = { startMs, importMs: imported - startMs, loadMs: run.loadMs, buildMs: run.times.buildMs, synthMs: run.times.synthMs };
  process.stdout.write(JSON.stringify(phases));
}

function coldRun(mode: string, outdir: string, specFile: string): ColdRun {
  const start = performance.now();
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', mode, outdir, specFile], { encoding: 'utf8' });
  const processMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as ColdPhases), processMs };
}

async function main(): Promise<void> {
  const m = await import('./synth-scenarios.js');
  const { REFERENCE_FEATURE_FLAGS } = await import('../../bin/governance-app.js');
  const ws = m.workspace();
  try {
    const cpus = os.cpus();
    const setupStart = performance.now();
    const stacks = m.prepareBare(ws); // also the global warm-up of ours, and the check that bare = ours
    const setupMs = performance.now() - setupStart;
    const specFile = `${ws.dir}/bare-spec.json`;
    fs.writeFileSync(specFile, JSON.stringify({ stacks, context: { ...REFERENCE_FEATURE_FLAGS } } satisfies BareSpec));

    const runOnce = <T extends SynthRun>(prefix: string, f: (outdir: string) => T): T => {
      const outdir = ws.outdir(prefix);
      try {
        return f(outdir);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    };
    const a = (): ReferenceRun => runOnce('a', (d) => m.synthReferenceApp('all', d));
    const b = (): ReferenceRun => runOnce('b', (d) => m.synthReferenceApp('none', d));
    const d = (): ReferenceRun => runOnce('d', (dir) => m.synthReferenceApp('bedrock', dir));
    const bare = (): SynthRun => runOnce('bare', (d) => m.synthBare(stacks, d));
    const load = (): number => {
      const start = performance.now();
      m.loadReferenceConfig();
      return performance.now() - start;
    };

    // One warm-up of each, then RUNS interleaved rounds.
    a();
    b();
    d();
    bare();
    load();
    const runs = { a: [] as ReferenceRun[], b: [] as ReferenceRun[], d: [] as ReferenceRun[], bare: [] as SynthRun[], load: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      runs.load.push(load());
      runs.a.push(a());
      runs.b.push(b());
      runs.d.push(d());
      runs.bare.push(bare());
    }
    const cold = { ours: [] as ColdRun[], nopacks: [] as ColdRun[], bare: [] as ColdRun[] };
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const mode of ['ours', 'nopacks', 'bare'] as const) {
        const outdir = ws.outdir(`cold-${mode}`);
        cold[mode].push(coldRun(mode, outdir, specFile));
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }

    // Time of each compliance pack's validation in run (a): NagPack.validate timed per pack name (our pack's override
    // calls it through super), then the prototype restored.
    const { NagPack } = await import('cdk-nag');
    const packMs = new Map<string, number[]>();
    const original = Object.getOwnPropertyDescriptor(NagPack.prototype, 'validate')!;
    const timed = original.value as (this: InstanceType<typeof NagPack>, ...args: unknown[]) => unknown;
    Object.defineProperty(NagPack.prototype, 'validate', {
      ...original,
      value(this: InstanceType<typeof NagPack>, ...args: unknown[]) {
        const start = performance.now();
        try {
          return timed.apply(this, args);
        } finally {
          const list = packMs.get(this.readPackName) ?? [];
          list.push(performance.now() - start);
          packMs.set(this.readPackName, list);
        }
      },
    });
    try {
      for (let i = 0; i < RUNS; i++) a();
    } finally {
      Object.defineProperty(NagPack.prototype, 'validate', original);
    }

    const full = (xs: readonly ReferenceRun[]) => xs.map((r) => r.fullMs);
    const A = median(full(runs.a));
    const B = median(full(runs.b));
    const C = median(runs.load);
    const BARE = median(runs.bare.map((r) => r.times.totalMs));
    const constructsOf = (xs: readonly SynthRun[]): number => xs[0]?.constructs ?? NaN;
    const resources = stacks.reduce((n, s) => n + s.resources, 0);

    console.log('<!-- generated by: npx tsx test/bench/synth-figures.ts -->');
    console.log(
      `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${os.platform()} ${os.release()}. ` +
        `${stacks.length} stacks, ${resources} resources. Warm: median (min–max) of ${RUNS} runs in the same process, a fresh App and ` +
        `output directory each, after 1 warm-up (and the setup synth, ${fmt(setupMs)} ms). Fresh process: median of ${COLD_RUNS}.`,
    );
    console.log('');
    console.log('| variant | median ms | min–max ms | load config | build (constructs) | `app.synth()` | constructs in the tree |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    const range = (xs: readonly number[]): string => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
    const row = (name: string, total: readonly number[], loadMs: string, buildMs: readonly number[], synthMs: readonly number[], constructs: string): void =>
      console.log(`| ${name} | ${fmt(median(total))} | ${range(total)} | ${loadMs} | ${fmt(median(buildMs))} | ${fmt(median(synthMs))} | ${constructs} |`);
    for (const [name, xs] of [
      ['(a) ours, 5 compliance packs (as `cdk synth`)', runs.a],
      ['(b) ours, no compliance pack', runs.b],
      ['(d) ours, our BedrockGovernance pack only', runs.d],
    ] as const) {
      row(
        name,
        full(xs),
        fmt(median(xs.map((r) => r.loadMs))),
        xs.map((r) => r.times.buildMs),
        xs.map((r) => r.times.synthMs),
        fmt(constructsOf(xs)),
      );
    }
    console.log(`| (c) ours, \`loadConfig\` alone (YAML, schema, semantic pass) | ${fmt(C)} | ${range(runs.load)} | ${fmt(C)} | - | - | - |`);
    row(
      'bare aws-cdk-lib app, same templates through `CfnInclude`',
      runs.bare.map((r) => r.times.totalMs),
      '-',
      runs.bare.map((r) => r.times.buildMs),
      runs.bare.map((r) => r.times.synthMs),
      fmt(constructsOf(runs.bare)),
    );

    console.log('');
    console.log('| overhead (difference of the medians) | ms | % of bare | share of (a) |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| (a) ours with packs − bare | ${fmt(A - BARE)} | ${pct(((A - BARE) / BARE) * 100)} | ${(((A - BARE) / A) * 100).toFixed(0)} % |`);
    console.log(`| (b) ours without packs − bare | ${fmt(B - BARE)} | ${pct(((B - BARE) / BARE) * 100)} | ${(((B - BARE) / A) * 100).toFixed(0)} % |`);
    console.log(
      `| the 5 packs: (a) − (b) | ${fmt(A - B)} | ${pct(((A - B) / BARE) * 100)} | ${(((A - B) / A) * 100).toFixed(0)} % (${(((A - B) / (A - BARE)) * 100).toFixed(0)} % of the overhead) |`,
    );
    console.log(`| config loading: (c) | ${fmt(C)} | ${pct((C / BARE) * 100)} | ${((C / A) * 100).toFixed(0)} % |`);

    console.log('');
    console.log('| ratio to the bare app | of the medians | of the minimums |');
    console.log('| --- | --- | --- |');
    const minOf = (xs: readonly number[]): number => Math.min(...xs);
    const BARE_MIN = minOf(runs.bare.map((r) => r.times.totalMs));
    for (const [name, xs] of [
      ['(a) 5 packs', runs.a],
      ['(b) no pack', runs.b],
      ['(d) BedrockGovernance only', runs.d],
    ] as const) {
      console.log(`| ${name} | ${(median(full(xs)) / BARE).toFixed(2)}× | ${(minOf(full(xs)) / BARE_MIN).toFixed(2)}× |`);
    }

    console.log('');
    console.log(`| compliance pack (validation of the whole app, median of ${RUNS} runs of (a)) | ms | % of bare |`);
    console.log('| --- | --- | --- |');
    let cdkNag = 0;
    for (const [name, xs] of packMs) {
      const m = median(xs);
      if (name !== 'BedrockGovernance') cdkNag += m;
      console.log(`| ${name} | ${fmt(m)} | ${pct((m / BARE) * 100)} |`);
    }
    console.log(`| cdk-nag's four packs together | ${fmt(cdkNag)} | ${pct((cdkNag / BARE) * 100)} |`);

    console.log('');
    console.log(
      `| first synth in a fresh process (median of ${COLD_RUNS}) | process wall-clock | node + tsx start | imports | load config | build | \`app.synth()\` |`,
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [name, xs] of [
      ['(a) ours, 5 packs', cold.ours],
      ['(b) ours, no pack', cold.nopacks],
      ['bare aws-cdk-lib (imports aws-cdk-lib only)', cold.bare],
    ] as const) {
      const col = (k: keyof ColdRun): string => fmt(median(xs.map((r) => r[k])));
      console.log(
        `| ${name} | ${col('processMs')} | ${col('startMs')} | ${col('importMs')} | ${name.startsWith('bare') ? '-' : col('loadMs')} | ${col('buildMs')} | ${col('synthMs')} |`,
      );
    }

    console.log('');
    console.log('| stack | environment | resources | resource types (most frequent) |');
    console.log('| --- | --- | --- | --- |');
    for (const s of stacks) {
      const types = Object.entries(s.resourceTypes).sort(([x, n], [y, k]) => k - n || x.localeCompare(y));
      const top = types
        .slice(0, 4)
        .map(([t, n]) => `${t.replace(/^AWS::/, '')} ${n}`)
        .join(', ');
      console.log(
        `| ${s.name} | ${s.env ? `${s.env.account}/${s.env.region}` : 'agnostic'} | ${s.resources} | ${types.length} type${types.length === 1 ? '' : 's'}: ${top}${types.length > 4 ? ', …' : ''} |`,
      );
    }
    console.log(`| **total** | | **${resources}** | |`);
  } finally {
    ws.cleanup();
  }
}

if (process.argv[2] === '--child') void child(process.argv[3] ?? 'ours', process.argv[4] ?? '', process.argv[5] ?? '');
else void main();
