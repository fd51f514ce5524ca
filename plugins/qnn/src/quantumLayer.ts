import * as tf from '@tensorflow/tfjs-core';
import { type LayerVariable, type Shape, initializers, layers } from '@tensorflow/tfjs-layers';
import { type GradientMethod, HqmlError, type QuantumBackend, ValidationError, describeValue, resolveGradientMethod } from '@hqml/core';
import { type DifferentiableBackend, type GradientMethodRequest, requireDifferentiable } from './differentiable.js';
import { CircuitTemplate, type CircuitTemplateSpec } from './circuitTemplate.js';
import { type OutputMap, quantumExpectation } from './quantumOp.js';
import { probabilityTransform } from './readout.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

/** Arguments of {@link QuantumLayer}. */
export interface QuantumLayerArgs extends LayerArgs {
  /** The circuit: encoding, ansatz x layers, readout. */
  readonly template: CircuitTemplateSpec;
  /**
   * The backend the layer runs on, given by the composition root. A layer rebuilt by TF.js from
   * a saved config gets only the saved backend's id (a string); it needs {@link
   * QuantumLayer.useBackend} before it runs (`QuantumStudent.fromDirectory` does that).
   */
  readonly backend: string | QuantumBackend;
  /** Gradient method of the backward pass. Default `best` (adjoint where the backend has it). */
  readonly gradientMethod?: GradientMethodRequest;
  /** Seed of the weight initialisation (uniform in [0, 2pi)). Default 0. */
  readonly seed?: number;
}

const EPS = 1e-12;

/**
 * A TF.js layer that runs a parameterised circuit on a quantum backend.
 *
 * Input `B x F` (F = the encoding's feature count), output `B x outputSize` (the readout). The
 * forward pass is one batched `expectation` call, the backward pass one `vjp` call (through
 * `tf.customGrad`), giving gradients for the circuit weights (a TF.js variable, so any TF.js
 * optimizer trains them) and for the inputs (so the layers before it train end to end).
 * Angle scalings (pi*tanh...), the amplitude encoding's normalisation (the backend's) and the
 * probability readout's linear map are applied inside that op in float64 and chained into its
 * gradients, so that a training step dispatches few TF.js ops (with `keepNorm` the norm, an
 * output, is computed by TF.js ops around the circuit).
 */
export class QuantumLayer extends layers.Layer {
  static readonly className = 'HqmlQuantumLayer';
  readonly template: CircuitTemplate;
  readonly backendId: string;
  readonly gradientMethod: GradientMethodRequest;
  readonly seed: number;
  private theta: LayerVariable | undefined;
  private backendRef: DifferentiableBackend | undefined;
  private method: GradientMethod | undefined;
  private probs: OutputMap | undefined;

  constructor(args: QuantumLayerArgs) {
    const { template, backend, gradientMethod, seed, ...rest } = args;
    super(rest);
    this.template = new CircuitTemplate(template);
    if (typeof backend !== 'string') this.backendRef = requireDifferentiable(backend);
    this.backendId = typeof backend === 'string' ? backend : backend.id;
    this.gradientMethod = gradientMethod ?? 'best';
    if (seed !== undefined && !Number.isInteger(seed)) {
      throw new ValidationError({ what: `seed is ${describeValue(seed)}`, why: 'seeds are integers', fix: 'Pass an integer seed' });
    }
    this.seed = seed ?? 0;
    this.trainable = true;
  }

  /** The backend this layer runs on. */
  get backend(): DifferentiableBackend {
    if (!this.backendRef) {
      throw new HqmlError({
        what: `Quantum layer "${this.name}" has no backend`,
        why: `it was rebuilt from a saved config, which records only the backend's id ("${this.backendId}"); hqml never picks a backend behind the composition root's back`,
        fix: 'Load students with QuantumStudent.fromDirectory(dir, { backend }), or call layer.useBackend(backend) first',
      });
    }
    if (this.template.spec.qubits > this.backendRef.capabilities.maxQubits) {
      throw new ValidationError({ what: `the quantum layer has ${this.template.spec.qubits} qubits`, why: `backend "${this.backendId}" runs at most ${this.backendRef.capabilities.maxQubits}`, fix: 'Use fewer qubits or another backend' });
    }
    this.method ??= resolveGradientMethod(this.backendRef, this.gradientMethod);
    return this.backendRef;
  }

  /**
   * Runs this layer on `backend` from now on (e.g. after loading a saved model). Any backend
   * with gradients will do: the weights are the circuit's, not the simulator's, so a student
   * trained on one backend can be evaluated on another (a noisy or mitigated one, hardware).
   */
  useBackend(backend: QuantumBackend): void {
    this.backendRef = requireDifferentiable(backend);
    this.method = undefined;
  }

  /** Number of trainable circuit weights. */
  get quantumParameterCount(): number {
    return this.template.numParams;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const f = shape[shape.length - 1];
    if (shape.length !== 2 || f !== this.template.inputSize) {
      throw new ValidationError({
        what: `quantum layer "${this.name}" got input shape ${describeValue(shape)}`,
        why: `its ${this.template.spec.encoding.kind} encoding on ${this.template.spec.qubits} qubits reads exactly ${this.template.inputSize} features per sample`,
        fix: `Put a reducer in front that produces ${this.template.inputSize} features (buildStudent does this)`,
      });
    }
    if (this.template.numParams > 0) {
      this.theta = this.addWeight('theta', [this.template.numParams], 'float32', initializers.randomUniform({ minval: 0, maxval: 2 * Math.PI, seed: this.seed }));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [shape[0] ?? null, this.template.outputSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
    const backend = this.backend;
    const { encoding, readout, qubits } = this.template.spec;
    return tf.tidy(() => {
      let enc = x;
      let norm: tf.Tensor2D | undefined;
      const keepNorm = encoding.kind === 'amplitude' && encoding.keepNorm === true;
      if (keepNorm) {
        // The norm is an output here, so TF.js computes (and differentiates) it.
        const n = tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), EPS)) as tf.Tensor2D;
        norm = n;
        enc = tf.div(x, n);
      }
      // Otherwise amplitude features go in as they are: the backend normalises them (in float64)
      // and its vjp differentiates that normalisation, one op instead of five TF.js ops each way.
      const inputScaling = encoding.kind === 'amplitude' ? 'identity' : (encoding.scaling ?? 'pi-tanh');
      const theta = this.theta?.read() as tf.Tensor1D | undefined;
      const outputMap = readout === 'probabilities' ? this.probabilityMap(qubits) : undefined;
      let out: tf.Tensor2D = quantumExpectation({ backend, circuit: this.template.circuit, observables: this.template.observables, method: this.method as GradientMethod, inputScaling, ...(outputMap ? { outputMap } : {}) }, enc, theta);
      if (norm !== undefined) out = tf.concat([out, norm], 1);
      return out;
    });
  }

  /** The Walsh-Hadamard map from Z-string expectations to probabilities, applied inside the quantum op in float64. */
  private probabilityMap(qubits: number): OutputMap {
    if (!this.probs) {
      const t = probabilityTransform(qubits);
      this.probs = { offset: t.offset, matrix: t.matrix, width: 2 ** qubits };
    }
    return this.probs;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      template: this.template.toJSON() as unknown as tf.serialization.ConfigDict,
      backend: this.backendRef?.id ?? this.backendId,
      gradientMethod: this.gradientMethod,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(QuantumLayer);
