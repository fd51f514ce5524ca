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
  const ratiosExact: number[] = [], ratiosShots: number[] = [];
  const before: number[] = [], after: number[] = [], beforeShots: number[] = [], afterShots: number[] = [];
  try {
    const exactErrors = calibrateReadout(noisy, n);
    for (const { name, circuit } of circuits) {
      const exec = { circuit, params: [] };
      const pIdeal = ideal.probabilities(exec);
      const pNoisy = noisy.probabilities(exec);
      const quasi = applyInverseConfusion(pNoisy, 1, exactErrors);
      const projected = projectRows(quasi, 1);
      const b = tvd(pNoisy, pIdeal), a = tvd(projected, pIdeal);
      before.push(b);
      after.push(a);
      ratiosExact.push(b / Math.max(a, 1e-300));
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
        beforeShots.push(bs);
        afterShots.push(as);
        ratiosShots.push(bs / as);
        yield record('readout', { ...sizes, shots, seed }, 'tvd-noisy', round(bs), 'tvd');
        yield record('readout', { ...sizes, shots, seed }, 'tvd-mitigated', round(as), 'tvd');
      }
    }
    yield record('readout-summary', { qubits: n, flip, shots: 'exact', circuits: circuits.length }, 'median-reduction', round(median(ratiosExact), 4), 'x', { medianTvdNoisy: round(median(before), 4), medianTvdMitigated: round(median(after), 4) });
    yield record('readout-summary', { qubits: n, flip, shots, runs: ratiosShots.length }, 'median-reduction', round(median(ratiosShots), 4), 'x', { medianTvdNoisy: round(median(beforeShots), 4), medianTvdMitigated: round(median(afterShots), 4) });
  } finally {
    ideal.dispose();
    noisy.dispose();
  }
}
