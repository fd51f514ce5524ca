import { mnist } from '@hqml/datasets';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { AnnealerClassifier } from './annealerClassifier.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

describe('a tiny 2-class run', () => {
  it('MNIST 0 vs 1 in the seed setting (n = 2, 5 steps, T = 1, Trotter number 2): >= 95% test accuracy by nearest class state', async () => {
    const ds = mnist();
    const train = await ds.load('train', { classes: [0, 1], perClass: 300, selection: 'random', seed: 1 });
    const test = await ds.load('test', { classes: [0, 1], perClass: 300, selection: 'random', seed: 2 });
    const clf = await AnnealerClassifier.create({ annealer: { numQubits: 2, steps: 5, totalTime: 1, slices: 2, order: 1 }, inputShape: train.shape, numClasses: 2, backend, amplitudeBound: 5, seed: 1 });
    const history = await clf.fit(train, { epochs: 3, batchSize: 32, learningRate: 3e-3, seed: 1 });
    expect(history.epochs.length).toBe(3);
    // the cost falls (random embeddings start near 1 - D/2 with D small)
    expect(history.epochs[2]!.loss).toBeLessThan(history.epochs[0]!.loss);
    const scores = clf.predict(test.x, test.size);
    let correct = 0;
    for (let i = 0; i < test.size; i++) if (scores.predictions[i] === test.y[i]) correct++;
    expect(test.size).toBe(600);
    expect(correct / test.size).toBeGreaterThanOrEqual(0.95);
    // the fidelity score agrees with the distance rule for two classes of similar purity
    for (let i = 0; i < 5; i++) expect(scores.fidelities[2 * i]! + scores.fidelities[2 * i + 1]!).toBeLessThanOrEqual(2 + 1e-9);
    clf.dispose();
  });
});

describe('validation-based selection', () => {
  it('select: "validation" keeps the weights of the epoch with the best validation accuracy (re-evaluated after fit)', async () => {
    const ds = mnist();
    const opts = { classes: [0, 1, 2], perClass: 60, selection: 'random' as const, seed: 3, validation: 0.25 };
    const train = await ds.load('train', opts);
    const validation = await ds.load('validation', opts);
    const clf = await AnnealerClassifier.create({ annealer: { numQubits: 2, steps: 3, slices: 1, order: 1 }, inputShape: train.shape, numClasses: 3, backend, backbone: 'mlp', hidden: [8], amplitudeBound: 3, seed: 4 });
    const history = await clf.fit(train, { epochs: 4, batchSize: 16, learningRate: 1e-2, seed: 4, validation, select: 'validation', objective: { kind: 'distance-ce', temperature: 0.25 }, learningRateDecay: 0.8 });
    const accs = history.epochs.map((e) => e.valAccuracy!);
    const bestEpoch = accs.indexOf(Math.max(...accs)) + 1;
    expect(history.meta['selectedEpoch']).toBe(bestEpoch);
    expect(clf.evaluate(validation).accuracy).toBeCloseTo(Math.max(...accs), 10);
    clf.dispose();
  });
});
