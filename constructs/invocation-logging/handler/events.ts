/**
 * The CloudFormation custom resource events the Provider framework hands to an onEvent handler, and the response it
 * expects (the subset this handler uses; `@types/aws-lambda` is not a dependency).
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
