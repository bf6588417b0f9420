// Default configuration of the reference app (replaced by governance.yaml in a later release).
import type { TeamModelAccess } from '../stacks/model-access-stack';
import type { OrganizationPolicyStackProps } from '../stacks/organization-policy-stack';
import type { SecureLandingZoneStackProps } from '../stacks/secure-landing-zone-stack';

/** The account the reference app is synthesized for (replace with yours to deploy). */
export const REFERENCE_ACCOUNT = '111111111111';

/** The landing zone: one stack per region; the first region holds the multi-region trail. */
export interface LandingZoneConfig extends Omit<SecureLandingZoneStackProps, 'env' | 'trail'> {
  /** Regions to deploy the landing zone in (each needs its availability zones in cdk.context.json for offline synth). */
  readonly regions: readonly string[];
  /** Name of the multi-region trail created in the first region. */
  readonly trailName: string;
  /** Endpoint model lists of regions that need their own (geography prefixes differ by region). */
  readonly endpointModelsByRegion?: Readonly<Record<string, SecureLandingZoneStackProps['endpointModels']>>;
}

export const REFERENCE_CONFIG: {
  landingZone: LandingZoneConfig;
  teams: TeamModelAccess[];
  organization: OrganizationPolicyStackProps;
} = {
  landingZone: {
    regions: ['us-east-1'],
    trailName: 'bedrock-governance',
    endpointModels: {
      allow: ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.nova-*', 'us.amazon.nova-*'],
      deny: ['amazon.nova-premier-v1:0'],
    },
    network: { vpcCidr: '10.40.0.0/16', maxAzs: 2, services: ['bedrock', 'bedrock-runtime'] },
    endpointAcknowledgements: [
      {
        id: 'Annotation::cdk-bedrock-governance:DenyOverridesAllow',
        reason: 'Intended: the endpoint carries the Nova family except Nova Premier, which no team of this account may use.',
      },
    ],
  },
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
