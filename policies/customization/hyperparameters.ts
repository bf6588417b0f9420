/**
 * Hyperparameter ranges and defaults of Amazon Bedrock model customization, per base model family: a data table
 * (one place to change when AWS changes a range) and a pure validator over it. No Construct in here. Which base
 * models support which customization type is the base-model table's business (`base-models.ts`); this table only
 * adds the hyperparameters.
 *
 * Sources (checked against the Bedrock user guide, "Custom model hyperparameters"):
 * - Titan Text Express/Lite and Premier: https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-titan-text.html
 * - Nova Micro/Lite/Pro: https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-nova-mm.html
 * - Claude 3 Haiku: https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-anth-claude-3.html
 * - Llama 3.1 8B/70B: https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-meta-llama31.html
 * - Llama 3.2 1B/3B/11B/90B: https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-meta-llama32.html
 * What the pages do not say is marked `unconfirmed` on the family.
 */
import { closestBaseModelIds, customizationBaseModel } from './base-models';
import { CUSTOMIZATION_TYPES } from './types';
import type { CustomizationType } from './types';

export { CUSTOMIZATION_TYPES } from './types';
export type { CustomizationType } from './types';

/** Every hyperparameter name some family accepts (the API names). */
export const HYPER_PARAMETER_NAMES = [
  'epochCount',
  'batchSize',
  'learningRate',
  'learningRateWarmupSteps',
  'learningRateMultiplier',
  'earlyStoppingThreshold',
  'earlyStoppingPatience',
] as const;
/** An API hyperparameter name. */
export type HyperParameterName = (typeof HYPER_PARAMETER_NAMES)[number];

/** Accepted range (inclusive) and default of one hyperparameter. */
export interface HyperParameterRange {
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** Whole numbers only. */
  readonly integer: boolean;
}

/** The hyperparameters one customization type of one family accepts (an empty table accepts none). */
export type HyperParameterTable = Readonly<Partial<Record<HyperParameterName, HyperParameterRange>>>;

/** A family of base models that share customization types and hyperparameter ranges. */
export interface CustomizationFamily {
  /** Display name. */
  readonly family: string;
  /**
   * Base model ids, without the context-window suffix: `amazon.titan-text-express-v1` matches itself and
   * `amazon.titan-text-express-v1:0:8k` (the id the customization API lists).
   */
  readonly modelIds: readonly string[];
  /** The hyperparameters each customization type accepts (for the types the base-model table lists for the model). */
  readonly hyperParameters: Readonly<Partial<Record<CustomizationType, HyperParameterTable>>>;
  /** The documentation page the ranges come from. */
  readonly source: string;
  /** What the documentation does not confirm. */
  readonly unconfirmed?: string;
}

const int = (min: number, max: number, def: number): HyperParameterRange => ({ min, max, default: def, integer: true });
const float = (min: number, max: number, def: number): HyperParameterRange => ({ min, max, default: def, integer: false });

const TITAN_TEXT: HyperParameterTable = {
  epochCount: int(1, 10, 5),
  batchSize: int(1, 64, 1),
  learningRate: float(0, 1, 0.00001),
  learningRateWarmupSteps: int(0, 250, 5),
};
const TITAN_TEXT_PREMIER: HyperParameterTable = {
  epochCount: int(1, 5, 2),
  batchSize: int(1, 1, 1),
  learningRate: float(0.0000001, 0.00001, 0.000001),
  learningRateWarmupSteps: int(0, 20, 5),
};
const NOVA: HyperParameterTable = {
  epochCount: int(1, 5, 2),
  learningRate: float(0.000001, 0.0001, 0.00001),
  learningRateWarmupSteps: int(0, 100, 10),
};
const CLAUDE_3_HAIKU: HyperParameterTable = {
  epochCount: int(1, 10, 2),
  batchSize: int(4, 256, 32),
  learningRateMultiplier: float(0.1, 2, 1),
  earlyStoppingThreshold: float(0, 0.1, 0.001),
  earlyStoppingPatience: int(1, 10, 2),
};
/** Llama 3.1 and 3.2 (the two pages give the same ranges). */
const LLAMA: HyperParameterTable = {
  epochCount: int(1, 10, 5),
  batchSize: int(1, 1, 1),
  learningRate: float(0.000005, 0.1, 0.0001),
};
/** Distillation jobs take a teacher model, not hyperparameters (unconfirmed: the API reference does not say). */
const NONE: HyperParameterTable = {};

const HP_PAGE = 'https://docs.aws.amazon.com/bedrock/latest/userguide/';

