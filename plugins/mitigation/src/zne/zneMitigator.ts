import type { BackendMitigator, QuantumBackend } from '@hqml/core';
import { z } from 'zod';
import { factorySpecSchema, makeFactory } from './factorySpec.js';
import { type ResolvedZneOptions, type ZneOptions, resolveZneOptions } from './zne.js';
import { type ZneBackend, zneBackend } from './zneBackend.js';

/** The options of the `mitigation.zne` plugin (exactly these keys). */
export const zneOptionsSchema = z
  .object({
    /** Noise scale factors, each >= 1 (default [1, 3, 5]). */
    scaleFactors: z.array(z.number().finite().min(1)).min(2).default([1, 3, 5]),
    /** `random` (folding gates at random, Mitiq's default) or `global`. */
    folding: z.enum(['random', 'global']).default('random'),
    /** `richardson` (default), `linear`, `exp`, `{ kind: 'poly', order }`, `{ kind: 'exp', asymptote }`. */
    factory: factorySpecSchema.default('richardson'),
    /** Seed of random folding. */
    seed: z.number().int().default(0),
  })
  .strict();

/** Parsed `mitigation.zne` options. */
export type ZnePluginOptions = z.infer<typeof zneOptionsSchema>;

/** Turns plugin options into {@link ZneOptions}. */
export function zneOptionsFrom(o: ZnePluginOptions): ZneOptions {
  return { scaleFactors: o.scaleFactors, folding: o.folding, factory: makeFactory(o.factory), seed: o.seed };
}

/**
 * `mitigation.zne`: wraps a gate-model backend so that its expectation values are extrapolated
 * to zero noise (and its VJPs are those of the extrapolation, where the inner backend has VJPs).
 */
export class ZneMitigator implements BackendMitigator {
  readonly id = 'mitigation.zne';
  readonly target = 'backend' as const;
  readonly options: ResolvedZneOptions;

  constructor(options: ZneOptions = {}) {
    this.options = resolveZneOptions(options);
  }

  wrap(inner: QuantumBackend): ZneBackend {
    return zneBackend(inner, this.options);
  }
}
