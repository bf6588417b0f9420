/**
 * The governance config (`governance.yaml`): the one source of truth for its shape, its defaults and its
 * documentation. The JSON Schema (docs/governance.schema.json) and the reference (docs/config.md) are generated
 * from it; every object is strict, so an unknown key (a typo) is an error rather than a silently ignored setting.
 */
import { z } from 'zod';
import { AccountId, Acknowledgement, Acknowledgements, Guardrail, identifier, modelList, ModelReference, Region, RegionList } from './schema-common';
import { MODEL_CATEGORIES, type ModelCategory } from '../iam/categories';
import { SERVICE_TIERS } from '../iam/protections';
import { API_KEYS_MODES } from '../iam/spec';
import { Customization } from './schema-customization';
import { LandingZone } from './schema-landing-zone';

/** Compliance packs the reference app can run. */
export const COMPLIANCE_PACK_NAMES = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'BedrockGovernance'] as const;

const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const RoleArn = z.string().regex(ROLE_ARN_RE, 'must be an IAM role ARN, arn:aws:iam::<account>:role/<name>');

const Trust = z
  .strictObject({
    accountRoot: z.boolean().optional().describe('Principals of the account may assume the role (as their IAM policies allow). Default: false.'),
    services: z
      .array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/, 'must be a service principal such as lambda.amazonaws.com'))
      .optional()
      .describe('Service principals that may assume the role, e.g. lambda.amazonaws.com. Default: none.'),
    roleArns: z.array(RoleArn).optional().describe('Roles that may assume the role. Default: none.'),
  })
  .refine((t) => t.accountRoot === true || (t.services?.length ?? 0) > 0 || (t.roleArns?.length ?? 0) > 0, {
    message: 'trusts nobody; accepted: accountRoot: true, services, roleArns, or several of them',
  })
  .describe('Who may assume the role.');

const TeamRole = z
  .strictObject({
    name: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name: 1 to 64 letters, digits and +=,.@_-')
      .describe(
        'Name of the IAM role created for the team (its RoleName, unique in the account); its construct id is <Team><Name>Role, by the construct-id rule (research-reader → ResearchReader).',
      ),
    trust: Trust,
    maxSessionHours: z.number().int().min(1).max(12).default(1).describe('Maximum session duration of the role, in hours (1 to 12).'),
  })
  .describe('A role created for the team.');

const Principals = z
  .strictObject({
    roles: z.array(TeamRole).optional().describe('Roles created for the team, each with the team policy attached. Default: none.'),
    existingRoleArns: z.array(RoleArn).optional().describe('Existing roles of the account the team policy is attached to. Default: none.'),
  })
  .refine((p) => (p.roles?.length ?? 0) + (p.existingRoleArns?.length ?? 0) > 0, {
    message: 'names no principal; accepted: roles, existingRoleArns, or both (omit principals for one role assumable by the account)',
  })
  .describe('Who gets the team policy.');

/** A provisioned throughput of this config a team may invoke. */
export const ThroughputReference = z
  .strictObject({
    provisionedThroughput: z
      .string()
      .min(1, 'must not be empty')
      .describe('Name of a provisioned throughput of customization.provisionedThroughput (in regions[0]).'),
  })
  .meta({
    id: 'ThroughputReference',
    description:
      'A provisioned throughput of customization.provisionedThroughput the team may invoke: { provisionedThroughput: <name> }. The policy allows the provisioned models of the account in regions[0] that carry its governance tag, with kms:Decrypt through Bedrock where the custom model is encrypted with the training-data key.',
  });

/** The custom model of a job of this config, invoked through the throughput the config buys for it. */
export const CustomModelReference = z
  .strictObject({
    customModel: z.string().min(1, 'must not be empty').describe('Name of a job of customization.jobs whose custom model the team may invoke.'),
  })
  .meta({
    id: 'CustomModelReference',
    description:
      "The custom model of a job of customization.jobs: { customModel: <job name> }. A custom model is invoked through a provisioned throughput (InvokeModel is never authorized on the custom model itself): this grants the job's throughput of customization.provisionedThroughput, which must exist.",
  });

/** An entry of a team's allow-list: a model reference, a provisioned throughput or a custom model of this config. */
export const TeamAllowEntry = z.union([ModelReference, ThroughputReference, CustomModelReference]);

