import type { BenchRecord, BenchSuite } from '@hqml/core';
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
    yield* zneBench(quick);
    yield* readoutBench(quick);
    yield* spinReversalBench(quick);
    yield* qacBench(quick);
    yield* overheadBench(quick);
  },
};
