import { type BenchRecord, type BenchSuite, ValidationError } from '@hqml/core';
import { overheadBench } from './overheadBench.js';
import { qacBench } from './qacBench.js';
import { readoutBench } from './readoutBench.js';
import { spinReversalBench } from './spinReversalBench.js';
import { zneBench } from './zneBench.js';

/**
 * `hqml bench mitigation`: ZNE improvement factors on GHZ and mirror circuits (exact and 10^4
 * shots), readout-mitigation TVD reduction (5 qubits, 2% flips), QAC ground-state probabilities
 * on antiferromagnetic chains under control noise (U, C, EP, QAC, nested QAC; penalty sweep;
 * noise-free beside), spin-reversal transforms against static offsets, and the cost of each
 * wrapper. Single-threaded throughout; `quick` runs a small subset (for tests).
 */
export const mitigationBenchSuite: BenchSuite = {
  name: 'mitigation',
  description: 'Error mitigation and protection: ZNE, readout mitigation, QAC (U/C/EP/QAC), spin-reversal transforms, wrapper overhead',
  async *run({ quick }): AsyncIterable<BenchRecord> {
    const only = benchCases(process.env['HQML_MITIGATION_CASES']);
    for (const [name, cases] of Object.entries(CASES)) if (only.includes(name)) yield* cases(quick);
  },
};

/** The parts of the suite, in the order they run. */
const CASES: Readonly<Record<string, (quick: boolean) => AsyncGenerator<BenchRecord>>> = {
  zne: zneBench,
  readout: readoutBench,
  'spin-reversal': spinReversalBench,
  qac: qacBench,
  overhead: overheadBench,
};

/** Parts to run: `HQML_MITIGATION_CASES=zne,readout` runs those (the whole suite takes most of an hour on a loaded machine); all by default. */
export function benchCases(raw: string | undefined): string[] {
  const names = Object.keys(CASES);
  if (raw === undefined || raw.trim() === '') return names;
  const picked = raw.split(',').map((s) => s.trim());
  const bad = picked.filter((p) => !names.includes(p));
  if (bad.length > 0) throw new ValidationError({ what: `HQML_MITIGATION_CASES names ${bad.join(', ')}`, why: `the mitigation suite has ${names.join(', ')}`, fix: 'Pick from those, comma-separated' });
  return picked;
}
