/** One problem found in a policy spec: the field, the value received and what is accepted. */
export interface SpecProblem {
  /** Path of the offending field, e.g. `allow[2]` or `guardrail.arn`. */
  readonly field: string;
  /** The value received, as the user wrote it. */
  readonly value: unknown;
  /** What is wrong and what is accepted. */
  readonly message: string;
}

/** A warning: the spec is valid but probably not what the user meant. */
export interface SpecWarning {
  /** Stable id, so that a user can acknowledge it (e.g. `GlobMatchesNothing`). */
  readonly id: string;
  readonly message: string;
}

/** Formats a problem as `field 'value' message`. */
export function formatProblem(p: SpecProblem): string {
  const shown = typeof p.value === 'string' ? `'${p.value}'` : JSON.stringify(p.value);
  return `${p.field} ${shown === undefined ? '(missing)' : shown}: ${p.message}`;
}

/**
 * Thrown by the policy engine for bad input. Carries every problem found, not only the first.
 * Constructs turn it into a GovernanceValidationError (constructs/private/engine-errors.ts).
 */
export class PolicySpecError extends Error {
  public readonly problems: readonly SpecProblem[];

  constructor(subject: string, problems: readonly SpecProblem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super(`${subject}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`);
    this.name = 'PolicySpecError';
    this.problems = problems;
  }
}

/** Collects problems while validating, then throws them all at once. */
export class ProblemCollector {
  private readonly items: SpecProblem[] = [];

  add(field: string, value: unknown, message: string): void {
    this.items.push({ field, value, message });
  }

  get count(): number {
    return this.items.length;
  }

  throwIfAny(subject: string): void {
    if (this.items.length > 0) throw new PolicySpecError(subject, this.items);
  }
}
