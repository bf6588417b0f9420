import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CustomizationSpecError } from '../../../policies/customization/base-models';
import { formatDatasetErrors, validateDataset } from '../../../policies/customization/jsonl';
import type { DatasetValidationOptions } from '../../../policies/customization/jsonl';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'datasets');
const TITAN: DatasetValidationOptions = { baseModel: 'amazon.titan-text-express-v1:0:8k', customizationType: 'FINE_TUNING' };
const TITAN_CPT: DatasetValidationOptions = { baseModel: 'amazon.titan-text-express-v1:0:8k', customizationType: 'CONTINUED_PRE_TRAINING' };
const NOVA: DatasetValidationOptions = { baseModel: 'amazon.nova-micro-v1:0:128k', customizationType: 'FINE_TUNING' };
const NOVA_LITE: DatasetValidationOptions = { baseModel: 'amazon.nova-lite-v1:0:300k', customizationType: 'FINE_TUNING' };
const CLAUDE: DatasetValidationOptions = { baseModel: 'anthropic.claude-3-haiku-20240307-v1:0:200k', customizationType: 'FINE_TUNING' };
const CLAUDE_DISTILL: DatasetValidationOptions = { baseModel: 'anthropic.claude-3-haiku-20240307-v1:0:200k', customizationType: 'DISTILLATION' };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-jsonl-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
/** Writes `content` to a fresh `<tmp>/<n>/train.jsonl` and returns the path. */
function file(content: string | Buffer, name = 'train.jsonl'): string {
  const dir = path.join(tmp, String(dirs++));
  fs.mkdirSync(dir);
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}
/** JSONL of records (strings are written as they are), with a final newline. */
const jsonl = (...records: unknown[]): string => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
/** A bedrock-conversation-2024 record with these roles. */
const conv = (...roles: string[]): Record<string, unknown> => ({
  schemaVersion: 'bedrock-conversation-2024',
  messages: roles.map((role, i) => ({ role, content: [{ text: `${role} turn ${i}` }] })),
});
const pc = (prompt: unknown, completion: unknown): Record<string, unknown> => ({ prompt, completion });
/** The formatted errors of a validation. */
const errors = (files: string | string[], options: DatasetValidationOptions): string[] =>
  formatDatasetErrors(validateDataset(Array.isArray(files) ? files : [files], options));

describe('validateDataset: valid datasets', () => {
  it('accepts prompt/completion records and summarizes records, bytes and the longest record', () => {
    const f = path.join(FIXTURES, 'titan-fine-tuning', 'train.jsonl');
    const s = validateDataset([f], TITAN);
    expect(s.errors).toEqual([]);
    expect(s).toMatchObject({ valid: true, records: 5, bytes: fs.statSync(f).size, baseModel: 'amazon.titan-text-express-v1:0:8k', split: 'training' });
    const lengths = fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .map((l) => Buffer.byteLength(l));
    expect(s.longestRecord).toEqual({ file: f, line: lengths.indexOf(Math.max(...lengths)) + 1, bytes: Math.max(...lengths) });
  });

  it('accepts continued pre-training, Nova multi-turn and Claude 3 Haiku fixtures', () => {
    expect(errors(path.join(FIXTURES, 'titan-continued-pretraining', 'train.jsonl'), TITAN_CPT)).toEqual([]);
    expect(errors(path.join(FIXTURES, 'nova-fine-tuning', 'train.jsonl'), NOVA)).toEqual([]);
    expect(errors(path.join(FIXTURES, 'claude-fine-tuning', 'train.jsonl'), CLAUDE)).toEqual([]);
  });

  it('sums several files and accepts the foundation-model id', () => {
    const files = [path.join(FIXTURES, 'titan-fine-tuning', 'train.jsonl'), path.join(FIXTURES, 'titan-fine-tuning', 'more', 'extra.jsonl')];
    const s = validateDataset(files, { ...TITAN, baseModel: 'amazon.titan-text-express-v1' });
    expect(s).toMatchObject({ valid: true, records: 7, baseModel: 'amazon.titan-text-express-v1:0:8k' });
    expect(s.files.map((x) => x.records)).toEqual([5, 2]);
  });

  it('accepts distillation prompts without an answer, and images in user messages of image models', () => {
    const prompt = {
      schemaVersion: 'bedrock-conversation-2024',
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ text: 'Why is the sky blue?' }] }],
    };
    expect(errors(file(jsonl(prompt, conv('user', 'assistant'))), CLAUDE_DISTILL)).toEqual([]);
    const image = { image: { format: 'png', source: { s3Location: { uri: 's3://bucket/images/cat.png' } } } };
    const withImage = {
      schemaVersion: 'bedrock-conversation-2024',
      messages: [
        { role: 'user', content: [{ text: 'What is this?' }, image] },
        { role: 'assistant', content: [{ text: 'A cat.' }] },
      ],
    };
    expect(errors(file(jsonl(withImage)), { ...NOVA_LITE, limits: { minRecords: 1 } })).toEqual([]);
    expect(
      errors(file(jsonl(withImage)), { baseModel: 'meta.llama3-2-11b-instruct-v1:0:128k', customizationType: 'FINE_TUNING', limits: { minRecords: 1 } }),
    ).toEqual([]);
  });
});

