// Default configuration of the reference app (replaced by governance.yaml in a later release).
import type { TeamModelAccess } from '../stacks/model-access-stack';
import type { OrganizationPolicyStackProps } from '../stacks/organization-policy-stack';

export const REFERENCE_CONFIG: { teams: TeamModelAccess[]; organization: OrganizationPolicyStackProps } = {
  teams: [
    {
      name: 'Research',
      access: {
        allow: ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.nova-*', 'us.amazon.nova-*'],
        deny: ['amazon.nova-premier-v1:0'],
        regions: ['us-east-1', 'us-west-2'],
      },
      acknowledgements: [
        {
          id: 'Annotation::cdk-bedrock-governance:DenyOverridesAllow',
          reason: 'Intended: Research may use the Nova family except Nova Premier, which is reserved for the evaluation team (cost control).',
        },
      ],
    },
    {
      name: 'Support',
      access: {
        allow: ['anthropic.claude-3-haiku-20240307-v1:0', 'eu.anthropic.claude-3-haiku-20240307-v1:0'],
        regions: ['eu-central-1'],
        catalogRead: false,
      },
    },
  ],
  organization: {
    modelPolicy: {
      allow: ['anthropic.*', 'us.anthropic.*', 'eu.anthropic.*', 'global.anthropic.*', 'amazon.*', 'us.amazon.*', 'eu.amazon.*'],
      deny: ['anthropic.claude-3-opus-20240229-v1:0'],
      targetIds: ['ou-ab12-cdef3456'],
    },
    acknowledgements: [
      {
        id: 'Annotation::cdk-bedrock-governance:DenyOverridesAllow',
        reason: 'Intended: the organization allows the Anthropic family but retires Claude 3 Opus (superseded; legal review pending).',
      },
    ],
  },
};
