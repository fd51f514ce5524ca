import * as tf from '@tensorflow/tfjs-core';
import { type BenchRecord, type BenchSuite, CircuitBuilder, Rng, input, pauliZ, timeInterleaved } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { Optimizer, crossEntropy, runTorchPeer } from '@hqml/tfjs-models';
import { fileURLToPath } from 'node:url';
import { ansatzParameters, appendAnsatz } from './ansatz.js';
import { buildStudent } from './student.js';
import { TORCH_PEER_SCRIPT, type TorchPeerSpec } from './torchPeer.js';

interface PeerReply {
  readonly torch: string;
  readonly threads: number;
  readonly cases: ReadonlyArray<{ readonly qubits: number; readonly batch: number; readonly samples_per_s: number }>;
}

/**
 * `hqml bench qnn`: training samples/s of a full student step (dense reducer 784 -> Q, angle
 * encoding pi*tanh, 4 hardware-efficient layers (RY, RZ, CNOT ring), <Z_i> readout, linear head
 * to 10 classes; batch 256; forward + backward + Adam update) at 4 and 8 qubits, and, in the same
 * run on the same backend, the bare circuit (the same circuit and batch: one `expectation` plus
 * one `vjp`, what the layer asks of a backend without `expectationWithVjp`; one
 * `expectationWithVjp` plus its deferred `vjp`, what it asks of statevector; and `vjp` alone,
 * the statevector suite's forward+VJP workload); and the quantum layer alone in TF.js (forward
 * plus gradients for its weights and inputs, `layer-forward-backward`). `overhead` is
 * bare-circuit samples/s divided by student samples/s (target <= 2); `layer-overhead` the same
 * for the layer alone.
 *
 * The student step is also timed at batch 32 (the distillation workload's batch), and, when
 * Debian's python3-torch (or any python3 with torch) is installed, the same student in PyTorch
 * written TorchQuantum's way (bench/qnn_torch.py, checked against hqml's student in
 * torchPeer.test.ts) in the same run, before and after hqml's timings, same threads, warm-up and
 * repetitions: `student-step-pytorch` and `student-step-ratio-vs-torch`
 * (hqml samples/s over PyTorch's) at 4 and 8 qubits, batch 32 and 256. Without torch those
 * records are omitted and one `pytorch-peer` record says why.
 */
