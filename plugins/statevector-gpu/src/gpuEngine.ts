import type { AmplitudeShift, CompiledCircuit, PauliMasks } from '@hqml/core/browser';
import { type Block, fuseBlocks, gateBlocks } from './blocks.js';
import { type AngleSource, blockCoefficients, derivativeCoefficients } from './coefficients.js';
import { type DeviceBuffer, type GpuKernel, GpuRuntime, flatOutput, readBuffer, releaseBuffer, stateArgument } from './gpuRuntime.js';
import * as K from './kernels.js';

/** Options of the engine. */
export interface GpuEngineOptions {
  /** log2 of the amplitudes each reduction cell adds up (its loop length). */
  readonly chunkBits: number;
  /** The adjoint sweep restores psi from a forward checkpoint every this many steps (float32 drift stays bounded). */
  readonly checkpointEvery: number;
  /** Fuse gates into one- and two-qubit blocks (one launch each); false: one launch per gate. */
  readonly fusion: boolean;
}

/** One launch's rows of a circuit: the compiled circuit, its angle values and the rows' inputs. */
export interface LaunchSource extends AngleSource {
  readonly prog: CompiledCircuit;
  readonly rows: number;
  readonly ampShift: AmplitudeShift | null;
}

/** A Pauli term for the device: masks and the phase `coeff-free i^ny` as a complex number. */
function phase(m: PauliMasks): [number, number] {
  return [[1, 0], [0, 1], [-1, 0], [0, -1]][m.ny] as [number, number];
}

/** Per-row results of the adjoint sweep: d value / d angle slot, and d value / d initial amplitude (real part). */
export interface AdjointResult {
  /** rows x numSlots: `factor * Re <lambda| dU/dangle |psi>` per angle slot (zero where the angle is constant). */
  readonly slots: Float64Array;
  /** rows x 2^k for an amplitude-encoded first op: `factor * Re lambda_0[j]`; empty otherwise. */
  readonly amplitudes: Float64Array;
}

/**
 * The statevector on gpu.js kernels: forward pass (one launch per fused step), expectation values
 * by device-side partial sums, probabilities, and the adjoint sweep with forward checkpoints.
 * Works on one launch of rows at a time (the backend cuts a batch into launches that fit the
 * mode's output limit); amplitudes are complex64 (float32 pairs).
 */
export class GpuEngine {
  private k: Record<'upload' | 'one' | 'two' | 'probs' | 'pauli' | 'accumulate' | 'innerOne' | 'innerTwo', GpuKernel> | null = null;

  constructor(readonly runtime: GpuRuntime, private readonly options: GpuEngineOptions) {}

  private kernels(): NonNullable<GpuEngine['k']> {
    if (this.k) return this.k;
    const rt = this.runtime;
    const loop = 2 ** this.options.chunkBits;
    const fn = (src: string) => src as unknown as (...args: never[]) => unknown;
    // On GL every state argument is always a texture (host states are uploaded first, see
    // toDevice): gpu.js replaces a kernel whose argument types change ("switching kernels") by a
    // new one that drops `dynamicArguments` (gpu.js 2.24.1 passes it as `dynamicArgument`), and
    // the replacement then overflows when a later launch has more rows (a larger `coef`).
    const S = rt.onDevice ? 'ArrayTexture(1)' : 'Array';
    this.k = {
      upload: rt.kernel(fn(K.UPLOAD), { argumentTypes: { flat: 'Array', N: 'Integer', R: 'Integer' }, maxLoop: 0 }),
      one: rt.kernel(fn(K.APPLY_ONE), { argumentTypes: { state: S, coef: 'Array', q: 'Integer' }, maxLoop: 0 }),
      two: rt.kernel(fn(K.APPLY_TWO), { argumentTypes: { state: S, coef: 'Array', qa: 'Integer', qb: 'Integer' }, maxLoop: 0 }),
      probs: rt.kernel(fn(K.PROBABILITIES), { argumentTypes: { state: S }, maxLoop: 0 }),
      pauli: rt.kernel(fn(K.PAULI_PARTIAL), { argumentTypes: { state: S, xm: 'Integer', zm: 'Integer', pr: 'Float', pi: 'Float', chunkBits: 'Integer' }, maxLoop: loop }),
      accumulate: rt.kernel(fn(K.PAULI_ACCUMULATE), { argumentTypes: { acc: S, state: S, w: 'Array', xm: 'Integer', zm: 'Integer', pr: 'Float', pi: 'Float' }, maxLoop: 0 }),
      innerOne: rt.kernel(fn(K.INNER_ONE), { argumentTypes: { lam: S, psi: S, coef: 'Array', q: 'Integer', chunkBits: 'Integer' }, maxLoop: loop }),
      innerTwo: rt.kernel(fn(K.INNER_TWO), { argumentTypes: { lam: S, psi: S, coef: 'Array', qa: 'Integer', qb: 'Integer', chunkBits: 'Integer' }, maxLoop: loop }),
    };
    return this.k;
  }

