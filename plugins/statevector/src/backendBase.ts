import {
  type BackendCapabilities, type CheckedExecution, type Circuit, type CompiledCircuit, type Execution, type GradientMethod, type GradientProvider, type NoiseModel, type Observable,
  type ExpectationWithVjp, type PauliMasks, type QuantumBackend, type StateProvider, type StateVjpResult, type VjpResult, Rng, UnsupportedError, ValidationError,
  applyReadoutToProbabilities, checkExecution, checkMemoryBudget, checkObservables, resolveQubits, checkShots, checkUpstream, compileCircuit, describeValue, drawShots,
  hasReadout, noiseEvents, parameterShiftVjp, pauliMasks, readoutObservable, requireMemory, resolveGradientMethod, validateNoiseModel,
} from '@hqml/core/browser';
import { batchPlan } from './engine/batchSim.js';
import type { JobSpec } from './engine/job.js';
import { type SharedBuffers, Sim } from './engine/sim.js';
import { type EngineName, type EngineOp, type EngineOption, type EngineSettings, TEAM_MIN_QUBITS, checkEngineOption, chooseEngine } from './engineChoice.js';
import { type JobRunner, type LargeEngine, type StatevectorPlatform, isShared } from './platform.js';
import { DENSITY_MATRIX_MAX_QUBITS, DensityMatrix } from './noise/densityMatrix.js';
import { checkStateUpstream, stateVjp } from './stateVjp.js';

/** How a noisy circuit is simulated. */
export type NoiseMethod = 'auto' | 'trajectories' | 'density-matrix';

/** Options of {@link StatevectorBackend}. */
export interface StatevectorOptions {
  /** Threads (main + workers); default `HQML_THREADS` or all cores. */
  readonly threads?: number;
  /** Bytes the simulator may allocate per call; default half of the free memory. */
  readonly memoryBudgetBytes?: number;
  /** Noise model; none by default. */
  readonly noise?: NoiseModel;
  /** `auto` (default): density matrix up to 10 qubits, trajectories above. */
  readonly noiseMethod?: NoiseMethod;
  /** Trajectories per sample (default 1000). */
  readonly trajectories?: number;
  /** Seed of the trajectories (default 0). */
  readonly noiseSeed?: number;
  /** Fuse runs of one-qubit gates (default true). */
  readonly fusion?: boolean;
  /** Apply runs of gates on low qubits block by block, one memory pass per run (default true). */
  readonly cacheBlocking?: boolean;
  /** Amplitudes (rows x 2^n) per cache-sized batch chunk (default 2^15). */
  readonly chunkAmplitudes?: number;
  /**
   * Batched small circuits use more than one thread only from this much work on (rows x 2^n x
   * gates); below it one thread is faster (waking a worker and the per-chunk set-up cost more
   * than the split gains). Default 6,000,000; 0 splits every batch that has two chunks.
   */
  readonly minThreadedWork?: number;
  /** `sample-innermost` (default): a chunk of samples shares each kernel pass; `sample-outermost`: one sample at a time. */
  readonly batchLayout?: 'sample-innermost' | 'sample-outermost';
  /** Largest qubit count accepted (default 30; memory is checked separately). */
  readonly maxQubits?: number;
  /**
   * From this many qubits on, noise-free single states (batches from 16 qubits) run one row at a
   * time on the WebAssembly single-state engine (SIMD kernels, cache-blocked passes across
   * qubits, threads sharing the state); default 12. `Infinity` turns it off.
   */
  readonly largeStateQubits?: number;
  /** log2 of the cache block (amplitudes) of the WebAssembly engine; default 14 (256 KiB). */
  readonly blockQubits?: number;
  /**
   * Which engine runs a call: `auto` (default) picks per call by size and kind (see
   * `chooseEngine` in engineChoice.ts); `js`, `batch-wasm` or `large-wasm` forces one for every
   * call it implements (the rest run on `js`).
   */
  readonly engine?: EngineOption;
}

/** Amplitudes per row chunk of the batch engine: its six state arrays stay inside the L2 cache. */
const BATCH_CHUNK_AMPLITUDES = 2 ** 13;

/** Smallest chunk (rows x 2^n amplitudes) worth handing to another thread. */
const BATCH_MIN_CHUNK_AMPLITUDES = 2 ** 11;

/**
 * Default of `minThreadedWork`. Measured on the 2-core VM (quiet, hardware-efficient circuits,
 * 4 layers, forward+VJP): two threads were 0.99-1.74x SLOWER than one up to 5.1M gate-amplitudes
 * (4-6 qubits at batch 64-1024, 7 qubits at 64-256) and 1.2-1.8x faster from 6.8M on (8 qubits
 * at 256, 7 and 8 qubits at 1024).
 */
