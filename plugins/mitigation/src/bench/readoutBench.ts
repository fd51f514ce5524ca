import { type BenchRecord, type Circuit, median } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { calibrateReadout } from '../readout/calibration.js';
import { applyInverseConfusion, mitigateCounts } from '../readout/confusion.js';
import { projectRows } from '../readout/projection.js';
import { ghzCircuit, randomCircuit } from './circuits.js';
import { record, round } from './record.js';

function tvd(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return s / 2;
}

/**
 * Readout mitigation on 5 qubits with a 2% flip probability per qubit (p01 = p10 = 0.02): the
 * total-variation distance of the measured distribution to the ideal one, before and after
 * mitigation, with exact probabilities (calibrated exactly) and with 10^4 shots (calibrated with
 * 10^4 shots per calibration circuit); then the medians and their ratio.
 */
export async function* readoutBench(quick: boolean): AsyncGenerator<BenchRecord> {
  const n = 5, flip = 0.02, shots = 10_000;
  const ideal = new StatevectorBackend({ threads: 1 });
  const noisy = new StatevectorBackend({ threads: 1, noise: { channels: [], readout: { p01: flip, p10: flip } } });
  const circuits: { name: string; circuit: Circuit }[] = [
    { name: 'ghz-5', circuit: ghzCircuit(n).circuit },
    ...Array.from({ length: quick ? 1 : 5 }, (_, s) => ({ name: `random-5x3-s${s}`, circuit: randomCircuit(n, 3, s) })),
  ];
  const seeds = quick ? 2 : 5;
  // Per family ('ghz', 'random') and over all circuits: TVD before, after, and the noise-free-shots floor.
  const stats = new Map<string, { ratio: number[]; before: number[]; after: number[]; floor: number[] }>();
  const add = (family: string, shots: string, ratio: number, b: number, a: number, f: number): void => {
    for (const k of [`${family}|${shots}`, `all|${shots}`]) {
      const e = stats.get(k) ?? stats.set(k, { ratio: [], before: [], after: [], floor: [] }).get(k)!;
      e.ratio.push(ratio);
      e.before.push(b);
      e.after.push(a);
      e.floor.push(f);
    }
  };
  try {
    const exactErrors = calibrateReadout(noisy, n);
    for (const { name, circuit } of circuits) {
      const exec = { circuit, params: [] };
      const pIdeal = ideal.probabilities(exec);
      const pNoisy = noisy.probabilities(exec);
      const quasi = applyInverseConfusion(pNoisy, 1, exactErrors);
      const projected = projectRows(quasi, 1);
      const b = tvd(pNoisy, pIdeal), a = tvd(projected, pIdeal);
      const family = name.split('-')[0]!;
      add(family, 'exact', b / Math.max(a, 1e-300), b, a, 0);
      const sizes = { circuit: name, qubits: n, flip };
      yield record('readout', { ...sizes, shots: 'exact' }, 'tvd-noisy', round(b), 'tvd');
      yield record('readout', { ...sizes, shots: 'exact' }, 'tvd-mitigated', round(a), 'tvd', { unprojected: round(tvd(quasi, pIdeal)) });
      for (let seed = 0; seed < seeds; seed++) {
        const errors = calibrateReadout(noisy, n, { shots, seed: 100 * seed + 1 });
        const raw = noisy.sample(exec, shots, 100 * seed + 7);
        const freq = new Float64Array(2 ** n);
        for (const o of raw) freq[o]! += 1 / shots;
        const mitigated = projectRows(mitigateCounts(raw, 1, errors), 1);
        const bs = tvd(freq, pIdeal), as = tvd(mitigated, pIdeal);
        // The floor: 10^4 noise-free shots are this far from the ideal distribution already.
        const floor = new Float64Array(2 ** n);
        for (const o of ideal.sample(exec, shots, 100 * seed + 7)) floor[o]! += 1 / shots;
        yield record('readout', { ...sizes, shots, seed }, 'tvd-noisy', round(bs), 'tvd');
        const fl = tvd(floor, pIdeal);
        add(family, String(shots), bs / as, bs, as, fl);
        yield record('readout', { ...sizes, shots, seed }, 'tvd-mitigated', round(as), 'tvd', { tvdNoiseFreeShots: round(fl) });
      }
    }
    for (const [key, e] of stats) {
      const [family, shotsKey] = key.split('|') as [string, string];
      yield record('readout-summary', { family, qubits: n, flip, shots: shotsKey === 'exact' ? 'exact' : Number(shotsKey), runs: e.ratio.length }, 'median-reduction', round(median(e.ratio), 4), 'x', {
        medianTvdNoisy: round(median(e.before), 4),
        medianTvdMitigated: round(median(e.after), 4),
        ...(shotsKey !== 'exact' && { medianTvdNoiseFreeShots: round(median(e.floor), 4) }),
      });
    }
  } finally {
    ideal.dispose();
    noisy.dispose();
  }
}
