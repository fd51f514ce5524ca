import gpujs from 'gpu.js';
import { UnsupportedError, ValidationError, describeValue } from '@hqml/core/browser';

/**
 * The gpu.js modes this backend can run. `gpu` lets gpu.js choose (headless GL on Node where the
 * optional `gl` package loads, WebGL2 then WebGL in a browser, WebAssembly otherwise); the others
 * force one. WebGPU is not among them: gpu.js's WebGPU kernels return Promises (their read-back
 * is `mapAsync`), and the `QuantumBackend` contract is synchronous (see its design note in core).
 */
export type GpuMode = 'gpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';

/** Every value of the `mode` option. */
export const GPU_MODES: readonly GpuMode[] = ['gpu', 'headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'];

/** The modes that run on a graphics processor (GL textures and shaders). */
export const GL_MODES: readonly string[] = ['headlessgl', 'webgl2', 'webgl'];

/** A kernel's output buffer: a Float32Array (WebAssembly, CPU) or a GL texture kept on the device (pipeline mode). */
export type DeviceBuffer = Float32Array | GpuTexture;

/** The part of gpu.js's Texture this package uses. */
export interface GpuTexture {
  toArray(): Float32Array | number[];
  delete(): void;
}

/** A gpu.js kernel as this package calls it (gpu.js's own typings are looser). */
export interface GpuKernel {
  (...args: (DeviceBuffer | object | number)[]): unknown;
  setOutput(output: number[]): unknown;
  destroy?(removeCanvasReferences?: boolean): void;
  /** The kernel that runs now: gpu.js may switch it (argument types) or fall back to the CPU. */
  readonly kernel?: { readonly constructor: { readonly mode?: string; readonly name: string }; readonly fallbackReason?: string };
}

/** Settings of one kernel: its loop bound is always set explicitly (see {@link kernelSettings}). */
export interface KernelSpec {
  readonly argumentTypes: Readonly<Record<string, 'Array' | 'ArrayTexture(1)' | 'Integer' | 'Float'>>;
  /**
   * The longest loop the kernel runs. gpu.js stops every loop whose bound is not a literal at
   * `loopMaxIterations` (1000 by default), silently, in every mode; kernels that loop pass their
   * bound here and the runtime raises the cap to it.
   */
  readonly maxLoop: number;
}

interface GpuInstance {
  readonly mode: string;
  readonly Kernel: { readonly mode?: string; readonly name: string; readonly features?: { readonly maxTextureSize?: number } };
  createKernel(fn: (...args: never[]) => unknown, settings: object): GpuKernel;
  destroy(): Promise<void> | void;
}

interface GpuStatic {
  new (settings: { mode?: string }): GpuInstance;
  readonly isHeadlessGLSupported: boolean;
  readonly isWebGL2Supported: boolean;
  readonly isWebGLSupported: boolean;
  readonly isWebGPUSupported: boolean;
  readonly isWebAssemblySupported: boolean;
}

const GPU = (gpujs as unknown as { GPU: GpuStatic }).GPU;

/**
 * gpu.js's kernel classes by mode, most derived first. A kernel class's own `mode` does not say
 * which GL runs it: WebGL2Kernel, WebGLKernel and HeadlessGLKernel inherit GLKernel's `mode`,
 * which is `gpu` (gpu.js 2.24.1); so the mode is read from the class itself, by identity (class
 * names do not survive a minifier).
 */
const KERNEL_CLASSES: readonly (readonly [string, unknown])[] = (() => {
  const g = gpujs as unknown as Record<string, unknown>;
  return ([['webgl2', 'WebGL2Kernel'], ['headlessgl', 'HeadlessGLKernel'], ['webgl', 'WebGLKernel'], ['webgpu', 'WebGPUKernel'], ['webasm', 'WebAssemblyKernel'], ['cpu', 'CPUKernel']] as const)
    .map(([mode, name]) => [mode, g[name]] as const)
    .filter(([, cls]) => cls !== undefined);
})();

/** The mode of a gpu.js kernel class (`webgl2`, `webgl`, `headlessgl`, `webasm`, `cpu`, ...). */
export function kernelClassMode(cls: { readonly mode?: string; readonly name: string }): string {
  for (const [mode, c] of KERNEL_CLASSES) if (c === cls) return mode;
  return cls.mode ?? cls.name;
}

/** Which gpu.js modes are supported where this runs (gpu.js's own probes). */
export function supportedModes(): Record<'headlessgl' | 'webgl2' | 'webgl' | 'webgpu' | 'webasm', boolean> {
  return {
    headlessgl: GPU.isHeadlessGLSupported,
    webgl2: GPU.isWebGL2Supported,
    webgl: GPU.isWebGLSupported,
    webgpu: GPU.isWebGPUSupported,
    webasm: GPU.isWebAssemblySupported,
  };
}

