import { type Annealer, type DependencyContainer, Tokens, definePlugin } from '@hqml/core';
import { z } from 'zod';
import { DWaveSampler } from './dwaveSampler.js';
import { AutoEmbeddingComposite } from './embedding/autoEmbeddingComposite.js';
import { CHAIN_BREAK_METHODS, type ChainBreakMethod } from './embedding/chainBreaks.js';
import { loadEmbedding } from './embedding/embeddingFile.js';
import { FixedEmbeddingComposite } from './embedding/fixedEmbeddingComposite.js';

/**
 * Options of `dwave.qpu` (exactly this schema; `strict`, so a `token` key is refused: the token
 * comes from DWAVE_API_TOKEN or dwave.conf and never from a config that gets copied).
 */
export const dwaveQpuOptionsSchema = z
  .object({
    /** A solver name, or features like {"topology__type": "pegasus"}. */
    solver: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    profile: z.string().min(1).optional(),
    configFile: z.string().min(1).optional(),
    endpoint: z.string().url().optional(),
    region: z.string().min(1).optional(),
    /** `auto` (default): embed when the problem is not native; `none`: the bare structured sampler. */
    embedding: z.enum(['auto', 'none']).default('auto'),
    /** A saved embedding (JSON) to use for every problem instead of searching. */
    embeddingFile: z.string().min(1).optional(),
    chainStrength: z.union([z.number().positive(), z.enum(['uniform_torque_compensation', 'scaled'])]).optional(),
    chainBreakMethod: z.enum(CHAIN_BREAK_METHODS as unknown as [ChainBreakMethod, ...ChainBreakMethod[]]).optional(),
    /** Seconds to wait for a problem (default 900). */
    waitTimeout: z.number().positive().optional(),
  })
  .strict();

/** Parsed options of `dwave.qpu`. */
export type DwaveQpuOptions = z.infer<typeof dwaveQpuOptionsSchema>;

/** Builds the annealer `dwave.qpu` registers. */
export async function createDwaveQpu(o: DwaveQpuOptions): Promise<Annealer> {
  const sampler = await DWaveSampler.connect({
    settings: { ...(o.solver !== undefined && { solver: o.solver }), ...(o.profile !== undefined && { profile: o.profile }), ...(o.configFile !== undefined && { configFile: o.configFile }), ...(o.endpoint !== undefined && { endpoint: o.endpoint }), ...(o.region !== undefined && { region: o.region }) },
    ...(o.waitTimeout !== undefined && { waitTimeout: o.waitTimeout }),
  });
  const defaults = { ...(o.chainStrength !== undefined && { chainStrength: o.chainStrength }), ...(o.chainBreakMethod !== undefined && { chainBreakMethod: o.chainBreakMethod }) };
  if (o.embeddingFile !== undefined) {
    const { variables, embedding } = await loadEmbedding(o.embeddingFile);
    return new FixedEmbeddingComposite(sampler, variables, embedding, defaults);
  }
  return o.embedding === 'none' ? sampler : new AutoEmbeddingComposite(sampler, defaults);
}

/** `dwave.qpu`: a D-Wave QPU through SAPI, embedding problems that are not native. */
export const dwaveQpuPlugin = definePlugin<Annealer, DwaveQpuOptions>({
  id: 'dwave.qpu',
  kind: 'annealer',
  description: 'D-Wave QPU over SAPI (DWAVE_API_TOKEN / dwave.conf): structured sampler with parameter validation, minor embedding when the problem is not native',
  capabilities: { heuristic: true, hardware: true, structured: true, embedding: true, reverseAnnealing: true, hGainSchedule: true },
  token: Tokens.Annealer,
  options: dwaveQpuOptionsSchema as unknown as z.ZodType<DwaveQpuOptions>,
  create: (o) => createDwaveQpu(o),
});

/** Registers `dwave.qpu` into a container (explicitly; nothing registers on import). */
export function registerDwave(container: DependencyContainer, options: Record<string, unknown> = {}): Promise<Annealer> {
  return dwaveQpuPlugin.register(container, options);
}
