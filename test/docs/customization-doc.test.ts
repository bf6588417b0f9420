/**
 * docs/customization.md: its generated tables must equal what the code renders (the base-model table of
 * policies/customization/base-models.ts and renderHyperParameterTable()), compared after formatting both with
 * prettier and the repository's config, and its example records must pass the dataset validator.
 *
 * To refresh a stale table, paste the rendering this test prints between the markers, or run
 *   UPDATE_CUSTOMIZATION_DOC=1 npx vitest run test/docs/customization-doc.test.ts
 * which rewrites the generated sections in place.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CUSTOMIZATION_BASE_MODELS } from '../../policies/customization/base-models';
import { renderHyperParameterTable } from '../../policies/customization/hyperparameters';
import { formatDatasetError, formatDatasetErrors, validateDataset } from '../../policies/customization/jsonl';
import type { CustomizationSpec, CustomizationType, DatasetFormat, DatasetLimits } from '../../policies/customization/types';
import { CUSTOMIZATION_TYPES } from '../../policies/customization/types';

const ROOT = path.join(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'customization.md');
const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** Marks a value the base-model table lists as unconfirmed. */
const UNCONFIRMED = '\\*';

function describeFormat(format: DatasetFormat): string {
  switch (format.kind) {
    case 'prompt-completion':
      return 'prompt/completion';
    case 'continued-pretraining':
      return '`input` (unlabeled text)';
    case 'conversation': {
      const parts = [format.schema === 'anthropic-messages' ? 'Anthropic messages' : '`bedrock-conversation-2024`'];
      parts.push(format.turns === 'single' ? 'single-turn' : 'multi-turn');
      if (format.assistant === 'optional') parts.push('answer optional');
      if (format.imageFormats) parts.push(`images (${format.imageFormats.join(', ')})`);
      if (format.reservedKeywords) parts.push('reserved keywords');
      return parts.join(', ');
    }
  }
}

function limitValue(spec: CustomizationSpec, key: keyof DatasetLimits, show: (n: number) => string): string {
  const value = spec.limits[key];
  if (value === undefined) return '–';
  return `${show(value)}${spec.unconfirmed.includes(key) ? UNCONFIRMED : ''}`;
}

const count = (n: number): string => n.toLocaleString('en-US');
const size = (n: number): string => (n % GB === 0 ? `${count(n / GB)} GB` : n % MB === 0 ? `${count(n / MB)} MB` : `${count(n)} bytes`);

/** One row per base model and customization type of CUSTOMIZATION_BASE_MODELS. */
function renderFormatsTable(): string {
  const rows = [
    '| base model | id | type | format | records (min / max training / max validation) | tokens per record | size (training / validation) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const model of CUSTOMIZATION_BASE_MODELS) {
    for (const type of CUSTOMIZATION_TYPES) {
      const spec = model.customizations[type];
      if (!spec) continue;
      const records = [
        limitValue(spec, 'minRecords', count),
        limitValue(spec, 'maxTrainingRecords', count),
        limitValue(spec, 'maxValidationRecords', count),
      ].join(' / ');
      const sizes = [limitValue(spec, 'maxTrainingBytes', size), limitValue(spec, 'maxValidationBytes', size)].join(' / ');
      const format = `${describeFormat(spec.format)}${spec.unconfirmed.includes('format') ? UNCONFIRMED : ''}`;
      const id = `\`${model.id}\`${model.idConfirmed ? '' : UNCONFIRMED}`;
      rows.push(`| ${model.name} | ${id} | ${type} | ${format} | ${records} | ${limitValue(spec, 'maxTokensPerRecord', count)} | ${sizes} |`);
    }
  }
  return rows.join('\n');
}

/** The generated sections of the doc, by marker name. */
const GENERATED: Readonly<Record<string, () => string>> = {
  formats: renderFormatsTable,
  hyperparameters: renderHyperParameterTable,
};

const markers = (name: string): [string, string] => [`<!-- generated:${name} -->`, `<!-- /generated:${name} -->`];

