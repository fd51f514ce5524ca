import { freemem } from 'node:os';

/** The default memory budget: half of the memory that is free now. */
export function defaultMemoryBudget(): number {
  return Math.floor(freemem() * 0.5);
}
