import { type CompiledCircuit, UnsupportedError, ValidationError, describeValue } from '@hqml/core/browser';
import { batchPlan } from './engine/batchSim.js';

/**
 * The statevector backend's engines:
 * - `js`: the general JavaScript engine (`engine/sim.ts`): every gate, noise (trajectories; the
 *   density matrix is chosen by `noiseMethod`), parameter shifts, probabilities, threads that
 *   split a batch or share a state. It runs everything, so it is where every other choice falls back.
 * - `batch-wasm`: the batch engine (`engine/batchSim.ts`, WebAssembly SIMD over batches of small
 *   states): noise-free expectation values, adjoint VJPs (and the deferred VJP), state VJPs and
 *   amplitudes of circuits of up to 14 qubits whose gates it has kernels for (`batchPlan`).
 * - `large-wasm`: the single-state engine (`engine/large/`, WebAssembly SIMD with cache-blocked
 *   passes): noise-free expectation values (shifted ones too), probabilities and amplitudes, one
 *   row at a time, while a state fits wasm32 memory.
 */
export type EngineName = 'js' | 'batch-wasm' | 'large-wasm';

/** The `engine` option: `auto` (default) picks per call (see {@link chooseEngine}); a name forces that engine. */
export type EngineOption = 'auto' | EngineName;

/** Every value of the `engine` option. */
export const ENGINE_OPTIONS: readonly EngineOption[] = ['auto', 'js', 'batch-wasm', 'large-wasm'];

/** What a backend call asks an engine to do. */
export type EngineOp = 'expectation' | 'probabilities' | 'amplitudes' | 'vjp' | 'state-vjp';

/** One call to route. */
export interface EngineRequest {
  readonly op: EngineOp;
  readonly program: CompiledCircuit;
  readonly rows: number;
  /** A parameter-shift evaluation (an angle or amplitude shifted). */
  readonly shifted: boolean;
}

/** The backend settings that routing depends on (fixed at construction). */
export interface EngineSettings {
  readonly engine: EngineOption;
  /** Whether the noise model has a channel of non-zero strength. */
  readonly noisy: boolean;
  readonly threads: number;
  /** `fusion: false` asks for gate-by-gate simulation, which the batch engine never does. */
  readonly fusion: boolean;
  /** `batchLayout: 'sample-outermost'` is a layout of the JavaScript engine only. */
  readonly sampleOutermost: boolean;
  readonly largeStateQubits: number;
  /** Whether an n-qubit state (and its blocks and plan) fits the single-state engine's wasm32 memory. */
  readonly largeFits: (numQubits: number) => boolean;
}

/** From this width on, threads share each state (amplitude blocks) instead of splitting the batch. */
export const TEAM_MIN_QUBITS = 15;

/** Widest circuit that a single row runs on the batch engine by default (it pads to an even number of rows). */
const BATCH_SINGLE_ROW_MAX_QUBITS = 10;

/** Below this width, batches stay on the batch engine (it shares each kernel pass among the rows). */
const LARGE_BATCH_MIN_QUBITS = 16;

/** Whether the batch engine implements this call at all (its abilities, not whether it is the fastest). */
export function batchEngineCan(req: EngineRequest, s: EngineSettings): boolean {
  return !s.noisy && s.fusion && !s.sampleOutermost && !req.shifted && req.op !== 'probabilities' && batchPlan(req.program) !== null;
}

/** Whether the single-state engine implements this call at all. */
export function largeEngineCan(req: EngineRequest, s: EngineSettings): boolean {
  return !s.noisy && (req.op === 'expectation' || req.op === 'probabilities' || req.op === 'amplitudes') && s.largeFits(req.program.numQubits);
}

/**
 * Picks the engine of one call, in one place. With `engine: 'auto'`, in this order:
 * 1. noise (a channel of non-zero strength): `js` (trajectories or, by `noiseMethod`, the density
 *    matrix, which the caller runs);
 * 2. `large-wasm` for expectation values, probabilities and amplitudes from `largeStateQubits`
 *    (default 12) qubits on: single states from there, batches from 16 qubits (below that the
 *    batch engine, which shares each kernel pass among the rows, does better than a plan per row);
 * 3. `batch-wasm` when it implements the call (see {@link batchEngineCan}), for a batch of rows
 *    or a single row of at most 10 qubits (it pads to an even number of rows, which doubles the
 *    work of one wide state), and not where several threads share states (from 15 qubits);
 * 4. `js` otherwise.
 *
 * A forced engine (`engine: 'batch-wasm'` or `'large-wasm'`) runs every call it implements,
 * whatever the size; a call it does not implement (the batch engine has no probabilities or
 * parameter shifts, the single-state engine no VJPs) runs on `js`, the one engine that implements
 * everything. `engine: 'js'` runs everything on `js`. Forcing a WebAssembly engine together with
 * options it cannot honour is refused at construction ({@link checkEngineOption}).
 */
export function chooseEngine(req: EngineRequest, s: EngineSettings): EngineName {
  if (s.noisy || s.engine === 'js') return 'js';
  if (s.engine === 'large-wasm') return largeEngineCan(req, s) ? 'large-wasm' : 'js';
  if (s.engine === 'batch-wasm') return batchEngineCan(req, s) ? 'batch-wasm' : 'js';
  const n = req.program.numQubits;
  const large = n >= s.largeStateQubits && (req.rows <= 1 || n >= Math.max(LARGE_BATCH_MIN_QUBITS, s.largeStateQubits));
  if (large && largeEngineCan(req, s)) return 'large-wasm';
  const sized = (req.rows >= 2 || n <= BATCH_SINGLE_ROW_MAX_QUBITS) && !(s.threads > 1 && n >= TEAM_MIN_QUBITS);
  if (sized && batchEngineCan(req, s)) return 'batch-wasm';
  return 'js';
}

/**
 * Validates the `engine` option against the other options: a forced WebAssembly engine with a
 * noise model (neither runs noise), or the batch engine with `fusion: false` or the
 * sample-outermost layout (it always fuses, in its own layout), would never run, so it is refused.
 */
export function checkEngineOption(engine: unknown, s: Omit<EngineSettings, 'engine' | 'largeFits' | 'largeStateQubits' | 'threads'>): EngineOption {
  if (!ENGINE_OPTIONS.includes(engine as EngineOption)) {
    throw new ValidationError({ what: `engine is ${describeValue(engine)}`, why: `it is one of ${ENGINE_OPTIONS.join(', ')}`, fix: 'Use one of those, or omit it for auto' });
  }
  const e = engine as EngineOption;
  if ((e === 'batch-wasm' || e === 'large-wasm') && s.noisy) {
    throw new UnsupportedError({ what: `engine "${e}" with a noise model`, why: 'only the JavaScript engine (and the density matrix) simulates noise', fix: 'Use engine "auto" or "js", or drop the noise model' });
  }
  if (e === 'batch-wasm' && (!s.fusion || s.sampleOutermost)) {
    throw new ValidationError({
      what: `engine "batch-wasm" with ${!s.fusion ? 'fusion: false' : 'batchLayout: "sample-outermost"'}`,
      why: 'the batch engine always fuses one-qubit runs, in its own sample-innermost layout',
      fix: 'Drop that option, or use engine "js" for gate-by-gate simulation',
    });
  }
  return e;
}
