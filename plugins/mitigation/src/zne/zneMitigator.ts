import type { BackendMitigator, QuantumBackend } from '@hqml/core';
import { z } from 'zod';
import { factorySpecSchema, makeFactory } from './factorySpec.js';
import { type ResolvedZneOptions, type ZneOptions, resolveZneOptions } from './zne.js';
import { type ZneBackend, zneBackend } from './zneBackend.js';

/** The options of the `mitigation.zne` plugin (exactly these keys). */
export const zneOptionsSchema = z
  .object({
    scaleFactors: z.array(z.number().finite().min(1)).min(2).default([1, 3, 5]).describe('noise scale factors, each >= 1 (odd integers fold every circuit exactly)'),
    folding: z.enum(['random', 'global']).default('random').describe('fold gates at random (Mitiq default) or the whole circuit'),
    factory: factorySpecSchema.default('richardson').describe('extrapolation: richardson, linear, exp, {kind:"poly",order}, {kind:"exp",asymptote}'),
    seed: z.number().int().default(0).describe('seed of random folding'),
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
