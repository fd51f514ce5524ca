import * as tf from '@tensorflow/tfjs-core';
import { type Circuit, type QuantumBackend, type StateProvider, UnsupportedError, isStateProvider } from '@hqml/core';

type CustomGradientFunc = Parameters<typeof tf.customGrad<tf.Tensor2D>>[0];

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
 * op: `schedules` is `B x numInputs` (the circuit's per-sample inputs), the result `B x 2N` with
 * the real parts in columns [0, N) and the imaginary parts in [N, 2N) (customGrad takes one
 * output). Forward is ONE batched `amplitudes` call; backward is ONE `stateVjp` call with the
 * upstream cotangent (dL/dRe, dL/dIm), as plugins/qnn does for expectation values. The
 * simulator works in float64; TF.js tensors are float32.
 */
export function evolvedStates(backend: QuantumBackend & StateProvider, circuit: Circuit, schedules: tf.Tensor2D): tf.Tensor2D {
  const F = circuit.numInputs;
  const N = 2 ** circuit.numQubits;
  const f = tf.customGrad(((xs: tf.Tensor) => {
    const B = xs.shape[0] as number;
    const execution = { circuit, params: new Float64Array(0), inputs: Float64Array.from(xs.dataSync() as Float32Array), batchSize: B };
    const s = backend.amplitudes(execution);
    const out = new Float32Array(B * 2 * N);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < N; i++) {
        out[b * 2 * N + i] = s.re[b * N + i]!;
        out[b * 2 * N + N + i] = s.im[b * N + i]!;
      }
    }
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const d = dy.dataSync() as Float32Array;
      const upRe = new Float64Array(B * N), upIm = new Float64Array(B * N);
      for (let b = 0; b < B; b++) {
        for (let i = 0; i < N; i++) {
          upRe[b * N + i] = d[b * 2 * N + i]!;
          upIm[b * N + i] = d[b * 2 * N + N + i]!;
        }
      }
      const r = backend.stateVjp(execution, upRe, upIm);
      return [tf.tensor2d(Float32Array.from(r.inputs), [B, F])];
    };
    return { value: tf.tensor2d(out, [B, 2 * N]), gradFunc };
  }) as unknown as CustomGradientFunc);
  return f(schedules) as tf.Tensor2D;
}
