/**
 * The JSON Schema of the governance config, generated from the zod schema, for editors (the first line of
 * governance.yaml points the YAML language server at docs/governance.schema.json) and other tools.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { GovernanceConfigSchema } from './schema';

/** Where the generated schema is committed. */
export const CONFIG_SCHEMA_PATH = path.join(__dirname, '..', '..', 'docs', 'governance.schema.json');

/** A JSON Schema (draft-07) node, as far as the generators read it. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly minLength?: number;
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
}

/**
 * The JSON Schema of the config as written (defaulted keys are optional), draft-07 for the widest editor support.
 */
export function governanceJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(GovernanceConfigSchema, { io: 'input', target: 'draft-7' }) as JsonSchema & { $schema?: string };
  const { $schema, ...rest } = generated;
  return { $schema, title: 'cdk-bedrock-governance configuration (governance.yaml)', ...rest } as JsonSchema;
}

/**
 * Formats generated text the way the repository's prettier config would, so that the committed file passes
 * `prettier --check`. Without prettier (it is a development dependency) the text is returned as is.
 */
export async function formatGenerated(text: string, file: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...options, filepath: file });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return text;
    throw err;
  }
}

/** The content of docs/governance.schema.json. */
export async function renderConfigSchema(file: string = CONFIG_SCHEMA_PATH): Promise<string> {
  return formatGenerated(`${JSON.stringify(governanceJsonSchema(), null, 2)}\n`, file);
}

/** Writes docs/governance.schema.json (or `file`); returns the path written. */
export async function writeConfigSchema(file: string = CONFIG_SCHEMA_PATH): Promise<string> {
  fs.writeFileSync(file, await renderConfigSchema(file));
  return file;
}
