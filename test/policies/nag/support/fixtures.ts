/** Small builders shared by the rule tests. */
import { Stack } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';

/** The concrete environment most rule tests use. */
export const ENV = { account: '111111111111', region: 'us-east-1' };

/** A stack with the test environment (or the one given). */
export function envStack(app: App, id: string, env: { account: string; region: string } = ENV): Stack {
  return new Stack(app, id, { env });
}

/** An IAM policy document with the given statements. */
export function doc(...statements: Record<string, unknown>[]): { Version: string; Statement: Record<string, unknown>[] } {
  return { Version: '2012-10-17', Statement: statements };
}

/** The two model invocation actions. */
export const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

/** ARN of a foundation model. */
export const modelArn = (region: string, modelId: string): string => `arn:aws:bedrock:${region}::foundation-model/${modelId}`;

/** ARN of a system inference profile of the test account. */
export const profileArn = (region: string, profileId: string): string => `arn:aws:bedrock:${region}:${ENV.account}:inference-profile/${profileId}`;
