/** The rules of the BedrockGovernance pack, in the order they are applied and documented. */
import { AgentGuardrail } from './AgentGuardrail';
import { CustomerManagedKey } from './CustomerManagedKey';
import { DataBucket } from './DataBucket';
import { EndpointPolicy } from './EndpointPolicy';
import { GuardrailCondition } from './GuardrailCondition';
import { InvocationLogging } from './InvocationLogging';
import { InvokeWildcard } from './InvokeWildcard';
import { NonIamAction } from './NonIamAction';
import { ProfileDestinations } from './ProfileDestinations';
import type { BedrockRule } from './rule';
import { TrailDataEvents } from './TrailDataEvents';

export type { BedrockRule, RuleOptions } from './rule';

/** Every rule of the pack. */
export const BEDROCK_GOVERNANCE_RULES: readonly BedrockRule[] = [
  InvokeWildcard,
  NonIamAction,
  EndpointPolicy,
  ProfileDestinations,
  GuardrailCondition,
  InvocationLogging,
  DataBucket,
  CustomerManagedKey,
  AgentGuardrail,
  TrailDataEvents,
];

export {
  AgentGuardrail,
  CustomerManagedKey,
  DataBucket,
  EndpointPolicy,
  GuardrailCondition,
  InvocationLogging,
  InvokeWildcard,
  NonIamAction,
  ProfileDestinations,
  TrailDataEvents,
};
