import { ResourceError, ValidationError, describeValue } from '../errors.js';

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 3 : 2)} GiB`;
}

/** Validates a memory budget option (a positive number of bytes). */
export function checkMemoryBudget(bytes: unknown): number {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes <= 0) {
    throw new ValidationError({ what: `memoryBudgetBytes is ${describeValue(bytes)}`, why: 'it must be a positive number of bytes', fix: 'Pass e.g. 8 * 2 ** 30 for 8 GiB, or omit it for half of the free memory' });
  }
  return bytes;
}

/**
 * Throws a ResourceError when `bytes` exceed the budget, before anything is allocated.
 * @param what what needs the memory, e.g. "a 30-qubit state (batch chunk of 1)"
 */
export function requireMemory(bytes: number, budget: number, what: string): void {
  if (bytes <= budget) return;
  throw new ResourceError({
    what: `${what} needs ${gib(bytes)}`,
    why: `the memory budget is ${gib(budget)} (option memoryBudgetBytes; default half of the free memory)`,
    fix: 'Use fewer qubits or a smaller batch, or raise memoryBudgetBytes if the machine has the memory',
  });
}
