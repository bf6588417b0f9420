/**
 * The CloudFormation custom resource events the Provider framework hands to the onEvent and isComplete handlers, and
 * the responses it expects (the subset used here; `@types/aws-lambda` is not a dependency).
 */

interface EventBase {
  readonly RequestId: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly ServiceToken: string;
  readonly ResponseURL: string;
  /** Scalars arrive as strings: CloudFormation stringifies booleans and numbers of custom resource properties. */
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

/** What isComplete receives: the onEvent request merged with the onEvent response. */
export type IsCompleteEvent = CloudFormationCustomResourceEvent & OnEventResponse;

/** What the Provider framework expects back from isComplete (`Data` only with `IsComplete: true`). */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}
