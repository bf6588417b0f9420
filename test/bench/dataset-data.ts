/**
 * Generated JSONL datasets for the dataset-validation benchmark (test/bench/dataset.bench.ts and dataset-figures.ts):
 * Nova-style `bedrock-conversation-2024` records, 1 to 4 exchanges each, some with a system prompt, with ASCII and
 * multi-byte text, written in 4 MiB batches so the generator never holds the dataset in memory either.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatasetValidationOptions } from '../../policies/customization/jsonl';

/** About 100 MB. */
export const TARGET_BYTES = 100 * 1000 * 1000;

/** The validation the benchmark runs: Nova Micro fine-tuning with a raised record quota (the file holds ~40,000 records). */
export const BENCH_OPTIONS: DatasetValidationOptions = {
  baseModel: 'amazon.nova-micro-v1:0:128k',
  customizationType: 'FINE_TUNING',
  limits: { maxTrainingRecords: 1_000_000 },
};

const WORDS = ['model', 'customization', 'dataset', 'governance', 'bucket', 'encryption', 'policy', 'región', 'données', '東京', 'über', 'naïve', 'π≈3.14'];

/** A deterministic pseudo-random generator (mulberry32), so every run validates the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)] ?? 'word');
  return `${out.join(' ')}.`;
}

function record(rand: () => number, i: number): string {
  const exchanges = 1 + Math.floor(rand() * 4);
  const messages: unknown[] = [];
  for (let e = 0; e < exchanges; e++) {
    messages.push({ role: 'user', content: [{ text: `Question ${i}.${e}: ${sentence(rand, 10 + Math.floor(rand() * 60))}` }] });
    messages.push({ role: 'assistant', content: [{ text: sentence(rand, 20 + Math.floor(rand() * 120)) }] });
  }
  const rec: Record<string, unknown> = { schemaVersion: 'bedrock-conversation-2024', messages };
  if (i % 3 === 0) rec.system = [{ text: 'You are a helpful assistant for an AWS governance team.' }];
  return JSON.stringify(rec);
}

/** Writes a dataset of about `targetBytes` to `file`; returns its records and bytes. */
export function generateConversationDataset(file: string, targetBytes = TARGET_BYTES): { records: number; bytes: number } {
  const rand = random(42);
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let records = 0;
  try {
    let batch: string[] = [];
    let batchBytes = 0;
    while (bytes + batchBytes < targetBytes) {
      const line = `${record(rand, records++)}\n`;
      batch.push(line);
      batchBytes += Buffer.byteLength(line);
      if (batchBytes >= 4 * 1024 * 1024) {
        fs.writeSync(fd, batch.join(''));
        bytes += batchBytes;
        batch = [];
        batchBytes = 0;
      }
    }
    fs.writeSync(fd, batch.join(''));
    bytes += batchBytes;
  } finally {
    fs.closeSync(fd);
  }
  return { records, bytes };
}

/** A fresh temporary directory for a generated dataset. */
export function benchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-dataset-bench-'));
}
