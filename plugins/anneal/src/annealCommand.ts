import type { Command } from 'commander';
import {
  type Annealer, type CommandContext, type CommandContribution, type DimodSampleSetJSON, type QuantumBackend, ValidationError, applyMitigators, commandLineMitigators,
  createContainer, describeValue,
} from '@hqml/core';
import { cutValue } from './gset.js';
import { PROBLEM_FORMATS, type ProblemFormat, readInitialStates, readProblemFile } from './problemFile.js';

/** The JSON that `hqml anneal --json` prints. */
export interface AnnealReport {
  readonly file: string;
  readonly format: ProblemFormat;
  readonly solver: string;
  readonly numVariables: number;
  readonly numInteractions: number;
  readonly vartype: 'SPIN' | 'BINARY';
  readonly bestEnergy: number;
  readonly bestSample: number[];
  /** Max-Cut value (W - E) / 2, for G-set inputs. */
  readonly cut?: number;
  readonly totalWeight?: number;
  readonly reads: number;
  readonly sweeps?: number;
  readonly wallSeconds: number;
  readonly flipAttemptsPerSecond?: number;
  readonly seed?: number;
  /** The backend of a solver that runs circuits (anneal.qaoa). */
  readonly backend?: string;
  /** QAOA depth, when the solver reports one. */
  readonly p?: number;
  /** Approximation ratio of the optimised state, when the solver reports one (anneal.qaoa, small models). */
  readonly approximationRatio?: number;
  /** When the solver embedded the problem (dwave.qpu): chain lengths, chain strength, the best row's chain-break fraction. */
  readonly embedding?: { readonly maxChainLength: number; readonly chainStrength: number; readonly chainBreakFraction: number };
  /** The ids of the mitigators wrapped around the solver, innermost first, when given. */
  readonly mitigators?: readonly string[];
  /**
   * Every row, in dimod's `SampleSet.to_serializable(pack_samples=False)` form: load it in
   * Python with `dimod.SampleSet.from_serializable(report["sampleSet"])`.
   */
  readonly sampleSet: DimodSampleSetJSON;
}

interface RawOptions {
  format?: string;
  solver: string;
  numReads?: string;
  sweeps?: string;
  timeLimit?: string;
  seed?: string;
  threads?: string;
  p?: string;
  backend?: string;
  /** Mitigator references `ID[:k=v,...]`, innermost first. */
  mitigator?: string[];
  initialStates?: string;
  json?: boolean;
}

function intFlag(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(v) || v < min) {
    throw new ValidationError({ what: `${flag} is ${describeValue(raw)}`, why: `${flag} takes an integer >= ${min}`, fix: `Pass e.g. ${flag} ${Math.max(min, 1) * 10}` });
  }
  return v;
}

/** Runs the command's work; exported for tests and for scripts. */
export async function runAnneal(file: string, raw: RawOptions, context: CommandContext): Promise<AnnealReport> {
  const format = raw.format;
  if (format !== undefined && !(PROBLEM_FORMATS as readonly string[]).includes(format)) {
    throw new ValidationError({ what: `--format is ${describeValue(format)}`, why: `formats: ${PROBLEM_FORMATS.join(', ')}`, fix: 'Pass --format gset, bqm-json or qubo-json' });
  }
  const numReads = intFlag('--num-reads', raw.numReads, 1);
  const numSweeps = intFlag('--sweeps', raw.sweeps, 0);
  const seed = intFlag('--seed', raw.seed, 0);
  const numThreads = intFlag('--threads', raw.threads, 1);
  const p = intFlag('--p', raw.p, 1);
  let timeLimit: number | undefined;
  if (raw.timeLimit !== undefined) {
    timeLimit = Number(raw.timeLimit);
    if (raw.timeLimit.trim() === '' || !Number.isFinite(timeLimit) || timeLimit <= 0) {
      throw new ValidationError({ what: `--time-limit is ${describeValue(raw.timeLimit)}`, why: '--time-limit takes a positive number of seconds', fix: 'Pass e.g. --time-limit 10' });
    }
  }
  const plugin = context.registry.get<Annealer>(raw.solver, 'annealer');
  // A solver that runs circuits (anneal.qaoa) declares requires: ['backend'] and gets one in its container.
  const needsBackend = (plugin.capabilities['requires'] as readonly string[] | undefined)?.includes('backend') === true;
  if (raw.backend !== undefined && !needsBackend) {
    throw new ValidationError({ what: `--backend ${raw.backend} was given for solver ${raw.solver}`, why: `${raw.solver} runs no circuits`, fix: 'Drop --backend, or use a solver that needs a backend (anneal.qaoa)' });
  }
  const backendPlugin = needsBackend ? context.registry.get<QuantumBackend>(raw.backend ?? 'statevector', 'backend') : undefined;
  const mitigators = await commandLineMitigators<Annealer>(context.registry, raw.mitigator ?? [], 'annealer');
  const problem = await readProblemFile(file, format as ProblemFormat | undefined);
  if (problem.model.numVariables === 0) {
    throw new ValidationError({ what: `${file} has no variables`, why: 'there is nothing to sample', fix: 'Pass a problem with at least one variable' });
  }
  const initialStates = raw.initialStates === undefined ? undefined : await readInitialStates(raw.initialStates, problem.model);
  const container = createContainer();
  const backend = backendPlugin ? await backendPlugin.register(container) : undefined;
  const annealer = applyMitigators(await plugin.register(container), mitigators);
  try {
    const options = {
      ...(initialStates !== undefined && { initialStates }),
      ...(numReads !== undefined && { numReads }),
      ...(numSweeps !== undefined && { numSweeps }),
      ...(timeLimit !== undefined && { timeLimit }),
      ...(seed !== undefined && { seed }),
      ...(numThreads !== undefined && { numThreads }),
      ...(p !== undefined && { p }),
    };
    const t0 = performance.now();
    const ss = await annealer.sample(problem.model, options);
    const wallSeconds = (performance.now() - t0) / 1000;
    const best = ss.first;
    const info = ss.info as { sweeps?: number; flipAttemptsPerSecond?: number; seed?: number; p?: number; approximationRatio?: number; embeddingContext?: { maxChainLength: number; chainStrength: number }; chainBreakFraction?: number[] };
    return {
      file,
      format: problem.format,
      solver: annealer.id,
      numVariables: problem.model.numVariables,
      numInteractions: problem.model.numInteractions,
      vartype: ss.vartype,
      bestEnergy: best.energy,
      bestSample: Array.from(best.sample),
      ...(problem.gset && { cut: cutValue(problem.gset, best.energy), totalWeight: problem.gset.totalWeight }),
      reads: ss.numReads,
      ...(info.sweeps !== undefined && { sweeps: info.sweeps }),
      wallSeconds,
      ...(info.flipAttemptsPerSecond !== undefined && { flipAttemptsPerSecond: info.flipAttemptsPerSecond }),
      ...(info.seed !== undefined && { seed: info.seed }),
      ...(backend !== undefined && { backend: backend.id }),
      ...(info.p !== undefined && { p: info.p }),
      ...(info.approximationRatio !== undefined && { approximationRatio: info.approximationRatio }),
      ...(info.embeddingContext !== undefined && { embedding: { maxChainLength: info.embeddingContext.maxChainLength, chainStrength: info.embeddingContext.chainStrength, chainBreakFraction: info.chainBreakFraction?.[0] ?? 0 } }),
      ...(mitigators.length > 0 && { mitigators: mitigators.map((m) => m.id) }),
      sampleSet: ss.toSerializable({ packSamples: false }),
    };
  } finally {
    await annealer.dispose?.();
    backend?.dispose?.();
  }
}

