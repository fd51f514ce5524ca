import { type KernelConfig, type KernelFunc, getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { avgPoolGradConfig } from './avgPoolGrad.js';
import { batchMatMulConfig } from './batchMatMul.js';
import { conv2DBackpropFilterConfig } from './conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './conv2DBackpropInput.js';
import { maxPoolGradConfig } from './maxPoolGrad.js';
import { tanhConfig } from './tanh.js';

/**
 * The kernels (gradients, and the forward tanh) hqml adds to (or replaces in) the wasm backend. Each entry builds its
 * config from the kernel it replaces (if any), so that cases it does not speed up fall back to it.
 */
const FACTORIES: ReadonlyArray<{ name: string; make: (original: KernelFunc | undefined) => KernelConfig }> = [
  { name: 'Conv2DBackpropFilter', make: () => conv2DBackpropFilterConfig },
  { name: 'Conv2DBackpropInput', make: () => conv2DBackpropInputConfig },
  { name: 'AvgPoolGrad', make: avgPoolGradConfig },
  { name: 'MaxPoolGrad', make: maxPoolGradConfig },
  { name: 'Tanh', make: () => tanhConfig },
  { name: 'BatchMatMul', make: batchMatMulConfig },
];

/** Names of the kernels {@link registerWasmGradientKernels} installs. */
export const WASM_GRADIENT_KERNEL_NAMES: readonly string[] = FACTORIES.map((f) => f.name);

const originals = new Map<string, KernelConfig | undefined>();
const installed = new Map<string, KernelConfig>();

/**
 * Registers the composed gradient kernels for the `wasm` backend through tfjs's public
 * `registerKernel`; an existing kernel of the same name is replaced and remembered, so that
 * uncovered cases fall back to it and {@link unregisterWasmGradientKernels} can restore it.
 * Idempotent. Returns the kernel names.
 */
export function registerWasmGradientKernels(): string[] {
  for (const f of FACTORIES) {
    const existing = getKernel(f.name, 'wasm');
    const mine = installed.get(f.name);
    if (mine && existing?.kernelFunc === mine.kernelFunc) continue;
    if (existing) unregisterKernel(f.name, 'wasm');
    originals.set(f.name, existing);
    const config = f.make(existing?.kernelFunc);
    installed.set(f.name, config);
    registerKernel(config);
  }
  return [...WASM_GRADIENT_KERNEL_NAMES];
}

/** Restores the wasm backend's own kernels (for comparisons and tests). */
export function unregisterWasmGradientKernels(): void {
  for (const f of FACTORIES) {
    const mine = installed.get(f.name);
    const existing = getKernel(f.name, 'wasm');
    if (!mine || existing?.kernelFunc !== mine.kernelFunc) continue;
    unregisterKernel(f.name, 'wasm');
    installed.delete(f.name);
    const original = originals.get(f.name);
    if (original) registerKernel(original);
  }
}
