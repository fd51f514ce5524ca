import type { CompiledProblem } from './problem.js';
import { SWEEP_WASM_BASE64 } from './sweepWasm.generated.js';

/** The part of the WebAssembly JS API used here (the ES lib this repo compiles against has no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}

const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | undefined;

/** Whether this runtime can run the WebAssembly kernel. */
export function wasmAvailable(): boolean {
  return WA !== undefined;
}

type SweepFn = (n: number, off: number, nb: number, w: number, s: number, f: number, tab: number, rng: number, unit: number) => number;

/**
 * The WebAssembly sweep kernel (src/sweep.wat) with the problem, the threshold tables and
 * `slots` spin/field buffers laid out in its own memory.
 *
 * Design note: the loop is the same as `sweepTable`/`sweepUnit` and draws the same random
 * stream, so results are identical to the JS kernels; it exists because V8 compiles the
 * WebAssembly loop without the typed-array checks of the JS one (the bench suite measures
 * both). Memory never grows after construction, so the views stay valid.
 */
export class WasmSweeper {
  /** Generator state the kernel reads and writes (copy a stream in and out around reads). */
  readonly rng: Int32Array;
  private readonly sweepFn: SweepFn;
  private readonly p: CompiledProblem;
  private readonly stride: number;
  private readonly offPtr: number;
  private readonly nbPtr: number;
  private readonly wPtr: number;
  private readonly tabPtr: number;
  private readonly rngPtr: number;
  private readonly sPtrs: number[] = [];
  private readonly fPtrs: number[] = [];
  private readonly sViews: Int8Array[] = [];
  private readonly fViews: Int32Array[] = [];

  constructor(p: CompiledProblem, tables: Int32Array, slots: number) {
    if (!p.integer) throw new Error('WasmSweeper needs an integer problem');
    this.p = p;
    this.stride = (p.maxField + 1) * 4;
    const L = p.neighbors.length;
    let at = 0;
    const take = (bytes: number): number => {
      const ptr = at;
      at += Math.ceil(bytes / 8) * 8;
      return ptr;
    };
    this.offPtr = take(4 * (p.n + 1));
    this.nbPtr = take(4 * L);
    this.wPtr = take(4 * L);
    this.tabPtr = take(4 * tables.length);
    this.rngPtr = take(16);
    for (let k = 0; k < slots; k++) {
      this.fPtrs.push(take(4 * p.n));
      this.sPtrs.push(take(p.n));
    }
    if (!WA) throw new Error('WebAssembly is not available in this runtime');
    const memory = new WA.Memory({ initial: Math.max(1, Math.ceil(at / 65536)) });
    compiled ??= new WA.Module(Buffer.from(SWEEP_WASM_BASE64, 'base64'));
    const instance = new WA.Instance(compiled, { env: { memory } });
    this.sweepFn = instance.exports['sweep'] as SweepFn;
    const buf = memory.buffer;
    new Int32Array(buf, this.offPtr, p.n + 1).set(p.offsets);
    new Int32Array(buf, this.nbPtr, L).set(p.neighbors);
    new Int32Array(buf, this.wPtr, L).set(p.intWeights);
    new Int32Array(buf, this.tabPtr, tables.length).set(tables);
    this.rng = new Int32Array(buf, this.rngPtr, 4);
    for (let k = 0; k < slots; k++) {
      this.sViews.push(new Int8Array(buf, this.sPtrs[k], p.n));
      this.fViews.push(new Int32Array(buf, this.fPtrs[k], p.n));
    }
  }

  /** Spins of a slot (a view into the kernel's memory). */
  spins(slot: number): Int8Array {
    return this.sViews[slot]!;
  }

  /** Local fields of a slot (a view into the kernel's memory). */
  fields(slot: number): Int32Array {
    return this.fViews[slot]!;
  }

  /** One sweep of `slot` with table row `row`; returns the energy change (kernel units). */
  sweep(slot: number, row: number): number {
    const p = this.p;
    return this.sweepFn(p.n, this.offPtr, this.nbPtr, this.wPtr, this.sPtrs[slot]!, this.fPtrs[slot]!, this.tabPtr + row * this.stride, this.rngPtr, p.unitWeights ? 1 : 0);
  }
}
