import { type Annealer, type BenchRecord, CircuitBuilder, IsingModel, Rng, input, param, pauliZ, timeInterleaved, timeInterleavedAsync } from '@hqml/core';
import { SimulatedAnnealer } from '@hqml/anneal';
import { StatevectorBackend } from '@hqml/statevector';
import { ControlNoiseComposite } from '../annealer/controlNoise.js';
import { RepetitionComposite } from '../annealer/repetitionComposite.js';
import { SpinReversalComposite } from '../annealer/spinReversal.js';
import { readoutBackend } from '../readout/readoutBackend.js';
import { zneBackend } from '../zne/zneBackend.js';
import { record, round } from './record.js';

/**
 * What each wrapper costs on top of its inner backend or annealer: median wall time of the
 * wrapped call over the inner call, timed interleaved (ratios survive a loaded machine).
 */
export async function* overheadBench(quick: boolean): AsyncGenerator<BenchRecord> {
  const reps = quick ? 3 : 15;
  // Gate model: a 6-qubit student-like circuit (angle encoding, 2 hardware-efficient layers), batch 256
  // (calls of a few milliseconds: sub-millisecond calls are distorted by preemption on a loaded machine).
  const n = 6, B = 256;
  const b = new CircuitBuilder(n);
  for (let q = 0; q < n; q++) b.ry(q, input(q));
  let k = 0;
  for (let l = 0; l < 2; l++) {
    for (let q = 0; q < n; q++) b.ry(q, param(k++)).rz(q, param(k++));
    for (let q = 0; q < n; q++) b.cnot(q, (q + 1) % n);
  }
  const circuit = b.build();
  const rng = Rng.from('overhead');
  const exec = { circuit, params: Array.from({ length: k }, () => rng.float() * 6), inputs: Array.from({ length: B * n }, () => rng.float() * 3) };
  const obs = Array.from({ length: n }, (_, q) => pauliZ(q));
  const up = new Float64Array(B * n).fill(1);
  const inner = new StatevectorBackend({ threads: 1 });
  const zne = zneBackend(inner, { scaleFactors: [1, 3, 5] }) as ReturnType<typeof zneBackend> & { expectationWithVjp: typeof inner.expectationWithVjp };
  const ro = readoutBackend(inner, { confusion: { p01: 0.03, p10: 0.01 } });
  const roGrad = ro as typeof ro & { expectationWithVjp: typeof inner.expectationWithVjp };
  try {
    const cases: [string, () => unknown, () => unknown][] = [
      ['zne[1,3,5] expectation', () => inner.expectation(exec, obs), () => zne.expectation(exec, obs)],
      ['zne[1,3,5] expectation+vjp', () => inner.expectationWithVjp(exec, obs).vjp(up), () => zne.expectationWithVjp(exec, obs).vjp(up)],
      ['readout expectation (asymmetric errors)', () => inner.expectation(exec, obs), () => ro.expectation(exec, obs)],
      ['readout expectation+vjp', () => inner.expectationWithVjp(exec, obs).vjp(up), () => roGrad.expectationWithVjp(exec, obs).vjp(up)],
      ['readout probabilities', () => inner.probabilities(exec), () => ro.probabilities(exec)],
    ];
    for (const [name, a, w] of cases) {
      const [ta, tw] = timeInterleaved([a, w], 3, reps);
      yield record('overhead', { wrapper: name, qubits: n, batch: B }, 'time-ratio', round(tw! / ta!, 4), 'x', { innerMs: round(ta!, 4), wrappedMs: round(tw!, 4) });
    }
  } finally {
    inner.dispose();
  }
  // Annealers: anneal.sa on a 64-spin random model, 20 reads.
  const mrng = Rng.from('overhead-model');
  const J: [number, number, number][] = [];
  for (let i = 0; i < 64; i++) for (let j = i + 1; j < 64; j++) if (mrng.float() < 0.1) J.push([i, j, mrng.float() * 2 - 1]);
  const model = IsingModel.from({ h: Array.from({ length: 64 }, () => mrng.float() - 0.5), J });
  const sa = new SimulatedAnnealer({ numThreads: 1 });
  const wrappers: [string, Annealer][] = [
    ['spin-reversal (4 transforms)', new SpinReversalComposite(sa, { numTransforms: 4 })],
    ['repetition (qac, 4x spins)', new RepetitionComposite(sa, { strategy: 'qac' })],
    ['control-noise (a child call per read)', new ControlNoiseComposite(sa, { sigma: 0.05 })],
  ];
  try {
    for (const [name, w] of wrappers) {
      const opts = { numReads: 20, numSweeps: 500, seed: 1 };
      const [ta, tw] = await timeInterleavedAsync([() => sa.sample(model, opts), () => w.sample(model, opts)], 1, reps);
      yield record('overhead', { wrapper: name, spins: 64, reads: 20 }, 'time-ratio', round(tw! / ta!, 4), 'x', { innerMs: round(ta!, 4), wrappedMs: round(tw!, 4) });
    }
  } finally {
    await sa.dispose();
  }
}
