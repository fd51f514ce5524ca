import type * as tf from '@tensorflow/tfjs-core';
import { type Circuit, type QuantumBackend, type StateProvider, UnsupportedError, isStateProvider } from '@hqml/core';
import { backendOp } from '@hqml/qnn';

/** Checks, before any compute, that a backend can give final states and their VJP. */
export function requireStateProvider(backend: QuantumBackend): QuantumBackend & StateProvider {
  if (!isStateProvider(backend)) {
    throw new UnsupportedError({
      what: `Backend "${backend.id}" cannot return final states`,
      why: 'the Hilbert-Schmidt loss is a function of the states, so it needs the StateProvider ability (amplitudes + stateVjp)',
      fix: 'Use a noise-free simulator such as "statevector"',
    });
  }
  return backend;
}

/**
 * The final states of the evolution circuit for a batch of schedules, as a differentiable TF.js
 * op (qnn's `backendOp`, the one TF.js bridge): `schedules` is `B x numInputs` (the circuit's
 * per-sample inputs), the result `B x 2N` with the real parts in columns [0, N) and the
 * imaginary parts in [N, 2N). Forward is ONE batched `amplitudes` call; backward is ONE
 * `stateVjp` call with the upstream cotangent (dL/dRe, dL/dIm).
 */
export function evolvedStates(backend: QuantumBackend & StateProvider, circuit: Circuit, schedules: tf.Tensor2D): tf.Tensor2D {
  const N = 2 ** circuit.numQubits;
  return backendOp(schedules, undefined, 2 * N, (inputs, params, B) => {
    const execution = { circuit, params, inputs, batchSize: B };
    const s = backend.amplitudes(execution);
    const value = new Float64Array(B * 2 * N);
    for (let b = 0; b < B; b++) {
      value.set(s.re.subarray(b * N, (b + 1) * N), b * 2 * N);
      value.set(s.im.subarray(b * N, (b + 1) * N), b * 2 * N + N);
    }
    return {
      value,
      vjp: (d) => {
        const upRe = new Float64Array(B * N), upIm = new Float64Array(B * N);
        for (let b = 0; b < B; b++) {
          for (let i = 0; i < N; i++) {
            upRe[b * N + i] = d[b * 2 * N + i]!;
            upIm[b * N + i] = d[b * 2 * N + N + i]!;
          }
        }
        return { inputs: backend.stateVjp(execution, upRe, upIm).inputs };
      },
    };
  });
}
