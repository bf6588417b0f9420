import { expect } from 'vitest';
import { PolicySpecError } from '../../policies/iam/errors';

/** Runs a build and returns the PolicySpecError it throws (fails the test if it does not throw one). */
export function specError(build: () => unknown): PolicySpecError {
  try {
    build();
  } catch (error) {
    if (error instanceof PolicySpecError) return error;
    throw error;
  }
  return expect.fail('expected a PolicySpecError, but the spec was accepted');
}
