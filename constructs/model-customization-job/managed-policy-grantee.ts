import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A grantee that stands for a role but puts what it is granted into a customer-managed policy attached to that
 * role, instead of the role's inline default policy (the HIPAA, NIST and PCI packs flag inline policies). Lets
 * `IDatasetLocation.grantRead(...)` and other `grantXxx` methods keep their own least-privilege statements.
 */
export class ManagedPolicyGrantee implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;

  constructor(
    private readonly role: iam.IRole,
    private readonly policy: iam.ManagedPolicy,
  ) {}

  public get assumeRoleAction(): string {
    return this.role.assumeRoleAction;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.role.policyFragment;
  }

  public get principalAccount(): string | undefined {
    return this.role.principalAccount;
  }

  /** Adds the statement to the managed policy. */
  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}
