/**
 * The CloudFormation custom resource events the Provider framework hands to the onEvent and isComplete handlers, and
 * the responses it expects (the subset our handlers use; `@types/aws-lambda` is not a dependency). Shared by the
 * handlers of every custom resource of this package; type-only, so nothing of it is bundled.
 */

interface EventBase {
  readonly RequestId: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly ServiceToken?: string;
  readonly ResponseURL: string;
  /** Scalars arrive as strings: CloudFormation stringifies the numbers and booleans of custom resource properties. */
  readonly ResourceProperties: Record<string, unknown>;
}

export interface CreateEvent extends EventBase {
  readonly RequestType: 'Create';
}

export interface UpdateEvent extends EventBase {
  readonly RequestType: 'Update';
  readonly PhysicalResourceId: string;
  readonly OldResourceProperties: Record<string, unknown>;
}

export interface DeleteEvent extends EventBase {
  readonly RequestType: 'Delete';
  readonly PhysicalResourceId: string;
}

export type CloudFormationCustomResourceEvent = CreateEvent | UpdateEvent | DeleteEvent;

/** What the Provider framework expects back from onEvent. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/**
 * What the Provider framework passes to isComplete: the CloudFormation event merged with the onEvent response (the
 * physical id onEvent returned, its Data).
 */
export type IsCompleteEvent = CloudFormationCustomResourceEvent & {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
};

/** What the Provider framework expects back from isComplete (Data only once complete). */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}
