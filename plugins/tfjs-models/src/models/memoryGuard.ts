import * as tf from '@tensorflow/tfjs-core';
import { HqmlError, ResourceError, formatBytes, memoryLimit } from '@hqml/core';

/** Largest heap the tfjs-backend-wasm build can grow to (its `getHeapMax()`: 4 GiB - 64 KiB). */
export const WASM_HEAP_MAX_BYTES = 4294901760;

/**
 * Copies of the weights alive at once: building (the initialiser's tensor and the variable);
 * training (weights, gradients, two Adam moments, and the optimiser's update temporaries).
 */
const COPIES = { build: 2, train: 5 } as const;

/** What the active TF.js backend can hold in all, in bytes. */
export function backendMemoryLimit(): { bytes: number; where: string } {
  const backend = tf.getBackend();
  if (backend === 'wasm') return { bytes: WASM_HEAP_MAX_BYTES, where: 'the wasm backend\'s heap (WebAssembly memory is 32-bit, at most 4 GiB)' };
  return { bytes: memoryLimit(), where: `the memory available to this process (${backend ?? 'no'} backend)` };
}

/**
 * Refuses a model whose weights cannot fit, before TF.js allocates them: `parameters` x 4 bytes
 * x the copies the purpose needs, against {@link backendMemoryLimit}.
 */
export function checkModelMemory(model: string, parameters: number, purpose: keyof typeof COPIES): void {
  const { bytes: limit, where } = backendMemoryLimit();
  // Tensors already alive beyond the model's own weights (counted in `need`).
  const inUse = purpose === 'train' ? Math.max(0, tf.memory().numBytes - parameters * 4) : 0;
  const need = parameters * 4 * COPIES[purpose];
  if (need + inUse > limit) {
    throw new ResourceError({
      what: `${model} has ${parameters.toLocaleString('en-US')} parameters; ${purpose === 'build' ? 'building' : 'training'} it needs about ${formatBytes(need)}${inUse > 0 ? ` (with ${formatBytes(inUse)} already in use)` : ''}`,
      why: `that exceeds ${where}: ${formatBytes(limit)}`,
      fix: 'Use a smaller model (a smaller width, fewer filters or hidden units), or the tensorflow backend (@tensorflow/tfjs-node) with more memory',
    });
  }
}

/**
 * The ResourceError for an out-of-memory failure inside TF.js (a typed array that cannot be
 * made, an aborted or full wasm heap), naming the model and its parameter count; undefined
 * for any other error. Used around build, fit and logits as the net behind
 * {@link checkModelMemory}'s estimate.
 */
export function outOfMemoryError(err: unknown, model: string, parameters: number | undefined): ResourceError | undefined {
  if (err instanceof HqmlError) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  const oom = /Invalid typed array length|Array buffer allocation failed|allocation failed|out of memory|Cannot enlarge memory|Aborted\(OOM\)|OOM|memory access out of bounds|Array buffer allocation/i;
  if (!oom.test(message)) return undefined;
  const { bytes, where } = backendMemoryLimit();
  return new ResourceError({
    what: `${model}${parameters !== undefined ? ` (${parameters.toLocaleString('en-US')} parameters)` : ''} ran out of memory in the TF.js ${tf.getBackend() ?? ''} backend: ${message.split('\n')[0]!.slice(0, 160)}`,
    why: `its tensors do not fit in ${where} (${formatBytes(bytes)})`,
    fix: 'Use a smaller model or batch size; the backend may be unusable after this, so start a new process',
    cause: err,
  });
}
