import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { validationError } from '../private/engine-errors';

/**
 * Bedrock keeps one model invocation logging configuration per account and region, so an app may hold one
 * InvocationLogging per environment. Instances are recorded on the construct tree's root (the App), keyed by
 * `<account>/<region>` as the stack sees them. For an environment-agnostic stack these are the unresolved
 * `AWS::AccountId` / `AWS::Region` tokens, which are the same strings in every stack: two environment-agnostic
 * stacks of one app conflict too (they may well be deployed to the same place). An environment-agnostic stack and
 * a stack with a concrete environment cannot be compared at synth time and do not conflict.
 *
 * The map lives under a global symbol so that two copies of this library loaded in one app still share it.
 */
const REGISTRY = Symbol.for('cdk-bedrock-governance.InvocationLogging.environments');

type RootWithRegistry = IConstruct & { [REGISTRY]?: Map<string, string> };

/** Records the construct for its environment; throws a GovernanceValidationError naming the first one if already taken. */
export function registerEnvironment(scope: IConstruct): void {
  const root = scope.node.root as RootWithRegistry;
  const registry = (root[REGISTRY] ??= new Map<string, string>());
  const { account, region } = Stack.of(scope);
  const key = `${account}/${region}`;
  const existing = registry.get(key);
  if (existing !== undefined) {
    const show = (v: string, what: string): string => (Token.isUnresolved(v) ? `the deploy-time ${what} (environment-agnostic stack)` : `${what} ${v}`);
    throw validationError(
      'InvocationLoggingDuplicate',
      `InvocationLogging '${scope.node.path}' configures model invocation logging for ${show(account, 'account')} in ${show(region, 'region')}, ` +
        `which '${existing}' already does; accepted: one InvocationLogging per account and region (Bedrock keeps one configuration there)`,
      scope,
    );
  }
  registry.set(key, scope.node.path);
}
