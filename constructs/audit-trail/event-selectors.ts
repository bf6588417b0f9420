/**
 * Advanced event selectors of a Bedrock audit trail: plain data in, CloudFormation `AdvancedEventSelectors` out
 * (no Construct here, so the selection can be tested and reused without an App).
 */

/** Which management events to record (the values of aws-cdk-lib's `cloudtrail.ReadWriteType`). */
export type ManagementEventsSelection = 'All' | 'ReadOnly' | 'WriteOnly' | 'None';

/** One field condition of an advanced event selector, as CloudFormation writes it. */
export interface FieldSelector {
  readonly Field: string;
  readonly Equals: readonly string[];
}

/** One advanced event selector, as CloudFormation writes it. */
export interface AdvancedEventSelector {
  readonly Name: string;
  readonly FieldSelectors: readonly FieldSelector[];
}

/**
 * Management events (filtered on `readOnly` unless all are wanted), then one data-event selector per resource
 * type: CloudTrail accepts a single `resources.type` value per advanced event selector.
 */
export function bedrockAdvancedEventSelectors(managementEvents: ManagementEventsSelection, dataEventResourceTypes: readonly string[]): AdvancedEventSelector[] {
  const selectors: AdvancedEventSelector[] = [];
  if (managementEvents !== 'None') {
    const readOnly: FieldSelector[] = managementEvents === 'All' ? [] : [{ Field: 'readOnly', Equals: [managementEvents === 'ReadOnly' ? 'true' : 'false'] }];
    selectors.push({
      Name: managementEvents === 'All' ? 'Management events' : `Management events (${managementEvents === 'ReadOnly' ? 'read' : 'write'} only)`,
      FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...readOnly],
    });
  }
  for (const type of dataEventResourceTypes) {
    selectors.push({
      Name: `Data events: ${type}`,
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: [type] },
      ],
    });
  }
  return selectors;
}
