import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { HqmlError, ResourceError } from '@hqml/core';
import { STATE_WASM_BASE64 } from '../wasm/state.generated.js';
import type { Plan } from './plan.js';

/**
 * The WebAssembly single-state engine: one shared `WebAssembly.Memory` holds the state (split
 * re/im), the plan and each thread's block buffer; the main thread and `threads - 1` worker
 * threads each instantiate `state.c` on that memory and run their share of a plan in one call,
 * meeting at in-module barriers (one per pass). The API stays synchronous: the main thread does
 * its share and then waits for the workers' done count.
 */

const PAGE = 65536;
/** wasm32 addresses 4 GiB (65536 pages); the module is linked with that maximum. */
const MAX_PAGES = 65536;

/** Control words (int32 index) shared with state.c (0-2) and the worker loop (3-16). */
const CTL = { ARRIVED: 0, GEN: 1, ABORT: 2, GO: 3, DONE: 4, PLAN: 5, COEF: 6, RE: 7, IM: 8, N: 9, T: 10, SCRATCH: 11, STRIDE: 12, KMAX: 13, PARTIAL: 14, STOP: 15, READY: 16 } as const;
const CTL_BYTES = 128;

/**
 * The WebAssembly API of the JavaScript engine (Node has it as a global; the project's `lib`,
 * ES2023 without DOM, does not declare it, so the members used here are typed here).
 */
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (desc: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;

/**
 * The compiled module. V8 first compiles WebAssembly with its baseline compiler (Liftoff) and
 * swaps in optimised code only on a later call; a plan runs as ONE long call, so a first
 * simulation would run entirely on baseline code (measured 3x slower). The module is therefore
 * compiled with Liftoff switched off (a 25 KiB module: milliseconds), and the flag is restored
 * at once so that other modules in the process keep V8's defaults. Workers receive this
 * compiled module, so they run the optimised code too.
 */
function stateModule(): object {
  if (compiled) return compiled;
  const bytes = Uint8Array.from(Buffer.from(STATE_WASM_BASE64, 'base64'));
  try {
    setFlagsFromString('--no-liftoff');
    compiled = new WASM.Module(bytes);
  } finally {
    setFlagsFromString('--liftoff');
  }
  return compiled;
}

interface StateExports {
  run(plan: number, coef: number, re: number, im: number, n: number, t: number, T: number, ctl: number, scratch: number, kmax: number, partial: number): number;
  readonly __heap_base: { readonly value: number };
}

// The worker is a few lines of plain JavaScript evaluated in the thread (no module resolution, so it
// runs the same from TypeScript sources and from dist): it instantiates the module on the shared
// memory, then waits for the GO word to change, runs its share and counts itself done.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctlPtr, t, go0 } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(memory.buffer, ctlPtr, 32);
Atomics.add(ctl, ${CTL.READY}, 1);
Atomics.notify(ctl, ${CTL.READY});
let seen = go0;
for (;;) {
  Atomics.wait(ctl, ${CTL.GO}, seen);
  seen = Atomics.load(ctl, ${CTL.GO});
  if (Atomics.load(ctl, ${CTL.STOP}) !== 0) break;
  if (t >= ctl[${CTL.T}]) continue; // a job for fewer threads
  let rc = 1;
  try {
    rc = ex.run(ctl[${CTL.PLAN}], ctl[${CTL.COEF}], ctl[${CTL.RE}], ctl[${CTL.IM}], ctl[${CTL.N}], t, ctl[${CTL.T}], ctlPtr,
      ctl[${CTL.SCRATCH}] + t * ctl[${CTL.STRIDE}], ctl[${CTL.KMAX}], ctl[${CTL.PARTIAL}]);
  } catch (err) {
    rc = 1;
  }
  if (rc !== 0) { Atomics.store(ctl, ${CTL.ABORT}, 1); Atomics.notify(ctl, ${CTL.GEN}); }
  Atomics.add(ctl, ${CTL.DONE}, 1);
  Atomics.notify(ctl, ${CTL.DONE});
}
`;

function align(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

/** Where things live in the engine's memory for a given state size. */
interface Layout {
  readonly ctl: number;
  readonly scratch: number;
  readonly stride: number;
  readonly re: number;
  readonly im: number;
  /** First free byte after the state (plan, coefficients, partial sums follow). */
  readonly end: number;
}

/**
 * Bytes the engine needs for an `n`-qubit state with `threads` block buffers of 2^kmax
 * amplitudes (without the plan); callers check this against the memory budget.
 */
export function engineBytes(n: number, threads: number, kmax: number): number {
  return layoutFor(n, threads, kmax, 66560).end;
}

function layoutFor(n: number, threads: number, kmax: number, heapBase: number): Layout {
  const ctl = align(heapBase, 64);
  const scratch = align(ctl + CTL_BYTES, 64);
  // block re and im, gather offsets, then the diagonal-group tables (see state.c)
  const stride = align(2 ** kmax * 20 + 8 * (2 ** 11 + 2 ** Math.max(0, kmax - 6) + 2 ** 8) + 64, 64);
  // a 4 KiB + 64 B gap between re and im keeps re[j] and im[j] out of the same cache sets
  const re = align(scratch + threads * stride, 4096);
  const im = re + 8 * 2 ** n + 4096 + 64;
  return { ctl, scratch, stride, re, im, end: im + 8 * 2 ** n };
}

/** Whether an n-qubit state (plus a plan of `planBytes`) fits the 4 GiB a wasm32 memory can address. */
export function engineFits(n: number, threads: number, kmax: number, planBytes = 2 ** 24): boolean {
  return engineBytes(n, threads, kmax) + planBytes <= MAX_PAGES * PAGE;
}

/** The engine of one backend: its memory, its instance on the main thread, its workers. */
export class WasmStateEngine {
  private memory: WasmMemory | null = null;
  private exports: StateExports | null = null;
  private workers: Worker[] = [];
  private n = -1;
  private layout: Layout | null = null;
  private heapBase = 0;

  constructor(
    readonly threads: number,
    /** log2 of the largest block buffer (amplitudes). */
    readonly kmax: number,
  ) {}

  /** Prepares memory for an n-qubit state (grows it when needed; memory is never shrunk). */
  private prepare(n: number, planBytes: number): Layout {
    if (!this.memory) {
      this.memory = new WASM.Memory({ initial: 2, maximum: MAX_PAGES, shared: true });
      const inst = new WASM.Instance(stateModule(), { env: { memory: this.memory } });
      this.exports = inst.exports as unknown as StateExports;
      this.heapBase = this.exports.__heap_base.value;
    }
    const layout = this.n === n && this.layout ? this.layout : layoutFor(n, this.threads, this.kmax, this.heapBase);
    const need = layout.end + planBytes;
    const have = this.memory.buffer.byteLength;
    if (need > have) {
      const pages = Math.ceil((need - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) {
        throw new HqmlError({ what: `an ${n}-qubit state needs ${need} bytes of WebAssembly memory`, why: 'wasm32 memory is limited to 4 GiB', fix: 'This is an engine bug: the caller should have chosen the JavaScript path' });
      }
      try {
        this.memory.grow(pages);
      } catch (err) {
        throw new ResourceError({ what: `growing the WebAssembly memory to ${((have + pages * PAGE) / 2 ** 30).toFixed(2)} GiB for an ${n}-qubit state failed (${String(err)})`, why: 'the process could not get the memory', fix: 'Use fewer qubits, or free memory (dispose backends no longer needed)' });
      }
    }
    this.n = n;
    this.layout = layout;
    return layout;
  }

  private startWorkers(ctlPtr: number, go0: number): void {
    if (this.workers.length > 0 || this.threads === 1) return;
    const ctl = new Int32Array(this.memory!.buffer, ctlPtr, 32);
    Atomics.store(ctl, CTL.READY, 0);
    for (let t = 1; t < this.threads; t++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: stateModule(), memory: this.memory, ctlPtr, t, go0 } });
      w.on('error', (err) => process.emitWarning(`@hqml/statevector wasm worker ${t}: ${String(err)}`));
      w.unref();
      this.workers.push(w);
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = Atomics.load(ctl, CTL.READY);
      if (ready === this.threads - 1) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        this.dispose();
        throw new HqmlError({ what: 'the WebAssembly worker threads did not start within 30 s', why: 'the large-state engine needs them for threads > 1', fix: 'Run with threads: 1, or check the worker error printed above' });
      }
      Atomics.wait(ctl, CTL.READY, ready, Math.min(left, 100));
    }
  }

  /**
   * Runs a plan on an n-qubit state with `threads` threads (at most the engine's; the plan must
   * have been built for that many); returns the expectation partials summed over threads (one
   * per Pauli term of the plan, in a fixed order). The state stays in memory for {@link view}.
   */
  run(n: number, plan: Plan, numTerms: number, threads = this.threads): Float64Array {
    const T = Math.min(threads, this.threads);
    const planBytes = align(plan.words.length * 4, 64) + align(plan.coef.length * 8, 64) + align(T * numTerms * 8 + 8, 64);
    const L = this.prepare(n, planBytes);
    const buf = this.memory!.buffer;
    const planPtr = align(L.end, 64);
    const coefPtr = planPtr + align(plan.words.length * 4, 64);
    const partialPtr = coefPtr + align(plan.coef.length * 8, 64);
    new Int32Array(buf, planPtr, plan.words.length).set(plan.words);
    new Float64Array(buf, coefPtr, plan.coef.length).set(plan.coef);
    const ctl = new Int32Array(buf, L.ctl, 32);
    if (T > 1) this.startWorkers(L.ctl, Atomics.load(ctl, CTL.GO));
    const workers = T - 1;
    ctl[CTL.ARRIVED] = 0;
    ctl[CTL.ABORT] = 0;
    ctl[CTL.DONE] = 0;
    ctl[CTL.PLAN] = planPtr;
    ctl[CTL.COEF] = coefPtr;
    ctl[CTL.RE] = L.re;
    ctl[CTL.IM] = L.im;
    ctl[CTL.N] = n;
    ctl[CTL.T] = T;
    ctl[CTL.SCRATCH] = L.scratch;
    ctl[CTL.STRIDE] = L.stride;
    ctl[CTL.KMAX] = this.kmax;
    ctl[CTL.PARTIAL] = partialPtr;
    if (T > 1) {
      Atomics.add(ctl, CTL.GO, 1);
      Atomics.notify(ctl, CTL.GO);
    }
    let rc: number;
    try {
      rc = this.exports!.run(planPtr, coefPtr, L.re, L.im, n, 0, T, L.ctl, L.scratch, this.kmax, partialPtr);
    } catch (err) {
      Atomics.store(ctl, CTL.ABORT, 1);
      Atomics.notify(ctl, CTL.GEN);
      this.waitWorkers(ctl, workers);
      throw err;
    }
    if (rc !== 0) Atomics.store(ctl, CTL.ABORT, 1);
    this.waitWorkers(ctl, workers);
    if (Atomics.load(ctl, CTL.ABORT) !== 0) {
      throw new HqmlError({ what: 'a WebAssembly worker thread failed', why: 'the state could not be computed', fix: 'Retry with threads: 1 and report the problem' });
    }
    const partial = new Float64Array(buf, partialPtr, T * numTerms);
    const out = new Float64Array(numTerms);
    for (let t = 0; t < T; t++) for (let j = 0; j < numTerms; j++) out[j] = out[j]! + partial[t * numTerms + j]!;
    return out;
  }

  private waitWorkers(ctl: Int32Array, want: number): void {
    for (;;) {
      const d = Atomics.load(ctl, CTL.DONE);
      if (d >= want) return;
      Atomics.wait(ctl, CTL.DONE, d, 1000);
    }
  }

  /** The state of the last run (views into the engine's memory; valid until the next run). */
  view(): { re: Float64Array; im: Float64Array } {
    const L = this.layout!;
    const N = 2 ** this.n;
    const buf = this.memory!.buffer;
    return { re: new Float64Array(buf, L.re, N), im: new Float64Array(buf, L.im, N) };
  }

  /** Stops the workers and drops the memory. */
  dispose(): void {
    if (this.memory && this.layout && this.workers.length > 0) {
      const ctl = new Int32Array(this.memory.buffer, this.layout.ctl, 32);
      Atomics.store(ctl, CTL.STOP, 1);
      Atomics.add(ctl, CTL.GO, 1);
      Atomics.notify(ctl, CTL.GO);
    }
    for (const w of this.workers) void w.terminate();
    this.workers = [];
    this.memory = null;
    this.exports = null;
    this.layout = null;
    this.n = -1;
  }
}