const Access = z
  .strictObject({
    allow: z
      .array(TeamAllowEntry)
      .min(1, 'must list at least one model, profile, ARN or provisioned throughput (a policy that allows nothing is a mistake)')
      .describe(
        'Models the team may invoke: model references, { provisionedThroughput: <name> } for a throughput of customization.provisionedThroughput (invoked by its ARN, found by its governance tag), and { customModel: <job> } for the custom model of a job (through the throughput bought for it).',
      ),
    deny: z
      .array(ModelReference)
      .optional()
      .describe('Models the team may never invoke: directly, through any inference profile, in any region; a deny overlapping an allow wins. Default: none.'),
    regions: RegionList.describe('Regions in which the team invokes (source regions for inference profiles).'),
    requireVpcEndpoint: z
      .boolean()
      .default(false)
      .describe(
        "Deny invocation unless it arrives through the landing zone's private endpoints (aws:SourceVpce); every team region must be a landing-zone region whose runtime endpoint carries the team's models. Endpoint ids of regions other than the first reach the model-access stack through CDK's cross-region references (an SSM parameter written by that region's landing-zone stack, read by a custom resource).",
      ),
    requireGuardrail: z.boolean().default(false).describe('Deny invocation unless the request applies the top-level guardrail.'),
    catalogRead: z.boolean().default(true).describe('Grant read access to the model catalog (list and get foundation models and inference profiles).'),
    categories: z
      .array(z.enum(MODEL_CATEGORIES as unknown as [ModelCategory, ...ModelCategory[]]))
      .min(1, 'must list at least one category')
      .default(['inference'])
      .describe(
        'What the team may do with its allowed models: inference (InvokeModel, Converse, streaming, async, CountTokens, bedrock-mantle inference), batch, evaluation, training (customization, copy, mantle fine-tuning), serving (provisioned throughput, deployments, application profiles, prompt routers). A model off the allow-list is refused for every category.',
      ),
    apiKeys: z
      .enum(API_KEYS_MODES)
      .default('short-term-only')
      .describe('Bedrock API keys (bearer tokens) for the team: none, short-term keys only (pre-signed from its own credentials), or short- and long-term.'),
  })
  .describe('What the team may invoke, where and under which conditions.');

/** A team: its principals and its model access. */
export const Team = z
  .strictObject({
    name: identifier('team').describe(
      'Team name, unique; its construct id (split on every character other than a letter or digit, each part capitalized: Data Platform → DataPlatform) names the construct ids: DataPlatformRole, DataPlatformModelAccess.',
    ),
    principals: Principals.optional().describe('Who gets the team policy. Default: one role assumable by the account (account root trust), 1-hour sessions.'),
    access: Access,
    acknowledgements: Acknowledgements.optional().describe(
      'Findings and warnings on the team policy the platform team accepts, each with its reason. Default: none.',
    ),
  })
  .describe('A team and the model access its principals get.');

/** The organization-wide model policy (an SCP). */
export const Organization = z
  .strictObject({
    account: AccountId.describe(
      'The account the organization stack is deployed to: the management account or the delegated administrator for Organizations policies (12 digits, quoted).',
    ),
    region: Region.default('us-east-1').describe(
      "Region of the organization stack (Organizations is global; its endpoint is in us-east-1, us-gov-west-1 in GovCloud); same partition as the config's regions.",
    ),
    allow: modelList('an SCP that allows no model would block all invocation').describe(
      'Models that may be invoked in the target accounts; every other invocation is denied.',
    ),
    deny: z.array(ModelReference).optional().describe('Models denied outright, directly and through any profile. Default: none.'),
    regions: RegionList.optional().describe('Regions where invocation may start (profiles may still route to their destination regions). Default: any region.'),
    targetIds: z
      .array(
        z
          .string()
          .regex(
            /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$/,
            'must be a root id (r-…), an OU id (ou-…-…) or a 12-digit account id written as a quoted string',
          ),
      )
      .min(1, 'must list at least one root, OU or account')
      .describe('Roots, OUs or accounts the SCP is attached to.'),
    maxPolicyCharacters: z
      .number()
      .int()
      .min(1000)
      .max(10240)
      .default(5120)
      .describe('SCP size limit, whitespace counted: 5120 historically, up to 10240 where AWS raised it.'),
    maxPoliciesPerTarget: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(5)
      .describe('SCPs attachable to one target (the Organizations quota: 5, or up to 10 where raised).'),
    apiKeys: z
      .enum(API_KEYS_MODES)
      .default('short-term-only')
      .describe(
        'Bedrock API keys in the target accounts: none; short-term only (no long-term key can be created or used); or both, long-term keys with a bounded lifetime (longTermKeyMaxAgeDays).',
      ),
    longTermKeyMaxAgeDays: z
      .number()
      .int()
      .min(1)
      .max(36600)
      .optional()
      .describe('With apiKeys: allow, the longest lifetime of a new long-term API key, in days; keys without expiry are denied. Default: 90.'),
    baselineProtection: z
      .strictObject({
        adminRoles: z
          .array(z.string().regex(/^[\w+=,.@*?-]{1,64}$/, 'must be an IAM role name (globs * and ? accepted)'))
          .min(1, 'must name at least one role: otherwise nobody could set invocation logging')
          .describe(
            'Role names (any member account, globs accepted) that may still change the baseline: the landing-zone deployment role (cdk-hnb659fds-cfn-exec-role-*) and the invocation-logging custom resource role.',
          ),
      })
      .optional()
      .describe(
        'Deny every other principal of the target accounts changing or deleting the invocation-logging configuration, the enforced guardrail configuration and the data-retention setting. Default: not protected.',
      ),
    serviceTiers: z
      .array(z.enum(SERVICE_TIERS))
      .min(1)
      .optional()
      .describe('Service tiers invocation may use (a request naming no tier runs in default). Default: any tier.'),
    acknowledgements: Acknowledgements.optional().describe('Findings and warnings on the SCP the platform team accepts, each with its reason. Default: none.'),
  })
  .describe('The organization-wide model allow-list and deny-list, as a service control policy.');

