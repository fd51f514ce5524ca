import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type ClassicalModel, type DataSplit, DataError, type FeatureExtractor, type FitOptions, type TrainingHistory, ValidationError, describeValue } from '@hqml/core';
import { type TfjsBackendPreference, initTfjsBackend } from '../backend/tfjsBackend.js';
import { fileIOHandler, readModelJson } from '../io/fileIOHandler.js';
import { type TrainLoopOptions, type TrainableNet, trainLoop } from '../training/trainLoop.js';
import { firstNonFinite } from '../training/validate.js';
import { batchedLogits } from './batchedLogits.js';
import { type ArchitectureId, type ArchitectureOptions, ARCHITECTURES, buildArchitecture } from './architectures.js';
import { SeededDropout } from './seededDropout.js';
import { checkModelMemory, outOfMemoryError } from './memoryGuard.js';
import { architectureParameterCount } from './parameterCount.js';
import { sequentialForward } from './forward.js';

/** Options of {@link TfjsModel.create}: the architecture's options plus the backend to use. */
export interface TfjsModelOptions extends ArchitectureOptions {
  /** TF.js backend (default auto: tensorflow > wasm > cpu; `HQML_TFJS_BACKEND` overrides). */
  readonly backend?: TfjsBackendPreference;
  /** wasm threads where the runtime supports them. */
  readonly threads?: number;
}

/** Extra options of {@link TfjsModel.fit} beyond the contract's. */
export type TfjsFitOptions = FitOptions & Pick<TrainLoopOptions, 'loss' | 'momentum' | 'learningRateDecay' | 'evalBatchSize' | 'augment'>;

/** hqml's block in model.json's userDefinedMetadata. */
interface HqmlMeta {
  readonly id: ArchitectureId;
  readonly options: ArchitectureOptions;
}

/** The options that define the architecture (the seed only initialises the weights). */
function architectureKey(o: ArchitectureOptions): string {
  const { seed: _s, ...rest } = o;
  return JSON.stringify(rest);
}

function archOptions(o: TfjsModelOptions): ArchitectureOptions {
  const { backend: _b, threads: _t, ...rest } = o as TfjsModelOptions & { id?: string; members?: unknown };
  delete rest.id;
  delete rest.members;
  return { ...rest, inputShape: [...rest.inputShape], ...(rest.hidden ? { hidden: [...rest.hidden] } : {}), ...(rest.filters ? { filters: [rest.filters[0], rest.filters[1]] as const } : {}) };
}

/**
 * A {@link ClassicalModel} backed by a TF.js layers model: LeNet-5, AlexNet or an MLP. It is also
 * a {@link TrainableNet}, so other trainers (distillation) can drive it with their own loss.
 */
export class TfjsModel implements ClassicalModel, TrainableNet, FeatureExtractor {
  readonly id: ArchitectureId;
  readonly inputShape: readonly number[];
  readonly outputSize: number;
  /** The architecture options the model was built with (saved in model.json). */
  readonly options: ArchitectureOptions;
  /** The underlying TF.js layers model. */
  readonly net: tfl.Sequential;
  private disposed = false;

  private constructor(id: ArchitectureId, options: ArchitectureOptions, net: tfl.Sequential) {
    this.id = id;
    this.options = Object.freeze(options);
    this.net = net;
    this.inputShape = Object.freeze([...options.inputShape]);
    this.outputSize = options.classes;
  }

  /** Initialises the TF.js backend (see {@link initTfjsBackend}) and builds the architecture. */
  static async create(id: ArchitectureId, options: TfjsModelOptions): Promise<TfjsModel> {
    if (!(ARCHITECTURES as readonly string[]).includes(id)) {
      throw new ValidationError({ what: `Unknown architecture ${describeValue(id)}`, why: `known architectures are ${ARCHITECTURES.join(', ')}`, fix: 'Use one of them (or "ensemble" through createClassicalModel)' });
    }
    await initTfjsBackend({ ...(options.backend ? { backend: options.backend } : {}), ...(options.threads ? { threads: options.threads } : {}) });
    const arch = archOptions(options);
    const parameters = architectureParameterCount(id, arch);
    checkModelMemory(id, parameters, 'build');
    try {
      return new TfjsModel(id, arch, buildArchitecture(id, arch));
    } catch (err) {
      throw outOfMemoryError(err, id, parameters) ?? err;
    }
  }

  /** Rebuilds a saved model from its directory (architecture from model.json, then weights). */
  static async fromDirectory(dir: string, options: Pick<TfjsModelOptions, 'backend' | 'threads'> = {}): Promise<TfjsModel> {
    const json = await readModelJson(dir);
    const meta = json.userDefinedMetadata?.['hqml'] as HqmlMeta | undefined;
    if (!meta || !(ARCHITECTURES as readonly string[]).includes(meta.id)) {
      throw new DataError({ what: `${dir}/model.json has no hqml architecture metadata`, why: 'fromDirectory rebuilds the architecture from it', fix: 'Load it with TfjsModel.create(...).load(dir) and the right architecture, or save it with hqml' });
    }
    const model = await TfjsModel.create(meta.id, { ...meta.options, ...options });
    await model.load(dir);
    return model;
  }

