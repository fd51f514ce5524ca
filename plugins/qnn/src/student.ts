import * as tf from '@tensorflow/tfjs-core';
import { type Sequential, layers, loadLayersModel, sequential, initializers } from '@tensorflow/tfjs-layers';
import { type ClassicalModel, type DataSplit, DataError, type QuantumBackend, Rng, type TrainingHistory, ValidationError, describeValue } from '@hqml/core';
import { type TfjsBackendPreference, type TfjsFitOptions, type TrainableNet, batchedLogits, fileIOHandler, initTfjsBackend, readModelJson, trainLoop } from '@hqml/tfjs-models';
import type { AnsatzKind } from './ansatz.js';
import type { GradientMethodRequest } from './differentiable.js';
import { CircuitTemplate } from './circuitTemplate.js';
import type { Encoding } from './encoding.js';
import { fitPcaProjection } from './pcaFit.js';
import { QuantumLayer } from './quantumLayer.js';
import type { Readout } from './readout.js';
import { type ReducerKind, reducerLayers, validateReducer } from './reducer.js';
import { LinearProjection } from './reducerLayers.js';

/** The architecture of a quantum student (plain data; saved in model.json). */
export interface StudentSpec {
  /** Shape of one input sample, e.g. [28, 28, 1]. */
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly reducer: ReducerKind;
  readonly encoding: Encoding;
  readonly qubits: number;
  readonly ansatz: AnsatzKind;
  readonly layers: number;
  readonly readout: Readout;
  /** Strongly entangling layers: CNOT range. */
  readonly range?: number;
  /** Seed of every initialiser. Default 0. */
  readonly seed?: number;
  /** Gradient method of the quantum layer. Default `best`. */
  readonly gradientMethod?: GradientMethodRequest;
}

/** Options of {@link buildStudent}: the architecture plus runtime choices (not saved). */
export interface BuildStudentOptions extends StudentSpec {
  /** The quantum backend the student's layer runs on (from the composition root; it needs gradients). */
  readonly backend: QuantumBackend;
  /** TF.js backend (default auto: tensorflow > wasm > cpu). */
  readonly tfjsBackend?: TfjsBackendPreference;
  /** PCA reducer: fit the projection on this split now (otherwise the first `fit` does). */
  readonly pcaData?: DataSplit;
  /** PCA reducer: at most this many (seeded, random) samples for the fit. Default 10,000. */
  readonly pcaSamples?: number;
}

/** hqml's block in model.json's userDefinedMetadata. */
interface StudentMeta {
  readonly kind: 'qnn-student';
  readonly spec: StudentSpec;
  readonly pcaFitted: boolean;
}

function checkSpec(s: StudentSpec): void {
  if (!Array.isArray(s.inputShape) || s.inputShape.length === 0 || !s.inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValidationError({ what: `inputShape is ${describeValue(s.inputShape)}`, why: 'it must be a list of positive integers', fix: 'Pass e.g. [28, 28, 1]' });
  }
  if (!Number.isInteger(s.classes) || s.classes < 2) {
    throw new ValidationError({ what: `classes is ${describeValue(s.classes)}`, why: 'a classifier needs at least 2 classes', fix: 'Pass the number of classes, e.g. 10' });
  }
  validateReducer(s.reducer);
  if (s.seed !== undefined && !Number.isSafeInteger(s.seed)) throw new ValidationError({ what: `seed is ${describeValue(s.seed)}`, why: 'seeds are integers', fix: 'Pass e.g. seed: 0' });
}

function plainSpec(o: StudentSpec): StudentSpec {
  return {
    inputShape: [...o.inputShape], classes: o.classes, reducer: o.reducer, encoding: { ...o.encoding }, qubits: o.qubits,
    ansatz: o.ansatz, layers: o.layers, readout: o.readout, ...(o.range === undefined ? {} : { range: o.range }),
    seed: o.seed ?? 0, gradientMethod: o.gradientMethod ?? 'best',
  };
}

/**
 * A quantum student: reducer -> quantum layer (encoding, ansatz, readout) -> linear head, as one
 * TF.js layers model. It meets the {@link ClassicalModel} contract (so trainers treat students
 * and classical teachers alike) and tfjs-models' `TrainableNet` (so the shared training loop and
 * custom-loss trainers such as distillation drive it). Quantum and classical parameter counts are
 * reported separately.
 */
export class QuantumStudent implements ClassicalModel, TrainableNet {
  readonly id: string;
  readonly spec: StudentSpec;
  readonly inputShape: readonly number[];
  readonly outputSize: number;
  /** The TF.js model. */
  readonly net: Sequential;
  /** The quantum layer inside {@link net}. */
  readonly quantumLayer: QuantumLayer;
  private pcaFitted: boolean;
  private pcaSamples: number;
  private disposed = false;

