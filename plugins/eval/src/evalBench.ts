import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type BenchRecord, type BenchSuite, Rng, TrainingHistory } from '@hqml/core';
import { classificationMetrics, classificationMetricsFromLogits } from './metrics/classification.js';
import { EvaluationReport } from './report/evaluationReport.js';
import { writeReport } from './report/writeReport.js';
import { studentTQuantile } from './stats/studentT.js';

/** Median of `reps` timings of `fn`, in seconds. */
async function time(reps: number, fn: () => unknown): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await fn();
    t.push((performance.now() - start) / 1000);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

/**
 * `hqml bench eval`: throughput of the metric functions and the Student-t quantile, and the time
 * to write a full report (the parts of an experiment's wall time this package is responsible for).
 */
export const evalBench: BenchSuite = {
  name: 'eval',
  description: 'classification metrics throughput, Student-t quantile, report writing',
  async *run({ quick }): AsyncIterable<BenchRecord> {
    const rng = Rng.from(1);
    const n = quick ? 100_000 : 1_000_000;
    const k = 10;
    const yTrue = new Int32Array(n).map(() => rng.int(k));
    const yPred = yTrue.map((y) => (rng.float() < 0.8 ? y : rng.int(k)));
    const reps = quick ? 3 : 7;
    const s1 = await time(reps, () => classificationMetrics(yTrue, yPred, k));
    yield { suite: 'eval', case: 'metrics-from-labels', sizes: { samples: n, classes: k }, metric: 'throughput', value: n / s1, unit: 'samples/s' };
    const logits = new Float32Array(n * k).map(() => rng.normal());
    const s2 = await time(reps, () => classificationMetricsFromLogits(logits, yTrue, k));
    yield { suite: 'eval', case: 'metrics-from-logits', sizes: { samples: n, classes: k }, metric: 'throughput', value: n / s2, unit: 'samples/s' };
    const calls = quick ? 2_000 : 20_000;
    const s3 = await time(reps, () => {
      for (let i = 0; i < calls; i++) studentTQuantile(0.975, 1 + (i % 100));
    });
    yield { suite: 'eval', case: 't-quantile', sizes: { calls, df: '1..100' }, metric: 'time per call', value: (s3 / calls) * 1e6, unit: 'us' };

    const seeds = [1, 2, 3, 4, 5];
    const classes = 10;
    const epochs = 20;
    const run = (seed: number) => {
      const yt = Array.from({ length: 1000 }, (_, i) => i % classes);
      let h = new TrainingHistory([]);
      for (let e = 1; e <= epochs; e++) h = h.append({ epoch: e, loss: 2 / e + rng.float() * 0.1, valAccuracy: 0.9 - 0.3 / e });
      return { seed, metrics: classificationMetrics(yt, yt.map((y) => (rng.float() < 0.8 ? y : rng.int(classes))), classes), history: h };
    };
    const report = EvaluationReport.create({
      title: 'bench',
      seeds,
      backend: 'bench',
      wallTimeSeconds: 0,
      conditions: ['baseline', 'lenet-kd', 'alexnet-kd', 'ensemble-kd'].map((name) => ({ name, runs: seeds.map(run) })),
      comparisons: ['lenet-kd', 'alexnet-kd', 'ensemble-kd'].map((treatment) => ({ treatment, control: 'baseline' })),
    });
    const dir = await mkdtemp(join(tmpdir(), 'hqml-eval-bench-'));
    try {
      const s4 = await time(reps, () => writeReport(report, dir));
      yield { suite: 'eval', case: 'write-report', sizes: { conditions: 4, seeds: seeds.length, classes, epochs }, metric: 'time', value: s4 * 1000, unit: 'ms' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
