import { Acknowledgment, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ModelAccessPolicy, ModelAccessPolicyProps } from '../constructs/model-access-policy/model-access-policy';

/** A team and the model access its role gets. */
export interface TeamModelAccess {
  /** Team name, used in construct ids and the role description (letters and digits). */
  readonly name: string;
  /** What the team may invoke. */
  readonly access: ModelAccessPolicyProps;
  /**
   * Findings and warnings on the team's policy that the platform team accepts, each with its reason.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgment[];
}

/** Properties of the reference model-access stack. */
export interface ModelAccessStackProps extends StackProps {
  /** The teams; each gets a role and its model-access policy. */
  readonly teams: readonly TeamModelAccess[];
}

/**
 * Reference stack: one role per team, assumable from the account, with the team's model-access policy.
 */
export class ModelAccessStack extends Stack {
  /** The team roles, by team name. */
  public readonly roles: Readonly<Record<string, iam.Role>> = {};
  /** The team policies, by team name. */
  public readonly policies: Readonly<Record<string, ModelAccessPolicy>> = {};

  constructor(scope: Construct, id: string, props: ModelAccessStackProps) {
    super(scope, id, props);
    const roles: Record<string, iam.Role> = {};
    const policies: Record<string, ModelAccessPolicy> = {};
    for (const team of props.teams) {
      const role = new iam.Role(this, `${team.name}Role`, {
        assumedBy: new iam.AccountRootPrincipal(),
        description: `Bedrock model access for team ${team.name}`,
        maxSessionDuration: Duration.hours(1),
      });
      const policy = new ModelAccessPolicy(this, `${team.name}ModelAccess`, team.access);
      policy.attachTo(role);
      if (team.acknowledgements?.length) Validations.of(policy).acknowledge(...team.acknowledgements);
      roles[team.name] = role;
      policies[team.name] = policy;
    }
    this.roles = roles;
    this.policies = policies;
  }
}
