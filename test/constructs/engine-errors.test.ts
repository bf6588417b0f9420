/** Bad construct input fails synth with the package's own error class, not an aws-cdk-lib internal one. */
import { App, Errors, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { GovernanceValidationError, ModelAccessPolicy } from '../../index';

describe('GovernanceValidationError', () => {
  it('names the check, the construct path and the problem, and is recognised across copies of the package', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    let caught: unknown;
    try {
      new ModelAccessPolicy(stack, 'Access', { allow: ['amazon.nova-lyte-v1:0'], regions: ['us-east-1'] });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GovernanceValidationError);
    const e = caught as GovernanceValidationError;
    expect(e.code).toBe('ModelAccessPolicyInvalid');
    expect(e.constructPath).toBe('S/Access');
    expect(e.message).toMatch(/allow\[0\] 'amazon\.nova-lyte-v1:0'/);
    expect(GovernanceValidationError.isGovernanceValidationError(e)).toBe(true);
    // A copy from another installation is recognised by its mark, not by instanceof.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('cdk-bedrock-governance.GovernanceValidationError')]: true });
    expect(GovernanceValidationError.isGovernanceValidationError(foreign)).toBe(true);
    expect(GovernanceValidationError.isGovernanceValidationError(new Error('x'))).toBe(false);
    expect(Errors.isValidationError(e)).toBe(false);
  });
});
