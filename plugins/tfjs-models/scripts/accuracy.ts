/**
 * Accuracy of LeNet-5 on the full data sets (a script, not a test: it trains for minutes).
 *
 *   HQML_DATA_DIR=/path/to/datasets npx tsx --conditions=@hqml/source scripts/accuracy.ts [mnist|fashion-mnist|cifar10 ...]
 *
 * Inputs are standardised per channel with training-set statistics; Adam, batch 32; for MNIST and
 * Fashion-MNIST lr 2e-3 decayed by 0.3 per epoch, for CIFAR-10 a constant 1e-3.
 * MNIST and Fashion-MNIST: 3 epochs on the full training set (60,000 images), test accuracy on
 * the 10,000 test images. CIFAR-10: the subset present (10,000 training images), 10% held out
 * for early stopping (patience 3, best weights restored), up to 15 epochs, test accuracy on the
 * 10,000 test images. Prints one JSON line per data set.
 */
import { channelStats, createDataset, standardize } from '@hqml/datasets';
import { TfjsModel, currentTfjsBackend, evaluate } from '../src/index.js';

const plans: Record<string, { epochs: number; batchSize: number; learningRate: number; learningRateDecay?: number; validation?: number; patience?: number }> = {
  mnist: { epochs: 3, batchSize: 32, learningRate: 2e-3, learningRateDecay: 0.3 },
  'fashion-mnist': { epochs: 3, batchSize: 32, learningRate: 2e-3, learningRateDecay: 0.3 },
  cifar10: { epochs: 15, batchSize: 32, learningRate: 1e-3, validation: 0.1, patience: 3 },
};

const ids = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(plans);
for (const id of ids) {
  const plan = plans[id];
  if (!plan) throw new Error(`unknown data set ${id}; use ${Object.keys(plans).join(', ')}`);
  const data = createDataset(id);
  const seed = 0;
  const rawTrain = await data.load('train', { seed, ...(plan.validation ? { validation: plan.validation } : {}) });
  // Per-channel standardisation with training-set statistics (tanh units train faster on
  // zero-mean inputs); the same statistics are applied to validation and test data.
  const stats = channelStats(rawTrain);
  const train = standardize(rawTrain, stats);
  const validation = plan.validation ? standardize(await data.load('validation', { seed, validation: plan.validation }), stats) : undefined;
  const test = standardize(await data.load('test'), stats);
  const model = await TfjsModel.create('lenet5', { inputShape: [...train.shape], classes: train.classes.length, seed });
  const t0 = performance.now();
  const history = await model.fit(train, {
    epochs: plan.epochs,
    batchSize: plan.batchSize,
    learningRate: plan.learningRate,
    ...(plan.learningRateDecay ? { learningRateDecay: plan.learningRateDecay } : {}),
    seed,
    progress: process.stderr.isTTY,
    ...(validation ? { validation, patience: plan.patience } : {}),
    onEpoch: (e) => process.stderr.write(`${id} epoch ${e.epoch}: loss ${e.loss.toFixed(4)} acc ${e.accuracy?.toFixed(4)}${e.valAccuracy !== undefined ? ` val ${e.valAccuracy.toFixed(4)}` : ''} (${Math.round(e.samplesPerSecond ?? 0)} samples/s)\n`),
  });
  const result = evaluate(model, test);
  console.log(JSON.stringify({
    dataset: id,
    model: 'lenet5',
    trainSize: train.size,
    validationSize: validation?.size ?? 0,
    testSize: test.size,
    epochsRun: history.epochs.length,
    bestEpoch: history.meta['bestEpoch'],
    ...plan,
    testAccuracy: Number(result.accuracy.toFixed(4)),
    testLoss: Number(result.loss.toFixed(4)),
    trainSeconds: Math.round((performance.now() - t0) / 1000),
    backend: currentTfjsBackend()?.name,
    threads: currentTfjsBackend()?.threads,
  }));
  model.dispose();
}
process.exit(0);
