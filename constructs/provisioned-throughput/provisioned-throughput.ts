import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeFrameworkFindings, customResourceFramework } from '../private/custom-resource-framework';
import { asArray } from '../../policies/iam/document';
import { allowArns } from '../../policies/iam/statements';
import { decryptModelKeys } from '../../policies/iam/throughput';
import type { ICustomModel } from '../training-dataset/dataset-location';
import { acknowledgeFindings } from './acknowledgements';
import { handlerBundle } from './bundle';
import {
  COMMITMENTS,
  CREATE_THROUGHPUT_ACTION,
  LOG_WRITE_ACTIONS,
  MODEL_KEY_ACTIONS,
  QUERY_INTERVAL,
  READ_DELETE_THROUGHPUT_ACTIONS,
  TAG_ACTIONS,
  UPDATE_THROUGHPUT_ACTION,
} from './constants';
import { validateProps } from './validate';
import type { Commitment } from './validate';

/** Commitment terms (string form accepted). */
export const ProvisionedThroughputCommitment = {
  /** No commitment: billed by the hour while it exists, deleted with the stack. Not every foundation model offers it. */
  NONE: 'none',
  /** A 1-month term, billed every hour of the term; cannot be deleted before the term ends. */
  ONE_MONTH: 'one-month',
  /** A 6-month term, billed every hour of the term; cannot be deleted before the term ends. */
  SIX_MONTHS: 'six-months',
} as const;
/** `'none'`, `'one-month'` or `'six-months'`. */
export type ProvisionedThroughputCommitment = Commitment;

/** Properties of ProvisionedThroughput. */
export interface ProvisionedThroughputProps {
  /**
   * The model: a foundation model id from the model catalog (optionally with the context suffix Provisioned
   * Throughput uses, e.g. `amazon.nova-lite-v1:0:300k`), a custom model ARN, or an `ICustomModel` whose ARN is known
   * at deploy time (not a ModelCustomizationJob: its model exists only after its workflow; use its
   * `provisionedThroughput`). An unresolved token string is taken as a custom model ARN.
   */
  readonly model: string | ICustomModel;
  /**
   * Accept a foundation model id the bundled catalog does not know yet.
   * @default false
   */
  readonly modelNewerThanCatalog?: boolean;
  /** Model units to buy: an integer from 1 to 100 (the bound guards against a typo). Changing it replaces the throughput. */
  readonly modelUnits: number;
  /**
   * Commitment term. A commitment is billed every hour of the whole term and cannot be deleted before it ends; it needs
   * `acknowledgeCommitmentCost: true`. Changing it replaces the throughput (refused during a term).
   * @default 'none'
   */
  readonly commitment?: ProvisionedThroughputCommitment;
  /**
   * Set to `true` to accept the cost of a commitment (synth fails without it when `commitment` is not `'none'`).
   * @default false
   */
  readonly acknowledgeCommitmentCost?: boolean;
  /**
   * Name of the provisioned throughput: 1–63 characters, letters and digits, each optionally followed by one `-` or `_`.
   * Renaming happens in place.
   * @default - the construct's unique name followed by the model units and the commitment (e.g. `MyStack-Throughput-1a2b3c4d-2mu-1mo`)
   */
  readonly provisionedModelName?: string;
  /**
   * Tags of the provisioned throughput (kept in step on update).
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * How long to wait for the throughput to be InService after a create or an update (the Provider's total timeout).
   * @default Duration.minutes(50), at most 55 minutes (CloudFormation waits at most one hour for a custom resource)
   */
  readonly timeout?: Duration;
  /**
   * KMS key of the log groups of the handler and the provider framework; its policy must let CloudWatch Logs use it.
   * @default - CloudWatch Logs' own encryption (the logs hold names, ARNs and statuses only)
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * The customer-managed key the custom model is encrypted with. Bedrock requires the caller of
   * CreateProvisionedModelThroughput to hold `kms:Decrypt`, `kms:DescribeKey` and `kms:CreateGrant` on it: the handler
   * role gets them, through Bedrock only (`kms:ViaService`). The key policy must allow them too
   * (`GovernanceKeys.trainingData` does, to the account's principals through Bedrock).
   * @default - the model is not encrypted with a customer-managed key (or it is a foundation model)
   */
  readonly customModelKey?: kms.IKey;
}

