import { Circuit, type CircuitData, compileCircuit, noiseEvents, type NoiseModel, type PauliMasks } from '@hqml/core/browser';
import { batchPlan, threadBatchSim } from './batchSim.js';
import { type Sim, type Task, type Team } from './sim.js';

/**
 * One unit of work, as plain data so that it can be posted to worker threads. Output arrays are
 * SharedArrayBuffer-backed when threads take part, so every thread writes its rows in place.
 */
export interface JobSpec {
  readonly kind: 'expect' | 'probs' | 'vjp';
  /** How rows are split: `batch` (each thread its own rows), `team` (threads share each state), `solo`. */
  readonly mode: 'solo' | 'batch' | 'team';
  readonly circuitId: number;
  readonly circuit: CircuitData;
  readonly params: Float64Array;
  readonly inputs: Float64Array | null;
  readonly rows: number;
  readonly rep: number;
  readonly chunkRows: number;
  readonly shift: Task['shift'];
  readonly ampShift: Task['ampShift'];
  readonly noise: NoiseModel | null;
  readonly seed: number;
  readonly fuse: boolean;
  readonly blocking: boolean;
  readonly observables: readonly (readonly PauliMasks[])[];
  readonly upstream: Float64Array | null;
  readonly qubits: readonly number[] | null;
  /** rows x O */
  readonly value: Float64Array;
  /** threads x numParams (each thread adds into its own row) */
  readonly gp: Float64Array;
  /** rows x numInputs */
  readonly gx: Float64Array;
  /** rows x 2^k, times threads in team mode when the qubits are not all qubits in order */
  readonly probs: Float64Array;
  /**
   * Run on the batch engine (batchSim.ts): chunks of `chunkRows` rows, claimed one at a time
   * through the shared counter `next[0]` and counted done in `next[1]` (so a thread that starts
   * late takes fewer chunks, and none if the others finished first: the caller waits for the
   * chunks, not for every thread), each
   * chunk adding its parameter gradient into its own row of `gp` (chunks x numParams, summed in
   * chunk order: results do not depend on which thread ran which chunk).
   */
  readonly batchEngine?: boolean;
  readonly next?: Int32Array | null;
  /** Final states, rows x 2^n row-major (batch engine): kept after the forward pass, or restored instead of it. */
  readonly keepRe?: Float64Array | null;
  readonly keepIm?: Float64Array | null;
  readonly restore?: boolean;
  /** Keep/restore chunk by chunk (same chunks in both jobs) instead of row-major. */
  readonly keepChunked?: boolean;
  /** Also keep/restore this many psi checkpoints of the blocked sweep (batchSim.ts). */
  readonly keepBlocks?: number;
  /** State VJP (batch engine): dL/dRe psi, dL/dIm psi, rows x 2^n row-major. */
  readonly stateUpRe?: Float64Array | null;
  readonly stateUpIm?: Float64Array | null;
}

const circuits = new Map<number, Circuit>();

/** The circuit of a job, rebuilt once per id in each thread. */
function circuitOf(spec: JobSpec, local?: Circuit): Circuit {
  if (local) return local;
  let c = circuits.get(spec.circuitId);
  if (!c) {
    if (circuits.size > 64) circuits.clear();
    c = Circuit.fromJSON(spec.circuit);
    circuits.set(spec.circuitId, c);
  }
  return c;
}

/** Runs thread `t`'s share of a job (the same function on the main thread and in workers). */
export function executeJob(spec: JobSpec, sim: Sim, team: Team, t: number, T: number, local?: Circuit): void {
  const prog = compileCircuit(circuitOf(spec, local));
  const task: Task = {
    prog,
    params: spec.params,
    inputs: spec.inputs ?? undefined,
    rep: spec.rep,
    shift: spec.shift,
    ampShift: spec.ampShift,
    noise: spec.noise ? noiseEvents(spec.noise, prog.gates) : null,
    seed: spec.seed,
    fuse: spec.fuse,
    blocking: spec.blocking,
  };
  if (spec.batchEngine) {
    executeBatchChunks(spec, task);
    return;
  }
  const [lo, hi] = spec.mode === 'batch' ? [Math.floor((spec.rows * t) / T), Math.floor((spec.rows * (t + 1)) / T)] : [0, spec.rows];
  const P = prog.numParams;
  const gp = spec.gp.subarray((spec.mode === 'batch' ? t : 0) * P, ((spec.mode === 'batch' ? t : 0) + 1) * P);
  const K = spec.qubits ? 2 ** spec.qubits.length : 0;
  const identity = spec.qubits !== null && spec.qubits.length === prog.numQubits && spec.qubits.every((q, i) => q === i);
  const probOffset = spec.mode === 'team' && !identity ? team.t * spec.rows * K : 0;
  for (let r0 = lo; r0 < hi; r0 += spec.chunkRows) {
    const r1 = Math.min(hi, r0 + spec.chunkRows);
    if (spec.kind === 'vjp') {
      sim.vjp(task, spec.observables, spec.upstream!, r0, r1, spec.value, gp, spec.gx);
    } else {
      sim.forward(task, r0, r1);
      if (spec.kind === 'expect') sim.expect(spec.observables, spec.value, r0);
      else sim.probs(spec.qubits!, spec.probs, r0, probOffset);
    }
  }
}

function executeBatchChunks(spec: JobSpec, task: Task): void {
  const plan = batchPlan(task.prog)!;
  const sim = threadBatchSim();
  const chunks = Math.ceil(spec.rows / spec.chunkRows);
  const P = task.prog.numParams;
  const vjp = spec.kind === 'vjp';
  let local = 0;
  for (;;) {
    const c = spec.next ? Atomics.add(spec.next, 0, 1) : local++;
    if (c >= chunks) return;
    const r0 = c * spec.chunkRows;
    const r1 = Math.min(spec.rows, r0 + spec.chunkRows);
    sim.run(task, plan, r0, r1, {
      observables: spec.observables,
      value: spec.value,
      keepRe: spec.keepRe ?? null,
      keepIm: spec.keepIm ?? null,
      restore: spec.restore ?? false,
      keepChunked: spec.keepChunked ?? false,
      keepBlocks: spec.keepBlocks ?? 0,
      keepRows: spec.rows,
      vjp: vjp ? { upstream: spec.upstream ?? spec.value, gp: spec.gp.subarray(c * P, (c + 1) * P), gx: spec.gx } : null,
      stateUp: spec.stateUpRe ? { re: spec.stateUpRe, im: spec.stateUpIm! } : null,
    });
    if (spec.next) {
      Atomics.add(spec.next, 1, 1);
      Atomics.notify(spec.next, 1);
    }
  }
}
