/**
 * Use categories: what a call does with a model. The model-using actions come from the generated table
 * (data/model-actions.ts, from IAM's own data); this module adds what IAM's data cannot say: which resources of an
 * action are the model it uses and which are what it creates (jobs, outputs), and the companion actions a team needs
 * to follow its own jobs.
 */
import { MODEL_ACTION_TABLE } from './data/model-actions';

/** What a call does with a model. */
export type ModelCategory = 'inference' | 'batch' | 'evaluation' | 'training' | 'serving';

/** A row of the generated action table. `manage`: reads, tags or deletes something that exists; never restricted. */
export interface ModelActionEntry {
  readonly action: string;
  readonly category: ModelCategory | 'manage';
  readonly resourceTypes: readonly string[];
  readonly conditionKeys: readonly string[];
}

/** Every category, in the order docs and reports list them. */
export const MODEL_CATEGORIES: readonly ModelCategory[] = ['inference', 'batch', 'evaluation', 'training', 'serving'];

/** What a team may do when it says nothing: run inference (sync, streaming, async, CountTokens). */
export const DEFAULT_CATEGORIES: readonly ModelCategory[] = ['inference'];

/** One line per category, for docs and reports. */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<ModelCategory, string>> = {
  inference: 'InvokeModel, Converse and their streaming forms, asynchronous invocation, CountTokens; bedrock-mantle inference',
  batch: 'batch inference jobs (CreateModelInvocationJob)',
  evaluation: 'model evaluation and prompt optimization jobs',
  training: 'model customization (fine-tuning, continued pre-training, distillation), model copy, bedrock-mantle fine-tuning',
  serving: 'provisioned throughput, custom model deployments, application inference profiles, prompt routers',
};

/** Resource types that identify a model (or what serves one) when an action names them as its input. */
export const MODEL_INPUT_TYPES = [
  'foundation-model',
  'inference-profile',
  'application-inference-profile',
  'prompt-router',
  'default-prompt-router',
  'provisioned-model',
  'custom-model',
  'custom-model-deployment',
  'imported-model',
  'bedrock-marketplace-model-endpoint',
] as const;

/**
 * Resource types an action checks that are what the call creates or changes, not the model it uses: the new custom
 * model of a customization, the new application profile… AWS checks them with the same action, so a boundary that
 * denies "every resource but the approved models" must let them through.
 */
export const OUTPUT_TYPES: Readonly<Record<string, readonly string[]>> = {
  'bedrock:CreateModelCustomizationJob': ['custom-model'],
  'bedrock:CreateModelCopyJob': ['custom-model'],
  'bedrock:CreateInferenceProfile': ['application-inference-profile'],
  'bedrock:UpdateProvisionedModelThroughput': ['provisioned-model'],
  'bedrock:UpdateCustomModelDeployment': ['custom-model-deployment'],
};

/** Resource types of the bedrock service whose ARN has no account (foundation models). */
const NO_ACCOUNT_TYPES = new Set(['foundation-model']);

/** ARN path of a resource type (`marketplace/model-endpoint` differs from its type name). */
const ARN_PATH: Readonly<Record<string, string>> = { 'bedrock-marketplace-model-endpoint': 'marketplace/model-endpoint' };

/** ARN pattern of every resource of a bedrock resource type in a region and account (`*` for any). */
export function resourcePattern(partition: string, region: string, account: string, type: string): string {
  return `arn:${partition}:bedrock:${region}:${NO_ACCOUNT_TYPES.has(type) ? '' : account}:${ARN_PATH[type] ?? type}/*`;
}

const bedrockRows = (): readonly ModelActionEntry[] => MODEL_ACTION_TABLE.filter((r) => r.action.startsWith('bedrock:'));

/** A table row by action name. */
export function modelAction(action: string): ModelActionEntry | undefined {
  return MODEL_ACTION_TABLE.find((r) => r.action === action);
}

/**
 * The bedrock actions of a category that AWS authorizes on the model they use (a foundation model, a profile, a
 * provisioned or custom model…): the boundary allows them only on approved models.
 */
export function boundedActions(category: ModelCategory): string[] {
  return bedrockRows()
    .filter((r) => r.category === category && r.resourceTypes.some((t) => (MODEL_INPUT_TYPES as readonly string[]).includes(t)))
    .map((r) => r.action);
}

/** Every bounded bedrock action of every category. */
export function allBoundedActions(): string[] {
  return MODEL_CATEGORIES.flatMap(boundedActions);
}

/** Resource types an action checks beside its model: jobs it creates and its outputs. */
export function auxiliaryTypes(action: string): string[] {
  const row = modelAction(action);
  if (!row) return [];
  const jobs = row.resourceTypes.filter((t) => !(MODEL_INPUT_TYPES as readonly string[]).includes(t) && t !== 'project' && t !== 'system-tool');
  return [...new Set([...jobs, ...(OUTPUT_TYPES[action] ?? [])])];
}