/**
 * Amazon Bedrock Provisioned Throughput for a foundation model or a custom model (there is no CloudFormation resource
 * for it): a custom resource that buys it, waits until it is InService, renames it or changes its model in place,
 * replaces it when the model units or the commitment change, and deletes it with the stack. A committed throughput
 * cannot be deleted before its term ends: deleting it earlier leaves it in place, still billed (see README).
 *
 * @example
 * const throughput = new ProvisionedThroughput(this, 'Throughput', { model: 'amazon.nova-lite-v1:0:300k', modelUnits: 1 });
 * throughput.grantInvoke(appRole);
 */
export class ProvisionedThroughput extends Construct {
  /** ARN of the provisioned throughput (the model id callers pass to InvokeModel / Converse). */
  public readonly provisionedModelArn: string;
  /** Name of the provisioned throughput. */
  public readonly provisionedModelName: string;
  /** The commitment term. */
  public readonly commitment: ProvisionedThroughputCommitment;
  /** The key of the custom model served, when given (`customModelKey`): grantInvoke adds kms:Decrypt on it. */
  public readonly customModelKey?: kms.IKey;
  /** The custom resource (`Custom::BedrockProvisionedThroughput`). */
  public readonly resource: CustomResource;
  /** The custom resource's onEvent function. */
  public readonly onEventHandler: lambda.IFunction;
  /** The custom resource's isComplete function (polls until InService). */
  public readonly isCompleteHandler: lambda.IFunction;

