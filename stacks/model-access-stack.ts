import { Acknowledgment, CfnOutput, Duration, Fn, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ModelAccessPolicy, ModelAccessPolicyProps } from '../constructs/model-access-policy/model-access-policy';
import { validationError } from '../constructs/private/engine-errors';
import { constructId, teamConstructIds } from '../policies/config/ids';

/** Who may assume a team role. */
export interface TeamRoleTrust {
  /** Principals of the account (as their IAM policies allow). @default false */
  readonly accountRoot?: boolean;
  /** Service principals, e.g. `lambda.amazonaws.com`. @default - none */
  readonly services?: readonly string[];
  /** Role ARNs. @default - none */
  readonly roleArns?: readonly string[];
}

/** A role created for a team. */
export interface TeamRole {
  /**
   * The IAM role name (`RoleName`), unique in the account; its construct id is `<Team><Name>Role`, both names by the
   * construct-id rule (constructId: `research-reader` → `ResearchReader`).
   */
  readonly name: string;
  readonly trust: TeamRoleTrust;
  /** @default 1 */
  readonly maxSessionHours?: number;
}

/** A team and the model access its principals get. */
export interface TeamModelAccess {
  /**
   * Team name, used in descriptions; its construct id (constructId: `Data Platform` → `DataPlatform`) prefixes the
   * ids of the team's resources: `<Team>Role`, `<Team><Role>Role`, `<Team>Existing<n>`, `<Team>ModelAccess`.
   */
  readonly name: string;
  /** What the team may invoke. */
  readonly access: ModelAccessPolicyProps;
  /**
   * Roles to create for the team.
   * @default - one role `<Team>Role` assumable by the account, with 1-hour sessions (unless existingRoleArns are given)
   */
  readonly roles?: readonly TeamRole[];
  /** Existing roles of the account to attach the team policy to. @default - none */
  readonly existingRoleArns?: readonly string[];
  /**
   * Findings and warnings on the team's policy that the platform team accepts, each with its reason.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgment[];
}

/** Properties of the reference model-access stack. */
export interface ModelAccessStackProps extends StackProps {
  /** The teams; each gets its roles and its model-access policy. */
  readonly teams: readonly TeamModelAccess[];
}

/** Reference stack: each team's roles (created or existing) with the team's model-access policy attached. */
export class ModelAccessStack extends Stack {
  /** The created roles of each team, by team name. */
  public readonly roles: Readonly<Record<string, readonly iam.Role[]>>;
  /** The team policies, by team name. */
  public readonly policies: Readonly<Record<string, ModelAccessPolicy>>;

  constructor(scope: Construct, id: string, props: ModelAccessStackProps) {
    super(scope, id, props);
    const roles: Record<string, iam.Role[]> = {};
    const policies: Record<string, ModelAccessPolicy> = {};
    const ids = new Map<string, string>();
    for (const team of props.teams) {
      // Validate before creating children: every id must be non-empty and unique in the stack.
      const teamIds = teamConstructIds({ name: team.name, roles: team.roles, existingRoleArns: team.existingRoleArns });
      if (constructId(team.name) === '') {
        throw validationError('ModelAccessStackInvalid', `teams '${team.name}': the name has no letter or digit, so it cannot become a construct id`, this);
      }
      for (const c of teamIds) {
        const other = ids.get(c.id);
        if (other !== undefined) {
          throw validationError(
            'ModelAccessStackInvalid',
            `teams '${team.name}': the ${c.what} gets the construct id ${c.id}, which ${other} already has; rename one`,
            this,
          );
        }
        ids.set(c.id, `team '${team.name}' ${c.what}`);
      }
      for (const r of team.roles ?? []) {
        if (constructId(r.name) === '') {
          throw validationError(
            'ModelAccessStackInvalid',
            `teams '${team.name}': role name '${r.name}' has no letter or digit, so it cannot become a construct id`,
            this,
          );
        }
      }
      const base = constructId(team.name);
      const specs: readonly (TeamRole & { readonly id: string; readonly roleName?: string })[] =
        team.roles && team.roles.length > 0
          ? team.roles.map((r) => ({ ...r, id: `${base}${constructId(r.name)}Role`, roleName: r.name }))
          : team.existingRoleArns?.length
            ? []
            : [{ name: '', trust: { accountRoot: true }, id: `${base}Role` }];
      const created = specs.map(
        (r) =>
          new iam.Role(this, r.id, {
            assumedBy: trustOf(r.trust),
            ...(r.roleName === undefined ? {} : { roleName: r.roleName }),
            description: `Bedrock model access for team ${team.name}${r.name ? ` (${r.name})` : ''}`,
            maxSessionDuration: Duration.hours(r.maxSessionHours ?? 1),
          }),
      );
      const existing = (team.existingRoleArns ?? []).map((arn, i) => iam.Role.fromRoleArn(this, `${base}Existing${i + 1}`, arn, { mutable: true }));
      const policy = new ModelAccessPolicy(this, `${base}ModelAccess`, team.access);
      policy.attachTo(...created, ...existing);
      if (team.acknowledgements?.length) Validations.of(policy).acknowledge(...team.acknowledgements);
      // Stable output ids (docs/deploy.md): the role ARNs workloads assume, and the managed policies of the team.
      created.forEach((role, i) => new CfnOutput(this, `${specs[i]!.id}Arn`, { value: role.roleArn, description: `Role of team ${team.name}` }));
      new CfnOutput(this, `${base}ModelAccessPolicyArns`, {
        value: Fn.join(
          ',',
          policy.managedPolicies.map((p) => p.managedPolicyArn),
        ),
        description: `Managed policies of team ${team.name} (comma-separated)`,
      });
      roles[team.name] = created;
      policies[team.name] = policy;
    }
    this.roles = roles;
    this.policies = policies;
  }
}

function trustOf(trust: TeamRoleTrust): iam.IPrincipal {
  const principals: iam.IPrincipal[] = [
    ...(trust.accountRoot ? [new iam.AccountRootPrincipal()] : []),
    ...(trust.services ?? []).map((s) => new iam.ServicePrincipal(s)),
    ...(trust.roleArns ?? []).map((arn) => new iam.ArnPrincipal(arn)),
  ];
  return principals.length === 1 ? principals[0]! : new iam.CompositePrincipal(...principals);
}