  get parameterCount(): number {
    return this.net.countParams();
  }

  get trainableVariables(): tf.Variable[] {
    return this.net.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  forward(x: tf.Tensor, training: boolean): tf.Tensor {
    return sequentialForward(this.net, x, training);
  }

  setStepSeed(seed: number): void {
    for (const l of this.net.layers) if (l instanceof SeededDropout) l.stepSeed = seed;
  }

  private alive(): void {
    if (this.disposed) throw new ValidationError({ what: `This ${this.id} model was disposed`, why: 'its weights are freed', fix: 'Create or load the model again' });
  }

  async fit(train: DataSplit, options: TfjsFitOptions): Promise<TrainingHistory> {
    this.alive();
    checkModelMemory(this.id, this.parameterCount, 'train');
    try {
      return await trainLoop(this, train, { ...options, label: this.id, tag: { id: this.id, options: JSON.parse(architectureKey(this.options)) as unknown } });
    } catch (err) {
      throw outOfMemoryError(err, this.id, this.parameterCount) ?? err;
    }
  }

  /** Logits of `count` samples, computed in batches of `batchSize` (default 512). */
  async logits(x: Float32Array, count: number, batchSize = 512): Promise<Float32Array> {
    this.alive();
    try {
      return await batchedLogits(this, this.id, x, count, batchSize);
    } catch (err) {
      throw outOfMemoryError(err, this.id, this.parameterCount) ?? err;
    }
  }

  /** Width of {@link features}: the output of the layer before the logits (84 for LeNet-5). */
  get featureSize(): number {
    const shape = this.net.layers[this.net.layers.length - 2]?.outputShape as number[] | undefined;
    return shape ? shape.slice(1).reduce((a, b) => a * b, 1) : this.inputShape.reduce((a, b) => a * b, 1);
  }

  /**
   * The activations of the last hidden layer (what the logits layer reads) for `count` samples,
   * `count x featureSize`, in batches of `batchSize`; inputs are checked as in {@link logits}.
   */
  async features(x: Float32Array, count: number, batchSize = 512): Promise<Float32Array> {
    this.alive();
    const layers = this.net.layers.length - 1;
    const net = { inputShape: this.inputShape, outputSize: this.featureSize, forward: (t: tf.Tensor, training: boolean) => sequentialForward(this.net, t, training, layers) };
    return batchedLogits(net, this.id, x, count, batchSize);
  }

  /** Saves in the TF.js layers format (model.json + weights.bin), atomically. */
  async save(dir: string): Promise<void> {
    this.alive();
    const meta: HqmlMeta = { id: this.id, options: this.options };
    await this.net.save(fileIOHandler(dir, { hqml: meta }));
  }

  /**
   * Loads weights saved by {@link save} into this model. The saved architecture must be the same
   * (id, options, every weight's name and shape); otherwise nothing is changed and the error
   * names the first difference.
   */
  async load(dir: string): Promise<void> {
    this.alive();
    const artifacts = await fileIOHandler(dir).load();
    const meta = artifacts.userDefinedMetadata?.['hqml'] as HqmlMeta | undefined;
    if (meta && (meta.id !== this.id || architectureKey(meta.options) !== architectureKey(this.options))) {
      throw new ValidationError({
        what: `${dir} holds a ${meta.id} model with options ${JSON.stringify(meta.options)}`,
        why: `this model is ${this.id} with options ${JSON.stringify(this.options)}`,
        fix: 'Create the model with the saved architecture (TfjsModel.fromDirectory does that), or load another directory',
      });
    }
    const specs = artifacts.weightSpecs ?? [];
    const mine = this.net.weights;
    if (specs.length !== mine.length) {
      throw new ValidationError({ what: `${dir} holds ${specs.length} weight tensors`, why: `this ${this.id} has ${mine.length}`, fix: 'Load a directory saved from the same architecture' });
    }
    specs.forEach((s, i) => {
      const w = mine[i] as (typeof mine)[number];
      if (s.name !== w.originalName || JSON.stringify(s.shape) !== JSON.stringify(w.shape)) {
        throw new ValidationError({ what: `${dir}: weight ${i} is ${s.name} ${describeValue(s.shape)}`, why: `this ${this.id} expects ${w.originalName} ${describeValue(w.shape)}`, fix: 'Load a directory saved from the same architecture' });
      }
      if (s.dtype !== w.dtype) {
        throw new DataError({ what: `${dir}: weight ${i} (${s.name}) is stored as ${describeValue(s.dtype)}`, why: `this ${this.id} holds ${w.dtype} weights`, fix: 'Load a directory saved by hqml from the same architecture' });
      }
    });
    const named = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, specs);
    const values = specs.map((s) => named[s.name] as tf.Tensor);
    for (const [i, t] of values.entries()) {
      if (firstNonFinite(t.dataSync() as Float32Array) >= 0) {
        tf.dispose(values);
        throw new DataError({ what: `${dir}: weight ${specs[i]?.name} contains NaN or infinite values`, why: 'the file is corrupt', fix: 'Save the model again' });
      }
    }
    this.net.setWeights(values);
    tf.dispose(values);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.dispose();
  }
}
