import * as tf from '@tensorflow/tfjs-core';
import { type BenchRecord, type BenchSuite, median, Rng } from '@hqml/core';
import { buildStudent } from '@hqml/qnn';
import { StatevectorBackend } from '@hqml/statevector';
import { Optimizer, TfjsModel, fusedCrossEntropy, initTfjsBackend } from '@hqml/tfjs-models';
import { kdLoss } from './kdLoss.js';
import { TeacherLogits } from './teacherLogits.js';
import { runKdTorchPeer } from './torchPeer.js';

interface PeerReply {
  readonly torch: string;
  readonly threads: number;
  readonly baseline_samples_per_s: number;
  readonly kd_samples_per_s: number;
}


/**
 * `hqml bench distill`: what distillation costs on top of the baseline. One training step
 * (forward, backward, Adam) of the quick config's 4-qubit student (dense 784 -> 16, amplitude
 * encoding, 2 hardware-efficient layers, 16 probabilities, head to 8 classes; batch 32) with the
 * label cross-entropy and with Hinton's loss against cached teacher logits, timed interleaved
 * in blocks of 10 consecutive steps (baseline, kd, kd, baseline, ...) so machine load hits both
 * alike; `kd/baseline` is their time ratio. Also the teacher's one-off cost: LeNet-5 logits per second (TeacherLogits.compute).
 *
 * When a python3 with torch is installed (Debian's python3-torch), the same two steps in PyTorch
 * (bench/kd_torch.py: qnn's TorchQuantum-style student, checked against hqml's in
 * torchPeer.test.ts) run in the same run, one thread, same warm-up and repetitions, in five
 * rounds alternating with hqml's (so that load changes hit both):
 * `baseline-step-pytorch`, `kd-step-pytorch`, and hqml's samples/s over PyTorch's,
 * `baseline-step-ratio-vs-torch` and `kd-step-ratio-vs-torch`. Without torch those records are
 * omitted and one `pytorch-peer` record says why.
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
          return which === 0 ? fusedCrossEntropy(logits, yb) : kdLoss(logits, tf.gather(all, tf.tensor1d(idx, 'int32')), yb);
        }, s.trainableVariables);
        opts[which]!.apply(s.trainableVariables.map((v) => grads[v.name] as tf.Tensor));
        tf.dispose([value, xb, yb, ...Object.values(grads)]);
      };
      const reps = quick ? 10 : 100;
      // The JIT needs a few dozen steps to reach the steady state of a training run (which takes
      // hundreds); PyTorch gets the same warm-up.
      const warm = quick ? 3 : 30;
      for (let i = 0; i < warm; i++) { step(0, i * batch); step(1, i * batch); }
      // Rounds alternate hqml and the PyTorch peer, so that a change of machine load between the
      // two halves of the run cannot make the ratio: hqml's figure is the median over all its
      // steps, PyTorch's the median of its rounds.
      const rounds = quick ? 1 : 5;
      const block = 10;
      const request = { spec: { qubits: 4, encoding: 'amplitude', readout: 'probabilities', layers: 2, classes: k, inputSize: 784 }, batch, samples: n, learningRate: 0.01, temperature: 3, alpha: 0.9, threads: 1, warm, reps, block };
      const times: [number[], number[]] = [[], []];
      const peers: PeerReply[] = [];
      let peerMissing = false;
      for (let round = 0; round < rounds; round++) {
        // Blocks of consecutive steps per student, as training runs them (a step right after the
        // other student's costs more: it finds the caches holding the other's state), in ABBA
        // order so that neither always follows the other.
        for (let i = 0; i < reps; i += block) {
          for (const w of (i / block) % 2 ? ([1, 0] as const) : ([0, 1] as const)) {
            for (let j = i; j < Math.min(reps, i + block); j++) {
              const t = performance.now();
              step(w, j * batch);
              times[w].push((performance.now() - t) / 1000);
            }
          }
        }
        const peer = peerMissing ? undefined : await runKdTorchPeer<PeerReply>('bench', [JSON.stringify(request)]);
        if (peer) peers.push(peer);
        else peerMissing = true;
      }
      const [base, kd] = [median(times[0]), median(times[1])];
      const sizes = { qubits: 4, batch, student: 'dense-amplitude-he2-probs' };
      yield { suite: 'distill', case: 'baseline-step', sizes, threads: 1, metric: 'throughput', value: batch / base, unit: 'samples/s', reps: reps * rounds };
      yield { suite: 'distill', case: 'kd-step', sizes, threads: 1, metric: 'throughput', value: batch / kd, unit: 'samples/s', reps: reps * rounds };
      yield { suite: 'distill', case: 'kd/baseline', sizes, threads: 1, metric: 'time ratio', value: kd / base, unit: 'x' };
      all.dispose();
      opts.forEach((o) => o.dispose());
      students.forEach((s) => s.dispose());

      if (peers.length === 0) {
        yield { suite: 'distill', case: 'pytorch-peer', sizes: {}, threads: 1, metric: 'omitted', value: 0, unit: '', note: 'no python3 with torch (apt-get install python3-torch); the PyTorch peer records are omitted' };
      } else {
        const torch = (peers[0] as PeerReply).torch;
        const pBase = median(peers.map((p) => p.baseline_samples_per_s));
        const pKd = median(peers.map((p) => p.kd_samples_per_s));
        const extra = { torch, tfjsBackend: tf.getBackend(), rounds: peers.length };
        yield { suite: 'distill', case: 'baseline-step-pytorch', sizes, threads: 1, metric: 'throughput', value: pBase, unit: 'samples/s', reps: reps * peers.length, torch };
        yield { suite: 'distill', case: 'kd-step-pytorch', sizes, threads: 1, metric: 'throughput', value: pKd, unit: 'samples/s', reps: reps * peers.length, torch };
        yield { suite: 'distill', case: 'baseline-step-ratio-vs-torch', sizes, threads: 1, metric: 'hqml_over_pytorch', value: Number((batch / base / pBase).toFixed(2)), unit: 'x', ...extra };
        yield { suite: 'distill', case: 'kd-step-ratio-vs-torch', sizes, threads: 1, metric: 'hqml_over_pytorch', value: Number((batch / kd / pKd).toFixed(2)), unit: 'x', ...extra };
        yield { suite: 'distill', case: 'kd/baseline-pytorch', sizes, threads: 1, metric: 'time ratio', value: pBase / pKd, unit: 'x', torch };
      }
    } finally {
      backend.dispose();
    }
  },
};