  /** The modes the built kernels run in now (gpu.js may have fallen back to its CPU kernel). */
  kernelModes(): string[] {
    if (!this.k) return [];
    return [...new Set(Object.values(this.k).map((k) => GpuRuntime.kernelMode(k)).filter((m) => m !== 'unbuilt'))];
  }

  /** The reasons gpu.js gave for kernels that fell back to the CPU. */
  fallbackReasons(): string[] {
    if (!this.k) return [];
    return Object.values(this.k).map((k) => k.kernel?.fallbackReason).filter((r): r is string => typeof r === 'string');
  }

  /** Runs a kernel over an output of `dims` (x fastest) and returns its result as one flat buffer. */
  private launch(kernel: GpuKernel, dims: readonly number[], args: (DeviceBuffer | object | number)[]): DeviceBuffer {
    kernel.setOutput([...dims]);
    return flatOutput(kernel(...args), dims.reduce((a, b) => a * b, 1));
  }

  /** A host state as the engine keeps it: on GL a texture (one upload launch), elsewhere the array itself. */
  private toDevice(b: Float32Array, n: number, rows: number): DeviceBuffer {
    if (!this.runtime.onDevice) return b;
    return this.launch(this.kernels().upload, [2 ** n, rows, 2], [b, 2 ** n, rows]);
  }

  /** A state-shaped buffer as the 3-D kernel argument `[part][row][i]`. */
  private state(b: DeviceBuffer, n: number, rows: number): DeviceBuffer | object {
    return stateArgument(b, n, rows);
  }

  /** |0...0> per row, or the normalised amplitude-encoded inputs (plus an amplitude shift). */
  initialState(src: LaunchSource): Float32Array {
    const { prog, rows } = src;
    const N = 2 ** prog.numQubits;
    const s = new Float32Array(rows * 2 * N);
    const amp = prog.amplitude;
    for (let r = 0; r < rows; r++) {
      if (!amp) {
        s[r * N] = 1;
        continue;
      }
      const D = 2 ** amp.k;
      const off = (src.row0 + r) * src.numInputs + amp.inputOffset;
      let ss = 0;
      for (let j = 0; j < D; j++) ss += src.inputs![off + j]! ** 2;
      const norm = Math.sqrt(ss);
      for (let j = 0; j < D; j++) s[r * N + j] = src.inputs![off + j]! / norm + (src.ampShift && src.ampShift.j === j ? src.ampShift.delta : 0);
    }
    return s;
  }

  /** Applies one block (see blocks.ts), or its inverse: one launch. */
  private apply(state: DeviceBuffer, block: Block, src: LaunchSource, adjoint: boolean): DeviceBuffer {
    const n = src.prog.numQubits;
    const dims = [2 ** n, src.rows, 2];
    const coef = blockCoefficients(block, src.rows, src, adjoint);
    const k = this.kernels();
    const q = block.qubits;
    const s = this.state(state, n, src.rows);
    if (q.length === 1) return this.launch(k.one, dims, [s, coef, q[0]!]);
    return this.launch(k.two, dims, [s, coef, q[0]!, q[1]!]);
  }