/**
 * Largest index that float arithmetic addresses exactly: GL shaders compute texture coordinates
 * from a flat index in float32, whose integers are exact only up to 2^24.
 */
const GL_EXACT_INDEX = 2 ** 24;

/**
 * Largest WebAssembly kernel: gpu.js lays out `[arguments | output]` in one wasm32 memory (4 GiB)
 * and addresses floats with i32 byte offsets; 2^27 floats (512 MiB) per array leaves room for
 * the input, the output and the coefficients.
 */
const WASM_MAX_CELLS = 2 ** 27;

/**
 * The largest output (float32 cells) of one kernel launch in a gpu.js mode. GL modes store a 1-D
 * output in a 2-D texture of at most `maxTextureSize^2` texels (one float each) and address it
 * with float32 arithmetic, whose integers are exact only up to 2^24; WebAssembly is bounded by
 * its wasm32 memory; gpu.js's JavaScript mode by the same figure, to keep one state's arrays
 * within reach of a typed array.
 */
export function modeCellLimit(mode: string, maxTextureSize: number | undefined): number {
  if (!GL_MODES.includes(mode)) return WASM_MAX_CELLS;
  const texels = maxTextureSize !== undefined && Number.isFinite(maxTextureSize) && maxTextureSize > 0 ? maxTextureSize * maxTextureSize : GL_EXACT_INDEX;
  return Math.min(GL_EXACT_INDEX, texels);
}

/**
 * The gpu.js runtime of one backend: the GPU instance of the chosen mode, the kernels built on
 * it, and what its mode allows (the largest output of one kernel launch).
 */
export class GpuRuntime {
  private readonly gpu: GpuInstance;
  /** The mode gpu.js picked (`webasm`, `webgl2`, ...); `gpu` is resolved to the mode it stands for. */
  readonly mode: string;
  /** Whether kernels run on a graphics processor (GL); results then stay on the device between kernels. */
  readonly onDevice: boolean;
  /** Largest number of output cells (float32 values) of one kernel launch in this mode. */
  readonly maxCells: number;
  private readonly kernels = new Set<GpuKernel>();

  /**
   * @param maxCells overrides the per-launch output limit (lower only): the texture limit of a GL
   *   mode cannot be tested where no GL runs, so tests shrink it to exercise the row chunking.
   */
  constructor(requested: GpuMode, maxCells?: number) {
    if (!GPU_MODES.includes(requested)) {
      throw new ValidationError({ what: `mode is ${describeValue(requested)}`, why: `gpu.js modes usable here are ${GPU_MODES.join(', ')}`, fix: 'Use one of those, or omit it to let gpu.js choose' });
    }
    try {
      this.gpu = new GPU({ mode: requested });
    } catch (cause) {
      const s = supportedModes();
      throw new UnsupportedError({
        what: `gpu.js mode "${requested}" is not available`,
        why: `${cause instanceof Error ? cause.message : String(cause)}; supported here: ${Object.entries(s).filter(([, v]) => v).map(([k]) => k).join(', ') || 'cpu only'}`,
        fix: 'Use mode "gpu" (gpu.js chooses) or "webasm"; `hqml doctor` says why a GPU mode is missing',
        cause,
      });
    }
    this.mode = this.gpu.Kernel ? kernelClassMode(this.gpu.Kernel) : this.gpu.mode;
    this.onDevice = GL_MODES.includes(this.mode);
    const limit = modeCellLimit(this.mode, this.gpu.Kernel?.features?.maxTextureSize);
    if (maxCells !== undefined && !(Number.isInteger(maxCells) && maxCells >= 16)) {
      throw new ValidationError({ what: `maxKernelCells is ${describeValue(maxCells)}`, why: 'it must be an integer of at least 16', fix: 'Omit it to use the limit of the mode' });
    }
    this.maxCells = Math.min(limit, maxCells ?? limit);
  }

  /**
   * Builds a kernel with this package's settings: 1-D output set per call (dynamic), arguments
   * of varying size, single precision, `loopMaxIterations` raised to the kernel's longest loop,
   * and on GL the result kept on the device as a new texture per call (pipeline, immutable).
   */
  kernel(fn: (...args: never[]) => unknown, spec: KernelSpec): GpuKernel {
    const k = this.gpu.createKernel(fn, kernelSettings(spec, this.onDevice));
    this.kernels.add(k);
    return k;
  }

  /** The mode the kernel runs in now: gpu.js falls back to its CPU kernel when a mode cannot build one. */
  static kernelMode(k: GpuKernel): string {
    const inner = k.kernel;
    if (!inner) return 'unbuilt';
    return kernelClassMode(inner.constructor);
  }