  private constructor(spec: StudentSpec, net: Sequential, pcaFitted: boolean, pcaSamples: number) {
    this.spec = Object.freeze(spec);
    this.id = spec.reducer === 'seed-cnn' ? 'qnn-seed' : 'qnn-student';
    this.inputShape = Object.freeze([...spec.inputShape]);
    this.outputSize = spec.classes;
    this.net = net;
    const q = net.layers.find((l): l is QuantumLayer => l instanceof QuantumLayer);
    if (!q) throw new DataError({ what: 'the model has no quantum layer', why: 'a quantum student is built around one', fix: 'Load a directory saved by QuantumStudent.save' });
    this.quantumLayer = q;
    this.pcaFitted = pcaFitted;
    this.pcaSamples = pcaSamples;
  }

  /** Builds a student (see {@link buildStudent}). */
  static async create(options: BuildStudentOptions): Promise<QuantumStudent> {
    const spec = plainSpec(options);
    checkSpec(spec);
    const template = new CircuitTemplate({ qubits: spec.qubits, encoding: spec.encoding, ansatz: spec.ansatz, layers: spec.layers, readout: spec.readout, ...(spec.range === undefined ? {} : { range: spec.range }) });
    if (options.pcaSamples !== undefined && (!Number.isInteger(options.pcaSamples) || options.pcaSamples < 2)) {
      throw new ValidationError({ what: `pcaSamples is ${describeValue(options.pcaSamples)}`, why: 'it must be an integer >= 2', fix: 'Pass e.g. 10000' });
    }
    await initTfjsBackend(options.tfjsBackend ? { backend: options.tfjsBackend } : {});
    const rng = Rng.from(`${spec.seed ?? 0}:qnn-student`);
    const net = sequential({ name: 'qnn_student' });
    for (const l of reducerLayers(spec.reducer, spec.inputShape, template.inputSize, rng)) net.add(l);
    net.add(new QuantumLayer({ template: template.toJSON(), backend: options.backend, gradientMethod: spec.gradientMethod ?? 'best', seed: rng.int(2 ** 31), name: 'quantum' }));
    net.add(layers.dense({ units: spec.classes, kernelInitializer: initializers.glorotUniform({ seed: rng.int(2 ** 31) }), name: 'head' }));
    const student = new QuantumStudent(spec, net, spec.reducer !== 'pca', options.pcaSamples ?? 10_000);
    if (options.pcaData) student.fitReducer(options.pcaData);
    return student;
  }

  /** Rebuilds a saved student (architecture and circuit template from model.json, then weights). */
  static async fromDirectory(dir: string, options: Pick<BuildStudentOptions, 'backend' | 'tfjsBackend'>): Promise<QuantumStudent> {
    const json = await readModelJson(dir);
    const meta = json.userDefinedMetadata?.['hqml'] as StudentMeta | undefined;
    if (meta?.kind !== 'qnn-student') {
      throw new DataError({ what: `${dir}/model.json is not a saved quantum student`, why: 'it has no qnn-student metadata', fix: 'Pass a directory written by QuantumStudent.save' });
    }
    await initTfjsBackend(options.tfjsBackend ? { backend: options.tfjsBackend } : {});
    const net = (await loadLayersModel(fileIOHandler(dir))) as Sequential;
    const student = new QuantumStudent(meta.spec, net, meta.pcaFitted, 10_000);
    student.quantumLayer.useBackend(options.backend);
    return student;
  }

  /** Trainable circuit weights. */
  get quantumParameterCount(): number {
    return this.quantumLayer.quantumParameterCount;
  }

  /** Trainable classical weights (reducer and head). */
  get classicalParameterCount(): number {
    return this.parameterCount - this.quantumParameterCount;
  }