/** The text between the markers of `name` (trimmed); throws when they are missing. */
function section(markdown: string, name: string): string {
  const [start, end] = markers(name);
  const a = markdown.indexOf(start);
  const b = markdown.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/customization.md: markers ${start} … ${end} not found`);
  return markdown.slice(a + start.length, b).trim();
}

/** The markdown with every generated section replaced by its rendering, formatted with prettier. */
async function renderCustomizationDoc(markdown: string): Promise<string> {
  let out = markdown;
  for (const [name, render] of Object.entries(GENERATED)) {
    section(out, name); // checks the markers
    const [start, end] = markers(name);
    out = `${out.slice(0, out.indexOf(start) + start.length)}\n\n${render()}\n\n${out.slice(out.indexOf(end))}`;
  }
  const config = (await resolveConfig(DOC)) ?? {};
  return format(out, { ...config, filepath: DOC });
}

describe('docs/customization.md', () => {
  const current = fs.readFileSync(DOC, 'utf8');
  let rendered: string | undefined;
  const render = async (): Promise<string> => (rendered ??= await renderCustomizationDoc(current));

  afterAll(async () => {
    if (process.env.UPDATE_CUSTOMIZATION_DOC !== '1') return;
    const next = await render();
    if (next !== current) {
      fs.writeFileSync(DOC, next);
      console.log('updated docs/customization.md');
    }
  });

  it.each(Object.keys(GENERATED))('has the %s table the code renders', async (name) => {
    const expected = section(await render(), name);
    if (process.env.UPDATE_CUSTOMIZATION_DOC === '1') return;
    const actual = section(current, name);
    if (actual !== expected) {
      console.error(
        `docs/customization.md: the ${name} table is stale. Paste this between ${markers(name).join(' and ')} ` +
          `(or run UPDATE_CUSTOMIZATION_DOC=1 npx vitest run test/docs/customization-doc.test.ts):\n\n${expected}\n`,
      );
    }
    expect(actual, `stale generated section '${name}': paste the rendering printed above`).toBe(expected);
  });

  it('lists every base model and customization type of the table', () => {
    const table = section(current, 'formats');
    for (const model of CUSTOMIZATION_BASE_MODELS) {
      for (const type of CUSTOMIZATION_TYPES.filter((t) => model.customizations[t])) {
        expect(table).toMatch(new RegExp(`\`${model.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`[^|]*\\|\\s*${type}\\s*\\|`));
      }
    }
  });

  describe('example records', () => {
    // Each example is a ```json block right after `<!-- example: <base model> <customization type> -->`.
    const examples = [...current.matchAll(/<!-- example: (\S+) (\S+) -->\s*```json\n([\s\S]*?)\n```/g)].map((m) => ({
      baseModel: m[1]!,
      type: m[2]! as CustomizationType,
      json: m[3]!,
    }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-customization-doc-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('are present, one per format at least', () => {
      expect(examples.length).toBeGreaterThanOrEqual(7);
      const kinds = new Set(
        examples.map((e) => {
          const spec = CUSTOMIZATION_BASE_MODELS.find((m) => m.id === e.baseModel)?.customizations[e.type];
          return spec ? `${spec.format.kind}:${'schema' in spec.format ? spec.format.schema : ''}` : 'unknown';
        }),
      );
      expect([...kinds].sort()).toEqual([
        'continued-pretraining:',
        'conversation:anthropic-messages',
        'conversation:bedrock-conversation-2024',
        'prompt-completion:',
      ]);
    });

    it.each(examples.map((e, i) => [i, e.baseModel, e.type, e] as const))('example %i is a valid record for %s %s', (i, baseModel, type, example) => {
      const file = path.join(dir, `example-${i}.jsonl`);
      // Shown pretty-printed in the doc; one line per record in a dataset file.
      fs.writeFileSync(file, `${JSON.stringify(JSON.parse(example.json))}\n`);
      const summary = validateDataset([file], { baseModel, customizationType: type, limits: { minRecords: 0 } });
      expect(formatDatasetErrors(summary)).toEqual([]);
    });
  });

  it('describes the customization section of the reference governance.yaml', () => {
    interface ReferenceCustomization {
      readonly datasets?: readonly { readonly name: string; readonly files?: readonly string[] }[];
      readonly jobs?: readonly { readonly name: string; readonly customModelName: string }[];
      readonly provisionedThroughput?: readonly { readonly name: string; readonly modelUnits: number; readonly commitment?: string }[];
    }
    const config = parse(fs.readFileSync(path.join(ROOT, 'governance.yaml'), 'utf8')) as { customization?: ReferenceCustomization };
    const c = config.customization ?? {};
    for (const file of (c.datasets ?? []).flatMap((d) => d.files ?? [])) expect(current).toContain(`\`${file}\``);
    for (const job of c.jobs ?? []) expect(current).toContain(`\`${job.customModelName}\``);
    for (const t of c.provisionedThroughput ?? []) {
      const units = `${t.modelUnits} model unit${t.modelUnits === 1 ? '' : 's'}`;
      expect(current).toContain(`(\`${t.name}\`, ${units})`);
      expect(t.commitment ?? 'none', 'the cost warning says the reference throughput has no commitment').toBe('none');
    }
  });

  it('quotes the validator on the malformed fixture', () => {
    const file = 'test/fixtures/datasets/malformed/train.jsonl';
    const summary = validateDataset([path.join(ROOT, file)], { baseModel: 'amazon.titan-text-express-v1:0:8k', customizationType: 'FINE_TUNING' });
    const missing = summary.errors.find((e) => e.line === 3);
    expect(missing).toBeDefined();
    expect(current).toContain(formatDatasetError({ ...missing!, file }));
  });
});
