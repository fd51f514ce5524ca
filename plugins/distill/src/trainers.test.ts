import * as tf from '@tensorflow/tfjs-core';
import { type ClassicalModel, type DataSplit, Rng } from '@hqml/core';
import { TfjsModel, initTfjsBackend } from '@hqml/tfjs-models';
import { buildStudent } from '@hqml/qnn';
import { StatevectorBackend } from '@hqml/statevector';
import { beforeAll, describe, expect, it } from 'vitest';
import { TeacherLogits } from './teacherLogits.js';
import { trainBaseline, trainDistilled } from './trainers.js';
import { createKdTrainer } from './studentTrainer.js';

beforeAll(async () => {
  await initTfjsBackend({ backend: 'cpu' });
});

/** Random inputs of shape [2, 2, 1]; labels as given (the KD term must not need them). */
function split(n: number, seed: number, label: (i: number) => number): DataSplit {
  const rng = Rng.from(seed);
  const x = new Float32Array(n * 4).map(() => rng.float());
  return { x, y: Int32Array.from({ length: n }, (_, i) => label(i)), shape: [2, 2, 1], classes: ['a', 'b', 'c'], size: n };
}

/** Mean KL(softmax(teacher) || softmax(student)) at T = 1, and the argmax agreement. */
function distance(teacher: Float32Array, student: Float32Array, k: number): { kl: number; agreement: number } {
  let kl = 0, agree = 0;
  const n = teacher.length / k;
  for (let i = 0; i < n; i++) {
    const t = Array.from(teacher.subarray(i * k, i * k + k)), s = Array.from(student.subarray(i * k, i * k + k));
    const soft = (z: number[]) => {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    };
    const pt = soft(t), ps = soft(s);
    kl += pt.reduce((a, p, j) => a + p * Math.log(p / ps[j]!), 0) / n;
    if (t.indexOf(Math.max(...t)) === s.indexOf(Math.max(...s))) agree += 1 / n;
  }
  return { kl, agreement: agree };
}

