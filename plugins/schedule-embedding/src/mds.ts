import { ValidationError } from '@hqml/core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Classical multidimensional scaling: 2-D coordinates whose Euclidean distances approximate the
 * square roots of `sqDistances` (C x C squared distances, e.g. Hilbert-Schmidt distances, which
 * are squared Frobenius norms). Double-centres B = -J D J / 2 and keeps the top two eigenpairs.
 */
export function classicalMds(sqDistances: ArrayLike<number>, count: number): Array<[number, number]> {
  if (sqDistances.length !== count * count) throw new ValidationError({ what: `${sqDistances.length} distances`, why: `${count} points need a ${count} x ${count} matrix`, fix: 'Pass the full square matrix' });
  const D = new Matrix(count, count);
  for (let i = 0; i < count; i++) for (let j = 0; j < count; j++) D.set(i, j, sqDistances[i * count + j] as number);
  const rowMean = D.mean('row'), colMean = D.mean('column'), all = D.mean();
  const B = new Matrix(count, count);
  for (let i = 0; i < count; i++) for (let j = 0; j < count; j++) B.set(i, j, -0.5 * (D.get(i, j) - rowMean[i]! - colMean[j]! + all));
  const eig = new EigenvalueDecomposition(B, { assumeSymmetric: true });
  const vals = eig.realEigenvalues;
  const order = vals.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
  const axes = order.slice(0, 2).map(([v, i]) => [Math.sqrt(Math.max(0, v)), i] as const);
  return Array.from({ length: count }, (_, p) => [axes[0] ? axes[0][0] * eig.eigenvectorMatrix.get(p, axes[0][1]) : 0, axes[1] ? axes[1][0] * eig.eigenvectorMatrix.get(p, axes[1][1]) : 0]);
}