describe('validateDataset: each error cites file:line, the field and the reason', () => {
  it('invalid JSON', () => {
    expect(errors(file(jsonl(pc('a', 'b'), '{"prompt": "a", "completion": }')), TITAN)).toEqual([
      expect.stringMatching(/train\.jsonl:2: invalid JSON \(.+\); accepted: one JSON object per line$/),
    ]);
  });

  it('a record that is not an object, or has none of the format fields', () => {
    const e = errors(file(jsonl('[1, 2]', { text: 'x' })), TITAN);
    expect(e[0]).toContain('train.jsonl:1: (record): got array of 2; accepted: a JSON object per line');
    expect(e[1]).toContain('train.jsonl:2: (record): got fields text; accepted: {"prompt": "…", "completion": "…"}');
  });

  it('missing field', () => {
    expect(errors(file(jsonl(pc('a', 'b'), pc('c', 'd'), { prompt: 'e' })), TITAN)).toEqual([
      expect.stringContaining('train.jsonl:3: completion: missing; accepted: a non-empty string'),
    ]);
  });

  it('wrong type', () => {
    expect(errors(file(jsonl(pc(42, 'b'))), TITAN)).toEqual([expect.stringContaining('train.jsonl:1: prompt: got number 42; accepted: a non-empty string')]);
    expect(errors(file(jsonl({ input: ['x'] })), TITAN_CPT)).toEqual([
      expect.stringContaining('train.jsonl:1: input: got array of 1; accepted: a non-empty string'),
    ]);
  });

  it('empty or blank string', () => {
    const e = errors(file(jsonl(pc('a', 'b'), pc('c', ''), pc('  \t', 'd'))), TITAN);
    expect(e).toEqual([
      expect.stringContaining('train.jsonl:2: completion: got an empty string; accepted: a non-empty string'),
      expect.stringContaining("train.jsonl:3: prompt: got a blank string '  \t'; accepted: a non-empty string"),
    ]);
  });

  it('unknown field', () => {
    expect(errors(file(jsonl({ prompt: 'a', completion: 'b', label: 1 })), TITAN)).toEqual([
      expect.stringContaining('train.jsonl:1: label: unknown field; accepted fields: prompt, completion'),
    ]);
  });

  it('wrong schemaVersion', () => {
    const e = errors(file(jsonl(conv('user', 'assistant'), { ...conv('user', 'assistant'), schemaVersion: 'bedrock-conversation-2023' })), NOVA);
    expect(e.join('\n')).toContain("train.jsonl:2: schemaVersion: got string 'bedrock-conversation-2023'; accepted: 'bedrock-conversation-2024'");
    expect(errors(file(jsonl({ messages: conv('user', 'assistant').messages })), NOVA).join('\n')).toContain(
      "train.jsonl:1: schemaVersion: missing; accepted: 'bedrock-conversation-2024'",
    );
  });

  it('roles not alternating', () => {
    const e = errors(file(jsonl(conv('user', 'assistant'), conv('user', 'assistant'), conv('user', 'user', 'assistant'))), NOVA);
    expect(e.join('\n')).toContain(
      "train.jsonl:3: messages[1].role: got 'user' after another 'user' message; accepted: 'assistant' (roles alternate user, assistant)",
    );
  });

  it('not starting with the user', () => {
    expect(errors(file(jsonl(conv('assistant', 'user', 'assistant'))), NOVA).join('\n')).toContain(
      "train.jsonl:1: messages[0].role: got 'assistant'; accepted: 'user' (a record starts with the user's message)",
    );
  });

  it('not ending with the assistant (fine-tuning)', () => {
    expect(errors(file(jsonl(conv('user', 'assistant'), conv('user', 'assistant', 'user'))), NOVA).join('\n')).toContain(
      "train.jsonl:2: messages[2].role: got 'user' as the last message; accepted: 'assistant' (each record ends with the answer to learn)",
    );
    expect(errors(file(jsonl({ messages: [{ role: 'user', content: 'hi' }] })), CLAUDE).join('\n')).toContain(
      "train.jsonl:1: messages[0].role: got 'user' as the last message; accepted: 'assistant'",
    );
  });

  it('a role that is neither user nor assistant', () => {
    const record = { schemaVersion: 'bedrock-conversation-2024', messages: [{ role: 'system', content: [{ text: 'x' }] }] };
    expect(errors(file(jsonl(record)), NOVA).join('\n')).toContain("train.jsonl:1: messages[0].role: got string 'system'; accepted: 'user' or 'assistant'");
  });

  it('multi-turn on a single-turn model', () => {
    expect(errors(file(jsonl(conv('user', 'assistant'), conv('user', 'assistant', 'user', 'assistant'))), CLAUDE_DISTILL)).toEqual([
      expect.stringContaining(
        'train.jsonl:2: messages: 4 messages with 2 user turns; accepted: one user message and at most one assistant answer ' +
          '(anthropic.claude-3-haiku-20240307-v1:0:200k DISTILLATION takes single-turn records only)',
      ),
    ]);
  });

  it('content blocks: images on a text-only model, images from the assistant, video, empty content', () => {
    const image = { image: { format: 'png', source: { s3Location: { uri: 's3://b/cat.png' } } } };
    const rec = (userContent: unknown[], assistantContent: unknown[] = [{ text: 'ok' }]): Record<string, unknown> => ({
      schemaVersion: 'bedrock-conversation-2024',
      messages: [
        { role: 'user', content: userContent },
        { role: 'assistant', content: assistantContent },
      ],
    });
    const nova = errors(file(jsonl(rec([image]))), NOVA).join('\n');
    expect(nova).toContain(
      'train.jsonl:1: messages[0].content[0].image: images are not accepted by amazon.nova-micro-v1:0:128k FINE_TUNING; accepted: text blocks only',
    );
    const lite = errors(
      file(jsonl(rec([{ text: 'x' }], [image]), rec([{ video: {} }]), rec([]), rec([{ image: { format: 'bmp', source: {} } }]))),
      NOVA_LITE,
    ).join('\n');
    expect(lite).toContain('train.jsonl:1: messages[1].content[0].image: got an image in an assistant message; accepted: images in user messages only');
    expect(lite).toContain('train.jsonl:2: messages[0].content[0].video: content block not accepted here; accepted: text or image (user messages)');
    expect(lite).toContain('train.jsonl:3: messages[0].content: got array of 0; accepted: a non-empty array of content blocks');
    expect(lite).toContain("train.jsonl:4: messages[0].content[0].image.format: got string 'bmp'; accepted: png, jpeg, gif, webp");
    expect(lite).toContain('train.jsonl:4: messages[0].content[0].image.source.s3Location.uri: got nothing; accepted: an s3:// URI');
  });

  it('Nova reserved keywords in system and user text', () => {
    const rec = {
      schemaVersion: 'bedrock-conversation-2024',
      system: [{ text: 'System: be nice' }],
      messages: [
        { role: 'user', content: [{ text: 'Hi [EOS]' }] },
        { role: 'assistant', content: [{ text: 'User: ok' }] },
      ],
    };
    const e = errors(file(jsonl(rec)), NOVA).join('\n');
    expect(e).toContain("train.jsonl:1: system[0].text: contains the reserved keyword 'System:'");
    expect(e).toContain("train.jsonl:1: messages[0].content[0].text: contains the reserved keyword '[EOS]'");
    expect(e).not.toContain('messages[1].content[0].text');
  });

  it('Claude 3 Haiku: string content, no extra field', () => {
    const e = errors(
      file(
        jsonl({
          system: 'x',
          messages: [
            { role: 'user', content: [{ text: 'hi' }] },
            { role: 'assistant', content: 'ok', name: 'bot' },
          ],
          id: 1,
        }),
      ),
      CLAUDE,
    ).join('\n');
    expect(e).toContain('train.jsonl:1: id: unknown field; accepted fields: system, messages (no other field is allowed)');
    expect(e).toContain('train.jsonl:1: messages[0].content: got array of 1; accepted: a non-empty string');
    expect(e).toContain('train.jsonl:1: messages[1].name: unknown field');
  });

  it('record too long (characters of text over tokens × 6)', () => {
    const e = errors(file(jsonl(pc('a', 'b'), pc('x'.repeat(24_577), 'y'))), TITAN);
    expect(e).toEqual([
      expect.stringContaining(
        'train.jsonl:2: (record): 24,578 characters of text; accepted: at most 24,576 for amazon.titan-text-express-v1:0:8k FINE_TUNING ' +
          "(4,096 tokens × 6 characters per token, the Bedrock user guide's estimate; Bedrock user guide)",
      ),
    ]);
  });

  it('too many records', () => {
    const record = JSON.stringify({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a' },
      ],
    });
    const big = file(`${record}\n`.repeat(10_001));
    expect(errors(big, CLAUDE)).toEqual([
      expect.stringMatching(
        /train\.jsonl: 10,001 records; accepted: at most 10,000 training records for anthropic\.claude-3-haiku-20240307-v1:0:200k FINE_TUNING \(Bedrock user guide\)$/,
      ),
    ]);
    expect(errors(big, { ...CLAUDE, limits: { maxTrainingRecords: 20_000 } })).toEqual([]);
    expect(errors(big, { ...CLAUDE, split: 'validation' })).toEqual([expect.stringContaining('10,001 records; accepted: at most 1,000 validation records')]);
  });

  it('too few records (training only)', () => {
    const few = file(
      jsonl(
        ...Array.from({ length: 3 }, () => ({
          messages: [
            { role: 'user', content: 'q' },
            { role: 'assistant', content: 'a' },
          ],
        })),
      ),
    );
    expect(errors(few, CLAUDE)).toEqual([
      expect.stringMatching(/train\.jsonl: 3 records; accepted: at least 32 training records for .* \(Bedrock user guide\)$/),
    ]);
    expect(errors(few, { ...CLAUDE, split: 'validation' })).toEqual([]);
    expect(errors(file(jsonl(conv('user', 'assistant'))), NOVA)).toEqual([
      expect.stringContaining(
        '1 records; accepted: at least 8 training records for amazon.nova-micro-v1:0:128k FINE_TUNING (default quota, not confirmed in the Bedrock docs',
      ),
    ]);
  });

  it('a file over the size limit is reported without being read', () => {
    const sparse = file('');
    fs.truncateSync(sparse, 1024 ** 3 + 1); // 1 GiB + 1 byte, sparse: instant, and never read
    const s = validateDataset([sparse], TITAN);
    expect(formatDatasetErrors(s)).toEqual([
      expect.stringContaining('train.jsonl: 1,073,741,825 bytes; accepted: at most 1,073,741,824 bytes of training data'),
    ]);
    expect(s.records).toBe(0);
    expect(errors(path.join(FIXTURES, 'titan-fine-tuning', 'train.jsonl'), { ...TITAN, limits: { maxTrainingBytes: 100 } })).toEqual([
      expect.stringContaining('bytes; accepted: at most 100 bytes of training data for amazon.titan-text-express-v1:0:8k FINE_TUNING (the limits option)'),
    ]);
  });

  it('empty lines, invalid UTF-8 and missing files', () => {
    const e = errors(file(Buffer.concat([Buffer.from(jsonl(pc('a', 'b'), '', '   ')), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])])), TITAN);
    expect(e).toEqual([
      expect.stringContaining('train.jsonl:2: empty line; accepted: one JSON object per line, no blank lines'),
      expect.stringContaining('train.jsonl:3: empty line'),
      expect.stringContaining('train.jsonl:4: is not valid UTF-8; accepted: UTF-8 text'),
    ]);
    expect(errors(path.join(tmp, 'missing.jsonl'), TITAN)).toEqual([expect.stringContaining('missing.jsonl: cannot be read (ENOENT)')]);
  });

  it('a line over maxLineBytes is reported, not decoded', () => {
    const e = errors(file(jsonl(pc('a', 'b'), pc('x'.repeat(5_000), 'y'), pc('c', 'd'))), { ...TITAN, maxLineBytes: 1_000, chunkSize: 256 });
    expect(e).toEqual([expect.stringContaining('train.jsonl:2: (record): line of 5,030 bytes; accepted: at most 1,000 bytes per line')]);
  });

  it('keeps the first 100 errors and counts the rest', () => {
    const s = validateDataset([file(jsonl(...Array.from({ length: 150 }, () => pc('', 'b'))))], TITAN);
    expect(s.errors).toHaveLength(100);
    expect(s.errorCount).toBe(150);
    expect(s.valid).toBe(false);
    const lines = formatDatasetErrors(s);
    expect(lines).toHaveLength(101);
    expect(lines[100]).toBe('… and 50 more errors');
  });

  it('throws for an unknown base model (with the closest ids), an unsupported type or a bad limit', () => {
    expect(() => validateDataset([], { baseModel: 'amazon.nova-micro-v1:0:64k', customizationType: 'FINE_TUNING' })).toThrow(
      /baseModel 'amazon.nova-micro-v1:0:64k' is not a base model Bedrock can customize; closest: amazon\.nova-micro-v1:0:128k/,
    );
    expect(() => validateDataset([], { ...NOVA, customizationType: 'CONTINUED_PRE_TRAINING' })).toThrow(
      /customizationType 'CONTINUED_PRE_TRAINING' is not supported for amazon.nova-micro-v1:0:128k; accepted for this model: FINE_TUNING, DISTILLATION/,
    );
    expect(() => validateDataset([], { ...NOVA, customizationType: 'RLHF' as 'FINE_TUNING' })).toThrow(CustomizationSpecError);
    expect(() => validateDataset([], { ...NOVA, limits: { minRecords: -1 } })).toThrow(/limits.minRecords -1 is not valid/);
  });
});

