import { type BenchRecord, IsingModel, Rng } from '@hqml/core';
import { ExactSolver } from '@hqml/anneal';
import { summarize } from '@hqml/eval';
import { ControlNoiseComposite } from '../annealer/controlNoise.js';
import { SpinReversalComposite } from '../annealer/spinReversal.js';
import { benchSqa, groundFraction, sampleHardware } from './annealerBench.js';
import { record, round } from './record.js';

/** A random +-1 spin glass with h = 0 (symmetric under flipping every spin) and exactly two ground states. */
async function symmetricInstances(n: number, count: number): Promise<{ model: IsingModel; ground: number; g: Int8Array }[]> {
  const exact = new ExactSolver();
  const out: { model: IsingModel; ground: number; g: Int8Array }[] = [];
  for (let seed = 0; out.length < count; seed++) {
    const rng = Rng.from(`srt-instance:${n}:${seed}`);
    const J: [number, number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.float() < 0.25) J.push([i, j, rng.float() < 0.5 ? -1 : 1]);
    const model = IsingModel.from({ J, numVariables: n });
    const low = await exact.sample(model, { numReads: 3 });
    const e = low.energies;
    if (Math.abs(e[0]! - e[1]!) < 1e-9 && e[2]! - e[1]! > 1e-9) out.push({ model, ground: e[0]!, g: low.sample(0) });
  }
  return out;
}

/**
 * Spin-reversal transforms against static field offsets (N(0, 0.1^2) per qubit, one fixed
 * "device"): on random symmetric spin glasses (16 spins, h = 0, two ground states s and -s), the
 * imbalance |N(s) - N(-s)| / (N(s) + N(-s)) and the ground-state probability, without offsets
 * (ideal), with offsets, and with offsets and 10 transforms at the same number of reads.
 */
export async function* spinReversalBench(quick: boolean): AsyncGenerator<BenchRecord> {
  const n = 16, reads = quick ? 20 : 100, count = quick ? 2 : 10, offsetSigma = 0.1, transforms = 10;
  const sqa = benchSqa();
  try {
    const instances = await symmetricInstances(n, count);
    const conditions = [
      { name: 'ideal (no offsets)', make: () => sqa },
      { name: 'offsets', make: () => new ControlNoiseComposite(sqa, { sigma: 0, offsetSigma, offsetSeed: 0 }) },
      { name: `offsets + ${transforms} transforms`, make: () => new SpinReversalComposite(new ControlNoiseComposite(sqa, { sigma: 0, offsetSigma, offsetSeed: 0 }), { numTransforms: transforms }) },
    ];
    for (const c of conditions) {
      const imbalance: number[] = [];
      const ground: number[] = [];
      for (const [k, inst] of instances.entries()) {
        const ss = await sampleHardware(c.make(), inst.model, reads, k);
        let plus = 0, minus = 0;
        for (let r = 0; r < ss.size; r++) {
          const row = ss.sample(r);
          const same = row.every((v, i) => v === inst.g[i]);
          const opposite = row.every((v, i) => v === -inst.g[i]!);
          if (same) plus += ss.numOccurrences[r]!;
          if (opposite) minus += ss.numOccurrences[r]!;
        }
        if (plus + minus > 0) imbalance.push(Math.abs(plus - minus) / (plus + minus));
        ground.push(groundFraction(ss, inst.ground));
      }
      const sg = summarize(ground);
      const sizes = { spins: n, instances: instances.length, reads, offsetSigma, condition: c.name };
      if (imbalance.length > 0) {
        const si = summarize(imbalance);
        yield record('spin-reversal', sizes, 'ground-pair-imbalance', round(si.mean, 4), 'fraction', { ci95: si.ci ? [round(si.ci.lower, 4), round(si.ci.upper, 4)] : null, instancesWithGround: imbalance.length });
      }
      yield record('spin-reversal', sizes, 'ground-state-probability', round(sg.mean, 4), 'fraction', { ci95: sg.ci ? [round(sg.ci.lower, 4), round(sg.ci.upper, 4)] : null });
    }
  } finally {
    await sqa.dispose?.();
  }
}
