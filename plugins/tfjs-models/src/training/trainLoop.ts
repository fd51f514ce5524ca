import * as tf from '@tensorflow/tfjs-core';
import { type DataSplit, type EpochRecord, type FitOptions, Rng, TrainingHistory, ValidationError, describeValue } from '@hqml/core';
import { type AugmentOptions, randomCropFlip, validateAugment } from './augment.js';
import { assertCompatible, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { Optimizer } from './optimizer.js';
import { ProgressBar } from './progress.js';
import { gatherRows, validateSplit } from './validate.js';

/**
 * What the training loop needs from a network: its variables and a forward pass to logits.
 * LayersModel-based models, the quantum student and anything else trainable implement it.
 */
export interface TrainableNet {
  /** Shape of one sample. */
  readonly inputShape: readonly number[];
  /** Number of logits. */
  readonly outputSize: number;
  /** Variables the optimizer updates. */
  readonly trainableVariables: readonly tf.Variable[];
  /** Logits `[batch, outputSize]` for `x` of shape `[batch, ...inputShape]`. */
  forward(x: tf.Tensor, training: boolean): tf.Tensor;
  /** Receives a fresh seed before every training step (dropout masks). */
  setStepSeed?(seed: number): void;
}

/** One training batch, for custom losses (distillation looks up teacher logits by `indices`). */
export interface TrainBatch {
  readonly x: tf.Tensor;
  /** Labels, int32 `[batch]`. */
  readonly y: tf.Tensor1D;
  /** Rows of the training split in this batch. */
  readonly indices: Int32Array;
}

/** Options of {@link trainLoop}: the contract's FitOptions plus hooks for other trainers. */
export interface TrainLoopOptions extends FitOptions {
  /** Loss of a batch from its logits; default softmax cross-entropy with the labels. */
  readonly loss?: (logits: tf.Tensor, batch: TrainBatch) => tf.Scalar;
  /** SGD momentum. Default 0. */
  readonly momentum?: number;
  /** Multiplies the learning rate by this factor after every epoch (epoch e uses lr * decay^(e-1)). Default 1. */
  readonly learningRateDecay?: number;
  /** Label of the progress bar. */
  readonly label?: string;
  /** Identity of the network, stored in checkpoints; resume refuses a checkpoint with another tag. */
  readonly tag?: Readonly<Record<string, unknown>>;
  /** Batch size of validation passes. Default 512. */
  readonly evalBatchSize?: number;
  /**
   * Scores the net on the validation split after every epoch. Default: softmax cross-entropy
   * and argmax accuracy of its outputs ({@link evaluate}); models whose outputs are not logits
   * (the schedule-embedding classifier's states) give their own.
   */
  readonly validate?: (net: TrainableNet, validation: DataSplit) => { loss: number; accuracy: number };
  /**
   * Which epoch's weights the run ends with: the lowest validation loss (`val-loss`, the default
   * with a validation split), the highest validation accuracy (`val-accuracy`), or the last
   * epoch's (`last`, the default without one). Early stopping (`patience`) watches the same score.
   */
  readonly select?: 'val-loss' | 'val-accuracy' | 'last';
  /** A last batch with fewer samples is skipped (losses that compare samples within a batch need 2). Default 1. */
  readonly minBatch?: number;
  /** Whether epoch records carry the training accuracy (argmax of the outputs). Default true. */
  readonly trainAccuracy?: boolean;
  /** Extra metadata of the returned history (objective, model spec, ...). */
  readonly meta?: Readonly<Record<string, unknown>>;
  /**
   * Seeded random crop (zero padding) and horizontal flip of every training batch
   * ({@link randomCropFlip}, one Rng per epoch derived from the seed); validation is not augmented.
   */
  readonly augment?: AugmentOptions;
}

/** Softmax cross-entropy of logits against integer labels (mean over the batch). */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1] as number), logits as tf.Tensor2D) as tf.Scalar);
}

