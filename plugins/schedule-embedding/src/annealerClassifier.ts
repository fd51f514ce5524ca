import * as tf from '@tensorflow/tfjs-core';
import { type Circuit, type DataSplit, type EpochRecord, type QuantumBackend, Rng, type StateProvider, type TrainingHistory, ValidationError, describeValue } from '@hqml/core';
import { type AugmentOptions, TfjsModel, type TfjsBackendPreference, type TrainableNet, trainLoop } from '@hqml/tfjs-models';
import { type AnnealerSpec, type AnnealerSpecOptions, annealerSpec, scheduleSize } from './annealerSpec.js';
import { type ClassScores, ClassStates } from './classStates.js';
import { buildEvolutionCircuit } from './evolutionCircuit.js';
import type { StateBatch } from './hilbertSchmidt.js';
import { distanceCeLoss } from './distanceCeLoss.js';
import { hsLoss } from './hsLoss.js';
import { evolvedStates, requireStateProvider } from './stateOp.js';

/** The schedule network's architecture: LeNet-5 (images) or an MLP (small inputs, tests). */
export type BackboneId = 'lenet5' | 'mlp';

/** Options of {@link AnnealerClassifier.create}. */
export interface AnnealerClassifierOptions {
  readonly annealer: AnnealerSpecOptions;
  /** Shape of one sample, e.g. [28, 28, 1]. */
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  /** A backend with the StateProvider ability (e.g. the statevector backend). */
  readonly backend: QuantumBackend;
  readonly backbone?: BackboneId;
  /** MLP hidden widths (backbone mlp). Default [64]. */
  readonly hidden?: readonly number[];
  /** LeNet-5 backbone: filters of its two convolutions. Default [6, 16]. */
  readonly filters?: readonly [number, number];
  /** Schedules are `amplitudeBound * tanh(network output)`, so every amplitude stays in [-bound, bound]. Default 10. */
  readonly amplitudeBound?: number;
  /** Seed of the weight initialisation. */
  readonly seed?: number;
  readonly tfjsBackend?: TfjsBackendPreference;
  readonly threads?: number;
}

/**
 * The training objective. `hs` (default, the method): the Hilbert-Schmidt cost of Lloyd
 * et al. 2020 averaged over pairs of classes (`hsLoss`). `hs-log`: the same distances, each
 * pair costing -ln(D_hs / 2 + 0.01) (`hsLoss` with `pairs = 'log'`), so that merging two classes
 * is penalised most. `distance-ce`: the cross-entropy of the nearest-class-state rule over -HS
 * distance / temperature (`distanceCeLoss`).
 */
export type AnnealerObjective = { readonly kind: 'hs' } | { readonly kind: 'hs-log' } | { readonly kind: 'distance-ce'; readonly temperature: number };

/** Options of {@link AnnealerClassifier.fit}. */
export interface AnnealerFitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  /** Adam step size. Default 1e-3. */
  readonly learningRate?: number;
  /** Multiplies the step size by this factor after every epoch (epoch e uses lr * decay^(e-1)). Default 1. */
  readonly learningRateDecay?: number;
  /** The training objective. Default `{ kind: 'hs' }`. */
  readonly objective?: AnnealerObjective;
  /**
   * `last` (default) keeps the weights of the last epoch; `validation` keeps those of the epoch
   * with the best validation accuracy (needs `validation`; the test set is never involved).
   */
  readonly select?: 'last' | 'validation';
  /** Seed of the shuffling (and of the augmentation). */
  readonly seed?: number;
  /**
   * Seeded random crop (zero padding) and horizontal flip of every training batch, the same
   * `randomCropFlip` as the CNN's training loop (one Rng per epoch from the seed). Class states,
   * validation and test use the original images.
   */
  readonly augment?: AugmentOptions;
  /** Scored after every epoch (HS cost and nearest-class accuracy) for the curves; never used to pick weights. */
  readonly validation?: DataSplit;
  /** Class states keep at most this many training embeddings per class. Default 2000. */
  readonly maxMembers?: number;
  readonly progress?: boolean;
  /** Called after every epoch. */
  readonly onEpoch?: (record: EpochRecord) => void;
}

