import type { Annealer } from './annealer.js';
import type { QuantumBackend } from './quantumBackend.js';

/**
 * A decorator that returns an object of the same contract as the one it wraps (Mitiq's
 * `mitigate_executor`, dimod's composites).
 *
 * Design note: mitigation composes by wrapping, so `[spin-reversal, repetition]` in a config
 * becomes `repetition.wrap(spinReversal.wrap(annealer))` and the app never knows.
 */
export interface Mitigator<T> {
  /** The stable short id, e.g. `mitigation.zne`. */
  readonly id: string;
  /** What it wraps. */
  readonly target: 'annealer' | 'backend';
  wrap(inner: T): T;
}

/** A mitigator of annealers (spin-reversal, repetition code). */
export type AnnealerMitigator = Mitigator<Annealer> & { readonly target: 'annealer' };

/** A mitigator of gate-model backends (ZNE, readout). */
export type BackendMitigator = Mitigator<QuantumBackend> & { readonly target: 'backend' };

/** Wraps `inner` by each mitigator in order (the first listed is innermost). */
export function applyMitigators<T>(inner: T, mitigators: readonly Mitigator<T>[]): T {
  return mitigators.reduce((acc, m) => m.wrap(acc), inner);
}
