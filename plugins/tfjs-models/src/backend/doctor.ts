import * as tf from '@tensorflow/tfjs-core';
import type { DoctorCheck, DoctorFinding } from '@hqml/core';
import { BACKEND_ENV, initTfjsBackend, probeTfjsNode } from './tfjsBackend.js';

/**
 * `hqml doctor`: which TF.js backend hqml trains on here and why, whether tfjs-node loads, and
 * whether the wasm backend has SIMD, threads and hqml's fast gradient kernels.
 */
export const tfjsBackendDoctor: DoctorCheck = {
  name: 'tfjs backend',
  async run(): Promise<readonly DoctorFinding[]> {
    const findings: DoctorFinding[] = [];
    const nodeWhy = await probeTfjsNode();
    findings.push(nodeWhy
      ? { check: 'tfjs-node', status: 'warn', detail: `${nodeWhy}; training uses the wasm backend with hqml's gradient kernels (install @tensorflow/tfjs-node for the fastest CPU path where it can download libtensorflow)` }
      : { check: 'tfjs-node', status: 'ok', detail: `@tensorflow/tfjs-node loaded (native libtensorflow)` });
    try {
      const info = await initTfjsBackend();
      const from = info.source === 'env' ? ` (from ${BACKEND_ENV}=${process.env[BACKEND_ENV] ?? ''})` : '';
      const kernels = info.fastKernels.length ? `; fast gradient kernels: ${info.fastKernels.join(', ')}` : '';
      const skipped = info.skipped.length ? `; skipped ${info.skipped.map((s) => s.name).join(', ')}` : '';
      findings.push({
        check: 'tfjs backend',
        status: info.name === 'cpu' ? 'warn' : 'ok',
        detail: `${info.name}${from}, ${info.threads} thread(s)${kernels}${skipped}${info.notes.length ? `; ${info.notes.join('; ')}` : ''}${info.name === 'cpu' ? '; the cpu backend trains LeNet-5 ~100x slower than wasm' : ''}`,
      });
      findings.push({ check: 'tfjs version', status: 'ok', detail: `@tensorflow/tfjs-core ${tf.version_core}` });
    } catch (err) {
      findings.push({ check: 'tfjs backend', status: 'missing', detail: err instanceof Error ? err.message : String(err) });
    }
    return findings;
  },
};
