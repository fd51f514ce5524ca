import { describe, expect, it } from 'vitest';
import type { Mitigator } from '../contracts/mitigator.js';

/** Options of {@link describeMitigatorContract}. */
export interface MitigatorContractOptions<T> {
  /** Builds a fresh inner object (annealer or backend) for each test. */
  readonly inner: () => T;
  /** Checks that the wrapped object still meets the inner contract (e.g. samples a model). */
  readonly exercise: (wrapped: T, inner: T) => Promise<void> | void;
}

/**
 * The Mitigator contract: `wrap` returns an object of the same contract (same method names),
 * passes `dispose` down, and the wrapped object still works.
 */
export function describeMitigatorContract<T extends object>(name: string, make: () => Mitigator<T>, options: MitigatorContractOptions<T>): void {
  describe(`Mitigator contract: ${name}`, () => {
    it('has an id and a target', () => {
      const m = make();
      expect(m.id).toMatch(/^[a-z]/);
      expect(['annealer', 'backend']).toContain(m.target);
    });

    it('returns an object with the same methods as the one it wraps', () => {
      const inner = options.inner();
      const wrapped = make().wrap(inner);
      const methods = (o: object): string[] => {
        const names = new Set<string>();
        for (let p: object | null = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
          for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor' && typeof (o as Record<string, unknown>)[k] === 'function') names.add(k);
        }
        return [...names];
      };
      for (const m of methods(inner)) if (m !== 'dispose') expect(typeof (wrapped as Record<string, unknown>)[m]).toBe('function');
    });

    it('passes dispose down to the inner object', async () => {
      let disposed = 0;
      const inner = options.inner() as T & { dispose?: () => void };
      const orig = inner.dispose?.bind(inner);
      inner.dispose = () => {
        disposed++;
        orig?.();
      };
      const wrapped = make().wrap(inner) as T & { dispose?: () => unknown };
      await wrapped.dispose?.();
      expect(disposed).toBe(1);
    });

    it('still meets the inner contract', async () => {
      const inner = options.inner();
      await options.exercise(make().wrap(inner), inner);
    });
  });
}