  /** All trainable parameters (fixed projections such as PCA and pooling are not counted). */
  get parameterCount(): number {
    return this.net.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b as number), 1), 0);
  }

  get trainableVariables(): tf.Variable[] {
    return this.net.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  forward(x: tf.Tensor, training: boolean): tf.Tensor {
    this.requireReady();
    return this.net.apply(x, { training }) as tf.Tensor;
  }

  /** Fits the PCA reducer on `split` (seeded subset of at most `pcaSamples` samples). No-op for other reducers. */
  fitReducer(split: DataSplit): void {
    if (this.spec.reducer !== 'pca') return;
    const proj = this.net.layers.find((l): l is LinearProjection => l instanceof LinearProjection) as LinearProjection;
    const { mean, components } = fitPcaProjection(split, proj.outputSize, { maxSamples: this.pcaSamples, seed: this.spec.seed ?? 0 });
    proj.setProjection(mean, components);
    this.pcaFitted = true;
  }

  private requireReady(): void {
    if (this.disposed) throw new ValidationError({ what: 'This quantum student was disposed', why: 'its weights are freed', fix: 'Build or load it again' });
    if (!this.pcaFitted) {
      throw new ValidationError({ what: 'The PCA reducer of this student is not fitted', why: 'its projection is learned from training data', fix: 'Call fit (it fits PCA on the training split first), fitReducer(split), or pass pcaData to buildStudent' });
    }
  }

  /** Trains with tfjs-models' shared loop (seeded shuffling, Adam/SGD, early stopping, checkpoints); fits PCA first if needed. */
  async fit(train: DataSplit, options: TfjsFitOptions): Promise<TrainingHistory> {
    if (!this.pcaFitted) this.fitReducer(train);
    this.requireReady();
    return trainLoop(this, train, { ...options, label: this.id, tag: { id: this.id, spec: this.spec } });
  }

  /** Logits of `count` samples, in batches of `batchSize` (default 512): one backend call per batch. */
  async logits(x: Float32Array, count: number, batchSize = 512): Promise<Float32Array> {
    this.requireReady();
    return batchedLogits(this, 'the student', x, count, batchSize);
  }

  /** Saves in the TF.js layers format (model.json with the circuit template in the layer config, weights.bin). */
  async save(dir: string): Promise<void> {
    this.requireReady();
    const meta: StudentMeta = { kind: 'qnn-student', spec: this.spec, pcaFitted: this.pcaFitted };
    await this.net.save(fileIOHandler(dir, { hqml: meta }));
  }

  /** Loads weights saved by {@link save} into this student; the saved architecture must be the same. */
  async load(dir: string): Promise<void> {
    if (this.disposed) throw new ValidationError({ what: 'This quantum student was disposed', why: 'its weights are freed', fix: 'Build or load it again' });
    const handler = fileIOHandler(dir);
    const artifacts = await (handler.load as NonNullable<typeof handler.load>).call(handler);
    const meta = artifacts.userDefinedMetadata?.['hqml'] as StudentMeta | undefined;
    if (meta?.kind !== 'qnn-student' || JSON.stringify(meta.spec) !== JSON.stringify(this.spec)) {
      throw new ValidationError({
        what: `${dir} holds ${meta?.kind === 'qnn-student' ? `a student with spec ${JSON.stringify(meta.spec)}` : 'no quantum student'}`,
        why: `this student has spec ${JSON.stringify(this.spec)}`,
        fix: 'Use QuantumStudent.fromDirectory(dir, { backend }) to rebuild the saved architecture, or load another directory',
      });
    }
    const specs = artifacts.weightSpecs ?? [];
    const mine = this.net.weights;
    if (specs.length !== mine.length || specs.some((s, i) => JSON.stringify(s.shape) !== JSON.stringify(mine[i]?.shape))) {
      throw new ValidationError({ what: `${dir} holds ${specs.length} weight tensors of other shapes`, why: `this student has ${mine.length}`, fix: 'Load a directory saved from the same architecture' });
    }
    const named = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, specs);
    const values = specs.map((s) => named[s.name] as tf.Tensor);
    this.net.setWeights(values);
    tf.dispose(values);
    this.pcaFitted = meta.pcaFitted;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.dispose();
  }
}

/**
 * Builds a quantum student: `reducer` (to exactly the encoding's feature count, or a clear
 * error) -> quantum layer (`encoding` on `qubits` qubits, `ansatz` x `layers`, `readout`) ->
 * linear head to `classes` logits.
 */
export function buildStudent(options: BuildStudentOptions): Promise<QuantumStudent> {
  return QuantumStudent.create(options);
}

/** Options of {@link buildSeedStudent}. */
export interface SeedStudentOptions extends Pick<BuildStudentOptions, 'inputShape' | 'classes' | 'qubits' | 'seed' | 'backend' | 'tfjsBackend' | 'gradientMethod'> {
  /** Trainable H+RY(theta) layers after the data angles. Default 0, as in the seed (the data angles are the RY angles). */
  readonly layers?: number;
}

/**
 * The seed notebook's architecture, for like-with-like comparisons: conv feature extractor ->
 * dense to Q angles -> pi*tanh -> H on every qubit, RY(angle) -> 2^Q basis-state probabilities
 * -> linear head.
 */
export function buildSeedStudent(options: SeedStudentOptions): Promise<QuantumStudent> {
  const { layers: l, ...rest } = options;
  return QuantumStudent.create({ ...rest, reducer: 'seed-cnn', encoding: { kind: 'angle', scaling: 'pi-tanh', hadamard: true }, ansatz: 'seed', layers: l ?? 0, readout: 'probabilities' });
}