/** Embeddings of a batch: the schedules the network chose and the final states of the annealer. */
export interface Embedding {
  /** rows x (steps x terms), step-major. */
  readonly schedules: Float32Array;
  readonly states: StateBatch;
}

/** Copies rows `idx` of a row-major array with `per` values per row. */
function gatherRows<T extends Float32Array | Int32Array>(src: T, per: number, idx: Int32Array): T {
  const out = new (src.constructor as new (n: number) => T)(idx.length * per);
  for (let k = 0; k < idx.length; k++) out.set(src.subarray(idx[k]! * per, (idx[k]! + 1) * per), k * per);
  return out;
}

function bad(what: string, why: string, fix: string): never {
  throw new ValidationError({ what, why, fix });
}

/**
 * The network-programmed annealer classifier: a CNN maps an image to a piecewise-constant
 * schedule of the annealer's control terms, the annealer (a Trotterized evolution circuit on a
 * StateProvider backend) embeds the image as its final state, training minimises the
 * Hilbert-Schmidt cost between class ensembles over mini-batches, and a sample is classified
 * by the nearest class state (Lloyd, Schuld et al. 2020).
 */
export class AnnealerClassifier {
  readonly spec: AnnealerSpec;
  readonly circuit: Circuit;
  readonly numClasses: number;
  readonly amplitudeBound: number;
  readonly inputShape: readonly number[];
  private readonly backend: QuantumBackend & StateProvider;
  private classStates: ClassStates | null = null;

  private constructor(readonly net: TfjsModel, spec: AnnealerSpec, backend: QuantumBackend & StateProvider, o: AnnealerClassifierOptions) {
    this.spec = spec;
    this.circuit = buildEvolutionCircuit(spec);
    this.backend = backend;
    this.numClasses = o.numClasses;
    this.amplitudeBound = o.amplitudeBound ?? 10;
    this.inputShape = Object.freeze([...o.inputShape]);
  }

  /** Validates the options, initialises TF.js and builds the schedule network. */
  static async create(o: AnnealerClassifierOptions): Promise<AnnealerClassifier> {
    const spec = annealerSpec(o.annealer);
    const backend = requireStateProvider(o.backend);
    if (!Number.isInteger(o.numClasses) || o.numClasses < 2) bad(`numClasses is ${describeValue(o.numClasses)}`, 'a classifier needs at least 2 classes', 'Pass the number of classes of the data set');
    const bound = o.amplitudeBound ?? 10;
    if (!(bound > 0) || !Number.isFinite(bound)) bad(`amplitudeBound is ${describeValue(o.amplitudeBound)}`, 'schedules are bound * tanh(output), so the bound is a positive number', 'Use e.g. 10');
    const backbone = o.backbone ?? 'lenet5';
    if (backbone !== 'lenet5' && backbone !== 'mlp') bad(`backbone is ${describeValue(backbone)}`, 'allowed backbones are lenet5, mlp', 'Use "lenet5" for images');
    const net = await TfjsModel.create(backbone, {
      inputShape: o.inputShape,
      classes: scheduleSize(spec),
      seed: o.seed ?? 0,
      ...(backbone === 'mlp' ? { hidden: o.hidden ?? [64], activation: 'tanh' as const } : {}),
      ...(backbone === 'lenet5' && o.filters ? { filters: o.filters } : {}),
      ...(o.tfjsBackend ? { backend: o.tfjsBackend } : {}),
      ...(o.threads ? { threads: o.threads } : {}),
    });
    return new AnnealerClassifier(net, spec, backend, o);
  }

  /** Schedules `bound * tanh(net(x))` as a differentiable tensor, B x (steps x terms). */
  schedules(x: tf.Tensor, training: boolean): tf.Tensor2D {
    return tf.mul(tf.tanh(this.net.forward(x, training)), this.amplitudeBound) as tf.Tensor2D;
  }

