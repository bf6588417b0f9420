/**
 * The role and log group of aws-cdk-lib's AwsCustomResource function, which starts the workflows. That function is a
 * singleton per stack (it takes the role and log group of the first AwsCustomResource created), so they are one per
 * stack too, and each ModelCustomizationJob adds its own statements to the role's customer-managed policy (no inline
 * policy, no AWS managed policy: the HIPAA, NIST and PCI packs flag both). The log group is the custom-resource
 * framework's (constructs/private/custom-resource-framework.ts).
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { retainedLogGroup } from '../private/custom-resource-framework';
import { LOG_WRITE_ACTIONS } from './constants';

const ID = 'ModelCustomizationWorkflowStarter';

/** The stack's starter: the function's role, its policy and its log group. */
export class WorkflowStarter extends Construct {
  /** Get or create the stack's starter. */
  public static of(scope: Construct, logEncryptionKey: kms.IKey): WorkflowStarter {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    return existing instanceof WorkflowStarter ? existing : new WorkflowStarter(stack, ID, logEncryptionKey);
  }

  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;
  public readonly logGroup: logs.LogGroup;

  private constructor(scope: Construct, id: string, logEncryptionKey: kms.IKey) {
    super(scope, id);
    this.logGroup = retainedLogGroup(this, 'LogGroup', logEncryptionKey);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Starts the Bedrock model customization workflows of this stack (ModelCustomizationJob), writes its logs',
      statements: [new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: [...LOG_WRITE_ACTIONS], resources: [this.logGroup.logGroupArn] })],
    });
    this.role = new iam.Role(this, 'Role', {
      description: 'Starts the Bedrock model customization workflows of this stack at deployment (AwsCustomResource function)',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [this.policy],
    });
  }
}
