import { Annotations, ValidationError } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { PolicySpecError } from '../../policies/iam/errors';
import type { SpecWarning } from '../../policies/iam/errors';
import { PolicyPackingError } from '../../policies/iam/size';

type ErrorName = ConstructorParameters<typeof ValidationError>[0];

/** Throws aws-cdk-lib's ValidationError, scoped to the construct. */
export function validationError(name: string, message: string, scope: IConstruct): ValidationError {
  return new ValidationError(name as ErrorName, message, scope);
}

/**
 * Runs a policy-engine call and turns its input errors into ValidationErrors on the construct, so that a
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