  /** The training cost of a batch (default the Hilbert-Schmidt cost), differentiable through the network and the annealer. */
  loss(x: tf.Tensor, labels: tf.Tensor1D, objective: AnnealerObjective = { kind: 'hs' }): tf.Scalar {
    const states = evolvedStates(this.backend, this.circuit, this.schedules(x, true));
    if (objective.kind === 'distance-ce') return distanceCeLoss(states, labels, this.numClasses, objective.temperature);
    return hsLoss(states, labels, this.numClasses, objective.kind === 'hs-log' ? 'log' : 'mean');
  }

  /** The trainable variables (the schedule network's). */
  get trainableVariables(): tf.Variable[] {
    return this.net.trainableVariables;
  }

  /**
   * Trains the schedule network with Adam on the Hilbert-Schmidt cost in tfjs-models' shared
   * training loop (seeded shuffling per epoch, augmentation, learning-rate decay; the objective is
   * the loop's pluggable loss over the evolved states; the last batch is skipped when it has one
   * sample, since the cost compares samples), then builds the class states from the training
   * embeddings. Returns the curves.
   */
  async fit(train: DataSplit, o: AnnealerFitOptions): Promise<TrainingHistory> {
    if (!Number.isInteger(o.batchSize) || o.batchSize < 2) bad(`batchSize is ${describeValue(o.batchSize)}`, 'the loss compares states within a batch, so it needs at least 2 samples', 'Pass e.g. batchSize: 128');
    const objective = o.objective ?? { kind: 'hs' as const };
    if (objective.kind === 'distance-ce' && !(objective.temperature > 0 && Number.isFinite(objective.temperature))) bad(`objective.temperature is ${describeValue(objective.temperature)}`, 'the logits are -distance / temperature, so it is a positive number', 'Use e.g. 0.1');
    const select = o.select ?? 'last';
    if (select === 'validation' && !o.validation) bad('select is "validation" but no validation split was given', 'the best epoch is chosen by validation accuracy', 'Pass validation (a hold-out of the training data) or select: "last"');
    const seed = o.seed ?? 0;
    const lr = o.learningRate ?? 1e-3;
    const net: TrainableNet = {
      inputShape: this.inputShape,
      outputSize: this.numClasses,
      trainableVariables: this.trainableVariables,
      forward: (x, training) => evolvedStates(this.backend, this.circuit, this.schedules(x, training)),
    };
    const history = await trainLoop(net, train, {
      epochs: o.epochs,
      batchSize: o.batchSize,
      optimizer: 'adam',
      learningRate: lr,
      ...(o.learningRateDecay !== undefined ? { learningRateDecay: o.learningRateDecay } : {}),
      seed,
      ...(o.augment ? { augment: o.augment } : {}),
      ...(o.validation ? { validation: o.validation } : {}),
      select: select === 'validation' ? 'val-accuracy' : 'last',
      minBatch: 2,
      trainAccuracy: false,
      loss: (states, batch) => (objective.kind === 'distance-ce' ? distanceCeLoss(states as tf.Tensor2D, batch.y, this.numClasses, objective.temperature) : hsLoss(states as tf.Tensor2D, batch.y, this.numClasses, objective.kind === 'hs-log' ? 'log' : 'mean')),
      // The nearest-class-state rule needs the class states of the current weights.
      validate: (_net, validation) => {
        this.buildClassStates(train, o.maxMembers, seed);
        return this.evaluate(validation, o.batchSize);
      },
      label: 'anneal',
      meta: { learningRateDecay: o.learningRateDecay ?? 1, objective, select, annealer: { ...this.spec, terms: this.spec.terms.length } },
      ...(o.progress ? { progress: true } : {}),
      ...(o.onEpoch ? { onEpoch: o.onEpoch } : {}),
    });
    this.buildClassStates(train, o.maxMembers, seed);
    return history;
  }

