/**
 * Time of our policy engine and of a full synth (App + Stack + Role + access), ours against the grants of
 * @aws-cdk/aws-bedrock-alpha, for growing allow-lists. Sizes and the figures table: test/bench/figures.ts.
 *
 *   npx vitest bench --run test/bench
 */
import { bench, describe } from 'vitest';
import { alphaExpression, measureOurEngine, runOurEngine, scenarios, synthAlpha, synthOurs } from './scenarios';

/** A synth takes 5 to 100 ms: 8+ samples over 300+ ms each keep the whole run near a minute on 2 cores. */
const SYNTH = { time: 300, iterations: 8, warmupTime: 0, warmupIterations: 2 };
/** The engine alone takes well under 10 ms. */
const ENGINE = { time: 200, iterations: 10, warmupTime: 0, warmupIterations: 2 };

for (const s of scenarios()) {
  describe(s.name, () => {
    const fits = measureOurEngine(s);
    const note = fits.ok ? '' : ` (does not fit: ${fits.error.replace(/\s+/g, ' ').slice(0, 100)})`;
    if (fits.ok) {
      bench('ours: engine only', () => void runOurEngine(s), ENGINE);
      bench('ours: synth (ModelAccessPolicy)', () => void synthOurs(s), SYNTH);
    } else {
      bench.skip(`ours: engine only${note}`, () => undefined);
      bench.skip(`ours: synth (ModelAccessPolicy)${note}`, () => undefined);
    }
    bench(`alpha: synth (${alphaExpression(s)})`, () => void synthAlpha(s), SYNTH);
  });
}
