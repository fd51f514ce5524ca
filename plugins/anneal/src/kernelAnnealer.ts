import { type AnnealerOptions, IsingAnnealer, IsingModel, Rng, SampleSet, ValidationError, checkAllocation, defaultThreads, describeValue } from '@hqml/core';
import { type InitialRows, type Job, type JobResult, type SolverParams, runJob } from './job.js';
import { initialStatesOption, oneOf, positiveInt, positiveNumber, seedOption } from './options.js';
import { type CompiledProblem, compileProblem } from './problem.js';
import { WorkerPool } from './workerPool.js';

/** Options every sampling solver of this package understands. */
export interface SamplingOptions extends AnnealerOptions {
  /** Independent reads (default: the number of initial states, else 1; with `timeLimit`, a cap). */
  readonly numReads?: number;
  /** Seed (default: a random one, reported in `info.seed`). */
  readonly seed?: number;
  /** Seconds to keep starting new reads (instead of a fixed count; checked between reads). */
  readonly timeLimit?: number;
  /** Threads to spread reads over (default: `HQML_THREADS` or all cores). */
  readonly numThreads?: number;
  /** Starting states: rows of spins, a flat row-major array, or a SPIN SampleSet. */
  readonly initialStates?: ArrayLike<number> | readonly (readonly number[])[] | SampleSet;
  /** Reads beyond the given initial states start random (`random`, default) or reuse them cyclically (`tile`). */
  readonly initialStatesGenerator?: 'random' | 'tile';
  /** Fixed-count runs use worker threads only above this many flip attempts (default 2e7). */
  readonly parallelThreshold?: number;
}

/** What a solver contributes to a run: kernel parameters and what to report. */
export interface RunPlan {
  readonly params: SolverParams;
  readonly attemptsPerRead: number;
  /** The parameters used, in the model's units, for `info.parameters`. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Sweeps per read, for reports. */
  readonly sweeps: number;
}

const COMMON_KEYS = ['numReads', 'seed', 'timeLimit', 'numThreads', 'initialStates', 'initialStatesGenerator', 'parallelThreshold'] as const;

/**
 * Checks that a model is an Ising model with finite biases (its typed arrays can be written
 * after construction). Empty models and QUBOs never get here: the IsingAnnealer base answers
 * the first and converts the second.
 */
export function checkModel(model: unknown, id: string): asserts model is IsingModel {
  if (!(model instanceof IsingModel)) {
    throw new ValidationError({ what: `${id}.sampleIsing got ${describeValue(model)}`, why: 'the kernels run on IsingModel instances', fix: 'Call sample(model), which converts QUBOs' });
  }
  const check = (what: string, arr: Float64Array): void => {
    for (let k = 0; k < arr.length; k++) {
      if (!Number.isFinite(arr[k])) throw new ValidationError({ what: `${what} ${k} is ${describeValue(arr[k])}`, why: 'biases must be finite', fix: 'Replace NaN and infinite biases' });
    }
  };
  check('linear bias', model.linear);
  check('interaction', model.values);
  if (!Number.isFinite(model.offset)) throw new ValidationError({ what: `offset is ${describeValue(model.offset)}`, why: 'the offset must be finite' });
}

/**
 * The shared driver of SA, PT and SQA: validates the common options, compiles the model, runs
 * the reads on this thread or spread over worker threads, and assembles an aggregated
 * SampleSet whose energies the model recomputes.
 *
 * Design note: a subclass only turns its own options into kernel parameters ({@link plan});
 * everything about reads, seeds, threads and time limits is decided once, here. Unknown
 * options are ignored and listed in `info.ignoredOptions`, as dimod does with unknown kwargs,
 * so composites can pass their own options through.
 */
export abstract class KernelAnnealer<O extends SamplingOptions = SamplingOptions> extends IsingAnnealer<O> {
  /** Option names of the subclass. */
  protected abstract readonly solverKeys: readonly string[];
  private pool: WorkerPool | undefined;
  private readonly defaultNumThreads: number | undefined;

  constructor(options: { numThreads?: number } = {}) {
    super();
    this.defaultNumThreads = positiveInt('numThreads', options.numThreads);
  }

  /** Validates the solver's options and resolves its schedule (before any compute). */
  protected abstract plan(model: IsingModel, problem: CompiledProblem, options: Readonly<Record<string, unknown>>): RunPlan;

