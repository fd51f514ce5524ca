import * as tf from '@tensorflow/tfjs-core';
import { type BenchRecord, type BenchSuite, median, Rng } from '@hqml/core';
import { buildStudent } from '@hqml/qnn';
import { StatevectorBackend } from '@hqml/statevector';
import { Optimizer, TfjsModel, crossEntropy, initTfjsBackend } from '@hqml/tfjs-models';
import { kdLoss } from './kdLoss.js';
import { TeacherLogits } from './teacherLogits.js';


/**
 * `hqml bench distill`: what distillation costs on top of the baseline. One training step
 * (forward, backward, Adam) of the quick config's 4-qubit student (dense 784 -> 16, amplitude
 * encoding, 2 hardware-efficient layers, 16 probabilities, head to 8 classes; batch 32) with the
 * label cross-entropy and with Hinton's loss against cached teacher logits, timed interleaved
 * (baseline, kd, baseline, kd, ...) so machine load hits both alike; `kd/baseline` is their
 * time ratio. Also the teacher's one-off cost: LeNet-5 logits per second (TeacherLogits.compute).
 */
export const distillBench: BenchSuite = {
  name: 'distill',
  description: 'KD training step vs baseline step (4-qubit student, batch 32), teacher logits throughput',
  async *run({ quick }): AsyncIterable<BenchRecord> {
    await initTfjsBackend();
    const backend = new StatevectorBackend({ threads: 1 });
    const batch = 32, k = 8, n = 512;
    const rng = Rng.from('distill-bench');
    const x = new Float32Array(n * 784).map(() => rng.float());
    const y = Int32Array.from({ length: n }, () => rng.int(k));
    const split = { x, y, shape: [28, 28, 1], classes: Array.from({ length: k }, (_, i) => String(i)), size: n };
    try {
      const teacher = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: k, seed: 1 });
      const t0 = performance.now();
      const targets = await TeacherLogits.compute(teacher, split);
      const teacherSeconds = (performance.now() - t0) / 1000;
      teacher.dispose();
      yield { suite: 'distill', case: 'teacher-logits', sizes: { model: 'lenet5', samples: n }, threads: 1, metric: 'throughput', value: n / teacherSeconds, unit: 'samples/s' };

      const spec = { inputShape: [28, 28, 1], classes: k, reducer: 'dense' as const, encoding: { kind: 'amplitude' as const }, qubits: 4, ansatz: 'hardware-efficient' as const, layers: 2, readout: 'probabilities' as const, backend, seed: 0 };
      const students = [await buildStudent(spec), await buildStudent(spec)];
      const opts = students.map((s) => new Optimizer(s.trainableVariables, { kind: 'adam', learningRate: 0.01 }));
      const all = tf.tensor2d(targets.logits, [n, k]);
      const step = (which: 0 | 1, start: number): void => {
        const s = students[which]!;
        const idx = Int32Array.from({ length: batch }, (_, i) => (start + i) % n);
        const rows = new Float32Array(batch * 784);
        idx.forEach((r, i) => rows.set(x.subarray(r * 784, r * 784 + 784), i * 784));
        const xb = tf.tensor(rows, [batch, 28, 28, 1]);
        const yb = tf.tensor1d(Int32Array.from(idx, (r) => y[r] as number), 'int32');
        const { value, grads } = tf.variableGrads(() => {
          const logits = s.forward(xb, true);
          return which === 0 ? crossEntropy(logits, yb) : kdLoss(logits, tf.gather(all, tf.tensor1d(idx, 'int32')), yb);
        }, s.trainableVariables);
        opts[which]!.apply(s.trainableVariables.map((v) => grads[v.name] as tf.Tensor));
        tf.dispose([value, xb, yb, ...Object.values(grads)]);
      };
      const reps = quick ? 10 : 60;
      for (let i = 0; i < 3; i++) { step(0, i * batch); step(1, i * batch); }
      const times: [number[], number[]] = [[], []];
      for (let i = 0; i < reps; i++) {
        for (const w of [0, 1] as const) {
          const t = performance.now();
          step(w, i * batch);
          times[w].push((performance.now() - t) / 1000);
        }
      }
      const [base, kd] = [median(times[0]), median(times[1])];
      const sizes = { qubits: 4, batch, student: 'dense-amplitude-he2-probs' };
      yield { suite: 'distill', case: 'baseline-step', sizes, threads: 1, metric: 'throughput', value: batch / base, unit: 'samples/s' };
      yield { suite: 'distill', case: 'kd-step', sizes, threads: 1, metric: 'throughput', value: batch / kd, unit: 'samples/s' };
      yield { suite: 'distill', case: 'kd/baseline', sizes, threads: 1, metric: 'time ratio', value: kd / base, unit: 'x' };
      all.dispose();
      opts.forEach((o) => o.dispose());
      students.forEach((s) => s.dispose());
    } finally {
      backend.dispose();
    }
  },
};
