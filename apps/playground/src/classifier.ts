import { type Circuit, CircuitBuilder, type GradientProvider, type Observable, type QuantumBackend, ValidationError, createRng, describeValue, input, param, pauliZ } from '@hqml/core/browser';

/** The shape of the in-page classifier. */
export interface ClassifierSpec {
  /** Qubits = input features (one RY angle each). */
  readonly qubits: number;
  /** Number of classes; class c is read out as <Z_c> (so at most `qubits`). */
  readonly classes: number;
  /** Variational layers: RY and RZ on every qubit, then a ring of CNOTs. */
  readonly layers: number;
  readonly seed: number;
  /** Adam's learning rate. */
  readonly learningRate: number;
}

/** What one training step measured. */
export interface StepResult {
  /** Mean cross-entropy of the batch before the update. */
  readonly loss: number;
  /** Fraction of the batch classified correctly before the update. */
  readonly accuracy: number;
}

/**
 * The circuit of the classifier: angle encoding (RY of input i on qubit i), then `layers` layers
 * of trainable RY and RZ rotations on every qubit and a ring of CNOTs. Parameters: 2 per qubit
 * per layer.
 */
export function classifierCircuit(qubits: number, layers: number): Circuit {
  const b = new CircuitBuilder(qubits);
  for (let q = 0; q < qubits; q++) b.ry(q, input(q));
  let k = 0;
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < qubits; q++) b.ry(q, param(k++)).rz(q, param(k++));
    if (qubits > 1) for (let q = 0; q < qubits; q++) if (qubits > 2 || q === 0) b.cnot(q, (q + 1) % qubits);
  }
  return b.build();
}

/**
 * A small quantum classifier trained in the page: the circuit of {@link classifierCircuit} on any
 * backend with gradients, logits `scale * <Z_c> + bias_c`, softmax cross-entropy, and Adam over
 * the circuit angles, the scale and the biases. Gradients of the angles are the backend's VJP
 * (adjoint on both statevector backends) of the loss's cotangent on the expectation values.
 */
export class QuantumClassifier {
  readonly circuit: Circuit;
  readonly observables: readonly Observable[];
  /** Circuit angles, then the logit scale, then one bias per class. */
  readonly weights: Float64Array;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(readonly spec: ClassifierSpec) {
    const { qubits, classes, layers } = spec;
    for (const [k, v, lo, hi] of [['qubits', qubits, 1, 12], ['classes', classes, 2, qubits], ['layers', layers, 1, 20]] as const) {
      if (!Number.isInteger(v) || v < lo || v > hi) throw new ValidationError({ what: `${k} is ${describeValue(v)}`, why: `it must be an integer from ${lo} to ${hi}`, fix: `Pass a ${k} in that range` });
    }
    if (!(spec.learningRate > 0)) throw new ValidationError({ what: `learningRate is ${describeValue(spec.learningRate)}`, why: 'it must be a positive number', fix: 'Pass e.g. 0.05' });
    this.circuit = classifierCircuit(qubits, layers);
    this.observables = Array.from({ length: classes }, (_, c) => pauliZ(c));
    const P = this.circuit.numParams;
    this.weights = new Float64Array(P + 1 + classes);
    const rng = createRng(spec.seed);
    for (let i = 0; i < P; i++) this.weights[i] = (rng.float() * 2 - 1) * Math.PI;
    this.weights[P] = 3; // logits span [-3, 3]: a softmax that can reach confident outputs
    this.m = new Float64Array(this.weights.length);
    this.v = new Float64Array(this.weights.length);
  }

  private checkBatch(x: ArrayLike<number>, y: ArrayLike<number>): number {
    const Q = this.spec.qubits;
    if (x.length % Q !== 0 || x.length / Q !== y.length || y.length === 0) {
      throw new ValidationError({ what: `a batch of ${x.length} features and ${y.length} labels`, why: `each sample has ${Q} features and one label`, fix: 'Pass rows x qubits features and one label per row' });
    }
    return y.length;
  }

  /** Class probabilities, rows x classes. */
  predict(backend: QuantumBackend, x: ArrayLike<number>): Float64Array {
    const B = x.length / this.spec.qubits;
    const z = backend.expectation({ circuit: this.circuit, params: this.angles(), inputs: x, batchSize: B }, this.observables);
    return this.softmax(z, B);
  }

  /** Loss and accuracy of a data set, without training. */
  evaluate(backend: QuantumBackend, x: ArrayLike<number>, y: ArrayLike<number>): StepResult {
    const B = this.checkBatch(x, y);
    return this.score(this.predict(backend, x), y, B);
  }