const DEFAULT_MIN_THREADED_WORK = 6_000_000;

/**
 * The static defaults of {@link StatevectorOptions}, in one place (the constructor and the
 * plugin's option schema both read them). `threads` (HQML_THREADS or every core) and
 * `memoryBudgetBytes` (half of the free memory) depend on the machine and have none here.
 */
export const STATEVECTOR_DEFAULTS = Object.freeze({
  noiseMethod: 'auto' as NoiseMethod,
  trajectories: 1000,
  noiseSeed: 0,
  fusion: true,
  cacheBlocking: true,
  chunkAmplitudes: 2 ** 15,
  minThreadedWork: DEFAULT_MIN_THREADED_WORK,
  batchLayout: 'sample-innermost' as 'sample-innermost' | 'sample-outermost',
  maxQubits: 30,
  largeStateQubits: 12,
  blockQubits: 14,
  engine: 'auto' as EngineOption,
});

/** Chunks per thread when threads split a batch (they claim chunks, so a late thread takes fewer). */
const CHUNKS_PER_THREAD = 4;

let nextCircuitId = 1;
const circuitIds = new WeakMap<Circuit, number>();
function circuitId(c: Circuit): number {
  let id = circuitIds.get(c);
  if (id === undefined) {
    id = nextCircuitId++;
    circuitIds.set(c, id);
  }
  return id;
}

const circuitJsons = new WeakMap<Circuit, ReturnType<Circuit['toJSON']>>();
/** The circuit as posted to workers, serialised once per circuit object (a training step reuses it). */
function circuitJson(c: Circuit): ReturnType<Circuit['toJSON']> {
  let j = circuitJsons.get(c);
  if (j === undefined) {
    j = c.toJSON();
    circuitJsons.set(c, j);
  }
  return j;
}

function shared(len: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(len * 8));
}

/**
 * The CPU statevector backend (`statevector`): complex128 amplitudes, batched execution with
 * shared parameters and per-sample inputs, adjoint and parameter-shift gradients, seeded shots,
 * noise by trajectories or density matrix. What depends on where it runs (worker threads, the
 * WebAssembly single-state engine, the free memory) comes from a {@link StatevectorPlatform}:
 * `StatevectorBackend` (Node, every core) and `BrowserStatevectorBackend` (one thread, no Node)
 * are this class on their platforms.
 *
 * Qubit 0 is the least significant bit of a basis-state index (Qiskit's order).
 */
export class StatevectorBackendBase implements QuantumBackend, GradientProvider, StateProvider {
  readonly id = 'statevector';
  readonly capabilities: BackendCapabilities;
  readonly gradientMethods: readonly GradientMethod[];
  readonly threads: number;
  readonly memoryBudgetBytes: number;
  readonly noise: NoiseModel | undefined;
  private readonly noiseMethod: NoiseMethod;
  private readonly trajectories: number;
  private readonly noiseSeed: number;
  private readonly fusion: boolean;
  private readonly blocking: boolean;
  private readonly chunkAmplitudes: number;
  private readonly minThreadedWork: number;
  private readonly outermost: boolean;
  private readonly maxQubits: number;
  private readonly pool: JobRunner;
  private sharedState: SharedBuffers | null = null;
  private readonly large: LargeEngine | null;
  private readonly engines: EngineSettings;
  /** Keep buffers of a consumed deferred VJP, reused by the next `expectationWithVjp`. */
  private spareKeep: { re: Float64Array; im: Float64Array } | null = null;

