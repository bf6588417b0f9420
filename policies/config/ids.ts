/**
 * Construct ids from the names a config gives (teams, roles, datasets, jobs, provisioned throughput). Construct ids
 * are part of the deployed contract (a changed id replaces the resource), so the rule is fixed and tested:
 *
 * split the name on every character that is not an ASCII letter or digit, drop empty parts, upper-case the first
 * letter of each part and keep the rest as written, then join: `Data Platform` → `DataPlatform`, `data-science` →
 * `DataScience`, `ml_ops` → `MlOps`, `MLOps` → `MLOps`, `research.reader@x` → `ResearchReaderX`.
 *
 * A name with no letter or digit has no id; two names with the same id collide (`data-science` and `DataScience`).
 */

/** The construct id of a name (see the file comment); empty when the name has no letter or digit. */
export function constructId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A construct id a team's resources take, and what it is for. */
export interface TeamConstructId {
  readonly id: string;
  /** `role <n>`, `existing role <n>`, `policy` or `default role`. */
  readonly what: string;
  /** Index of the role (roles) or role ARN (existing roles) it comes from. */
  readonly index?: number;
}

/** Inputs of teamConstructIds: the team name and its principals as the config gives them. */
export interface TeamIdsInput {
  readonly name: string;
  readonly roles?: readonly { readonly name: string }[];
  readonly existingRoleArns?: readonly string[];
}

/**
 * The construct ids ModelAccessStack gives a team's resources: `<Team><Role>Role` per created role (`<Team>Role` for
 * the default role), `<Team>Existing<n>` per existing role, `<Team>ModelAccess` for the policy.
 */
export function teamConstructIds(team: TeamIdsInput): TeamConstructId[] {
  const base = constructId(team.name);
  const roles = team.roles ?? [];
  const existing = team.existingRoleArns ?? [];
  const created: TeamConstructId[] =
    roles.length > 0
      ? roles.map((r, index) => ({ id: `${base}${constructId(r.name)}Role`, what: `role ${index}`, index }))
      : existing.length > 0
        ? []
        : [{ id: `${base}Role`, what: 'default role' }];
  return [
    ...created,
    ...existing.map((_arn, index) => ({ id: `${base}Existing${index + 1}`, what: `existing role ${index}`, index })),
    { id: `${base}ModelAccess`, what: 'policy' },
  ];
}

/** Construct ids of the reference app's stacks (the app and the config checks agree on them through this table). */
export const STACK_IDS = {
  landingZone: 'BedrockLandingZone',
  modelAccess: 'BedrockModelAccess',
  /** The stage of the organization stack: its own cloud assembly, deployed with the management account's credentials. */
  organizationStage: 'Organization',
  organization: 'BedrockOrganizationPolicy',
  customization: 'BedrockModelCustomization',
} as const;

/** The landing-zone stack of a region: `BedrockLandingZone` in the first region, `BedrockLandingZone-<region>` elsewhere. */
export function landingZoneStackId(region: string, index: number): string {
  return index === 0 ? STACK_IDS.landingZone : `${STACK_IDS.landingZone}-${region}`;
}

/** Construct path of a team's model-access policy in the reference app. */
export function teamPolicyPath(teamName: string): string {
  return `${STACK_IDS.modelAccess}/${constructId(teamName)}ModelAccess`;
}

/** Construct path of the organization SCP in the reference app. */
export const ORGANIZATION_POLICY_PATH = `${STACK_IDS.organizationStage}/${STACK_IDS.organization}/BedrockModelPolicy`;

/** Construct path of the private endpoints of a landing-zone stack. */
export function endpointsPath(region: string, index: number): string {
  return `${landingZoneStackId(region, index)}/Endpoints`;
}