  /** One Adam step on a batch: loss and accuracy before the update. */
  step(backend: QuantumBackend & GradientProvider, x: ArrayLike<number>, y: ArrayLike<number>): StepResult {
    const { grad, ...result } = this.gradient(backend, x, y);
    this.adam(grad);
    return result;
  }

  /** Loss, accuracy and the gradient of the mean loss with respect to {@link weights}, for a batch. */
  gradient(backend: QuantumBackend & GradientProvider, x: ArrayLike<number>, y: ArrayLike<number>): StepResult & { readonly grad: Float64Array } {
    const B = this.checkBatch(x, y);
    const C = this.spec.classes;
    const P = this.circuit.numParams;
    const execution = { circuit: this.circuit, params: this.angles(), inputs: x, batchSize: B };
    const z = backend.expectation(execution, this.observables);
    const probs = this.softmax(z, B);
    const result = this.score(probs, y, B);
    // d(mean CE)/d logit = (p - onehot) / B; logit = scale * z + bias
    const scale = this.weights[P]!;
    const upstream = new Float64Array(B * C);
    const grad = new Float64Array(this.weights.length);
    for (let r = 0; r < B; r++) {
      for (let c = 0; c < C; c++) {
        const d = (probs[r * C + c]! - (y[r] === c ? 1 : 0)) / B;
        upstream[r * C + c] = d * scale;
        grad[P] = grad[P]! + d * z[r * C + c]!;
        grad[P + 1 + c] = grad[P + 1 + c]! + d;
      }
    }
    const vjp = backend.vjp(execution, this.observables, upstream);
    grad.set(vjp.params, 0);
    return { ...result, grad };
  }

  private angles(): Float64Array {
    return this.weights.subarray(0, this.circuit.numParams);
  }

  private softmax(z: ArrayLike<number>, B: number): Float64Array {
    const C = this.spec.classes;
    const P = this.circuit.numParams;
    const scale = this.weights[P]!;
    const out = new Float64Array(B * C);
    for (let r = 0; r < B; r++) {
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, scale * z[r * C + c]! + this.weights[P + 1 + c]!);
      let s = 0;
      for (let c = 0; c < C; c++) s += out[r * C + c] = Math.exp(scale * z[r * C + c]! + this.weights[P + 1 + c]! - max);
      for (let c = 0; c < C; c++) out[r * C + c] = out[r * C + c]! / s;
    }
    return out;
  }

  private score(probs: Float64Array, y: ArrayLike<number>, B: number): StepResult {
    const C = this.spec.classes;
    let loss = 0;
    let correct = 0;
    for (let r = 0; r < B; r++) {
      const label = y[r]!;
      loss -= Math.log(Math.max(probs[r * C + label]!, 1e-12));
      let best = 0;
      for (let c = 1; c < C; c++) if (probs[r * C + c]! > probs[r * C + best]!) best = c;
      if (best === label) correct++;
    }
    return { loss: loss / B, accuracy: correct / B };
  }

  /** Adam (Kingma and Ba), default betas, bias-corrected. */
  private adam(grad: Float64Array): void {
    const b1 = 0.9;
    const b2 = 0.999;
    this.t++;
    const lr = this.spec.learningRate;
    for (let i = 0; i < grad.length; i++) {
      this.m[i] = b1 * this.m[i]! + (1 - b1) * grad[i]!;
      this.v[i] = b2 * this.v[i]! + (1 - b2) * grad[i]! ** 2;
      const mh = this.m[i]! / (1 - b1 ** this.t);
      const vh = this.v[i]! / (1 - b2 ** this.t);
      this.weights[i] = this.weights[i]! - (lr * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
}

/** The batches of one epoch: a seeded permutation of `rows` cut into batches of `batchSize`. */
export function epochBatches(rows: number, batchSize: number, seed: number): Int32Array[] {
  const perm = createRng(seed).permutation(rows);
  const out: Int32Array[] = [];
  for (let i = 0; i < rows; i += batchSize) out.push(perm.subarray(i, Math.min(rows, i + batchSize)));
  return out;
}

/** Rows `idx` of a row-major matrix with `width` columns, and their labels. */
export function gatherRows(x: ArrayLike<number>, y: ArrayLike<number>, width: number, idx: ArrayLike<number>): { x: Float64Array; y: Int32Array } {
  const bx = new Float64Array(idx.length * width);
  const by = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i]!;
    for (let j = 0; j < width; j++) bx[i * width + j] = x[r * width + j]!;
    by[i] = y[r]!;
  }
  return { x: bx, y: by };
}