describe('distillation trainer', () => {
  it('with alpha = 1 and meaningless labels, the student logits move toward the teacher (the KD gradient reaches the student)', async () => {
    // The teacher: a randomly initialised MLP with sharpened logits, so its soft targets are far from uniform.
    const teacherNet = await TfjsModel.create('mlp', { inputShape: [2, 2, 1], classes: 3, hidden: [16], seed: 11 });
    tf.tidy(() => teacherNet.net.getWeights().forEach((w, i, all) => i === all.length - 2 && teacherNet.net.layers.at(-1)!.setWeights([tf.mul(w, 6), all[i + 1]!])));
    // Every label is 0: with alpha = 1 the labels are unused, so the student can only learn from the teacher.
    const train = split(256, 1, () => 0);
    const targets = await TeacherLogits.compute(teacherNet, train);
    const student = await TfjsModel.create('mlp', { inputShape: [2, 2, 1], classes: 3, hidden: [16], seed: 5 });
    const before = distance(targets.logits, await student.logits(train.x, train.size), 3);
    const teacherWeights = teacherNet.net.getWeights().map((w) => Array.from(w.dataSync()));
    const history = await trainDistilled(student, train, targets, { epochs: 30, batchSize: 32, learningRate: 0.02, seed: 1, alpha: 1, temperature: 2 });
    const after = distance(targets.logits, await student.logits(train.x, train.size), 3);
    expect(history.epochs).toHaveLength(30);
    expect(before.kl).toBeGreaterThan(0.2);
    expect(after.kl).toBeLessThan(before.kl / 4);
    expect(after.agreement).toBeGreaterThan(0.9);
    // Agreement with the teacher is not agreement with the (constant) labels.
    const teacherClasses = new Set(Array.from({ length: train.size }, (_, i) => { const r = Array.from(targets.logits.subarray(3 * i, 3 * i + 3)); return r.indexOf(Math.max(...r)); }));
    expect(teacherClasses.size).toBeGreaterThan(1);
    // The teacher is frozen.
    expect(teacherNet.net.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(teacherWeights);
    teacherNet.dispose();
    student.dispose();
  });

  it('the baseline with the same labels learns the labels, not the teacher (the trainers really differ)', async () => {
    const train = split(128, 2, () => 0);
    const student = await TfjsModel.create('mlp', { inputShape: [2, 2, 1], classes: 3, hidden: [16], seed: 5 });
    await trainBaseline(student, train, { epochs: 10, batchSize: 32, learningRate: 0.02, seed: 1 });
    const logits = await student.logits(train.x, train.size);
    let zeros = 0;
    for (let i = 0; i < train.size; i++) { const r = Array.from(logits.subarray(3 * i, 3 * i + 3)); if (r.indexOf(Math.max(...r)) === 0) zeros++; }
    expect(zeros).toBe(train.size);
    student.dispose();
  });

  it('distils into a quantum student (gradients pass through the quantum layer)', async () => {
    const backend = new StatevectorBackend({ threads: 1 });
    try {
      const teacherNet = await TfjsModel.create('mlp', { inputShape: [2, 2, 1], classes: 3, hidden: [16], seed: 3 });
      tf.tidy(() => teacherNet.net.getWeights().forEach((w, i, all) => i === all.length - 2 && teacherNet.net.layers.at(-1)!.setWeights([tf.mul(w, 6), all[i + 1]!])));
      const train = split(128, 3, () => 0);
      const targets = await TeacherLogits.compute(teacherNet, train);
      const student = await buildStudent({ inputShape: [2, 2, 1], classes: 3, reducer: 'dense', encoding: { kind: 'angle', scaling: 'pi-tanh' }, qubits: 2, ansatz: 'hardware-efficient', layers: 1, readout: 'z', backend, seed: 1 });
      const q0 = Array.from(student.quantumLayer.trainableWeights[0]!.read().dataSync());
      const before = distance(targets.logits, await student.logits(train.x, train.size), 3);
      await createKdTrainer({ alpha: 1, temperature: 2 }).train(student, train, { teacher: targets, epochs: 15, batchSize: 16, learningRate: 0.05, seed: 2 });
      const after = distance(targets.logits, await student.logits(train.x, train.size), 3);
      const q1 = Array.from(student.quantumLayer.trainableWeights[0]!.read().dataSync());
      expect(q1).not.toEqual(q0);
      expect(after.kl).toBeLessThan(before.kl / 2);
      teacherNet.dispose();
      student.dispose();
    } finally {
      backend.dispose();
    }
  });

  it('never runs the teacher during training, and refuses targets of another split', async () => {
    let calls = 0;
    const inner = await TfjsModel.create('mlp', { inputShape: [2, 2, 1], classes: 3, hidden: [4], seed: 1 });
    const counting: ClassicalModel = Object.assign(Object.create(inner) as ClassicalModel, { logits: (x: Float32Array, n: number) => { calls++; return inner.logits(x, n); } });
    const train = split(64, 4, (i) => i % 3);
    const targets = await TeacherLogits.compute(counting, train);
    const student = await TfjsModel.create('mlp', { inputShape: [2, 2, 1], classes: 3, hidden: [4], seed: 2 });
    await trainDistilled(student, train, targets, { epochs: 3, batchSize: 16, seed: 1 });
    expect(calls).toBe(1);
    expect(() => targets.assertMatches(split(64, 4, (i) => (i + 1) % 3))).toThrow(/do not belong/);
    await expect(trainDistilled(student, split(32, 5, () => 1), targets, { epochs: 1, batchSize: 16 })).rejects.toThrow(/do not belong/);
    await expect(trainBaseline(student, train, { epochs: 1, batchSize: 16, validation: train })).rejects.toThrow(/held-out/);
    inner.dispose();
    student.dispose();
  });
});