  /** Frees the kernels and the GPU instance (textures, wasm memories, contexts). */
  dispose(): void {
    for (const k of this.kernels) k.destroy?.(true);
    this.kernels.clear();
    void this.gpu.destroy();
  }
}

/**
 * The gpu.js settings of a kernel. The loop cap is set from the kernel's structure: gpu.js stops
 * any loop whose bound is not a literal after `loopMaxIterations` iterations without a word, so a
 * reduction over 2048 amplitudes would add up the first 1000. Every kernel declares its longest
 * loop and gets exactly that cap (and at least gpu.js's default).
 */
export function kernelSettings(spec: KernelSpec, onDevice: boolean): object {
  if (!(Number.isInteger(spec.maxLoop) && spec.maxLoop >= 0)) {
    throw new ValidationError({ what: `a kernel's maxLoop is ${describeValue(spec.maxLoop)}`, why: 'it is the longest loop of the kernel, an integer >= 0' });
  }
  return {
    output: [1],
    argumentTypes: spec.argumentTypes,
    dynamicOutput: true,
    dynamicArguments: true,
    precision: 'single',
    tactic: 'precision',
    loopMaxIterations: Math.max(1000, spec.maxLoop),
    pipeline: onDevice,
    immutable: onDevice,
  };
}

/** Reads a kernel's result (`cells` floats) back to the host as a flat Float32Array. */
export function readBuffer(b: DeviceBuffer, cells: number): Float32Array {
  if (b instanceof Float32Array) return b;
  return flatOutput(b.toArray(), cells) as Float32Array;
}

/** Releases a device buffer (a GL texture); host arrays are left to the garbage collector. */
export function releaseBuffer(b: DeviceBuffer | null): void {
  if (b && !(b instanceof Float32Array)) b.delete();
}

type Nested = Float32Array | number[] | readonly Nested[];

/**
 * A kernel's result as a device buffer of `cells` floats: a GL texture stays as it is; a host
 * result (gpu.js shapes 2-D and 3-D outputs as arrays of rows) becomes one flat Float32Array,
 * without a copy when the rows are views of one buffer in order (WebAssembly), else copied.
 */
export function flatOutput(result: unknown, cells: number): DeviceBuffer {
  if (result && typeof (result as GpuTexture).toArray === 'function' && typeof (result as GpuTexture).delete === 'function') return result as GpuTexture;
  if (result instanceof Float32Array) {
    if (result.length !== cells) throw new Error(`internal: a kernel returned ${result.length} values, expected ${cells}`);
    return result;
  }
  const rows: Float32Array[] = [];
  const walk = (v: Nested): void => {
    if (v instanceof Float32Array) rows.push(v);
    else if (Array.isArray(v) && typeof v[0] === 'number') rows.push(Float32Array.from(v as number[]));
    else for (const x of v as readonly Nested[]) walk(x);
  };
  if (!Array.isArray(result)) throw new Error(`internal: unexpected kernel result ${describeValue(result)}`);
  walk(result as Nested);
  const first = rows[0];
  if (first && first.byteOffset === 0 && first.buffer.byteLength === cells * 4) {
    let contiguous = true;
    for (let k = 0, off = 0; k < rows.length; off += rows[k]!.length, k++) {
      if (rows[k]!.buffer !== first.buffer || rows[k]!.byteOffset !== off * 4) contiguous = false;
    }
    if (contiguous) return new Float32Array(first.buffer, 0, cells);
  }
  const out = new Float32Array(cells);
  let off = 0;
  for (const r of rows) {
    out.set(r, off);
    off += r.length;
  }
  if (off !== cells) throw new Error(`internal: a kernel returned ${off} values, expected ${cells}`);
  return out;
}

/**
 * A flat state buffer (`2 x rows x 2^n` floats: real parts, then imaginary parts) as the kernels' 3-D argument `[part][row][i]`:
 * nested arrays of views, no copy. Not gpu.js's `Input`: its JavaScript (cpu) mode indexes an
 * Input with the kernel's output dimensions instead of the input's (gpu.js 2.24.1), which breaks
 * every reduction, whose output is smaller than its input. A GL texture is passed as it is.
 */
export function stateArgument(b: DeviceBuffer, n: number, rows: number): DeviceBuffer | Float32Array[][] {
  if (!(b instanceof Float32Array)) return b;
  const N = 2 ** n;
  const out: Float32Array[][] = [];
  for (let part = 0; part < 2; part++) {
    const rowsOfPart: Float32Array[] = [];
    for (let r = 0; r < rows; r++) rowsOfPart.push(b.subarray((part * rows + r) * N, (part * rows + r + 1) * N));
    out.push(rowsOfPart);
  }
  return out;
}