  constructor(scope: Construct, id: string, props: ProvisionedThroughputProps) {
    super(scope, id);
    const settings = validateProps(this, props);
    const bundle = handlerBundle(this);
    const { account, region, partition } = Stack.of(this);
    this.provisionedModelName = settings.provisionedModelName;
    this.commitment = settings.commitment;
    this.customModelKey = props.customModelKey;
    const provisionedModels = `arn:${partition}:bedrock:${region}:${account}:provisioned-model/*`;
    // Customer-managed policies rather than inline ones (the HIPAA, NIST and PCI packs flag inline policies).
    const fw = customResourceFramework(this, {
      owner: 'ProvisionedThroughput',
      bundle,
      logEncryptionKey: props.logEncryptionKey,
      handlerRole: {
        description: 'Buys, changes and deletes one Bedrock provisioned throughput (custom resource handler)',
        policyDescription: 'Buys, changes and deletes one Bedrock provisioned throughput (ProvisionedThroughput custom resource handler)',
        statements: (handlerLogGroupArn) => [
          new iam.PolicyStatement({ sid: 'CreateThroughput', actions: [CREATE_THROUGHPUT_ACTION], resources: [settings.modelArn] }),
          new iam.PolicyStatement({ sid: 'ReadDeleteThroughput', actions: [...READ_DELETE_THROUGHPUT_ACTIONS], resources: [provisionedModels] }),
          new iam.PolicyStatement({ sid: 'UpdateThroughput', actions: [UPDATE_THROUGHPUT_ACTION], resources: [provisionedModels, settings.modelArn] }),
          new iam.PolicyStatement({ sid: 'TagThroughput', actions: [...TAG_ACTIONS], resources: [provisionedModels] }),
          new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: [...LOG_WRITE_ACTIONS], resources: [handlerLogGroupArn] }),
          ...(props.customModelKey
            ? [
                new iam.PolicyStatement({
                  sid: 'UseCustomModelKey',
                  actions: [...MODEL_KEY_ACTIONS],
                  resources: [props.customModelKey.keyArn],
                  conditions: { StringEquals: { 'kms:ViaService': `bedrock.${region}.amazonaws.com` } },
                }),
              ]
            : []),
        ],
      },
      onEvent: {
        id: 'OnEventHandler',
        entry: 'onEvent',
        description: 'Buys, changes or deletes an Amazon Bedrock provisioned throughput (ProvisionedThroughput custom resource)',
        timeout: Duration.minutes(3),
      },
      isComplete: {
        id: 'IsCompleteHandler',
        entry: 'isComplete',
        description: 'Waits until an Amazon Bedrock provisioned throughput is InService (ProvisionedThroughput custom resource)',
        timeout: Duration.minutes(3),
        queryInterval: QUERY_INTERVAL,
        totalTimeout: settings.timeout,
      },
      frameworkRoles: [
        { id: 'ProviderRole', what: 'invokes the onEvent handler' },
        { id: 'WaiterRole', what: 'invokes the isComplete handler and reports time-outs' },
      ],
    });
    const { handlerPolicy, provider, onEventHandler } = fw;
    const isCompleteHandler = fw.isCompleteHandler!;
    this.onEventHandler = onEventHandler;
    this.isCompleteHandler = isCompleteHandler;

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::BedrockProvisionedThroughput',
      properties: {
        Region: region,
        ModelId: settings.modelId,
        ModelUnits: settings.modelUnits,
        ProvisionedModelName: settings.provisionedModelName,
        CommitmentDuration: COMMITMENTS[settings.commitment].api,
        ...(Object.keys(settings.tags).length > 0 ? { Tags: settings.tags } : {}),
        DeletionBehavior: deletionBehavior(settings.commitment),
      },
    });
    // The handler's permissions come first: CloudFormation deletes the resource before them.
    this.resource.node.addDependency(handlerPolicy);
    this.provisionedModelArn = this.resource.ref;

    acknowledgeFindings({ handlerPolicy, unencryptedLogGroups: props.logEncryptionKey ? [] : [fw.handlerLogGroup, fw.providerLogGroup] });
    acknowledgeFrameworkFindings(fw, {
      subject: 'one provisioned throughput',
      handlerCalls: 'the Bedrock control-plane API (provisioned throughput calls)',
      waitsFor: 'of 30 seconds until the throughput is InService',
    });
  }

  /**
   * Grants invoking the provisioned throughput (InvokeModel and InvokeModelWithResponseStream, which also authorize
   * Converse and ConverseStream) on its ARN, through the model-access policy engine's statement generation.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    const { partition, account, region } = Stack.of(this);
    const statements = allowArns([{ kind: 'provisioned-model', field: 'provisionedModel', arn: this.provisionedModelArn, region }], {
      partition,
      account,
      regions: [region],
    });
    // Callers of a custom model encrypted with a customer managed key need kms:Decrypt on it, through Bedrock.
    if (this.customModelKey) {
      statements.push(...decryptModelKeys([{ name: this.provisionedModelName, region, modelKeyArn: this.customModelKey.keyArn }]));
    }
    // Sids are dropped: the statements join the grantee's policy, where another grant could bring the same Sid.
    const grants = statements.map((s) =>
      iam.Grant.addToPrincipal({ grantee, actions: asArray(s.Action), resourceArns: asArray(s.Resource), conditions: s.Condition }),
    );
    return grants.reduce((all, g) => all.combine(g));
  }
}

/** What deleting does, in the template (the `DeletionBehavior` property of the custom resource). */
export function deletionBehavior(commitment: Commitment): string {
  if (commitment === 'none') {
    return (
      'No commitment: billed every hour while it exists; deleted (DeleteProvisionedModelThroughput) when this resource or its stack is ' +
      'deleted. A change of modelUnits or commitment buys a new throughput, then deletes this one.'
    );
  }
  const term = COMMITMENTS[commitment].term;
  return (
    `COMMITTED FOR ${term.toUpperCase()} (${COMMITMENTS[commitment].api}): billed every hour of the whole term, used or not, and ` +
    'Bedrock does not allow deleting it before the term ends. Deleting this resource or its stack before then LEAVES IT IN PLACE, ' +
    'STILL BILLED, while CloudFormation reports it deleted (the handler log says so); delete it yourself after the term with ' +
    'aws bedrock delete-provisioned-model-throughput. A change of modelUnits or commitment is refused until the term ends.'
  );
}
