import { fileURLToPath } from 'node:url';
import type { BenchRecord, BenchSuite, DataSplit } from '@hqml/core';
import { Rng } from '@hqml/core';
import { initTfjsBackend } from './backend/tfjsBackend.js';
import { TfjsModel, type TfjsModelOptions } from './models/tfjsModel.js';
import { runTorchPeer } from './torchPeer.js';

const SUITE = 'tfjs';
/** The AlexNet width the bench calls "reduced". */
export const BENCH_ALEXNET_WIDTH = 0.125;

function syntheticSplit(n: number, shape: readonly number[], classes: number, seed: number): DataSplit {
  const rng = Rng.from(seed);
  const per = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * per);
  for (let i = 0; i < x.length; i++) x[i] = rng.float();
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(classes);
  return { x, y, shape, classes: Array.from({ length: classes }, (_, i) => String(i)), size: n };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Training throughput of one model through the real training loop (one epoch of `steps` batches, after a warm-up epoch). */
async function trainRate(model: TfjsModel, batch: number, steps: number): Promise<{ wall: number; cpu: number }> {
  const data = syntheticSplit(batch * steps, model.inputShape, model.outputSize, 1);
  const warm = syntheticSplit(batch * 3, model.inputShape, model.outputSize, 2);
  await model.fit(warm, { epochs: 1, batchSize: batch, seed: 0 });
  const c0 = cpuSeconds();
  const t0 = performance.now();
  await model.fit(data, { epochs: 1, batchSize: batch, seed: 0 });
  const wall = (performance.now() - t0) / 1000;
  return { wall: data.size / wall, cpu: data.size / (cpuSeconds() - c0) };
}

async function inferRate(model: TfjsModel, batch: number, steps: number): Promise<{ wall: number; cpu: number }> {
  const data = syntheticSplit(batch * steps, model.inputShape, model.outputSize, 3);
  await model.logits(data.x.subarray(0, batch * data.x.length / data.size), batch, batch);
  const c0 = cpuSeconds();
  const t0 = performance.now();
  await model.logits(data.x, data.size, batch);
  const wall = (performance.now() - t0) / 1000;
  return { wall: data.size / wall, cpu: data.size / (cpuSeconds() - c0) };
}

/** Runs the PyTorch peer if `python3` with torch is available; undefined otherwise. */
function torchPeer(threads: number, steps: number): Promise<{ samples_per_s: number; samples_per_cpu_s: number; torch: string } | undefined> {
  return runTorchPeer(fileURLToPath(new URL('../bench/lenet5_torch.py', import.meta.url)), [String(threads), String(steps)]);
}

/**
 * `hqml bench tfjs`: LeNet-5 training and inference samples/s (batch 128, 28x28x1) on the chosen
 * backend, AlexNet (reduced, width 0.125) training and inference, and, when python3 can import
 * torch, the same LeNet-5 in PyTorch measured in the same run with the ratio. Throughput is
 * reported per wall-clock second (`value`) and per CPU second of this process (`perCpuSecond`),
 * the latter being less sensitive to other load on a shared machine.
 */
export const tfjsBenchSuite: BenchSuite = {
  name: SUITE,
  description: 'LeNet-5 and AlexNet (reduced) training/inference samples/s on the chosen TF.js backend, with a PyTorch LeNet-5 peer when available',
  async *run({ quick, threads }): AsyncIterable<BenchRecord> {
    const info = await initTfjsBackend(threads !== undefined ? { threads } : {});
    const common = { backend: info.name, backendThreads: info.threads };
    const steps = quick ? 10 : 40;
    const lenetOpts: TfjsModelOptions = { inputShape: [28, 28, 1], classes: 10, seed: 0 };
    const lenet = await TfjsModel.create('lenet5', lenetOpts);
    const lt = await trainRate(lenet, 128, steps);
    yield { suite: SUITE, case: 'lenet5-train', sizes: { batch: 128, input: '28x28x1', params: lenet.parameterCount }, threads: info.threads, metric: 'samples_per_s', value: Math.round(lt.wall), unit: 'samples/s', perCpuSecond: Math.round(lt.cpu), ...common };
    const li = await inferRate(lenet, 512, steps);
    yield { suite: SUITE, case: 'lenet5-infer', sizes: { batch: 512, input: '28x28x1' }, threads: info.threads, metric: 'samples_per_s', value: Math.round(li.wall), unit: 'samples/s', perCpuSecond: Math.round(li.cpu), ...common };
    lenet.dispose();

    const alex = await TfjsModel.create('alexnet', { inputShape: [28, 28, 1], classes: 10, seed: 0, width: BENCH_ALEXNET_WIDTH });
    const at = await trainRate(alex, 128, quick ? 4 : 10);
    yield { suite: SUITE, case: 'alexnet-train', sizes: { batch: 128, input: '28x28x1', width: BENCH_ALEXNET_WIDTH, params: alex.parameterCount }, threads: info.threads, metric: 'samples_per_s', value: Math.round(at.wall), unit: 'samples/s', perCpuSecond: Math.round(at.cpu), ...common };
    const ai = await inferRate(alex, 256, quick ? 4 : 10);
    yield { suite: SUITE, case: 'alexnet-infer', sizes: { batch: 256, input: '28x28x1', width: BENCH_ALEXNET_WIDTH }, threads: info.threads, metric: 'samples_per_s', value: Math.round(ai.wall), unit: 'samples/s', perCpuSecond: Math.round(ai.cpu), ...common };
    alex.dispose();

    const peer = await torchPeer(info.threads, quick ? 20 : 100);
    if (peer) {
      yield { suite: SUITE, case: 'lenet5-train-pytorch', sizes: { batch: 128, input: '28x28x1' }, threads: info.threads, metric: 'samples_per_s', value: Math.round(peer.samples_per_s), unit: 'samples/s', perCpuSecond: Math.round(peer.samples_per_cpu_s), torch: peer.torch };
      yield { suite: SUITE, case: 'lenet5-train-ratio', sizes: { batch: 128, input: '28x28x1' }, threads: info.threads, metric: 'pytorch_over_tfjs', value: Number((peer.samples_per_s / lt.wall).toFixed(2)), unit: 'x', perCpuSecond: Number((peer.samples_per_cpu_s / lt.cpu).toFixed(2)), ...common };
    }
  },
};
