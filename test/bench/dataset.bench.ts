/**
 * Synchronous streaming validation of a generated ~100 MB conversational JSONL file (Nova Micro fine-tuning format),
 * at three chunk sizes. Throughput and memory figures for docs/performance.md: test/bench/dataset-figures.ts.
 *
 *   npx vitest bench --run test/bench/dataset.bench.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { validateDataset } from '../../policies/customization/jsonl';
import { benchDir, BENCH_OPTIONS, generateConversationDataset } from './dataset-data';

const dir = benchDir();
const file = path.join(dir, 'train.jsonl');
const generated = generateConversationDataset(file);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One validation takes 1 to 3 s: 3 measured runs after 1 warm-up keep the whole file near 40 s on 2 cores. */
const OPTIONS = { time: 0, iterations: 3, warmupTime: 0, warmupIterations: 1 };

describe(`validateDataset: ${(generated.bytes / 1e6).toFixed(0)} MB, ${generated.records.toLocaleString('en-US')} conversational records`, () => {
  for (const chunkSize of [64 * 1024, 1024 * 1024, 8 * 1024 * 1024]) {
    bench(
      `chunk ${chunkSize / 1024} KiB`,
      () => {
        const s = validateDataset([file], { ...BENCH_OPTIONS, chunkSize });
        if (!s.valid || s.records !== generated.records) throw new Error(`unexpected result: ${s.errorCount} errors, ${s.records} records`);
      },
      OPTIONS,
    );
  }
});