/** The base model families this library can start customization jobs for. */
export const CUSTOMIZATION_FAMILIES: readonly CustomizationFamily[] = [
  {
    family: 'Amazon Titan Text G1 - Express / Lite',
    modelIds: ['amazon.titan-text-express-v1', 'amazon.titan-text-lite-v1'],
    hyperParameters: { FINE_TUNING: TITAN_TEXT, CONTINUED_PRE_TRAINING: TITAN_TEXT },
    source: `${HP_PAGE}cm-hp-titan-text.html`,
    unconfirmed: 'continued pre-training uses the fine-tuning ranges (the page does not distinguish the two)',
  },
  {
    family: 'Amazon Titan Text G1 - Premier',
    modelIds: ['amazon.titan-text-premier-v1'],
    hyperParameters: { FINE_TUNING: TITAN_TEXT_PREMIER },
    source: `${HP_PAGE}cm-hp-titan-text.html`,
  },
  {
    family: 'Amazon Nova Micro / Lite / Pro',
    modelIds: ['amazon.nova-micro-v1', 'amazon.nova-lite-v1', 'amazon.nova-pro-v1'],
    hyperParameters: { FINE_TUNING: NOVA, DISTILLATION: NONE },
    source: `${HP_PAGE}cm-hp-nova-mm.html`,
    unconfirmed: 'that distillation takes no hyperparameters',
  },
  {
    family: 'Anthropic Claude 3 Haiku',
    modelIds: ['anthropic.claude-3-haiku-20240307-v1'],
    hyperParameters: { FINE_TUNING: CLAUDE_3_HAIKU, DISTILLATION: NONE },
    source: `${HP_PAGE}cm-hp-anth-claude-3.html`,
    unconfirmed: 'that distillation takes no hyperparameters',
  },
  {
    family: 'Meta Llama 3.1 8B / 70B Instruct',
    modelIds: ['meta.llama3-1-8b-instruct-v1', 'meta.llama3-1-70b-instruct-v1'],
    hyperParameters: { FINE_TUNING: LLAMA, DISTILLATION: NONE },
    source: `${HP_PAGE}cm-hp-meta-llama31.html`,
    unconfirmed: 'that distillation takes no hyperparameters',
  },
  {
    family: 'Meta Llama 3.2 1B / 3B / 11B / 90B Instruct',
    modelIds: ['meta.llama3-2-1b-instruct-v1', 'meta.llama3-2-3b-instruct-v1', 'meta.llama3-2-11b-instruct-v1', 'meta.llama3-2-90b-instruct-v1'],
    hyperParameters: { FINE_TUNING: LLAMA, DISTILLATION: NONE },
    source: `${HP_PAGE}cm-hp-meta-llama32.html`,
    unconfirmed: 'that distillation takes no hyperparameters',
  },
];

const FOUNDATION_MODEL_ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*::foundation-model\//;
const CUSTOM_MODEL_ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:custom-model\//;

/** The model id of a foundation-model ARN, or the input unchanged. */
export function normalizeBaseModelId(baseModel: string): string {
  return baseModel.replace(FOUNDATION_MODEL_ARN, '');
}

/** True for a custom-model ARN (customizing a custom model further): its ranges are those of its own base model. */
export function isCustomModelArn(baseModel: string): boolean {
  return CUSTOM_MODEL_ARN.test(baseModel);
}

/** The family of a base model id (or foundation-model ARN), if this library knows it. */
export function findCustomizationFamily(baseModel: string): CustomizationFamily | undefined {
  const id = normalizeBaseModelId(baseModel);
  return CUSTOMIZATION_FAMILIES.find((f) => f.modelIds.some((m) => id === m || id.startsWith(`${m}:`)));
}

/**
 * The customization type for what users write: `FINE_TUNING`, `fine-tuning`, `fine_tuning`, `Fine Tuning`,
 * `continued-pre-training`, `distillation`… Undefined when it is none of the three.
 */
export function normalizeCustomizationType(value: string): CustomizationType | undefined {
  const upper = value
    .trim()
    .toUpperCase()
    .replace(/[-\s]+/g, '_');
  return (CUSTOMIZATION_TYPES as readonly string[]).includes(upper) ? (upper as CustomizationType) : undefined;
}

/**
 * Why the base model cannot be customized with this type, or undefined when it can, by the base-model table
 * (`customizationBaseModel`: the customization id `…:0:8k` or the foundation-model id, or a foundation-model ARN of
 * either). A custom-model ARN is accepted (Bedrock checks it).
 */