/** Loss and accuracy of `net` on a split, in batches, without training behaviour. */
export function evaluate(net: TrainableNet, split: DataSplit, batchSize = 512): { loss: number; accuracy: number } {
  let lossSum = 0;
  let correct = 0;
  const per = split.shape.reduce((a, b) => a * b, 1);
  for (let start = 0; start < split.size; start += batchSize) {
    const n = Math.min(batchSize, split.size - start);
    const [l, c] = tf.tidy(() => {
      const x = tf.tensor(split.x.subarray(start * per, (start + n) * per), [n, ...split.shape]);
      const y = tf.tensor1d(split.y.subarray(start, start + n), 'int32');
      const logits = net.forward(x, false);
      const loss = tf.mul(crossEntropy(logits, y), n);
      const acc = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
      return [loss.dataSync()[0] as number, acc.dataSync()[0] as number];
    });
    lossSum += l;
    correct += c;
  }
  return { loss: lossSum / split.size, accuracy: correct / split.size };
}

function validateOptions(o: TrainLoopOptions): void {
  const bad = (what: string, why: string, fix: string): never => {
    throw new ValidationError({ what, why, fix });
  };
  if (!Number.isInteger(o.epochs) || o.epochs < 1) bad(`epochs is ${describeValue(o.epochs)}`, 'it must be a positive integer', 'Pass e.g. epochs: 3');
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) bad(`batchSize is ${describeValue(o.batchSize)}`, 'it must be a positive integer', 'Pass e.g. batchSize: 128');
  if (o.optimizer !== undefined && o.optimizer !== 'adam' && o.optimizer !== 'sgd') bad(`optimizer is ${describeValue(o.optimizer)}`, 'allowed values are adam, sgd', 'Pass optimizer: "adam"');
  if (o.patience !== undefined && (!Number.isInteger(o.patience) || o.patience < 1)) bad(`patience is ${describeValue(o.patience)}`, 'it must be a positive integer', 'Pass e.g. patience: 3');
  if (o.patience !== undefined && !o.validation) bad('patience is set but validation is not', 'early stopping watches the validation loss', 'Pass a validation split (e.g. load(\'validation\'))');
  if (o.resume && !o.checkpointDir) bad('resume is set but checkpointDir is not', 'resume continues from the checkpoint in checkpointDir', 'Pass checkpointDir');
  if (o.learningRateDecay !== undefined && !(o.learningRateDecay > 0 && o.learningRateDecay <= 1)) bad(`learningRateDecay is ${describeValue(o.learningRateDecay)}`, 'it must be in (0, 1]', 'Pass e.g. 0.5, or omit it for a constant rate');
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) bad(`seed is ${describeValue(o.seed)}`, 'seeds are integers', 'Pass e.g. seed: 0');
  if (o.select !== undefined && !['val-loss', 'val-accuracy', 'last'].includes(o.select)) bad(`select is ${describeValue(o.select)}`, 'allowed values are val-loss, val-accuracy, last', 'Pass select: "val-loss"');
  if ((o.select === 'val-loss' || o.select === 'val-accuracy') && !o.validation) bad(`select is "${o.select}" but no validation split was given`, 'the kept epoch is chosen on the validation split (never the test set)', 'Pass validation (a hold-out of the training data) or select: "last"');
  if (o.minBatch !== undefined && (!Number.isInteger(o.minBatch) || o.minBatch < 1 || o.minBatch > o.batchSize)) bad(`minBatch is ${describeValue(o.minBatch)}`, `it must be an integer from 1 to batchSize (${o.batchSize})`, 'Pass e.g. minBatch: 2');
}

/**
 * The training loop shared by every TF.js model in hqml: seeded shuffling (a permutation per
 * epoch derived from the seed and the epoch number, so a resumed run shuffles like an
 * uninterrupted one), Adam or SGD, early stopping on the validation loss with the best weights
 * restored at the end, a progress bar, and an atomic checkpoint after every epoch.
 */
