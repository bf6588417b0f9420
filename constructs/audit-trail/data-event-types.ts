/**
 * Amazon Bedrock resource types whose API activity CloudTrail records only as **data** events (trails log them
 * only with an advanced event selector `eventCategory = Data`, `resources.type = <type>`). InvokeModel, Converse
 * (and their streaming forms) and every control-plane call are management events and need no entry here.
 *
 * Source: AWS CloudTrail User Guide, "Logging data events" (resource type table, Amazon Bedrock rows) and the
 * Amazon Bedrock User Guide, "Monitor Amazon Bedrock API calls using CloudTrail". Change the lists here only.
 */

/** Recorded by `BedrockAuditTrail` unless `dataEventResourceTypes` says otherwise. */
export const BEDROCK_DATA_EVENT_RESOURCE_TYPES = [
  'AWS::Bedrock::AgentAlias', // InvokeAgent
  'AWS::Bedrock::KnowledgeBase', // Retrieve, RetrieveAndGenerate
  'AWS::Bedrock::FlowAlias', // InvokeFlow
  'AWS::Bedrock::Guardrail', // ApplyGuardrail
  'AWS::Bedrock::Model', // InvokeModelWithBidirectionalStream, StartAsyncInvoke, GetAsyncInvoke
  'AWS::Bedrock::AsyncInvoke', // StartAsyncInvoke, GetAsyncInvoke
  'AWS::Bedrock::InlineAgent', // InvokeInlineAgent
  'AWS::Bedrock::PromptVersion', // API activity on prompt versions
  'AWS::Bedrock::Session', // session APIs (CreateSession, PutInvocationStep, …)
] as const;

/** Further Bedrock data-event resource types CloudTrail accepts; recorded only when listed explicitly. */
export const OPTIONAL_BEDROCK_DATA_EVENT_RESOURCE_TYPES = [
  'AWS::Bedrock::FlowExecution',
  'AWS::Bedrock::AutomatedReasoningPolicy',
  'AWS::Bedrock::AutomatedReasoningPolicyVersion',
  'AWS::Bedrock::Tool',
  'AWS::Bedrock::DataAutomationProject',
  'AWS::Bedrock::DataAutomationInvocation',
  'AWS::Bedrock::DataAutomationProfile',
  'AWS::Bedrock::Blueprint',
] as const;

/** Every value `dataEventResourceTypes` accepts. */
export const KNOWN_BEDROCK_DATA_EVENT_RESOURCE_TYPES: readonly string[] = [...BEDROCK_DATA_EVENT_RESOURCE_TYPES, ...OPTIONAL_BEDROCK_DATA_EVENT_RESOURCE_TYPES];