export function checkBaseModel(baseModel: string, type: CustomizationType): string | undefined {
  if (isCustomModelArn(baseModel)) return undefined;
  const id = normalizeBaseModelId(baseModel);
  const model = customizationBaseModel(id);
  if (!model) {
    return `baseModel '${baseModel}' is not a base model Bedrock can customize; accepted: a custom-model ARN or a customization base model id (closest: ${closestBaseModelIds(id).join(', ')})`;
  }
  if (!model.customizations[type]) {
    const types = CUSTOMIZATION_TYPES.filter((t) => model.customizations[t] !== undefined).join(', ');
    return `customizationType '${type}' is not supported for ${id} (${model.name}); accepted: ${types}`;
  }
  return undefined;
}

/** The result of validateHyperParameters. */
export interface HyperParameterValidation {
  /** What to send as `hyperParameters`: every accepted parameter, defaults filled, as strings. Empty when none apply. */
  readonly hyperParameters: Readonly<Record<string, string>>;
  /** One message per problem, naming the parameter, the value and what is accepted. Empty when valid. */
  readonly problems: readonly string[];
}

/**
 * Validates hyperparameters against the table of the base model's family and customization type, and returns the
 * full map Bedrock takes (strings), defaults filled. Pure.
 *
 * When the ranges are unknown (a custom-model ARN as base, or a base model this table has no family for, such as
 * Nova 2 Lite) names are checked against every known name and values must be finite numbers; nothing is filled in.
 *
 * @example validateHyperParameters('amazon.titan-text-express-v1', 'FINE_TUNING', { epochCount: 12 }).problems
 * // ["epochCount 12 is out of range for amazon.titan-text-express-v1; accepted: 1 to 10"]
 */
export function validateHyperParameters(
  baseModel: string,
  customizationType: CustomizationType,
  given: Readonly<Record<string, unknown>> = {},
): HyperParameterValidation {
  const id = normalizeBaseModelId(baseModel);
  const modelProblem = checkBaseModel(baseModel, customizationType);
  if (modelProblem) return { hyperParameters: {}, problems: [modelProblem] };
  const family = findCustomizationFamily(baseModel);
  const table = family?.hyperParameters[customizationType];
  const accepted: readonly string[] = table ? Object.keys(table) : HYPER_PARAMETER_NAMES;
  const problems: string[] = [];
  const out: Record<string, string> = {};

  for (const [name, raw] of Object.entries(given)) {
    if (raw === undefined) continue;
    if (!accepted.includes(name)) {
      const list = accepted.length > 0 ? accepted.join(', ') : 'none';
      problems.push(`hyperparameter '${name}' is not accepted for ${customizationType} of ${id}; accepted: ${list}`);
      continue;
    }
    const value = toNumber(raw);
    if (value === undefined) {
      problems.push(`${name} ${JSON.stringify(raw)} is not a number; accepted: a finite number`);
      continue;
    }
    const range = table?.[name as HyperParameterName];
    if (range) {
      const limits = `${formatNumber(range.min)} to ${formatNumber(range.max)}`;
      if (range.integer && !Number.isInteger(value)) {
        problems.push(`${name} ${formatNumber(value)} is not an integer; accepted for ${id}: whole numbers from ${limits}`);
        continue;
      }
      if (value < range.min || value > range.max) {
        problems.push(`${name} ${formatNumber(value)} is out of range for ${id}; accepted: ${limits}`);
        continue;
      }
    }
    out[name] = formatNumber(value);
  }

  const filled: Record<string, string> = {};
  for (const [name, range] of Object.entries(table ?? {}) as [HyperParameterName, HyperParameterRange][]) {
    filled[name] = out[name] ?? formatNumber(range.default);
  }
  return { hyperParameters: table ? filled : out, problems };
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(raw)) return Number(raw);
  return undefined;
}

/** A number in plain decimal notation (`0.0000001`, never `1e-7`), as Bedrock's hyperparameter strings. */
export function formatNumber(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e-(\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = '', lead = '', rest = '', exp = '0'] = m;
  return `${sign}0.${'0'.repeat(Number(exp) - 1)}${lead}${rest}`;
}

/** The ranges as a Markdown table (the README embeds it; a test keeps the two equal). */
export function renderHyperParameterTable(): string {
  const rows = ['| family | type | hyperparameter | min | max | default | integer |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const f of CUSTOMIZATION_FAMILIES) {
    for (const [type, table] of Object.entries(f.hyperParameters)) {
      const entries = Object.entries(table) as [HyperParameterName, HyperParameterRange][];
      if (entries.length === 0) rows.push(`| ${f.family} | ${type} | none | | | | |`);
      for (const [name, r] of entries) {
        rows.push(
          `| ${f.family} | ${type} | \`${name}\` | ${formatNumber(r.min)} | ${formatNumber(r.max)} | ${formatNumber(r.default)} | ${r.integer ? 'yes' : 'no'} |`,
        );
      }
    }
  }
  return rows.join('\n');
}
