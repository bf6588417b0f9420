/**
 * The IAM checks AWS makes for Bedrock calls beyond invocation (batch, evaluation, training, serving, CountTokens,
 * asynchronous invocation, bedrock-mantle, API keys), for the simulation matrix. Written from the Service Authorization
 * Reference (resource types of each action), independently of the engine: which resources a call is checked on is a
 * fact about AWS, not about our policies.
 */
import type { BedrockCall, Context } from './bedrock-calls';
import { ACCOUNT } from './iam-oracle';

const id = 'res0123456789';

/** A concrete ARN of an account-scoped bedrock resource type in a region. */
export function bedrockArn(type: string, region: string, account = ACCOUNT): string {
  const path = type === 'bedrock-marketplace-model-endpoint' ? 'marketplace/model-endpoint/all-access' : `${type}/${id}`;
  return `arn:aws:bedrock:${region}:${account}:${path}`;
}

/**
 * Resources a call checks besides the model it names (the job it creates, its output, the resource it changes),
 * by action: from the resource types of the Service Authorization Reference.
 */
export const EXTRA_CHECKS: Readonly<Record<string, readonly string[]>> = {
  'bedrock:CreateModelInvocationJob': ['model-invocation-job'],
  'bedrock:CreateModelCustomizationJob': ['custom-model'],
  'bedrock:CreateModelCopyJob': ['custom-model'],
  'bedrock:CreateInferenceProfile': ['application-inference-profile'],
  'bedrock:UpdateProvisionedModelThroughput': ['provisioned-model'],
  'bedrock:UpdateCustomModelDeployment': ['custom-model-deployment'],
};

/** What each bounded action takes as its model: a foundation model (or profile) or a custom model. */
export const TAKES_CUSTOM_MODEL_ONLY = new Set(['bedrock:CreateCustomModelDeployment', 'bedrock:CreateModelCopyJob', 'bedrock:UpdateCustomModelDeployment']);

/** A call of `action` that names `modelArn`, with the extra checks AWS makes in `region`. */
export function useModel(action: string, modelArn: string, region: string, context: Context = {}): BedrockCall {
  const extra = (EXTRA_CHECKS[action] ?? []).map((t) => ({ action, resource: bedrockArn(t, region), context }));
  return {
    name: `${action.slice(action.indexOf(':') + 1)} on ${modelArn.slice(modelArn.indexOf(':', 20) + 1)}${extra.length ? ` (+${extra.length} check)` : ''}`,
    checks: [{ action, resource: modelArn, context }, ...extra],
  };
}

/** StartAsyncInvoke: InvokeModel on the model and on the async-invoke resource it creates. */
export function startAsyncInvoke(modelArn: string, region: string, context: Context = {}): BedrockCall {
  return {
    name: `StartAsyncInvoke on ${modelArn.slice(modelArn.lastIndexOf('/') + 1)} in ${region}`,
    checks: [
      { action: 'bedrock:InvokeModel', resource: modelArn, context },
      { action: 'bedrock:InvokeModel', resource: bedrockArn('async-invoke', region), context },
    ],
  };
}

/** A bedrock-mantle project ARN. */
export const mantleProject = (region: string, account = ACCOUNT): string => `arn:aws:bedrock-mantle:${region}:${account}:project/proj0123456`;

/** A bedrock-mantle call naming a model (CreateInference, CountTokens, CreateFineTuningJob). */
export function mantle(action: string, model: string, region: string, context: Context = {}): BedrockCall {
  return {
    name: `${action} model=${model} in ${region}`,
    checks: [{ action, resource: mantleProject(region), context: { ...context, 'bedrock-mantle:Model': model } }],
  };
}

/** A call made with a Bedrock API key of the given type. */
export function bearer(service: 'bedrock' | 'bedrock-mantle', type: 'SHORT_TERM' | 'LONG_TERM'): BedrockCall {
  return {
    name: `${service}:CallWithBearerToken ${type}`,
    checks: [{ action: `${service}:CallWithBearerToken`, resource: '*', context: { [`${service}:BearerTokenType`]: type } }],
  };
}

/** Creating a long-term API key (service-specific credential) for a user, with an age in days or no expiry. */
export function createApiKey(ageDays?: number, service = 'bedrock.amazonaws.com'): BedrockCall {
  const context: Context = { 'iam:ServiceSpecificCredentialServiceName': service };
  if (ageDays !== undefined) context['iam:ServiceSpecificCredentialAgeDays'] = String(ageDays);
  return {
    name: `CreateServiceSpecificCredential ${service} ${ageDays === undefined ? 'without expiry' : `${ageDays} days`}`,
    checks: [{ action: 'iam:CreateServiceSpecificCredential', resource: `arn:aws:iam::${ACCOUNT}:user/api-key-user`, context }],
  };
}

/** A call by a given principal (role name in the account). */
export function as(roleName: string, call: BedrockCall): BedrockCall {
  const principal = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
  return { name: `${call.name} by ${roleName}`, checks: call.checks.map((c) => ({ ...c, principal })) };
}
