/**
 * IAM action names used by the policy engine, in one place (like aws-cdk's perms.ts).
 *
 * Model invocation is authorized by exactly two actions; the runtime APIs Converse and
 * ConverseStream are authorized by them too (`bedrock:Converse` is not an IAM action).
 */

/** The two actions that authorize model invocation (InvokeModel, Converse and their streaming forms). */
export const INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] as const;

/** Catalog list actions; IAM accepts only `Resource: "*"` for them. */
export const CATALOG_LIST_ACTIONS = ['bedrock:ListFoundationModels', 'bedrock:ListInferenceProfiles'] as const;

/** Read a foundation model's metadata; scoped to foundation-model ARNs. */
export const GET_FOUNDATION_MODEL_ACTION = 'bedrock:GetFoundationModel';

/** Read an inference profile's metadata; scoped to inference-profile ARNs. */
export const GET_INFERENCE_PROFILE_ACTION = 'bedrock:GetInferenceProfile';

/** Needed on the guardrail when an invocation names a guardrail. */
export const APPLY_GUARDRAIL_ACTION = 'bedrock:ApplyGuardrail';

/** Condition keys of model invocation. */
export const CONDITION_KEYS = {
  inferenceProfileArn: 'bedrock:InferenceProfileArn',
  modelArn: 'bedrock:ModelArn',
  serviceTier: 'bedrock:ServiceTier',
  guardrailIdentifier: 'bedrock:GuardrailIdentifier',
  sourceVpce: 'aws:SourceVpce',
} as const;

/**
 * Action names that look like Bedrock IAM actions but are not: a policy naming them grants nothing.
 * Maps each to the action that really authorizes the call.
 */
export const NON_IAM_BEDROCK_ACTIONS: Readonly<Record<string, string>> = {
  'bedrock:Converse': 'bedrock:InvokeModel',
  'bedrock:ConverseStream': 'bedrock:InvokeModelWithResponseStream',
  'bedrock:InvokeModelStream': 'bedrock:InvokeModelWithResponseStream',
};

/** Model invocation logging configuration; IAM accepts only `Resource: "*"` for them. */
export const LOGGING_CONFIGURATION_ACTIONS = [
  'bedrock:GetModelInvocationLoggingConfiguration',
  'bedrock:PutModelInvocationLoggingConfiguration',
  'bedrock:DeleteModelInvocationLoggingConfiguration',
] as const;
