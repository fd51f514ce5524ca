import { describe, expect, it } from 'vitest';
import { anglesToFourier, fourierGradient, fourierToAngles } from './fourier.js';

describe('FOURIER parametrisation (Zhou et al.)', () => {
  it('equals half of scipy.fft.dst / dct of type IV at q = p', () => {
    // scipy 1.17: dst([0.3, -0.2, 0.05], type=4) / 2 and dct([0.5, 0.1, -0.07], type=4) / 2
    const a = fourierToAngles({ u: [0.3, -0.2, 0.05], v: [0.5, 0.1, -0.07] }, 3);
    [-0.015479351392099883, 0.03535533905932737, 0.44414005637915605].forEach((g, i) => expect(a.gammas[i]).toBeCloseTo(g, 13));
    [0.5355562581060125, 0.33234018715767744, -0.00891596340762918].forEach((b, i) => expect(a.betas[i]).toBeCloseTo(b, 13));
  });

  it('is inverted exactly by anglesToFourier, and growing p with a zero amplitude keeps the low frequencies', () => {
    const angles = { gammas: [0.1, 0.35, 0.5, 0.62], betas: [0.6, 0.4, 0.3, 0.05] };
    const f = anglesToFourier(angles);
    const back = fourierToAngles(f, 4);
    back.gammas.forEach((g, i) => expect(g).toBeCloseTo(angles.gammas[i]!, 13));
    back.betas.forEach((b, i) => expect(b).toBeCloseTo(angles.betas[i]!, 13));
    const grown = anglesToFourier(fourierToAngles({ u: [...f.u, 0], v: [...f.v, 0] }, 5));
    grown.u.forEach((u, k) => expect(u).toBeCloseTo(k < 4 ? f.u[k]! : 0, 12));
  });

  it('chains gradients: fourierGradient matches central differences of a function of the angles', () => {
    const p = 3;
    const w = [0.3, -1.2, 0.7, 2.1, 0.4, -0.5];
    const fOfAngles = (g: readonly number[], b: readonly number[]): number => [...g, ...b].reduce((s, x, i) => s + w[i]! * Math.sin(x) + x * x, 0);
    const grad = (g: readonly number[], b: readonly number[]): number[] => [...g, ...b].map((x, i) => w[i]! * Math.cos(x) + 2 * x);
    const z = [0.2, -0.1, 0.05, 0.4, 0.15, -0.02];
    const at = (zz: number[]): number => {
      const a = fourierToAngles({ u: zz.slice(0, p), v: zz.slice(p) }, p);
      return fOfAngles(a.gammas, a.betas);
    };
    const a = fourierToAngles({ u: z.slice(0, p), v: z.slice(p) }, p);
    const chained = fourierGradient(grad(a.gammas, a.betas), p);
    const h = 1e-6;
    z.forEach((_, k) => {
      const up = z.slice();
      const dn = z.slice();
      up[k]! += h;
      dn[k]! -= h;
      expect(chained[k]).toBeCloseTo((at(up) - at(dn)) / (2 * h), 7);
    });
  });
});
