import { Acknowledgment, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { OrganizationModelPolicy, OrganizationModelPolicyProps } from '../constructs/organization-model-policy/organization-model-policy';

/** Properties of the reference organization stack. */
export interface OrganizationPolicyStackProps extends StackProps {
  /** The organization-wide model allow-list and deny-list. */
  readonly modelPolicy: OrganizationModelPolicyProps;
  /**
   * Findings and warnings on the SCP that the platform team accepts, each with its reason.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgment[];
}

/** Reference stack for the management account (or a delegated administrator): the Bedrock SCP. */
export class OrganizationPolicyStack extends Stack {
  public readonly modelPolicy: OrganizationModelPolicy;

  constructor(scope: Construct, id: string, props: OrganizationPolicyStackProps) {
    super(scope, id, props);
    this.modelPolicy = new OrganizationModelPolicy(this, 'BedrockModelPolicy', props.modelPolicy);
    if (props.acknowledgements?.length) Validations.of(this.modelPolicy).acknowledge(...props.acknowledgements);
  }
}
