import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { asList, flatList, flatten, prop, renderedProperties } from './cfn';
import { appFacts } from './environments';
import type { BedrockRule } from './rule';

/** The data-event resource type each kind of Bedrock resource needs recorded. */
const AGENT_ALIAS = 'AWS::Bedrock::AgentAlias';
const KNOWLEDGE_BASE = 'AWS::Bedrock::KnowledgeBase';

/** True when one of the trail's advanced event selectors records data events of the resource type. */
function recordsDataEvents(selectors: readonly unknown[], type: string): boolean {
  return selectors.some((selector) => {
    const fields = asList(prop(selector, 'FieldSelectors'));
    const field = (name: string): unknown => fields.find((f) => flatten(prop(f, 'Field')) === name);
    const category = field('eventCategory');
    if (!flatList(prop(category, 'Equals')).includes('Data')) return false;
    const resources = field('resources.type');
    if (resources === undefined) return false;
    const values = (name: string): string[] => flatList(prop(resources, name));
    const matches = (eq: string, starts: string, ends: string): boolean =>
      values(eq).includes(type) || values(starts).some((p) => type.startsWith(p)) || values(ends).some((p) => type.endsWith(p));
    return matches('Equals', 'StartsWith', 'EndsWith') && !matches('NotEquals', 'NotStartsWith', 'NotEndsWith');
  });
}

/** Findings (one per missing resource type) for a trail of an app that defines agents or knowledge bases. */
export function checkTrailDataEvents(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
  const facts = appFacts(node);
  const required = [...(facts.hasAgents ? [AGENT_ALIAS] : []), ...(facts.hasKnowledgeBases ? [KNOWLEDGE_BASE] : [])];
  if (required.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const selectors = asList(prop(renderedProperties(node), 'AdvancedEventSelectors'));
  const missing = required.filter((type) => !recordsDataEvents(selectors, type));
  return missing.length > 0 ? missing : NagRuleCompliance.COMPLIANT;
}

/** Rule: a trail that skips the Bedrock data events of an app with agents or knowledge bases. */
export const TrailDataEvents: BedrockRule = {
  id: 'TrailDataEvents',
  level: NagMessageLevel.WARN,
  info: 'A CloudTrail trail does not record the Bedrock data events of the agents or knowledge bases the app defines.',
  explanation:
    'InvokeAgent, Retrieve and RetrieveAndGenerate are CloudTrail data events, which trails skip unless an advanced event selector ' +
    'asks for them; without them nobody can tell who called an agent or queried a knowledge base. Checked: each ' +
    'AWS::CloudTrail::Trail of an app that defines an AWS::Bedrock::Agent (needs AWS::Bedrock::AgentAlias) or an ' +
    'AWS::Bedrock::KnowledgeBase (needs AWS::Bedrock::KnowledgeBase) anywhere: an advanced event selector with eventCategory ' +
    'Equals Data and resources.type Equals the type (or StartsWith/EndsWith a part of it), not excluded by NotEquals/NotStartsWith/NotEndsWith. ' +
    'Findings: the missing resource types. Trails outside the app (an organization trail) are not seen; an app without a trail ' +
    'has no finding. Fix: BedrockAuditTrail records them by default.',
  controls: ['GENSEC03-BP01', 'GENSEC01-BP04', 'CloudTrail.1'],
  check: checkTrailDataEvents,
};