/** bedrock-mantle actions of a category authorized with the model named in `bedrock-mantle:Model`. */
export function mantleModelActions(category: ModelCategory): string[] {
  return MODEL_ACTION_TABLE.filter((r) => r.category === category && r.action.startsWith('bedrock-mantle:') && r.conditionKeys.includes(MANTLE_MODEL_KEY)).map(
    (r) => r.action,
  );
}

/** The condition key of bedrock-mantle that names the model. */
export const MANTLE_MODEL_KEY = 'bedrock-mantle:Model';

/**
 * Companion actions a team granted a category needs to follow its own work: read, list and stop its jobs. They use no
 * model. `resourceTypes` empty: IAM accepts only `*`.
 */
export interface CompanionGrant {
  readonly actions: readonly string[];
  /** bedrock resource types (account-scoped) the actions take; empty for list actions. */
  readonly resourceTypes: readonly string[];
  /** bedrock-mantle instead of bedrock. @default false */
  readonly mantle?: boolean;
}

export const COMPANIONS: Readonly<Record<ModelCategory, readonly CompanionGrant[]>> = {
  inference: [
    { actions: ['bedrock:GetAsyncInvoke'], resourceTypes: ['async-invoke'] },
    { actions: ['bedrock:ListAsyncInvokes'], resourceTypes: [] },
    {
      actions: [
        'bedrock-mantle:GetInference',
        'bedrock-mantle:CancelInference',
        'bedrock-mantle:DeleteInference',
        'bedrock-mantle:GetProject',
        'bedrock-mantle:GetModel',
        'bedrock-mantle:ListModels',
        'bedrock-mantle:ListProjects',
      ],
      resourceTypes: ['project'],
      mantle: true,
    },
  ],
  batch: [
    { actions: ['bedrock:GetModelInvocationJob', 'bedrock:StopModelInvocationJob'], resourceTypes: ['model-invocation-job'] },
    { actions: ['bedrock:ListModelInvocationJobs'], resourceTypes: [] },
  ],
  evaluation: [
    { actions: ['bedrock:GetEvaluationJob', 'bedrock:StopEvaluationJob'], resourceTypes: ['evaluation-job'] },
    { actions: ['bedrock:GetAdvancedPromptOptimizationJob', 'bedrock:StopAdvancedPromptOptimizationJob'], resourceTypes: ['advanced-prompt-optimization-job'] },
    { actions: ['bedrock:ListEvaluationJobs', 'bedrock:ListAdvancedPromptOptimizationJobs'], resourceTypes: [] },
  ],
  training: [
    { actions: ['bedrock:GetModelCustomizationJob', 'bedrock:StopModelCustomizationJob'], resourceTypes: ['model-customization-job'] },
    { actions: ['bedrock:GetModelCopyJob'], resourceTypes: ['model-copy-job'] },
    { actions: ['bedrock:ListModelCustomizationJobs', 'bedrock:ListModelCopyJobs', 'bedrock:ListCustomModels'], resourceTypes: [] },
    {
      actions: [
        'bedrock-mantle:GetFineTuningJob',
        'bedrock-mantle:ListFineTuningJobs',
        'bedrock-mantle:CancelFineTuningJob',
        'bedrock-mantle:CreateFile',
        'bedrock-mantle:GetFile',
        'bedrock-mantle:ListFiles',
      ],
      resourceTypes: ['project'],
      mantle: true,
    },
  ],
  serving: [
    { actions: ['bedrock:GetProvisionedModelThroughput'], resourceTypes: ['provisioned-model'] },
    { actions: ['bedrock:GetCustomModelDeployment'], resourceTypes: ['custom-model-deployment'] },
    { actions: ['bedrock:ListProvisionedModelThroughputs', 'bedrock:ListCustomModelDeployments'], resourceTypes: [] },
  ],
};

/** Checks a categories list; returns the problems as text (empty when valid). */
export function categoryProblems(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return `must be a non-empty list of: ${MODEL_CATEGORIES.join(', ')}`;
  const bad = value.filter((v) => !(MODEL_CATEGORIES as readonly unknown[]).includes(v));
  if (bad.length > 0) return `has unknown categories ${bad.map((b) => JSON.stringify(b)).join(', ')}; accepted: ${MODEL_CATEGORIES.join(', ')}`;
  return undefined;
}

/**
 * The bounded actions as few patterns, for Deny statements scoped to named resources (the deny-list). Over IAM's data,
 * these patterns match, among the actions that take a model resource, exactly the bounded ones (asserted by
 * test/policies/iam/model-actions.test.ts); a future `Create…` or `InvokeModel…` action on a denied model is denied too.
 * Never for NotResource statements, where a wider action list would deny unrelated resources.
 */
export const DENY_ACTION_PATTERNS = [
  'bedrock:InvokeModel*',
  'bedrock:Create*',
  'bedrock:Update*',
  'bedrock:CountTokens',
  'bedrock:DetectGeneratedContent',
  'bedrock:RegisterMarketplaceModelEndpoint',
] as const;