function formatReport(r: AnnealReport): string[] {
  const sample = r.vartype === 'SPIN' ? r.bestSample.map((s) => (s > 0 ? '+' : '-')).join('') : r.bestSample.join('');
  return [
    `${r.file} (${r.format}): ${r.numVariables} variables, ${r.numInteractions} interactions`,
    `solver ${r.solver}${r.backend !== undefined ? ` on ${r.backend}` : ''}${r.p !== undefined ? ` (p = ${r.p})` : ''}: ${r.reads} reads${r.sweeps !== undefined ? ` x ${r.sweeps} sweeps` : ''} in ${r.wallSeconds.toFixed(3)} s${r.flipAttemptsPerSecond !== undefined ? ` (${r.flipAttemptsPerSecond.toExponential(2)} flip attempts/s)` : ''}`,
    `best energy ${r.bestEnergy}${r.approximationRatio !== undefined ? `, approximation ratio ${r.approximationRatio.toFixed(4)}` : ''}${r.cut !== undefined ? `, cut ${r.cut} of total weight ${r.totalWeight}` : ''}`,
    `best sample ${sample}`,
    ...(r.seed !== undefined ? [`seed ${r.seed}`] : []),
  ];
}

/** `hqml anneal FILE --format gset|bqm-json|qubo-json --solver <id> ...` */
export const annealCommand: CommandContribution = {
  name: 'anneal',
  register(program: Command, context: CommandContext): void {
    program
      .command('anneal')
      .description('Sample a G-set graph (as Max-Cut), a dimod BQM or a QUBO with an annealer and report the best state')
      .argument('<file>', 'problem file')
      .option('--format <format>', `input format: ${PROBLEM_FORMATS.join(', ')} (default: guessed from the file)`)
      .option('--solver <id>', 'annealer plugin id (anneal.sa, anneal.pt, anneal.sqa, anneal.exact, anneal.qaoa, dwave.qpu, ...)', 'anneal.sa')
      .option('--num-reads <n>', "reads (default: the solver's; with --time-limit, a cap)")
      .option('--sweeps <n>', 'sweeps per read')
      .option('--time-limit <seconds>', 'keep starting reads for this long instead of a fixed count')
      .option('--seed <n>', 'seed (default: random, printed)')
      .option('--threads <n>', 'threads to spread reads over (default: all cores)')
      .option('--p <n>', 'QAOA depth (anneal.qaoa)')
      .option('--backend <id>', 'quantum backend for solvers that run circuits (anneal.qaoa; default statevector)')
      .option('--mitigator <ref>', 'mitigator plugin ID[:key=value,...] around the solver, repeatable, innermost first (e.g. mitigation.spin-reversal:numTransforms=8)', (v: string, prev: string[]) => [...prev, v], [] as string[])
      .option('--initial-states <file>', "start the reads from a sample set (dimod's to_serializable() JSON, e.g. an earlier --json's sampleSet)")
      .option('--json', "print one JSON object, with every row in dimod's SampleSet format (sampleSet)")
      .action(async (file: string, raw: RawOptions) => {
        const report = await runAnneal(file, raw, context);
        if (raw.json) context.print(JSON.stringify(report));
        else for (const line of formatReport(report)) context.print(line);
      });
  },
};