export const qnnBench: BenchSuite = {
  name: 'qnn',
  description: 'Full quantum-student training step (reducer + 4-layer circuit + head, batch 256, Adam) vs the bare circuit, 4 and 8 qubits',
  async *run({ quick, threads }): AsyncIterable<BenchRecord> {
    const t = threads ?? 2;
    const backend = new StatevectorBackend({ threads: t });
    const batch = 256, small = 32, layers = 4, classes = 10;
    const studentRates: Array<{ qubits: number; batch: number; samplesPerS: number }> = [];
    const reps = quick ? 3 : 25;
    // The JIT (and the statevector engine's WebAssembly tier-up) needs a few dozen calls to reach
    // the steady state a training run sees; 15 interleaved warm-up rounds cover it.
    const warm = quick ? 3 : 15;
    try {
      // The PyTorch peer runs before and after hqml's timings (its rate is the mean of the two), so
      // that a change of machine load during the run hits both sides.
      const peerBefore = await runPeer({ t, layers, classes, warm, reps });
      for (const qubits of [4, 8]) {
        const sizes = { qubits, layers, batch };
        const rec = (c: string, metric: string, value: number, unit: string): BenchRecord => ({ suite: 'qnn', case: c, sizes, threads: t, metric, value, unit, reps, tfjsBackend: tf.getBackend() });
        const rng = Rng.from(`qnn-bench:${qubits}`);

        // Full student step.
        const student = await buildStudent({ inputShape: [28, 28, 1], classes, reducer: 'dense', encoding: { kind: 'angle', scaling: 'pi-tanh' }, qubits, ansatz: 'hardware-efficient', layers, readout: 'z', backend, seed: 1 });
        const x = tf.tensor4d(Float32Array.from({ length: batch * 784 }, () => rng.float()), [batch, 28, 28, 1]);
        const y = tf.tensor1d(Int32Array.from({ length: batch }, () => rng.int(classes)), 'int32');
        const xSmall = tf.tensor4d(Float32Array.from({ length: small * 784 }, () => rng.float()), [small, 28, 28, 1]);
        const ySmall = tf.tensor1d(Int32Array.from({ length: small }, () => rng.int(classes)), 'int32');
        const vars = student.trainableVariables;
        const opt = new Optimizer(vars, { kind: 'adam', learningRate: 1e-3 });
        const stepOn = (xb: tf.Tensor, yb: tf.Tensor1D) => (): void => {
          const { value, grads } = tf.variableGrads(() => crossEntropy(student.forward(xb, true), yb), vars);
          opt.apply(vars.map((v) => grads[v.name] as tf.Tensor));
          value.dataSync();
          tf.dispose([value, ...Object.values(grads)]);
        };
        const studentStep = stepOn(x, y);
        const studentStepSmall = stepOn(xSmall, ySmall);
        // The bare circuit: the same template, driven directly.
        const b = new CircuitBuilder(qubits, { numInputs: qubits, numParams: ansatzParameters({ kind: 'hardware-efficient', layers }, qubits) });
        for (let q = 0; q < qubits; q++) b.ry(q, input(q));
        appendAnsatz(b, { kind: 'hardware-efficient', layers }, qubits);
        const circuit = b.build();
        const obs = Array.from({ length: qubits }, (_, q) => pauliZ(q));
        const execution = { circuit, params: Float64Array.from({ length: circuit.numParams }, () => rng.float() * 6.28), inputs: Float64Array.from({ length: batch * qubits }, () => rng.float() * 3), batchSize: batch };
        const upstream = Float64Array.from({ length: batch * qubits }, () => rng.normal());
        const both = (): void => {
          backend.expectation(execution, obs);
          backend.vjp(execution, obs, upstream, 'adjoint');
        };
        const vjpOnly = (): void => void backend.vjp(execution, obs, upstream, 'adjoint');
        // what the layer asks of a backend with expectationWithVjp: one forward, the VJP from its kept states
        const deferred = (): void => void backend.expectationWithVjp(execution, obs, 'adjoint').vjp(upstream);

        // The quantum layer alone in TF.js: forward + gradients for its weights and its inputs.
        const layer = student.quantumLayer;
        const layerIn = tf.variable(tf.tensor2d(Float32Array.from({ length: batch * qubits }, () => rng.normal()), [batch, qubits]));
        const layerUp = tf.tensor2d(Float32Array.from(upstream), [batch, qubits]);
        const layerVars = [...layer.trainableWeights.map((w) => w.read() as tf.Variable), layerIn];
        // forward + backward from the upstream gradient, as the bare vjp (engine().gradients takes dy)
        const layerVjp = (): void => {
          const r = tf.engine().gradients(() => layer.apply(layerIn) as tf.Tensor, layerVars, layerUp);
          (r.value as tf.Tensor).dataSync();
          tf.dispose([r.value, ...r.grads]);
        };
        const layerStep = (): void => {
          const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(layerIn) as tf.Tensor, layerUp)), layerVars);
          value.dataSync();
          tf.dispose([value, ...Object.values(grads)]);
        };

        const [sStudent, sLayer, sLayerVjp, sBoth, sVjp, sDeferred, sSmall] = timeInterleaved([studentStep, layerStep, layerVjp, both, vjpOnly, deferred, studentStepSmall], warm, reps).map((ms) => ms / 1000) as [number, number, number, number, number, number, number];
        opt.dispose();
        tf.dispose([x, y, xSmall, ySmall, layerIn, layerUp]);
        student.dispose();

        studentRates.push({ qubits, batch: small, samplesPerS: small / sSmall }, { qubits, batch, samplesPerS: batch / sStudent });
        yield { ...rec('student-step', 'training samples/s', small / sSmall, 'samples/s'), sizes: { ...sizes, batch: small } };
        yield rec('student-step', 'training samples/s', batch / sStudent, 'samples/s');
        yield rec('layer-vjp', 'samples/s', batch / sLayerVjp, 'samples/s');
        yield rec('layer-forward-backward', 'samples/s', batch / sLayer, 'samples/s');
        yield rec('bare-circuit-expectation+vjp', 'samples/s', batch / sBoth, 'samples/s');
        yield rec('bare-circuit-vjp', 'samples/s', batch / sVjp, 'samples/s');
        yield rec('bare-circuit-expectation-with-vjp', 'samples/s', batch / sDeferred, 'samples/s');
        yield rec('overhead-vs-expectation+vjp', 'ratio', sStudent / sBoth, 'x');
        yield rec('overhead-vs-vjp', 'ratio', sStudent / sVjp, 'x');
        yield rec('layer-vjp-overhead-vs-vjp', 'ratio', sLayerVjp / sVjp, 'x');
        yield rec('layer-overhead-vs-vjp', 'ratio', sLayer / sVjp, 'x');
        yield rec('layer-overhead-vs-expectation-with-vjp', 'ratio', sLayer / sDeferred, 'x');
      }
      const peerAfter = peerBefore ? await runPeer({ t, layers, classes, warm, reps }) : undefined;
      yield* torchPeerRecords(studentRates, [peerBefore, peerAfter], { t, layers, reps });
    } finally {
      backend.dispose();
    }
  },
};

