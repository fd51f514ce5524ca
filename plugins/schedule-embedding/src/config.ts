import { z } from 'zod';
import { COUPLER_GRAPHS, type CouplerGraph } from './controlTerms.js';

/**
 * The annealer part of a configuration. `preset` fills every field it names and explicit
 * fields override it: `seed` is faithful to the seed notebook (n = 2, all terms, steps = 5,
 * T = 1, Trotter number 2, first order, raw outputs scaled by 100), `tuned` is this package's
 * choice for 10-class data (n = 4, 10 steps, second order, bound 5).
 */
export const annealerConfigSchema = z.object({
  preset: z.enum(['seed', 'tuned']).default('tuned'),
  qubits: z.number().int().min(1).max(12).optional(),
  couplers: z.enum(COUPLER_GRAPHS as [CouplerGraph, ...CouplerGraph[]]).optional(),
  steps: z.number().int().min(1).max(200).optional(),
  totalTime: z.number().positive().optional(),
  slices: z.number().int().min(1).max(50).optional(),
  order: z.union([z.literal(1), z.literal(2)]).optional(),
  amplitudeBound: z.number().positive().optional(),
  backbone: z.enum(['lenet5', 'mlp']).optional(),
  /** LeNet-5 backbone: filters of its two convolutions (default [6, 16]; e.g. [32, 64] for a wider network on 32x32x3). */
  filters: z.tuple([z.number().int().min(1).max(1024), z.number().int().min(1).max(1024)]).optional(),
}).strict();

/** The annealer section as written in a config file. */
export type AnnealerConfigInput = z.input<typeof annealerConfigSchema>;

/** A fully resolved annealer configuration. */
export interface AnnealerConfig {
  readonly preset: 'seed' | 'tuned';
  readonly qubits: number;
  readonly couplers: CouplerGraph;
  readonly steps: number;
  readonly totalTime: number;
  readonly slices: number;
  readonly order: 1 | 2;
  readonly amplitudeBound: number;
  readonly backbone: 'lenet5' | 'mlp';
  /** LeNet-5 convolution filters; absent = the classic [6, 16]. */
  readonly filters?: readonly [number, number];
}

/** The presets (see {@link annealerConfigSchema}). */
export const ANNEALER_PRESETS: Readonly<Record<'seed' | 'tuned', Omit<AnnealerConfig, 'preset'>>> = Object.freeze({
  seed: Object.freeze({ qubits: 2, couplers: 'all' as const, steps: 5, totalTime: 1, slices: 2, order: 1 as const, amplitudeBound: 100, backbone: 'lenet5' as const }),
  tuned: Object.freeze({ qubits: 4, couplers: 'all' as const, steps: 10, totalTime: 1, slices: 2, order: 2 as const, amplitudeBound: 5, backbone: 'lenet5' as const }),
});

/** Applies the preset, then the explicit fields. */
export function resolveAnnealerConfig(input: AnnealerConfigInput = {}): AnnealerConfig {
  const c = annealerConfigSchema.parse(input);
  const base = ANNEALER_PRESETS[c.preset];
  const pick = <K extends keyof typeof base>(k: K): (typeof base)[K] => (c[k] ?? base[k]) as (typeof base)[K];
  return {
    preset: c.preset, qubits: pick('qubits'), couplers: pick('couplers'), steps: pick('steps'), totalTime: pick('totalTime'),
    slices: pick('slices'), order: pick('order'), amplitudeBound: pick('amplitudeBound'), backbone: pick('backbone'),
    ...(c.filters ? { filters: c.filters } : {}),
  };
}