export async function trainLoop(net: TrainableNet, train: DataSplit, options: TrainLoopOptions): Promise<TrainingHistory> {
  validateOptions(options);
  validateSplit(train, net.inputShape, net.outputSize, 'train');
  if (options.augment) validateAugment(options.augment, train.shape);
  if (options.validation) validateSplit(options.validation, net.inputShape, net.outputSize, 'validation');
  const seed = options.seed ?? 0;
  const kind = options.optimizer ?? 'adam';
  const learningRate = options.learningRate ?? (kind === 'adam' ? 1e-3 : 0.05);
  const vars = net.trainableVariables;
  const tag = { ...(options.tag ?? {}), variables: vars.map((v) => v.shape) };
  const select = options.select ?? (options.validation ? 'val-loss' : 'last');
  const minBatch = options.minBatch ?? 1;
  const withAccuracy = options.trainAccuracy ?? true;
  const validate = options.validate ?? ((n: TrainableNet, v: DataSplit) => evaluate(n, v, options.evalBatchSize));
  const settings = { seed, optimizer: kind, learningRate, momentum: options.momentum ?? 0, learningRateDecay: options.learningRateDecay ?? 1, batchSize: options.batchSize, trainSize: train.size, validationSize: options.validation?.size ?? 0, patience: options.patience ?? null, customLoss: options.loss !== undefined, ...(options.augment ? { augment: { pad: options.augment.pad ?? 4, flip: options.augment.flip ?? true } } : {}), ...(select !== 'val-loss' ? { select } : {}), ...(minBatch !== 1 ? { minBatch } : {}) };
  const opt = new Optimizer(vars, { kind, learningRate, momentum: options.momentum ?? 0 });
  const lossFn = options.loss ?? ((logits: tf.Tensor, b: TrainBatch) => crossEntropy(logits, b.y));

  let history = new TrainingHistory([], { seed, optimizer: kind, learningRate, batchSize: options.batchSize, ...(settings.augment ? { augment: settings.augment } : {}), backend: tf.getBackend(), ...(options.meta ?? {}) });
  let startEpoch = 0;
  let best: { epoch: number; valLoss: number; valAccuracy?: number } | null = null;
  let bestWeights: Float32Array[] | null = null;
  let wait = 0;
  const dir = options.checkpointDir;
  try {
    if (dir) {
      const ckpt = await readCheckpoint(dir);
      if (ckpt && !options.resume) {
        throw new ValidationError({ what: `checkpointDir ${dir} already holds a checkpoint (epoch ${ckpt.meta.epoch})`, why: 'training from scratch would overwrite it', fix: 'Pass resume: true to continue it, or use an empty checkpointDir' });
      }
      if (ckpt) {
        assertCompatible(dir, 'tag', ckpt.meta.tag, tag);
        assertCompatible(dir, 'settings', ckpt.meta.settings, settings);
        const weights = vars.map((_, i) => ckpt.blocks.get(`w${i}`) as Float32Array);
        tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(weights[i] as Float32Array, v.shape, 'float32'))));
        const slots = vars.map((_, i) => [0, 1].map((j) => ckpt.blocks.get(`s${i}.${j}`)).filter((a): a is Float32Array => a !== undefined));
        opt.setState({ kind, step: ckpt.meta.optimizerStep, slots });
        best = ckpt.meta.best;
        bestWeights = ckpt.blocks.has('b0') ? vars.map((_, i) => (ckpt.blocks.get(`b${i}`) as Float32Array).slice()) : null;
        wait = ckpt.meta.wait;
        history = TrainingHistory.fromJSON(ckpt.meta.history);
        startEpoch = ckpt.meta.epoch;
      }
    }

    const bar = options.progress ? new ProgressBar(options.label ?? 'train') : undefined;
    const per = train.shape.reduce((a, b) => a * b, 1);
    const stopped = options.patience !== undefined && wait >= options.patience;
    for (let epoch = startEpoch + 1; epoch <= options.epochs && !stopped; epoch++) {
      opt.setLearningRate(learningRate * (options.learningRateDecay ?? 1) ** (epoch - 1));
      const perm = Rng.from(`${seed}:shuffle:${epoch}`).permutation(train.size);
      const dropRng = Rng.from(`${seed}:dropout:${epoch}`);
      const augRng = Rng.from(`${seed}:augment:${epoch}`);
      const t0 = performance.now();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      bar?.start(`${epoch}/${options.epochs}`, train.size);
      for (let start = 0; start < train.size; start += options.batchSize) {
        const idx = perm.subarray(start, Math.min(train.size, start + options.batchSize));
        const n = idx.length;
        if (n < minBatch) break;
        net.setStepSeed?.(dropRng.uint32());
        const rows = gatherRows(train.x, per, idx);
        const xb = tf.tensor(options.augment ? randomCropFlip(rows, n, train.shape, augRng, options.augment) : rows, [n, ...train.shape]);
        const yb = tf.tensor1d(gatherRows(train.y, 1, idx) as Int32Array, 'int32');
        let kept: tf.Tensor | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const logits = net.forward(xb, true);
          kept = tf.keep(logits);
          return lossFn(logits, { x: xb, y: yb, indices: idx });
        }, vars as tf.Variable[]);
        opt.apply(vars.map((v) => grads[v.name] as tf.Tensor));
        const [l, c] = tf.tidy(() => [value.dataSync()[0] as number, withAccuracy ? (tf.sum(tf.cast(tf.equal(tf.argMax(kept as tf.Tensor, 1), yb), 'float32')).dataSync()[0] as number) : 0]);
        tf.dispose([value, xb, yb, kept as tf.Tensor, ...Object.values(grads)]);
        if (!Number.isFinite(l)) {
          throw new ValidationError({ what: `The training loss became ${l} in epoch ${epoch}`, why: 'the optimisation diverged', fix: 'Lower the learning rate' });
        }
        lossSum += l * n;
        correct += c;
        seen += n;
        bar?.update(seen, lossSum / seen, (seen * 1000) / (performance.now() - t0));
      }
      const seconds = (performance.now() - t0) / 1000;
      let record: EpochRecord = { epoch, loss: lossSum / seen, ...(withAccuracy ? { accuracy: correct / seen } : {}), samplesPerSecond: seen / seconds, seconds };
      if (options.validation) {
        const v = validate(net, options.validation);
        record = { ...record, valLoss: v.loss, valAccuracy: v.accuracy };
        const improved = best === null || (select === 'val-accuracy' ? v.accuracy > (best.valAccuracy ?? -Infinity) : v.loss < best.valLoss);
        if (improved) {
          best = { epoch, valLoss: v.loss, valAccuracy: v.accuracy };
          if (select !== 'last') bestWeights = vars.map((w) => w.dataSync().slice() as Float32Array);
          wait = 0;
        } else {
          wait++;
        }
      }
      history = history.append(record);
      options.onEpoch?.(record);
      if (dir) {
        const state = opt.getState();
        const blocks: Array<[string, Float32Array]> = vars.map((v, i) => [`w${i}`, v.dataSync() as Float32Array]);
        state.slots.forEach((s, i) => s.forEach((a, j) => blocks.push([`s${i}.${j}`, a as Float32Array])));
        if (bestWeights) bestWeights.forEach((a, i) => blocks.push([`b${i}`, a]));
        await writeCheckpoint(dir, { tag, settings, epoch, history: history.toJSON(), best, wait, optimizerStep: state.step }, blocks);
      }
      if (options.patience !== undefined && wait >= options.patience) break;
    }
    bar?.stop();
    const stoppedEarly = history.epochs.length < options.epochs;
    if (bestWeights) {
      const bw = bestWeights;
      tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(bw[i] as Float32Array, v.shape, 'float32'))));
    }
    return new TrainingHistory(history.epochs, { ...history.meta, bestEpoch: best?.epoch ?? null, stoppedEarly, restoredBest: bestWeights !== null, optimizerSteps: opt.steps });
  } finally {
    opt.dispose();
  }
}