const PEER_CASES = [4, 8].flatMap((qubits) => [32, 256].map((batch) => ({ qubits, batch })));

/** One run of the PyTorch peer over the student-step cases of {@link qnnBench}; undefined without torch. */
function runPeer(o: { t: number; layers: number; classes: number; warm: number; reps: number }): Promise<PeerReply | undefined> {
  const spec: Omit<TorchPeerSpec, 'qubits'> = { encoding: 'angle', readout: 'z', layers: o.layers, classes: o.classes, inputSize: 784 };
  const request = { spec, threads: o.t, warm: o.warm, reps: o.reps, learningRate: 1e-3, cases: PEER_CASES };
  return runTorchPeer<PeerReply>(fileURLToPath(TORCH_PEER_SCRIPT), ['bench', JSON.stringify(request)]);
}

/** The PyTorch peer's records (mean of its runs) and hqml's ratio over it. */
async function* torchPeerRecords(rates: ReadonlyArray<{ qubits: number; batch: number; samplesPerS: number }>, runs: ReadonlyArray<PeerReply | undefined>, o: { t: number; layers: number; reps: number }): AsyncIterable<BenchRecord> {
  const peers = runs.filter((p): p is PeerReply => p !== undefined);
  if (peers.length === 0) {
    yield { suite: 'qnn', case: 'pytorch-peer', sizes: {}, threads: o.t, metric: 'omitted', value: 0, unit: '', note: 'no python3 with torch (apt-get install python3-torch); the PyTorch peer records are omitted' };
    return;
  }
  const torch = (peers[0] as PeerReply).torch;
  for (const r of rates) {
    const each = peers.map((p) => p.cases.find((c) => c.qubits === r.qubits && c.batch === r.batch)?.samples_per_s).filter((v): v is number => v !== undefined);
    if (each.length === 0) continue;
    const peerRate = each.reduce((a, b) => a + b, 0) / each.length;
    const sizes = { qubits: r.qubits, layers: o.layers, batch: r.batch };
    yield { suite: 'qnn', case: 'student-step-pytorch', sizes, threads: (peers[0] as PeerReply).threads, metric: 'training samples/s', value: peerRate, unit: 'samples/s', reps: o.reps, runs: each.map((v) => Math.round(v)), torch };
    yield { suite: 'qnn', case: 'student-step-ratio-vs-torch', sizes, threads: o.t, metric: 'hqml_over_pytorch', value: Number((r.samplesPerS / peerRate).toFixed(2)), unit: 'x', tfjsBackend: tf.getBackend(), torch };
  }
}