  constructor(options: StatevectorOptions, platform: StatevectorPlatform) {
    platform.check(options);
    const threads = options.threads ?? platform.defaultThreads();
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new ValidationError({ what: `threads is ${describeValue(options.threads)}`, why: 'it must be an integer from 1 to 256', fix: 'Pass e.g. 1 or 2, or omit it to use every core' });
    }
    const traj = options.trajectories ?? STATEVECTOR_DEFAULTS.trajectories;
    if (!Number.isInteger(traj) || traj < 1) {
      throw new ValidationError({ what: `trajectories is ${describeValue(options.trajectories)}`, why: 'it must be a positive integer', fix: 'Pass e.g. 1000' });
    }
    const method = options.noiseMethod ?? STATEVECTOR_DEFAULTS.noiseMethod;
    if (!['auto', 'trajectories', 'density-matrix'].includes(method)) {
      throw new ValidationError({ what: `noiseMethod is ${describeValue(method)}`, why: 'it is one of auto, trajectories, density-matrix', fix: 'Use one of those' });
    }
    this.threads = threads;
    this.memoryBudgetBytes = options.memoryBudgetBytes === undefined ? platform.defaultMemoryBudget() : checkMemoryBudget(options.memoryBudgetBytes);
    this.noise = options.noise ? validateNoiseModel(options.noise) : undefined;
    this.noiseMethod = method;
    this.trajectories = traj;
    this.noiseSeed = options.noiseSeed ?? STATEVECTOR_DEFAULTS.noiseSeed;
    this.fusion = options.fusion ?? STATEVECTOR_DEFAULTS.fusion;
    this.blocking = options.cacheBlocking ?? STATEVECTOR_DEFAULTS.cacheBlocking;
    this.chunkAmplitudes = options.chunkAmplitudes ?? STATEVECTOR_DEFAULTS.chunkAmplitudes;
    if (options.minThreadedWork !== undefined && !(options.minThreadedWork >= 0)) {
      throw new ValidationError({ what: `minThreadedWork is ${describeValue(options.minThreadedWork)}`, why: 'it is an amount of work (rows x 2^n x gates), a number >= 0', fix: 'Omit it for the default, or pass 0 to split every batch' });
    }
    this.minThreadedWork = options.minThreadedWork ?? STATEVECTOR_DEFAULTS.minThreadedWork;
    this.outermost = (options.batchLayout ?? STATEVECTOR_DEFAULTS.batchLayout) === 'sample-outermost';
    this.maxQubits = options.maxQubits ?? STATEVECTOR_DEFAULTS.maxQubits;
    const noisy = this.noise !== undefined && this.noise.channels.some((c) => c.probability > 0);
    const engine = checkEngineOption(options.engine ?? STATEVECTOR_DEFAULTS.engine, { noisy, fusion: this.fusion, sampleOutermost: this.outermost });
    // Adjoint differentiation needs a unitary circuit; with channels only the shift rule is exact.
    this.gradientMethods = noisy ? ['parameter-shift'] : ['adjoint', 'parameter-shift'];
    this.capabilities = Object.freeze({
      maxQubits: this.maxQubits,
      noise: this.noise !== undefined,
      shots: true,
      deviceKind: 'simulator' as const,
      precision: 'complex128',
      threads,
      engine,
      gradientMethods: this.gradientMethods,
    });
    this.pool = platform.createRunner(threads);
    const blockQubits = options.blockQubits ?? STATEVECTOR_DEFAULTS.blockQubits;
    if (!Number.isInteger(blockQubits) || blockQubits < 2 || blockQubits > 20) {
      throw new ValidationError({ what: `blockQubits is ${describeValue(options.blockQubits)}`, why: 'it must be an integer from 2 to 20', fix: 'Pass e.g. 14 (a 256 KiB block), or omit it' });
    }
    const largeQubits = options.largeStateQubits ?? STATEVECTOR_DEFAULTS.largeStateQubits;
    if (typeof largeQubits !== 'number' || Number.isNaN(largeQubits) || largeQubits < 1) {
      throw new ValidationError({ what: `largeStateQubits is ${describeValue(options.largeStateQubits)}`, why: 'it must be a qubit count of at least 1, or Infinity', fix: 'Pass e.g. 12, or Infinity to disable the WebAssembly engine' });
    }
    this.large = platform.createLargeEngine({ threads, blockQubits, fuse: this.fusion, blocking: this.blocking, memoryBudgetBytes: this.memoryBudgetBytes });
    this.engines = Object.freeze({ engine, noisy, threads, fusion: this.fusion, sampleOutermost: this.outermost, largeStateQubits: largeQubits, largeFits: (n: number) => this.large?.fits(n) ?? false });
  }

  /** The engine that runs `op` for this execution (see `chooseEngine`, the one place that decides). */
  engineFor(op: EngineOp, execution: Execution, shifted = false): EngineName {
    const ex = this.check(execution);
    return this.route(op, ex, shifted);
  }

  private route(op: EngineOp, ex: CheckedExecution, shifted: boolean): EngineName {
    return chooseEngine({ op, program: compileCircuit(ex.circuit), rows: ex.rows, shifted }, this.engines);
  }

  /** Expectation values, rows x observables, row-major. */
  expectation(execution: Execution, observables: readonly Observable[]): Float64Array {
    const ex = this.check(execution);
    checkObservables(observables, ex.circuit.numQubits);
    const masks = this.masks(observables);
    return this.expectRaw(ex, masks, null, null);
  }

  /** Basis-state probabilities of `qubits` (default all; qubits[0] = least significant bit), rows x 2^k. */
  probabilities(execution: Execution, qubits?: readonly number[]): Float64Array {
    const ex = this.check(execution);
    return this.probsRaw(ex, resolveQubits(qubits, ex.circuit.numQubits));
  }

  /** `shots` outcomes per row (basis indices, qubit 0 = least significant bit), rows x shots. */
  sample(execution: Execution, shots: number, seed: number): Uint32Array {
    checkShots(shots, seed);
    const ex = this.check(execution);
    const n = ex.circuit.numQubits;
    requireMemory(ex.rows * 2 ** n * 8 + ex.rows * shots * 12, this.memoryBudgetBytes, `sampling ${ex.rows} x ${shots} shots of ${n} qubits`);
    const p = this.probsRaw(ex, Array.from({ length: n }, (_, i) => i));
    return drawShots(p, ex.rows, 2 ** n, shots, Rng.from(seed));
  }

  /**
   * The final state vectors, rows x 2^n each for the real and imaginary parts (noise-free runs
   * only; qubit 0 = least significant bit of the index).
   */
  amplitudes(execution: Execution): { re: Float64Array; im: Float64Array } {
    const ex = this.check(execution);
    if (this.noisy()) {
      throw new UnsupportedError({ what: 'amplitudes of a noisy circuit', why: 'a noisy state is a mixture, not a vector', fix: 'Use probabilities or expectation, or a backend without noise' });
    }
    const engine = this.route('amplitudes', ex, false);
    if (engine === 'large-wasm') return this.large!.amplitudes(ex);
    const N = 2 ** ex.circuit.numQubits;
    requireMemory(ex.rows * N * 32, this.memoryBudgetBytes, `the amplitudes of ${ex.rows} state(s) of ${ex.circuit.numQubits} qubits`);
    if (engine === 'batch-wasm') {
      const spec = this.batchJob('expect', ex, ex.rows, { observables: [], keep: true });
      this.runJob(spec, ex);
      return { re: unshare(spec.keepRe!), im: unshare(spec.keepIm!) };
    }
    const re = new Float64Array(ex.rows * N);
    const im = new Float64Array(ex.rows * N);
    const sim = new Sim();
    for (let r = 0; r < ex.rows; r++) {
      sim.forward(this.task(ex, null, null, 1), r, r + 1);
      const s = sim.state();
      re.set(s.re.subarray(0, N), r * N);
      im.set(s.im.subarray(0, N), r * N);
    }
    return { re, im };
  }

  /**
   * Vector-Jacobian product of the final states (core's `StateProvider`): `upstreamRe/Im` are
   * dL/dRe psi and dL/dIm psi, rows x 2^n; one forward and one adjoint sweep (see stateVjp.ts).
   */
  stateVjp(execution: Execution, upstreamRe: ArrayLike<number>, upstreamIm: ArrayLike<number>): StateVjpResult {
    const ex = this.check(execution);
    if (this.noisy()) {
      throw new UnsupportedError({ what: 'the state VJP of a noisy circuit', why: 'a noisy state is a mixture, not a vector', fix: 'Use vjp of expectation values, or a backend without noise' });
    }
    if (this.route('state-vjp', ex, false) === 'batch-wasm') {
      const N = 2 ** ex.circuit.numQubits;
      checkStateUpstream('upstreamRe', upstreamRe, ex.rows * N, ex.rows, N);
      checkStateUpstream('upstreamIm', upstreamIm, ex.rows * N, ex.rows, N);
      requireMemory(ex.rows * N * 16, this.memoryBudgetBytes, `the state cotangents of ${ex.rows} state(s) of ${ex.circuit.numQubits} qubits`);
      const probe = this.batchJob('vjp', ex, ex.rows, { observables: [] });
      const copy = (u: ArrayLike<number>): Float64Array => {
        const a = probe.mode === 'batch' ? shared(u.length) : new Float64Array(u.length);
        a.set(u);
        return a;
      };
      const spec: JobSpec = { ...probe, stateUpRe: copy(upstreamRe), stateUpIm: copy(upstreamIm) };
      this.runJob(spec, ex);
      return { params: this.sumParams(spec, ex), inputs: unshare(spec.gx) };
    }
    return stateVjp(ex, upstreamRe, upstreamIm, { fuse: this.fusion, blocking: this.blocking, chunkAmplitudes: this.chunkAmplitudes, memoryBudgetBytes: this.memoryBudgetBytes });
  }

  /** Vector-Jacobian product; the method is picked by core's `resolveGradientMethod`. */
  vjp(execution: Execution, observables: readonly Observable[], upstream: ArrayLike<number>, method?: GradientMethod): VjpResult {
    const m = resolveGradientMethod(this, method ?? 'best');
    const ex = this.check(execution);
    checkObservables(observables, ex.circuit.numQubits);
    const up = checkUpstream(upstream, ex.rows, observables.length);
    const masks = this.masks(observables);
    if (m === 'adjoint') return this.adjoint(ex, masks, up);
    return parameterShiftVjp(ex, masks.length, up, (shift, ampShift) => this.expectRaw(ex, masks, shift, ampShift));
  }

  /**
   * Expectation values now and their VJP later, without a second forward pass (core's optional
   * `GradientProvider.expectationWithVjp`): the final states are kept (rows x 2^n complex) and
   * the returned `vjp(upstream)` starts the adjoint sweep from them. The TF.js quantum layer
   * calls this forward and `vjp` in its gradient function. With noise, parameter shift, or a
   * circuit the batch engine does not run, `vjp` recomputes (the same result as {@link vjp}).
   */
  expectationWithVjp(execution: Execution, observables: readonly Observable[], method?: GradientMethod): ExpectationWithVjp {
    const m = resolveGradientMethod(this, method ?? 'best');
    const ex = this.check(execution);
    checkObservables(observables, ex.circuit.numQubits);
    const masks = this.masks(observables);
    const O = observables.length;
    if (m !== 'adjoint' || this.route('vjp', ex, false) !== 'batch-wasm') {
      const value = this.expectRaw(ex, masks, null, null);
      return { value, vjp: (upstream) => this.vjp(execution, observables, upstream, m) };
    }
    // with a blocked plan the psi checkpoints are kept too, so the VJP never undoes gates on psi
    const keepBlocks = batchPlan(compileCircuit(ex.circuit))?.blocked?.blocks ?? 0;
    const fwd = this.batchJob('expect', ex, ex.rows, { observables: masks, keep: true, keepChunked: true, keepBlocks, keepBuffers: this.spareKeep });
    if (this.spareKeep && fwd.keepRe?.buffer === this.spareKeep.re.buffer) this.spareKeep = null;
    this.runJob(fwd, ex);
    const value = unshare(fwd.value);
    let kept: { re: Float64Array; im: Float64Array } | null = { re: fwd.keepRe!, im: fwd.keepIm! };
    return {
      value,
      vjp: (upstream: ArrayLike<number>): VjpResult => {
        // The first call starts from the kept states and then hands their buffers to the next
        // expectationWithVjp (a training step allocates nothing large); a later call recomputes.
        if (kept === null) return this.vjp(execution, observables, upstream, m);
        const up = checkUpstream(upstream, ex.rows, O);
        const spec = this.batchJob('vjp', ex, ex.rows, { observables: masks, upstream: up, keepRe: kept.re, keepIm: kept.im, restore: true, keepChunked: true, keepBlocks, chunkRows: fwd.chunkRows });
        this.runJob(spec, ex);
        this.spareKeep = kept;
        kept = null;
        return { value: value.slice(), params: this.sumParams(spec, ex), inputs: unshare(spec.gx) };
      },
    };
  }

  /** Whether more than one thread is in use (starts the workers if needed; false if they failed to start). */
  parallel(): boolean {
    return this.pool.available();
  }

  /** Stops the worker threads. */
  dispose(): void {
    this.pool.dispose();
    this.large?.dispose();
    this.sharedState = null;
  }

  private check(execution: Execution): CheckedExecution {
    const ex = checkExecution(execution);
    const n = ex.circuit.numQubits;
    if (n > this.maxQubits) {
      throw new ValidationError({ what: `the circuit has ${n} qubits`, why: `this backend accepts at most ${this.maxQubits} (option maxQubits)`, fix: 'Use fewer qubits or raise maxQubits' });
    }
    return ex;
  }

  private noisy(): boolean {
    return this.noise !== undefined && this.noise.channels.some((c) => c.probability > 0);
  }

  private masks(observables: readonly Observable[]): PauliMasks[][] {
    return observables.map((o) => (this.noise && hasReadout(this.noise) ? readoutObservable(o, this.noise) : o).terms.map(pauliMasks));
  }

  private useDensityMatrix(n: number): boolean {
    if (this.noiseMethod === 'density-matrix') {
      if (n > DENSITY_MATRIX_MAX_QUBITS) {
        throw new UnsupportedError({ what: `density-matrix simulation of ${n} qubits`, why: `it is limited to ${DENSITY_MATRIX_MAX_QUBITS} qubits (a 4^n matrix)`, fix: 'Use noiseMethod "trajectories" or "auto"' });
      }
      return true;
    }
    return this.noiseMethod === 'auto' && n <= DENSITY_MATRIX_MAX_QUBITS;
  }

  private task(ex: CheckedExecution, shift: JobSpec['shift'], ampShift: JobSpec['ampShift'], rep: number): Parameters<Sim['forward']>[0] {
    const prog = compileCircuit(ex.circuit);
    return { prog, params: ex.params, inputs: ex.inputs ?? undefined, rep, shift, ampShift, noise: null, seed: this.noiseSeed, fuse: this.fusion, blocking: this.blocking };
  }

  /** Plans a job of the JavaScript engine over `rows` rows (rows = samples x trajectories). */
  private job(kind: JobSpec['kind'], ex: CheckedExecution, rows: number, rep: number, opts: Partial<JobSpec>): JobSpec {
    const prog = compileCircuit(ex.circuit);
    const n = prog.numQubits;
    const N = 2 ** n;
    const T = this.threads;
    const adjoint = kind === 'vjp';
    const states = adjoint ? 2 : 1;
    let mode: JobSpec['mode'] = 'solo';
    let chunkRows = this.outermost ? 1 : Math.max(1, Math.floor(this.chunkAmplitudes / N));
    if (T > 1 && n >= TEAM_MIN_QUBITS) {
      mode = 'team';
      chunkRows = 1;
    } else if (T > 1 && rows >= 2 && rows * N * Math.max(1, prog.gates.length) >= 2 ** 14) {
      mode = 'batch';
    }
    chunkRows = Math.min(chunkRows, rows);
    const perThread = mode === 'batch' ? Math.min(chunkRows, Math.ceil(rows / T)) : chunkRows;
    const stateBytes = perThread * N * 16 * states * (mode === 'batch' ? T : 1);
    const outBytes = rows * (opts.observables?.length ?? 0) * 8 * (adjoint ? 2 : 1) + (opts.qubits ? rows * 2 ** opts.qubits.length * 8 * (mode === 'team' ? T : 1) : 0);
    requireMemory(stateBytes + outBytes, this.memoryBudgetBytes, `a ${n}-qubit simulation (${perThread} state(s) per chunk${adjoint ? ', with the adjoint state' : ''})`);
    const threaded = mode !== 'solo';
    const alloc = (len: number): Float64Array => (threaded ? shared(len) : new Float64Array(len));
    const O = opts.observables?.length ?? 0;
    const K = opts.qubits ? 2 ** opts.qubits.length : 0;
    const identity = opts.qubits ? opts.qubits.length === n && opts.qubits.every((q, i) => q === i) : true;
    let inputs = ex.inputs;
    if (threaded && inputs && !isShared(inputs.buffer)) {
      const s = shared(inputs.length);
      s.set(inputs);
      inputs = s;
    }
    return {
      kind, mode, circuitId: circuitId(ex.circuit), circuit: ex.circuit.toJSON(), params: ex.params, inputs, rows, rep, chunkRows,
      shift: null, ampShift: null, noise: null, seed: this.noiseSeed, fuse: this.fusion, blocking: this.blocking, observables: [], upstream: null, qubits: null,
      value: alloc(kind === 'probs' ? 0 : rows * O),
      gp: alloc(kind === 'vjp' ? T * prog.numParams : 0),
      gx: alloc(kind === 'vjp' ? rows * prog.numInputs : 0),
      probs: alloc(kind === 'probs' ? rows * K * (mode === 'team' && !identity ? T : 1) : 0),
      ...opts,
    };
  }

  /** A job for the batch engine: cache-sized chunks of rows, claimed by the threads one at a time. */
  private batchJob(kind: JobSpec['kind'], ex: CheckedExecution, rows: number, opts: Partial<JobSpec> & { keep?: boolean; keepBuffers?: { re: Float64Array; im: Float64Array } | null }): JobSpec {
    const prog = compileCircuit(ex.circuit);
    const n = prog.numQubits;
    const N = 2 ** n;
    const T = this.threads;
    // Threads only when every thread gets at least one chunk of BATCH_MIN_CHUNK_AMPLITUDES and the
    // job is large enough (minThreadedWork): below that, waking a worker and the per-chunk set-up
    // cost more than the split gains.
    const minRows = Math.max(2, Math.ceil(BATCH_MIN_CHUNK_AMPLITUDES / N));
    const threaded = T > 1 && rows >= 2 * minRows && rows * N * prog.gates.length >= this.minThreadedWork;
    let chunkRows = Math.max(2, Math.floor(BATCH_CHUNK_AMPLITUDES / N));
    if (threaded) chunkRows = Math.min(chunkRows, Math.max(minRows, Math.ceil(rows / (CHUNKS_PER_THREAD * T))));
    chunkRows = Math.min(chunkRows + (chunkRows & 1), rows + (rows & 1));
    // a restore must cut the rows exactly as the job that kept the states did
    if (opts.chunkRows !== undefined) chunkRows = opts.chunkRows;
    const chunks = Math.ceil(rows / chunkRows);
    const O = opts.observables?.length ?? 0;
    const keep = opts.keep === true;
    const stateBytes = (threaded ? T : 1) * 6 * chunkRows * N * 8;
    // chunked keeps hold whole chunks (rows + 1 for a padded last one) per region: final states, then checkpoints
    const keepLen = opts.keepChunked ? (1 + (opts.keepBlocks ?? 0)) * (rows + 1) * N : rows * N;
    const outBytes = rows * O * 8 * (kind === 'vjp' ? 2 : 1) + (keep ? keepLen * 16 : 0) + rows * prog.numInputs * 8;
    requireMemory(stateBytes + outBytes, this.memoryBudgetBytes, `a batched ${n}-qubit simulation of ${rows} rows`);
    const alloc = (len: number): Float64Array => (threaded ? shared(len) : new Float64Array(len));
    let inputs = ex.inputs;
    if (threaded && inputs && !isShared(inputs.buffer)) {
      const s = shared(inputs.length);
      s.set(inputs);
      inputs = s;
    }
    const { keep: _keep, keepBuffers, ...rest } = opts;
    // reuse a spare pair of keep buffers when it is large enough and shared exactly when needed
    const reuse = keep && keepBuffers && keepBuffers.re.length >= keepLen && isShared(keepBuffers.re.buffer) === threaded ? keepBuffers : null;
    return {
      kind, mode: threaded ? 'batch' : 'solo', circuitId: circuitId(ex.circuit), circuit: circuitJson(ex.circuit), params: ex.params, inputs, rows, rep: 1, chunkRows,
      shift: null, ampShift: null, noise: null, seed: this.noiseSeed, fuse: this.fusion, blocking: this.blocking, observables: [], upstream: null, qubits: null,
      value: alloc(kind === 'vjp' && opts.restore ? 0 : rows * O),
      gp: alloc(kind === 'vjp' ? chunks * prog.numParams : 0),
      gx: alloc(kind === 'vjp' ? rows * prog.numInputs : 0),
      probs: alloc(0),
      batchEngine: true,
      next: threaded ? new Int32Array(new SharedArrayBuffer(8)) : null,
      keepRe: keep ? (reuse ? reuse.re.subarray(0, keepLen) : alloc(keepLen)) : null,
      keepIm: keep ? (reuse ? reuse.im.subarray(0, keepLen) : alloc(keepLen)) : null,
      restore: false,
      ...rest,
    };
  }

  /** Parameter gradients of a vjp job: its per-thread or per-chunk rows summed in order. */
  private sumParams(spec: JobSpec, ex: CheckedExecution): Float64Array {
    const P = ex.circuit.numParams;
    const params = new Float64Array(P);
    for (let t = 0; t < spec.gp.length / Math.max(1, P); t++) for (let k = 0; k < P; k++) params[k] = params[k]! + spec.gp[t * P + k]!;
    return params;
  }

  private runJob(spec: JobSpec, ex: CheckedExecution): void {
    let sharedBufs: SharedBuffers | null = null;
    if (spec.mode === 'team') {
      const N = 2 ** ex.circuit.numQubits;
      const cur = this.sharedState;
      const needL = spec.kind === 'vjp';
      if (!cur || cur.re.length !== N || (needL && cur.lre.length !== N)) {
        this.sharedState = null;
        this.sharedState = { re: shared(N), im: shared(N), lre: needL ? shared(N) : new Float64Array(0), lim: needL ? shared(N) : new Float64Array(0) };
      }
      sharedBufs = this.sharedState;
    }
    this.pool.run(spec, ex.circuit, sharedBufs);
  }

  private expectRaw(ex: CheckedExecution, masks: PauliMasks[][], shift: JobSpec['shift'], ampShift: JobSpec['ampShift']): Float64Array {
    const prog = compileCircuit(ex.circuit);
    const O = masks.length;
    if (this.noisy()) {
      if (this.useDensityMatrix(prog.numQubits)) return this.densityExpect(ex, prog, masks, shift, ampShift);
      const R = this.trajectories;
      const spec = this.job('expect', ex, ex.rows * R, R, { observables: masks, shift, ampShift, noise: this.noise ?? null });
      this.runJob(spec, ex);
      const out = new Float64Array(ex.rows * O);
      for (let r = 0; r < ex.rows * R; r++) {
        const row = Math.floor(r / R);
        for (let o = 0; o < O; o++) out[row * O + o] = out[row * O + o]! + spec.value[r * O + o]! / R;
      }
      return out;
    }
    const engine = this.route('expectation', ex, shift !== null || ampShift !== null);
    if (engine === 'large-wasm') return this.large!.expect(ex, masks, shift, ampShift);
    const spec = engine === 'batch-wasm' ? this.batchJob('expect', ex, ex.rows, { observables: masks }) : this.job('expect', ex, ex.rows, 1, { observables: masks, shift, ampShift });
    this.runJob(spec, ex);
    return spec.value instanceof Float64Array && isShared(spec.value.buffer) ? spec.value.slice() : spec.value;
  }

  private probsRaw(ex: CheckedExecution, qubits: readonly number[]): Float64Array {
    const prog = compileCircuit(ex.circuit);
    const K = 2 ** qubits.length;
    let out: Float64Array;
    if (this.noisy() && this.useDensityMatrix(prog.numQubits)) {
      out = new Float64Array(ex.rows * K);
      const dm = new DensityMatrix(prog.numQubits);
      const events = noiseEvents(this.noise!, prog.gates);
      for (let r = 0; r < ex.rows; r++) {
        dm.run(prog, ex.params, ex.inputs ?? undefined, r * prog.numInputs, events, null, null);
        dm.probabilities(qubits, out, r * K);
      }
    } else if (this.route('probabilities', ex, false) === 'large-wasm') {
      out = this.large!.probs(ex, qubits);
    } else {
      const R = this.noisy() ? this.trajectories : 1;
      const spec = this.job('probs', ex, ex.rows * R, R, { qubits, noise: this.noisy() ? this.noise! : null });
      this.runJob(spec, ex);
      out = new Float64Array(ex.rows * K);
      const parts = spec.probs.length / (ex.rows * R * K);
      for (let t = 0; t < parts; t++) {
        for (let r = 0; r < ex.rows * R; r++) {
          const row = Math.floor(r / R);
          for (let i = 0; i < K; i++) out[row * K + i] = out[row * K + i]! + spec.probs[(t * ex.rows * R + r) * K + i]! / R;
        }
      }
    }
    if (this.noise && hasReadout(this.noise)) applyReadoutToProbabilities(out, ex.rows, qubits, this.noise);
    return out;
  }

  private densityExpect(ex: CheckedExecution, prog: CompiledCircuit, masks: PauliMasks[][], shift: JobSpec['shift'], ampShift: JobSpec['ampShift']): Float64Array {
    const n = prog.numQubits;
    requireMemory(6 * 16 * 4 ** n, this.memoryBudgetBytes, `a ${n}-qubit density matrix`);
    const dm = new DensityMatrix(n);
    const events = noiseEvents(this.noise!, prog.gates);
    const O = masks.length;
    const out = new Float64Array(ex.rows * O);
    for (let r = 0; r < ex.rows; r++) {
      dm.run(prog, ex.params, ex.inputs ?? undefined, r * prog.numInputs, events, shift, ampShift);
      masks.forEach((terms, o) => {
        let s = 0;
        for (const t of terms) s += t.coeff * dm.pauliExpectation(t);
        out[r * O + o] = s;
      });
    }
    return out;
  }

  private adjoint(ex: CheckedExecution, masks: PauliMasks[][], up: Float64Array): VjpResult {
    const spec = this.route('vjp', ex, false) === 'batch-wasm' ? this.batchJob('vjp', ex, ex.rows, { observables: masks, upstream: up }) : this.job('vjp', ex, ex.rows, 1, { observables: masks, upstream: up });
    this.runJob(spec, ex);
    return { value: spec.value.slice(), params: this.sumParams(spec, ex), inputs: spec.gx.slice() };
  }

}

/** A plain copy of a (possibly SharedArrayBuffer-backed) result array. */
function unshare(a: Float64Array): Float64Array {
  return isShared(a.buffer) ? a.slice() : a;
}
