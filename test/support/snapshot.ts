/** Snapshot helpers: templates with asset hashes scrubbed, so a handler rebuild does not churn snapshots. */
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

const HASH = /[a-f0-9]{64}(\.zip|\.json)?/g;

/** The stack's template as JSON, with asset hashes replaced by a marker. */
export function scrubbedTemplate(stack: Stack): unknown {
  return JSON.parse(JSON.stringify(Template.fromStack(stack).toJSON()).replace(HASH, (_m, ext: string | undefined) => `[HASH REMOVED]${ext ?? ''}`));
}
