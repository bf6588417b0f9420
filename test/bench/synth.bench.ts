/**
 * Full synth of the reference app (governance.yaml) against a bare aws-cdk-lib app with the same resources (our
 * synthesized templates through CfnInclude), in one run. Figures table: test/bench/synth-figures.ts.
 *
 *   npx vitest bench --run test/bench/synth.bench.ts
 */
import * as fs from 'node:fs';
import { afterAll, bench, describe } from 'vitest';
import { loadReferenceConfig, prepareBare, synthBare, synthReferenceApp, workspace } from './synth-scenarios';

const ws = workspace();
afterAll(() => ws.cleanup());

/** Setup (not timed): synthesizes ours once, writes its templates for the bare app and checks the bare app reproduces them. */
const bareStacks = prepareBare(ws);
const resources = bareStacks.reduce((n, s) => n + s.resources, 0);

/** Every synth writes a fresh cloud assembly (23 MB with the assets): removed after each task, outside the timing. */
const outdirs: string[] = [];
const outdir = (prefix: string): string => {
  const dir = ws.outdir(prefix);
  outdirs.push(dir);
  return dir;
};
const removeOutdirs = (): void => {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
};

/**
 * A full synth takes 150 to 600 ms once warm (the first one in the process several seconds: module loading, the
 * CloudFormation validation engine, asset fingerprints): 1 warm-up, then at least 10 samples and 3 s per task keep
 * the file near 40 s on 2 cores.
 */
const SYNTH = { time: 3000, iterations: 10, warmupTime: 0, warmupIterations: 1, teardown: removeOutdirs };
/** Loading the config takes 5 to 30 ms. */
const LOAD = { time: 1000, iterations: 20, warmupTime: 0, warmupIterations: 2 };

describe(`full synth: ${bareStacks.length} stacks, ${resources} resources (${bareStacks.map((s) => `${s.name} ${s.resources}`).join(', ')})`, () => {
  bench('(a) ours: loadConfig + buildGovernanceApp + synth, 5 compliance packs (as cdk synth)', () => void synthReferenceApp('all', outdir('a')), SYNTH);
  bench('(b) ours: loadConfig + buildGovernanceApp + synth, no compliance pack', () => void synthReferenceApp('none', outdir('b')), SYNTH);
  bench('(c) ours: loadConfig alone (YAML, schema, semantic pass)', () => void loadReferenceConfig(), LOAD);
  bench('bare aws-cdk-lib: App + Stack + CfnInclude of the same templates + synth', () => void synthBare(bareStacks, outdir('bare')), SYNTH);
});
