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
    expect(history.meta['bestEpoch']).toBe(bestEpoch);
    expect(history.meta['restoredBest']).toBe(true);
    expect(clf.evaluate(validation).accuracy).toBeCloseTo(Math.max(...accs), 10);
    clf.dispose();
  });
});

describe('augmented training batches', () => {
  it('augment is seeded (same seed, same losses and class states), changes the batches, and leaves the class states to the original images; filters widen the LeNet-5 backbone', async () => {
    const ds = mnist();
    const train = await ds.load('train', { classes: [0, 1], perClass: 24, selection: 'random', seed: 5 });
    const run = async (augment: boolean, seed: number): Promise<{ losses: number[]; purities: number[] }> => {
      const clf = await AnnealerClassifier.create({ annealer: { numQubits: 2, steps: 2, slices: 1, order: 1 }, inputShape: train.shape, numClasses: 2, backend, backbone: 'mlp', hidden: [4], amplitudeBound: 2, seed: 1 });
      const h = await clf.fit(train, { epochs: 2, batchSize: 16, learningRate: 1e-2, seed, objective: { kind: 'distance-ce', temperature: 0.25 }, ...(augment ? { augment: { pad: 4, flip: true } } : {}) });
      const out = { losses: h.epochs.map((e) => e.loss), purities: Array.from(clf.states.purities) };
      // the class states are rebuilt from the un-augmented images: rebuilding them again gives the same purities
      expect(Array.from(clf.buildClassStates(train).purities)).toEqual(out.purities);
      if (augment) expect(h.meta['augment']).toEqual({ pad: 4, flip: true });
      clf.dispose();
      return out;
    };
    const a = await run(true, 1);
    expect(await run(true, 1)).toEqual(a);
    expect((await run(false, 1)).losses).not.toEqual(a.losses);
    expect((await run(true, 2)).losses).not.toEqual(a.losses);
    const wide = await AnnealerClassifier.create({ annealer: { numQubits: 2, steps: 2, slices: 1, order: 1 }, inputShape: [32, 32, 3], numClasses: 2, backend, filters: [12, 24], seed: 0 });
    expect(wide.net.options.filters).toEqual([12, 24]);
    expect(wide.net.net.getLayer('conv2').getWeights()[0]!.shape).toEqual([5, 5, 12, 24]);
    wide.dispose();
    const clf = await AnnealerClassifier.create({ annealer: { numQubits: 2, steps: 2, slices: 1, order: 1 }, inputShape: [2, 2], numClasses: 2, backend, backbone: 'mlp', hidden: [4], seed: 1 });
    await expect(clf.fit({ x: new Float32Array(16), y: Int32Array.from([0, 1, 0, 1]), size: 4, shape: [2, 2], classes: ['a', 'b'] }, { epochs: 1, batchSize: 4, augment: { pad: 1 } })).rejects.toThrow(/augment/);
    clf.dispose();
  });
});