  protected async sampleIsing(model: IsingModel, options: O): Promise<SampleSet> {
    const t0 = performance.now();
    checkModel(model, this.id);
    const n = model.numVariables;
    const init = initialStatesOption(options.initialStates, n);
    const generator = oneOf('initialStatesGenerator', options.initialStatesGenerator, ['random', 'tile'] as const) ?? 'random';
    const timeLimit = positiveNumber('timeLimit', options.timeLimit);
    const numReadsGiven = positiveInt('numReads', options.numReads);
    const numReads = numReadsGiven ?? (timeLimit !== undefined ? Number.MAX_SAFE_INTEGER : (init?.numRows ?? 1));
    const threads = positiveInt('numThreads', options.numThreads) ?? this.defaultNumThreads ?? defaultThreads();
    const threshold = positiveNumber('parallelThreshold', options.parallelThreshold, true) ?? 2e7;
    const seed = seedOption(options.seed);
    if (numReadsGiven !== undefined) {
      checkAllocation(`${this.id}: ${numReadsGiven.toLocaleString('en-US')} reads of ${n.toLocaleString('en-US')} variables`, [{ what: 'sample values', count: numReadsGiven * n, bytesPerElement: 2 }], 'Ask for fewer reads (numReads), or use timeLimit');
    }
    const problem = compileProblem(model);
    const plan = this.plan(model, problem, options);
    const ignored = Object.keys(options).filter((k) => !(COMMON_KEYS as readonly string[]).includes(k) && !this.solverKeys.includes(k));

    const rng = Rng.from(seed);
    const seedA = rng.uint32() | 0;
    const seedB = rng.uint32() | 0;
    const initRows: InitialRows | undefined = init && { ...init, tile: generator === 'tile' };
    const deadline = timeLimit === undefined ? undefined : Date.now() + timeLimit * 1000;
    const useWorkers = threads > 1 && numReads > 1 && (timeLimit !== undefined || numReads * plan.attemptsPerRead >= threshold);
    const base = { problem, params: plan.params, seedA, seedB, ...(deadline !== undefined && { deadline }), ...(initRows !== undefined && { init: initRows }) };
    const tRun = performance.now();
    let results: JobResult[];
    if (useWorkers) {
      const jobs: Job[] = [];
      for (let w = 0; w < threads && w < numReads; w++) jobs.push({ ...base, first: w, step: threads, count: Math.ceil((numReads - w) / threads) });
      this.pool ??= new WorkerPool();
      results = await this.pool.run(jobs);
    } else {
      results = [runJob({ ...base, first: 0, step: 1, count: numReads })];
    }
    const runSeconds = (performance.now() - tRun) / 1000;

    const rows: Array<{ index: number; result: JobResult; k: number }> = [];
    for (const result of results) for (let k = 0; k < result.indices.length; k++) rows.push({ index: result.indices[k]!, result, k });
    rows.sort((a, b) => a.index - b.index);
    const samples = new Int8Array(rows.length * n);
    rows.forEach((r, dst) => samples.set(r.result.samples.subarray(r.k * n, (r.k + 1) * n), dst * n));
    const attempts = results.reduce((a, r) => a + r.attempts, 0);
    const cpuSeconds = results.reduce((a, r) => a + r.cpuSeconds, 0);
    const info = {
      solver: this.id,
      seed,
      numReads: rows.length,
      sweeps: plan.sweeps,
      threads: useWorkers ? results.length : 1,
      parameters: { ...plan.parameters, numReads: rows.length, ...(timeLimit !== undefined && { timeLimit }) },
      flipAttempts: attempts,
      flipAttemptsPerSecond: attempts / runSeconds,
      ...(Number.isFinite(cpuSeconds) && cpuSeconds > 0 && { flipAttemptsPerCpuSecond: attempts / cpuSeconds }),
      ...(ignored.length > 0 && { ignoredOptions: ignored }),
    };
    const set = SampleSet.fromModel(model, samples).aggregate();
    const wallSeconds = (performance.now() - t0) / 1000;
    return set.withInfo({ ...info, timing: { wallSeconds, sampleSeconds: runSeconds, ...(Number.isFinite(cpuSeconds) && cpuSeconds > 0 && { cpuSeconds }) } });
  }

  async dispose(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    await p?.dispose();
  }
}
