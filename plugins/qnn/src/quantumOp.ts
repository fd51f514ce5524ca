import type * as tf from '@tensorflow/tfjs-core';
import { type Circuit, type GradientMethod, type Observable, type VjpResult, hasExpectationWithVjp } from '@hqml/core';
import type { DifferentiableBackend } from './differentiable.js';
import { backendOp } from './backendOp.js';
import { type AngleScaling, applyAngleScaling } from './encoding.js';

/** What one quantum op call runs. */
export interface QuantumOpSpec {
  readonly backend: DifferentiableBackend;
  readonly circuit: Circuit;
  readonly observables: readonly Observable[];
  readonly method: GradientMethod;
  /**
   * An elementwise scaling of `x` into the circuit's input angles (e.g. the seed's pi*tanh),
   * applied inside the op in float64 and chained into the input gradient there. Default
   * `identity` (x are the angles).
   */
  readonly inputScaling?: AngleScaling;
  /**
   * A fixed affine map of the expectation values, `out = offset + values · matrix` (`matrix`
   * row-major `observables x width`), applied inside the op in float64 and chained into its
   * vjp (the probability readout's Walsh-Hadamard map): one op instead of a TF.js matMul and add
   * each way.
   */
  readonly outputMap?: OutputMap;
}

/** See {@link QuantumOpSpec.outputMap}. */
export interface OutputMap {
  readonly offset: ArrayLike<number>;
  readonly matrix: ArrayLike<number>;
  readonly width: number;
}

function mapRows(values: ArrayLike<number>, rows: number, m: OutputMap): Float64Array {
  const k = m.matrix.length / m.width, w = m.width;
  const out = new Float64Array(rows * w);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < w; j++) out[r * w + j] = m.offset[j] as number;
    for (let i = 0; i < k; i++) {
      const v = values[r * k + i] as number;
      for (let j = 0; j < w; j++) out[r * w + j] = (out[r * w + j] as number) + v * (m.matrix[i * w + j] as number);
    }
  }
  return out;
}

/** `up · matrix^T`: the map's vjp. */
function pullBack(up: ArrayLike<number>, rows: number, m: OutputMap): Float64Array {
  const k = m.matrix.length / m.width, w = m.width;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < w; j++) s += (up[r * w + j] as number) * (m.matrix[i * w + j] as number);
      out[r * k + i] = s;
    }
  }
  return out;
}

/**
 * Expectation values of `spec.observables` for a batch, as a differentiable TF.js op (through
 * {@link backendOp}): `x` is `B x numInputs` (the circuit's per-sample inputs), `theta` the
 * circuit's weights (omitted when the circuit has none). Forward is ONE batched
 * `backend.expectation` call (or core's optional `expectationWithVjp`, whose backward pass
 * continues from the forward's kept states); backward is ONE `vjp` call. With
 * `spec.inputScaling` the op maps `x` to angles itself (see there).
 */
export function quantumExpectation(spec: QuantumOpSpec, x: tf.Tensor2D, theta?: tf.Tensor1D): tf.Tensor2D {
  const { backend, circuit, observables, method } = spec;
  const scaling = spec.inputScaling ?? 'identity';
  const map = spec.outputMap;
  return backendOp(x, theta, map ? map.width : observables.length, (inputs, params, rows) => {
    // d angle / d x, to chain into the input gradient (undefined: the identity)
    let slope: Float64Array | undefined;
    if (scaling !== 'identity') {
      slope = new Float64Array(inputs.length);
      applyAngleScaling(scaling, inputs, slope);
    }
    const execution = { circuit, params, inputs, batchSize: rows };
    let value: Float64Array;
    let vjp: (upstream: ArrayLike<number>) => VjpResult;
    if (hasExpectationWithVjp(backend)) {
      const deferred = backend.expectationWithVjp(execution, observables, method);
      value = deferred.value;
      vjp = (up) => deferred.vjp(up);
    } else {
      value = backend.expectation(execution, observables);
      vjp = (up) => backend.vjp(execution, observables, up, method);
    }
    return {
      value: map ? mapRows(value, rows, map) : value,
      vjp: (up) => {
        const r = vjp(map ? pullBack(up, rows, map) : up);
        if (!slope) return r;
        const gx = new Float64Array(r.inputs.length);
        for (let i = 0; i < gx.length; i++) gx[i] = (r.inputs[i] as number) * (slope[i] as number);
        return { inputs: gx, params: r.params };
      },
    };
  });
}
