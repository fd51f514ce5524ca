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
