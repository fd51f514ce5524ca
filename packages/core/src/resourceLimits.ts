import { ResourceError } from './errors.js';

/**
 * Size checks made before an allocation, so that a hostile or mistaken size (a variable index
 * of 10^15, a declared count of 10^12) becomes a ResourceError that names the size asked and the
 * limit, never a RangeError from deep inside a typed-array constructor or a process killed by
 * the kernel.
 *
 * Design note: the limit is the memory the runtime reports as available
 * (`process.availableMemory()`, which honours cgroup limits) unless a caller or
 * `HQML_MAX_ALLOC_BYTES` sets one; browsers have neither and get 2 GiB. Typed arrays also have a
 * hard element limit (2^32 in Node 20), checked separately because it applies even with memory
 * to spare. Nothing here imports Node modules, so the models stay usable in a browser.
 */

/** The most elements one typed array may hold (V8 on 64-bit: 2^32). */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

const BROWSER_DEFAULT_BYTES = 2 * 2 ** 30;
let configuredLimit: number | undefined;

/** Sets the per-allocation byte limit (undefined: back to the default). For tests and embedders. */
export function setMemoryLimit(bytes: number | undefined): void {
  if (bytes !== undefined && (!Number.isFinite(bytes) || bytes <= 0)) {
    throw new ResourceError({ what: `setMemoryLimit(${bytes})`, why: 'the limit is a positive number of bytes', fix: 'Pass e.g. 2 ** 30' });
  }
  configuredLimit = bytes;
}

/** The per-allocation byte limit in force (see the module note for where it comes from). */
export function memoryLimit(): number {
  if (configuredLimit !== undefined) return configuredLimit;
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined>; availableMemory?: () => number } }).process;
  const fromEnv = Number(proc?.env?.['HQML_MAX_ALLOC_BYTES']);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  const available = proc?.availableMemory?.();
  return typeof available === 'number' && Number.isFinite(available) && available > 0 ? available : BROWSER_DEFAULT_BYTES;
}

/** Formats a byte count as B, KiB, MiB, GiB or TiB for messages. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toPrecision(3)} ${units[u]}`;
}

/** One block an operation is about to allocate. */
export interface Allocation {
  /** What the elements are, e.g. "linear biases". */
  readonly what: string;
  /** How many elements. */
  readonly count: number;
  /** Bytes per element. */
  readonly bytesPerElement: number;
  /** Whether the block is one typed array (subject to {@link MAX_TYPED_ARRAY_LENGTH}); default true. */
  readonly typedArray?: boolean;
}

/**
 * Throws a ResourceError when the blocks an operation is about to allocate exceed the limits:
 * one typed array longer than {@link MAX_TYPED_ARRAY_LENGTH}, or more bytes in all than
 * {@link memoryLimit}. `subject` names the operation ("a model of 10^15 variables"); `fix`
 * says how to ask for less.
 */
export function checkAllocation(subject: string, blocks: readonly Allocation[], fix: string): void {
  let total = 0;
  for (const b of blocks) {
    if (!Number.isFinite(b.count) || b.count < 0) {
      throw new ResourceError({ what: `${subject}: ${b.what} would need ${b.count} elements`, why: 'a size must be a finite non-negative number', fix });
    }
    if ((b.typedArray ?? true) && b.count > MAX_TYPED_ARRAY_LENGTH) {
      throw new ResourceError({
        what: `${subject}: ${b.what} would need ${b.count.toLocaleString('en-US')} elements in one array`,
        why: `an array holds at most ${MAX_TYPED_ARRAY_LENGTH.toLocaleString('en-US')} elements`,
        fix,
      });
    }
    total += b.count * b.bytesPerElement;
  }
  const limit = memoryLimit();
  if (total > limit) {
    const parts = blocks.filter((b) => b.count > 0).map((b) => `${b.what} ${b.count.toLocaleString('en-US')} x ${b.bytesPerElement} B`).join(' + ');
    throw new ResourceError({
      what: `${subject} would need ${formatBytes(total)} (${parts})`,
      why: `the memory limit is ${formatBytes(limit)} (the memory available to this process, or HQML_MAX_ALLOC_BYTES)`,
      fix,
    });
  }
}