describe('validateDataset: reading', () => {
  const text = [pc('héllo wörld', 'naïve café'), pc('emoji 😀🎉', '漢字とかな'), pc('€uro', 'ok')];

  it('decodes multi-byte characters split across chunks, at every chunk size', () => {
    const f = file(jsonl(...text));
    for (let chunkSize = 1; chunkSize <= 48; chunkSize++) {
      const s = validateDataset([f], { ...TITAN, chunkSize });
      expect(s.errors, `chunkSize ${chunkSize}`).toEqual([]);
      expect(s.records).toBe(3);
    }
    // A character split at a chunk boundary is decoded whole: a record that fails on purpose shows it intact.
    const bad = file(jsonl(pc('😀', ''), pc('€', 3)));
    for (const chunkSize of [1, 2, 3, 5, 7, 13]) {
      expect(errors(bad, { ...TITAN, chunkSize }).join('\n'), `chunkSize ${chunkSize}`).toContain('completion: got number 3');
    }
  });

  it('joins lines split across chunks', () => {
    const records = Array.from({ length: 50 }, (_, i) => pc(`prompt ${i} ${'x'.repeat(i * 7)}`, `completion ${i}`));
    const f = file(jsonl(...records));
    const s = validateDataset([f], { ...TITAN, chunkSize: 64 });
    expect(s).toMatchObject({ valid: true, records: 50 });
    expect(s.longestRecord).toMatchObject({ line: 50, bytes: Buffer.byteLength(JSON.stringify(records[49])) });
  });

  it('accepts CRLF line ends (not counted in record bytes)', () => {
    const f = file(jsonl(...text).replace(/\n/g, '\r\n'));
    for (const chunkSize of [1, 4, 1024]) {
      const s = validateDataset([f], { ...TITAN, chunkSize });
      expect(s.errors).toEqual([]);
      expect(s.longestRecord?.bytes).toBe(Math.max(...text.map((r) => Buffer.byteLength(JSON.stringify(r)))));
    }
  });

  it('accepts a UTF-8 byte-order mark, even split across chunks', () => {
    const f = file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jsonl(...text))]));
    for (const chunkSize of [1, 2, 1024]) expect(errors(f, { ...TITAN, chunkSize })).toEqual([]);
    expect(validateDataset([f], TITAN).longestRecord?.line).toBe(2);
  });

  it('reads a last line without a final newline', () => {
    const f = file(jsonl(...text).trimEnd());
    for (const chunkSize of [1, 3, 1024]) {
      const s = validateDataset([f], { ...TITAN, chunkSize });
      expect(s).toMatchObject({ valid: true, records: 3 });
    }
    expect(errors(file(`${JSON.stringify(pc('a', 'b'))}\n{"prompt": "x"`), TITAN)).toEqual([expect.stringContaining('train.jsonl:2: invalid JSON')]);
  });

  it('counts an empty file as zero records', () => {
    const s = validateDataset([file('')], TITAN);
    expect(s).toMatchObject({ valid: true, records: 0, bytes: 0, longestRecord: undefined });
    expect(errors(file(''), CLAUDE)).toEqual([expect.stringContaining('0 records; accepted: at least 32')]);
  });
});
