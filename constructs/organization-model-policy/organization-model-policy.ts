import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { loadCatalog } from '../../policies/iam/catalog/catalog';
import type { CatalogView } from '../../policies/iam/catalog-view';
import { isList } from '../../policies/iam/document';
import type { OrganizationProtections } from '../../policies/iam/protections';
import { buildOrganizationModelPolicies, OrganizationModelResult } from '../../policies/iam/scp';
import { SCP_MAX_CHARS, SCP_MAX_CHARS_RAISED, SCPS_PER_TARGET } from '../../policies/iam/size';
import type { ModelReference } from '../../policies/iam/spec';
import type { ServedThroughput } from '../../policies/iam/scp';
import { reportWarnings, runEngine, validationError } from '../private/engine-errors';

/** Properties of an OrganizationModelPolicy. */
export interface OrganizationModelPolicyProps extends OrganizationProtections {
  /** Models that may be invoked in the target accounts; every other invocation is denied. */
  readonly allow: readonly ModelReference[];
  /**
   * Models denied outright, directly and through any profile.
   * @default - none
   */
  readonly deny?: readonly ModelReference[];
  /**
   * Regions where invocation may start (profiles may still route to their destination regions).
   * @default - any region
   */
  readonly regions?: readonly string[];
  /**
   * Provisioned throughput invocable by its governance tag (see ServedThroughput): other provisioned models are denied,
   * and only the tag administrators may set the tag.
   * @default - none: a provisioned model is invocable only when `allow` names its ARN
   */
  readonly servedThroughput?: ServedThroughput;
  /** Roots, OUs (`ou-…`) or accounts (12 digits) the SCP is attached to. */
  readonly targetIds: readonly string[];
  /**
   * Name of the SCP; further parts get `-2`, `-3`… appended.
   * @default 'bedrock-model-allow-list'
   */
  readonly policyName?: string;
  /**
   * Description of the SCPs.
   * @default - a description naming the purpose
   */
  readonly description?: string;
  /**
   * SCP size limit, whitespace counted: 5,120 historically, 10,240 where AWS raised it.
   * @default 5120
   */
  readonly maxPolicyCharacters?: number;
  /**
   * SCPs attachable to one target (the Organizations quota: 5 historically, 10 where raised).
   * @default 5
   */
  readonly maxPoliciesPerTarget?: number;
  /**
   * SCPs already attached to each target that count against the same quota (FullAWSAccess, your others).
   * The model policy may take `maxPoliciesPerTarget - otherPoliciesPerTarget` SCPs.
   * @default 1 (FullAWSAccess)
   */
  readonly otherPoliciesPerTarget?: number;
  /**
   * Model catalog to resolve references against.
   * @default - the catalog bundled with this package
   */
  readonly catalog?: CatalogView;
}

const TARGET_RE = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$/;

/**
 * A service control policy (one or more) that lets the target accounts invoke only the allowed Bedrock models,
 * directly or through any inference profile, and never the denied ones. Catalog reads and non-Bedrock
 * actions are not affected. Deploy from the management account or a delegated administrator.
 *
 * @example
 * new OrganizationModelPolicy(this, 'Scp', {
 *   allow: ['anthropic.*', 'us.anthropic.*', 'amazon.nova-*'],
 *   deny: ['anthropic.claude-3-opus-20240229-v1:0'],
 *   targetIds: ['ou-ab12-cdefgh34'],
 * });
 */
export class OrganizationModelPolicy extends Construct {
  /** The SCPs, in order; the first has the construct id `Resource`. */
  public readonly policies: readonly organizations.CfnPolicy[];
  /** What the engine produced. */
  public readonly result: OrganizationModelResult;

  constructor(scope: Construct, id: string, props: OrganizationModelPolicyProps) {
    super(scope, id);
    const maxChars = props.maxPolicyCharacters ?? SCP_MAX_CHARS;
    if (!Number.isInteger(maxChars) || maxChars < 1000 || maxChars > SCP_MAX_CHARS_RAISED) {
      throw validationError(
        'OrganizationModelPolicyInvalid',
        `maxPolicyCharacters ${maxChars} is out of range; accepted: ${SCP_MAX_CHARS} (default) up to ${SCP_MAX_CHARS_RAISED}`,
        this,
      );
    }
    const maxPolicies = props.maxPoliciesPerTarget ?? SCPS_PER_TARGET;
    if (!Number.isInteger(maxPolicies) || maxPolicies < 1 || maxPolicies > 10) {
      throw validationError('OrganizationModelPolicyInvalid', `maxPoliciesPerTarget ${maxPolicies} is out of range; accepted: an integer from 1 to 10`, this);
    }
    const others = props.otherPoliciesPerTarget ?? 1;
    if (!Number.isInteger(others) || others < 0 || others >= maxPolicies) {
      throw validationError(
        'OrganizationModelPolicyInvalid',
        `otherPoliciesPerTarget ${others} is out of range; accepted: an integer from 0 to maxPoliciesPerTarget - 1 (${maxPolicies - 1})`,
        this,
      );
    }
    if (!isList(props.targetIds) || props.targetIds.length === 0) {
      throw validationError('OrganizationModelPolicyInvalid', 'targetIds is empty; accepted: root ids (r-…), OU ids (ou-…) or 12-digit account ids', this);
    }
    props.targetIds.forEach((t, i) => {
      if (!TARGET_RE.test(t)) {
        throw validationError('OrganizationModelPolicyInvalid', `targetIds[${i}] '${t}' is not a root (r-…), OU (ou-…-…) or 12-digit account id`, this);
      }
    });
    const name = props.policyName ?? 'bedrock-model-allow-list';
    if (!/^[\s\S]{1,125}$/.test(name)) {
      throw validationError('OrganizationModelPolicyInvalid', `policyName '${name}' must be 1 to 125 characters`, this);
    }
    const catalog = props.catalog ?? loadCatalog();
    this.result = runEngine(this, 'OrganizationModelPolicyInvalid', () =>
      buildOrganizationModelPolicies(
        {
          allow: props.allow,
          deny: props.deny,
          regions: props.regions,
          apiKeys: props.apiKeys,
          longTermKeyMaxAgeDays: props.longTermKeyMaxAgeDays,
          baselineProtection: props.baselineProtection,
          serviceTiers: props.serviceTiers,
          servedThroughput: props.servedThroughput,
        },
        { catalog, maxCharacters: maxChars, maxDocuments: maxPolicies - others },
      ),
    );
    reportWarnings(this, this.result.warnings);
    const count = this.result.documents.length;
    this.policies = this.result.documents.map(
      (doc, i) =>
        new organizations.CfnPolicy(this, i === 0 ? 'Resource' : `Part${i + 1}`, {
          name: i === 0 ? name : `${name}-${i + 1}`,
          type: 'SERVICE_CONTROL_POLICY',
          description: (props.description ?? 'Bedrock model allow-list and deny-list') + (count > 1 ? ` (part ${i + 1} of ${count})` : ''),
          content: doc,
          targetIds: [...props.targetIds],
        }),
    );
  }
}
