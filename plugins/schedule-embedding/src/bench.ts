import * as tf from '@tensorflow/tfjs-core';
import { type BenchRecord, type BenchSuite, median, Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { Optimizer } from '@hqml/tfjs-models';
import { AnnealerClassifier } from './annealerClassifier.js';
import { evolvedStates } from './stateOp.js';


/**
 * `hqml bench embedding`: training samples/s of one full step of the annealer classifier
 * (LeNet-5 on 28x28x1 -> 4 qubits x 10 steps of all 14 X/Z/ZZ terms, Trotter 2 slices of second
 * order -> states -> Hilbert-Schmidt cost; forward, backward through the network and the
 * evolution (state VJP), Adam update), batch 256; and, in the same run, the evolution alone
 * (one `amplitudes` + one `stateVjp` call for the same batch) to show where the time goes.
 */
export const embeddingBench: BenchSuite = {
  name: 'embedding',
  description: 'Annealer-embedding training step (LeNet-5 -> 4-qubit, 10-step Trotterized annealer -> HS cost), batch 256',
  async *run({ quick, threads }): AsyncIterable<BenchRecord> {
    const t = threads ?? 1;
    const backend = new StatevectorBackend({ threads: t });
    const batch = 256, classes = 10;
    const reps = quick ? 3 : 15;
    const sizes = { qubits: 4, steps: 10, batch, slices: 2, order: 2 };
    try {
      const clf = await AnnealerClassifier.create({ annealer: { numQubits: 4, steps: 10, slices: 2, order: 2 }, inputShape: [28, 28, 1], numClasses: classes, backend, seed: 1, amplitudeBound: 5 });
      const rng = Rng.from('embedding-bench');
      const x = tf.tensor4d(Float32Array.from({ length: batch * 784 }, () => rng.float()), [batch, 28, 28, 1]);
      const y = tf.tensor1d(Int32Array.from({ length: batch }, () => rng.int(classes)), 'int32');
      const vars = clf.trainableVariables;
      const opt = new Optimizer(vars, { kind: 'adam', learningRate: 1e-3 });
      const step = (): void => {
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => clf.loss(x, y), vars);
          opt.apply(vars.map((v) => grads[v.name]!));
        });
      };
      const sched = tf.tidy(() => clf.schedules(x, false));
      const evolution = (): void => {
        tf.tidy(() => {
          const g = tf.grad((s: tf.Tensor) => tf.sum(tf.square(evolvedStates(backend, clf.circuit, s as tf.Tensor2D))));
          g(sched).dataSync();
        });
      };
      step();
      evolution();
      const ts: number[] = [], te: number[] = [];
      for (let i = 0; i < reps; i++) {
        let t0 = performance.now();
        step();
        ts.push((performance.now() - t0) / 1000);
        t0 = performance.now();
        evolution();
        te.push((performance.now() - t0) / 1000);
      }
      const extra = { reps, tfjsBackend: tf.getBackend() };
      yield { suite: 'embedding', case: 'train-step', sizes, threads: t, metric: 'samples/s', value: batch / median(ts), unit: 'samples/s', ...extra };
      yield { suite: 'embedding', case: 'evolution-forward+vjp', sizes, threads: t, metric: 'samples/s', value: batch / median(te), unit: 'samples/s', ...extra };
      tf.dispose([x, y, sched]);
      clf.dispose();
    } finally {
      backend.dispose();
    }
  },
};