/** A compliance finding accepted on purpose, optionally narrowed to a construct path. */
export const ComplianceAcknowledgement = Acknowledgement.extend({
  path: z
    .string()
    .min(1, 'must not be empty')
    .optional()
    .describe(
      'Construct path the acknowledgement applies to, matched by whole segments: the construct at this path and everything under it, e.g. BedrockLandingZone/Endpoints (not BedrockLandingZone/EndpointsX); a path that names no construct is an error. Default: the whole app.',
    ),
}).describe('A compliance finding accepted on purpose.');

/** The compliance packs run on synth and the findings accepted. */
export const Compliance = z
  .strictObject({
    packs: z
      .array(z.enum(COMPLIANCE_PACK_NAMES))
      .default([...COMPLIANCE_PACK_NAMES])
      .describe('Compliance packs run on every synth; synth fails on any unacknowledged finding.'),
    acknowledgements: z.array(ComplianceAcknowledgement).default([]).describe('Compliance findings accepted on purpose, each with its reason.'),
  })
  .describe('Compliance packs and acknowledged findings.');

/** The whole governance config. */
export const GovernanceConfigSchema = z
  .strictObject({
    account: AccountId.describe('The account the landing zone and the team roles are deployed to (12 digits, quoted).'),
    regions: RegionList.describe('Landing-zone regions; the first holds the multi-region trail.'),
    landingZone: LandingZone,
    guardrail: z
      .union([Guardrail, z.array(Guardrail).min(1, 'must list at least one guardrail when given')])
      .optional()
      .describe('Guardrail enforced for the teams with requireGuardrail: one { arn, version? }, or a list with one per region the teams use. Default: none.'),
    organization: Organization.optional().describe('The organization SCP. Default: no SCP.'),
    teams: z.array(Team).default([]).describe('The teams, each with its principals and model access.'),
    customization: Customization.optional().describe('Model customization: datasets, jobs and provisioned throughput. Default: none.'),
    compliance: Compliance.prefault({}).describe('Compliance packs and acknowledged findings.'),
  })
  .describe('Governance of Amazon Bedrock for one account: landing zone, teams, organization SCP, customization and compliance.');

/** The governance config after parsing, defaults applied. */
export type GovernanceConfig = z.infer<typeof GovernanceConfigSchema>;
/** The governance config as written (defaults not applied). */
export type GovernanceConfigInput = z.input<typeof GovernanceConfigSchema>;
/** A team of the config. */
export type TeamConfig = z.infer<typeof Team>;
/** The compliance section of the config. */
export type ComplianceConfig = z.infer<typeof Compliance>;
/** The organization section of the config. */
export type OrganizationConfig = z.infer<typeof Organization>;
/** The landing-zone section of the config. */
export type LandingZoneConfig = z.infer<typeof LandingZone>;
/** The customization section of the config. */
export type CustomizationConfig = z.infer<typeof Customization>;
/** An entry of a team's allow-list. */
export type TeamAllowEntryConfig = z.infer<typeof TeamAllowEntry>;
/** A custom-model entry of a team's allow-list. */
export type CustomModelReferenceConfig = z.infer<typeof CustomModelReference>;
/** A provisioned-throughput entry of a team's allow-list. */
export type ThroughputReferenceConfig = z.infer<typeof ThroughputReference>;
/** A model reference as the config holds it. */
export type ModelReferenceConfig = z.infer<typeof ModelReference>;
/** A compliance pack name. */
export type CompliancePackConfigName = (typeof COMPLIANCE_PACK_NAMES)[number];

export { pascalCase } from './schema-common';
