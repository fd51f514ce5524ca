import { describeValue, type ReadoutError, ValidationError } from '@hqml/core';

/** A 2x2 real matrix, row-major: `[[m00, m01], [m10, m11]]`. */
export type Matrix2 = readonly [readonly [number, number], readonly [number, number]];

/** Checks one qubit's readout error: probabilities in [0, 1] whose confusion matrix is invertible. */
export function checkReadoutError(e: ReadoutError, where = 'readout error'): void {
  for (const k of ['p01', 'p10'] as const) {
    const v = (e as unknown as Record<string, unknown> | undefined)?.[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new ValidationError({ what: `${where}.${k} is ${describeValue(v)}`, why: 'p01 = P(read 0 | 1) and p10 = P(read 1 | 0) are probabilities in [0, 1]', fix: 'Pass e.g. { p01: 0.02, p10: 0.01 }' });
    }
  }
  if (!(Math.abs(1 - e.p01 - e.p10) > 1e-12)) {
    throw new ValidationError({ what: `${where} has p01 + p10 = ${e.p01 + e.p10}`, why: 'at p01 + p10 = 1 the readout carries no information and its confusion matrix is singular', fix: 'Check the calibration: p01 + p10 must differ from 1 (on real devices it is far below)' });
  }
}

/**
 * The confusion matrix of one qubit, `C[measured][true]` (columns are the true state, as in
 * Mitiq's `generate_inverse_confusion_matrix`): `[[1 - p10, p01], [p10, 1 - p01]]`.
 */
export function confusionMatrix(e: ReadoutError): Matrix2 {
  return [
    [1 - e.p10, e.p01],
    [e.p10, 1 - e.p01],
  ];
}

/**
 * The inverse confusion matrix, `[[1 - p01, -p01], [-p10, 1 - p10]] / (1 - p01 - p10)`. With
 * p01 = p10 = 0.01 it is `[[1.010204, -0.010204], [-0.010204, 1.010204]]`.
 */
export function inverseConfusionMatrix(e: ReadoutError): Matrix2 {
  checkReadoutError(e);
  const det = 1 - e.p01 - e.p10;
  return [
    [(1 - e.p01) / det, -e.p01 / det],
    [-e.p10 / det, (1 - e.p10) / det],
  ];
}

/**
 * Applies the tensored inverse confusion matrix to probability rows (`rows x 2^k`, bit j of an
 * index is the qubit whose error is `errors[j]`, qubit order as everywhere in hqml: bit 0 least
 * significant). One 2x2 pass per qubit, O(k 2^k) per row, never the 2^k x 2^k matrix. The result
 * is a quasi-probability: it sums to 1 but may have negative entries (see `projectToSimplex`).
 */
export function applyInverseConfusion(p: ArrayLike<number>, rows: number, errors: readonly ReadoutError[]): Float64Array {
  const K = 2 ** errors.length;
  if (p.length !== rows * K) {
    throw new ValidationError({ what: `applyInverseConfusion got ${p.length} values for ${rows} rows of ${errors.length} qubits`, why: `each row holds 2^${errors.length} = ${K} probabilities` });
  }
  const out = Float64Array.from(p);
  errors.forEach((e, j) => {
    if (e.p01 === 0 && e.p10 === 0) return;
    const [[a, b], [c, d]] = inverseConfusionMatrix(e);
    const bit = 2 ** j;
    for (let r = 0; r < rows; r++) {
      const base = r * K;
      for (let i = 0; i < K; i++) {
        if (i & bit) continue;
        const p0 = out[base + i]!, p1 = out[base + i + bit]!;
        out[base + i] = a * p0 + b * p1;
        out[base + i + bit] = c * p0 + d * p1;
      }
    }
  });
  return out;
}

/**
 * Mitigated quasi-probabilities from shot outcomes (`rows x shots` basis indices over
 * `errors.length` qubits): the frequencies, then the tensored inverse.
 */
export function mitigateCounts(outcomes: ArrayLike<number>, rows: number, errors: readonly ReadoutError[]): Float64Array {
  const K = 2 ** errors.length;
  const shots = outcomes.length / rows;
  if (!Number.isInteger(shots) || shots < 1) {
    throw new ValidationError({ what: `mitigateCounts got ${outcomes.length} outcomes for ${rows} rows`, why: 'outcomes are rows x shots basis indices' });
  }
  const freq = new Float64Array(rows * K);
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < shots; s++) {
      const o = outcomes[r * shots + s]!;
      if (!(o >= 0 && o < K)) throw new ValidationError({ what: `outcome ${describeValue(o)} in row ${r}`, why: `outcomes over ${errors.length} qubits lie in [0, ${K})` });
      freq[r * K + o]! += 1 / shots;
    }
  }
  return applyInverseConfusion(freq, rows, errors);
}
