import { type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo, getKernel } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Calls another kernel registered for the wasm backend directly (not through an op), so a
 * composed kernel adds no tape entries and no engine bookkeeping per step.
 */
export function callKernel(name: string, backend: BackendWasm, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
  const k = getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is not registered; the fast gradient kernels need it`);
  const out = (k.kernelFunc as KernelFunc)({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm kernel ${name} returned ${out.length} outputs, expected 1`);
  return out;
}

/** Frees intermediate results of a composed kernel. */
export function release(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}
