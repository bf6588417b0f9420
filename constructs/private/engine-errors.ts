import { Annotations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { PolicySpecError } from '../../policies/iam/errors';
import type { SpecWarning } from '../../policies/iam/errors';
import { PolicyPackingError } from '../../policies/iam/size';

const MARK = Symbol.for('cdk-bedrock-governance.GovernanceValidationError');

/**
 * Bad input to a construct of this package, found at synth time: the message names the field, the value and what is
 * accepted; `code` says which construct raised it (e.g. `ModelAccessPolicyInvalid`) and `constructPath` where.
 * Recognised across copies of the package with `GovernanceValidationError.isGovernanceValidationError`.
 */
export class GovernanceValidationError extends Error {
  /** True for an error of this class, from any copy of the package. */
  public static isGovernanceValidationError(e: unknown): e is GovernanceValidationError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[MARK] === true;
  }

  /** Which check raised it, e.g. `ModelAccessPolicyInvalid`. */
  public readonly code: string;
  /** Path of the construct whose input is bad. */
  public readonly constructPath: string;

  constructor(code: string, message: string, scope: IConstruct) {
    super(message);
    this.name = 'GovernanceValidationError';
    this.code = code;
    this.constructPath = scope.node.path;
    Object.defineProperty(this, MARK, { value: true });
  }
}

/** True for a GovernanceValidationError, from any copy of the package. */
export const isGovernanceValidationError = (e: unknown): e is GovernanceValidationError => GovernanceValidationError.isGovernanceValidationError(e);

/** A GovernanceValidationError scoped to the construct (to throw). */
export function validationError(code: string, message: string, scope: IConstruct): GovernanceValidationError {
  return new GovernanceValidationError(code, message, scope);
}

/**
 * Runs a policy-engine call and turns its input errors into GovernanceValidationErrors on the construct, so that a
 * bad spec fails synth with the construct path, the field, the value and what is accepted.
 */
export function runEngine<T>(scope: IConstruct, name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PolicySpecError || e instanceof PolicyPackingError) throw validationError(name, e.message, scope);
    throw e;
  }
}

/** Reports engine warnings as acknowledgeable construct warnings (`cdk-bedrock-governance:<id>`). */
export function reportWarnings(scope: IConstruct, warnings: readonly SpecWarning[]): void {
  for (const w of warnings) Annotations.of(scope).addWarningV2(`cdk-bedrock-governance:${w.id}`, w.message);
}