  /**
   * The final states of the launch's rows, one launch per block. With `checkpoints`, the states
   * after every `checkpointEvery`-th block are kept (index = block) for the adjoint sweep.
   */
  forward(src: LaunchSource, checkpoints?: Map<number, DeviceBuffer>): DeviceBuffer {
    let state: DeviceBuffer = this.toDevice(this.initialState(src), src.prog.numQubits, src.rows);
    const steps = this.blocks(src.prog);
    const every = this.options.checkpointEvery;
    for (let s = 0; s < steps.length; s++) {
      const next = this.apply(state, steps[s]!, src, false);
      if (!checkpoints?.has(s - 1) || checkpoints.get(s - 1) !== state) releaseBuffer(state);
      state = next;
      // a checkpoint is the exact forward state after step s, from which the sweep restarts
      if (checkpoints && (s + 1) % every === 0 && s < steps.length - 1) checkpoints.set(s, state);
    }
    return state;
  }

  private blocks(prog: CompiledCircuit): readonly Block[] {
    return this.options.fusion ? fuseBlocks(prog) : gateBlocks(prog);
  }

  private reduceChunkBits(n: number): number {
    return Math.min(n, this.options.chunkBits);
  }

  /** Partial sums of one launch's reduction kernel, added per row in float64. */
  private rowSums(partials: DeviceBuffer, rows: number, chunks: number): Float64Array {
    const p = readBuffer(partials, rows * chunks);
    releaseBuffer(partials);
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < chunks; c++) s += p[r * chunks + c]!;
      out[r] = s;
    }
    return out;
  }

  /**
   * `<psi|P_t|psi>` per row and term (coefficients not applied), rows x terms. Identity terms are
   * exactly 1 (a float32 state's norm is 1 only to ~1e-7).
   */
  termExpectations(state: DeviceBuffer, rows: number, n: number, terms: readonly PauliMasks[]): Float64Array {
    const T = terms.length;
    const out = new Float64Array(rows * T);
    const cb = this.reduceChunkBits(n);
    const chunks = 2 ** (n - cb);
    const seen = new Map<string, number>();
    terms.forEach((t, j) => {
      const key = `${t.x},${t.z},${t.ny}`;
      const prev = seen.get(key);
      if (prev !== undefined) {
        for (let r = 0; r < rows; r++) out[r * T + j] = out[r * T + prev]!;
        return;
      }
      seen.set(key, j);
      if (t.x === 0 && t.z === 0) {
        for (let r = 0; r < rows; r++) out[r * T + j] = t.ny === 0 ? 1 : t.ny === 2 ? -1 : 0;
        return;
      }
      const [pr, pi] = phase(t);
      const sums = this.rowSums(this.launch(this.kernels().pauli, [chunks, 1, rows], [this.state(state, n, rows), t.x, t.z, pr, pi, cb]), rows, chunks);
      for (let r = 0; r < rows; r++) out[r * T + j] = sums[r]!;
    });
    return out;
  }

  /** |psi_i|^2, rows x 2^n, read back as float64. */
  probabilities(state: DeviceBuffer, rows: number, n: number): Float64Array {
    const b = this.launch(this.kernels().probs, [2 ** n, 1, rows], [this.state(state, n, rows)]);
    const p = Float64Array.from(readBuffer(b, rows * 2 ** n));
    releaseBuffer(b);
    return p;
  }

  /**
   * `lambda = sum_t w[row, t] P_t psi` for the terms with non-zero weight (identity terms add a
   * multiple of psi, which changes no gradient of a unitary circuit, and are skipped).
   */
  weightedPaulis(state: DeviceBuffer, rows: number, n: number, terms: readonly PauliMasks[], weights: Float64Array): DeviceBuffer {
    const dims = [2 ** n, rows, 2];
    let lam: DeviceBuffer = this.toDevice(new Float32Array(rows * 2 * 2 ** n), n, rows);
    const T = terms.length;
    terms.forEach((t, j) => {
      if (t.x === 0 && t.z === 0) return;
      const w = new Float32Array(rows);
      let any = false;
      for (let r = 0; r < rows; r++) {
        w[r] = weights[r * T + j]!;
        if (w[r] !== 0) any = true;
      }
      if (!any) return;
      const [pr, pi] = phase(t);
      const next = this.launch(this.kernels().accumulate, dims, [this.state(lam, n, rows), this.state(state, n, rows), w, t.x, t.z, pr, pi]);
      releaseBuffer(lam);
      lam = next;
    });
    return lam;
  }

  /**
   * The adjoint sweep from the final states `psi` and the adjoint states `lambda` (both consumed):
   * for each gate from last to first, psi <- U^dagger psi, the gradient of every angle that
   * depends on a parameter or input is `factor * Re <lambda| dU |psi>`, lambda <- U^dagger lambda.
   * A step without such angles is undone as one fused launch. psi is restored from the forward
   * checkpoints instead of being undone past them, so float32 rounding does not accumulate over
   * the whole circuit.
   */
  adjoint(src: LaunchSource, psiFinal: DeviceBuffer, lambda: DeviceBuffer, checkpoints: Map<number, DeviceBuffer>, factor: number): AdjointResult {
    const { prog, rows } = src;
    const n = prog.numQubits;
    const k = this.kernels();
    const cb = this.reduceChunkBits(n);
    const chunks = 2 ** (n - cb);
    const slots = new Float64Array(rows * prog.numSlots);
    let psi = psiFinal;
    // a host lambda (the state VJP's cotangent) goes to the device like every other state
    let lam = lambda instanceof Float32Array ? this.toDevice(lambda, n, rows) : lambda;
    const steps = this.blocks(prog);
    for (let s = steps.length - 1; s >= 0; s--) {
      const step = steps[s]!;
      const trainable = step.gates.some((g) => g.angles.some((a) => a.terms.length > 0));
      const restore = checkpoints.get(s - 1);
      if (!trainable) {
        if (!restore) psi = this.replace(psi, this.apply(psi, step, src, true));
        lam = this.replace(lam, this.apply(lam, step, src, true));
      } else {
        for (let gi = step.gates.length - 1; gi >= 0; gi--) {
          const g = step.gates[gi]!;
          const one: Block = { qubits: g.qubits, gates: [g] };
          psi = this.replace(psi, this.apply(psi, one, src, true));
          g.angles.forEach((a, w) => {
            if (a.terms.length === 0) return;
            const coef = derivativeCoefficients(g, w, rows, src);
            const l = this.state(lam, n, rows);
            const p = this.state(psi, n, rows);
            const part = g.qubits.length === 1
              ? this.launch(k.innerOne, [chunks, 1, rows], [l, p, coef, g.qubits[0]!, cb])
              : this.launch(k.innerTwo, [chunks, 1, rows], [l, p, coef, g.qubits[0]!, g.qubits[1]!, cb]);
            const d = this.rowSums(part, rows, chunks);
            for (let r = 0; r < rows; r++) slots[r * prog.numSlots + g.slot + w] = factor * d[r]!;
          });
          lam = this.replace(lam, this.apply(lam, one, src, true));
        }
      }
      if (restore) {
        releaseBuffer(psi);
        psi = restore;
        checkpoints.delete(s - 1);
      }
    }
    releaseBuffer(psi);
    let amplitudes = new Float64Array(0);
    const amp = prog.amplitude;
    if (amp) {
      const D = 2 ** amp.k;
      const N = 2 ** n;
      const l = readBuffer(lam, rows * 2 * N);
      amplitudes = new Float64Array(rows * D);
      for (let r = 0; r < rows; r++) for (let j = 0; j < D; j++) amplitudes[r * D + j] = factor * l[r * N + j]!;
    }
    releaseBuffer(lam);
    for (const b of checkpoints.values()) releaseBuffer(b);
    checkpoints.clear();
    return { slots, amplitudes };
  }

  private replace(old: DeviceBuffer, next: DeviceBuffer): DeviceBuffer {
    releaseBuffer(old);
    return next;
  }

  /** Releases the kernels (and with them gpu.js's memories and textures). */
  dispose(): void {
    this.k = null;
  }
}