  /**
   * Builds (or rebuilds) the class states from the embeddings of `train`: every training image
   * of a class, or a seeded subsample of `maxMembers` (default 2000) per class, chosen before
   * embedding so that only the members are embedded.
   */
  buildClassStates(train: DataSplit, maxMembers = 2000, seed = 0): ClassStates {
    if (!Number.isInteger(maxMembers) || maxMembers < 1) bad(`maxMembers is ${describeValue(maxMembers)}`, 'it is a positive integer', 'Use e.g. 2000');
    const rows: number[][] = Array.from({ length: this.numClasses }, () => []);
    for (let i = 0; i < train.size; i++) rows[train.y[i]!]?.push(i);
    const rng = Rng.from(`${seed}:members`);
    const chosen: number[] = [];
    for (const r of rows) {
      if (r.length > maxMembers) for (const k of rng.permutation(r.length).slice(0, maxMembers)) chosen.push(r[k]!);
      else chosen.push(...r);
    }
    const pick = Int32Array.from(chosen.sort((a, b) => a - b));
    const per = this.inputShape.reduce((a, b) => a * b, 1);
    const e = pick.length === train.size ? this.embed(train.x, train.size) : this.embed(gatherRows(train.x, per, pick), pick.length);
    const labels = pick.length === train.size ? train.y : gatherRows(train.y, 1, pick);
    this.classStates = ClassStates.fromEmbeddings(e.states, labels, this.numClasses, { maxMembers, seed });
    return this.classStates;
  }

  /** The class states (after {@link fit} or {@link buildClassStates}). */
  get states(): ClassStates {
    if (!this.classStates) bad('the class states are not built', 'they come from the training embeddings', 'Call fit() or buildClassStates(train) first');
    return this.classStates;
  }

  /** Schedules and final states of `count` samples (row-major images), in batches, without training behaviour. */
  embed(x: Float32Array, count: number, batchSize = 512): Embedding {
    const per = this.inputShape.reduce((a, b) => a * b, 1);
    if (x.length !== count * per) bad(`x has ${x.length} values`, `${count} samples of shape ${describeValue(this.inputShape)} need ${count * per}`, 'Pass count x prod(inputShape) values');
    const S = scheduleSize(this.spec);
    const N = 2 ** this.spec.numQubits;
    const schedules = new Float32Array(count * S);
    const re = new Float64Array(count * N), im = new Float64Array(count * N);
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const s = tf.tidy(() => this.schedules(tf.tensor(x.subarray(start * per, (start + n) * per), [n, ...this.inputShape]), false).dataSync() as Float32Array);
      schedules.set(s, start * S);
      const a = this.backend.amplitudes({ circuit: this.circuit, params: [], inputs: Float64Array.from(s), batchSize: n });
      re.set(a.re, start * N);
      im.set(a.im, start * N);
    }
    return { schedules, states: { re, im, rows: count, dim: N } };
  }

  /** Fidelities, Hilbert-Schmidt distances and nearest-class predictions for `count` samples. */
  predict(x: Float32Array, count: number): ClassScores & { readonly schedules: Float32Array } {
    const e = this.embed(x, count);
    return { ...this.states.score(e.states), schedules: e.schedules };
  }

  /** Nearest-class accuracy and the mean mini-batch HS cost of a split. */
  evaluate(split: DataSplit, batchSize = 256): { loss: number; accuracy: number } {
    const per = split.shape.reduce((a, b) => a * b, 1);
    let lossSum = 0, seen = 0;
    for (let start = 0; start + 2 <= split.size; start += batchSize) {
      const n = Math.min(batchSize, split.size - start);
      const l = tf.tidy(() => {
        const x = tf.tensor(split.x.subarray(start * per, (start + n) * per), [n, ...split.shape]);
        const y = tf.tensor1d(split.y.subarray(start, start + n), 'int32');
        return hsLoss(evolvedStates(this.backend, this.circuit, this.schedules(x, false)), y, this.numClasses).dataSync()[0] as number;
      });
      lossSum += l * n;
      seen += n;
    }
    const p = this.predict(split.x, split.size).predictions;
    let correct = 0;
    for (let i = 0; i < split.size; i++) if (p[i] === split.y[i]) correct++;
    return { loss: seen > 0 ? lossSum / seen : Number.NaN, accuracy: correct / split.size };
  }

  /** Releases the network's weights. */
  dispose(): void {
    this.net.dispose();
  }
}
