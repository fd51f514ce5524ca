import { IsingModel } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { compileProblem } from './problem.js';
import { randomSpins, seedStream } from './random.js';
import { NEVER, buildTables, initFields, sweepFloat, sweepTable, sweepUnit, thresholdOf } from './sweep.js';
import { randomSpinGlass } from './testModels.js';

function fieldsByDefinition(model: IsingModel, s: Int8Array): number[] {
  const f = Array.from(model.linear);
  for (const { i, j, value } of model.interactions()) {
    f[i]! += value * s[j]!;
    f[j]! += value * s[i]!;
  }
  return f;
}

describe('compileProblem', () => {
  it('divides integer biases by their gcd and detects unit weights', () => {
    const p = compileProblem(IsingModel.from({ h: [4, 0, -2], J: [[0, 1, 6], [1, 2, -2]] }));
    expect(p.integer).toBe(true);
    expect(p.scale).toBe(2);
    expect(Array.from(p.intH)).toEqual([2, 0, -1]);
    expect(p.maxField).toBe(5); // |2| + |3|, |3| + |-1|, |-1| + |-1| in kernel units
    expect(p.unitWeights).toBe(false);
    const unit = compileProblem(IsingModel.from({ J: [[0, 1, 3], [1, 2, 3]] }));
    expect(unit.unitWeights).toBe(true);
    expect(unit.scale).toBe(3);
    expect(compileProblem(IsingModel.from({ J: [[0, 1, 0.5]] })).integer).toBe(false);
  });
});

describe('thresholds', () => {
  it('accept a signed 32-bit draw r iff r < t, with probability floor(p 2^32) / 2^32', () => {
    expect(thresholdOf(0.5)).toBe(0);
    expect(thresholdOf(0.25)).toBe(-(2 ** 30));
    expect(thresholdOf(1e-12)).toBe(NEVER);
    expect(thresholdOf(1)).toBe(2 ** 31 - 1);
    const t = buildTables([0.5], 3);
    expect(t[2]).toBe(thresholdOf(Math.exp(-2 * 0.5 * 2)));
  });
});

describe('sweep kernels', () => {
  const cases: Array<[string, IsingModel, 'unit' | 'table' | 'float']> = [
    ['float', randomSpinGlass(12, 1), 'float'],
    ['table', randomSpinGlass(12, 2, true), 'table'],
    ['unit', new IsingModel({ quadratic: [[0, 1, 1], [1, 2, 1], [2, 3, 1], [0, 3, 1], [0, 2, 1], [3, 4, 1]] }), 'unit'],
  ];
  for (const [name, model, kernel] of cases) {
    it(`${name}: tracked energy changes and fields agree with the model's own evaluator`, () => {
      const p = compileProblem(model);
      const n = p.n;
      const rng = seedStream(1, 2, 0, new Int32Array(4));
      const s = new Int8Array(n);
      randomSpins(rng, s);
      const f = kernel === 'float' ? new Float64Array(n) : new Int32Array(n);
      let e = initFields(p, s, f) * p.scale;
      expect(e).toBeCloseTo(model.energy(s) - model.offset, 9);
      const betas = [0.05, 0.3, 1, 3];
      const tables = buildTables(betas.map((b) => b * p.scale), p.maxField);
      for (let rep = 0; rep < 20; rep++) {
        for (let b = 0; b < betas.length; b++) {
          const beta = betas[b]! * p.scale;
          const dE = kernel === 'float' ? sweepFloat(p, s, f as Float64Array, beta, rng) : (kernel === 'unit' ? sweepUnit : sweepTable)(p, s, f as Int32Array, tables, b * (p.maxField + 1), rng);
          e += dE * p.scale;
        }
        expect(e).toBeCloseTo(model.energy(s), 9);
        fieldsByDefinition(model, s).forEach((v, i) => expect(f[i]! * p.scale).toBeCloseTo(v, 9));
      }
    });
  }
});

describe('WebAssembly kernel', () => {
  it('gives exactly the states of the JS table/unit kernels for the same streams (SA and PT)', async () => {
    const { runJob } = await import('./job.js');
    for (const model of [randomSpinGlass(40, 21, true), new IsingModel({ quadratic: Array.from({ length: 60 }, (_, k) => [k % 30, (k * 7 + 3) % 30 === k % 30 ? (k + 1) % 30 : (k * 7 + 3) % 30, 1] as [number, number, number]) })]) {
      const p = compileProblem(model);
      const betas = Float64Array.from([0.05, 0.2, 0.5, 1, 2, 4], (b) => b * p.scale);
      const js = p.unitWeights ? 'unit' : 'table';
      const base = { problem: p, seedA: 3, seedB: 4, first: 0, step: 1, count: 5 } as const;
      const a = runJob({ ...base, params: { kind: 'sa', betas, sweepsPerBeta: 3, kernel: 'wasm' } });
      const b = runJob({ ...base, params: { kind: 'sa', betas, sweepsPerBeta: 3, kernel: js } });
      expect(Array.from(a.samples)).toEqual(Array.from(b.samples));
      const c = runJob({ ...base, params: { kind: 'pt', betas, numSweeps: 20, kernel: 'wasm', returnBest: true } });
      const d = runJob({ ...base, params: { kind: 'pt', betas, numSweeps: 20, kernel: js, returnBest: true } });
      expect(Array.from(c.samples)).toEqual(Array.from(d.samples));
    }
  });
});

describe('read control', () => {
  it('stops SA, PT and SQA reads once the deadline has passed, counting the attempts made', async () => {
    const { prepareSa, saRead } = await import('./saKernel.js');
    const { preparePt, ptRead } = await import('./ptKernel.js');
    const { prepareSqa, sqaRead } = await import('./sqaKernel.js');
    const p = compileProblem(randomSpinGlass(10, 31, true));
    const betas = new Float64Array(1000).fill(1);
    const rng = seedStream(1, 1, 0, new Int32Array(4));
    const s = new Int8Array(10).fill(1);
    for (const kernel of ['wasm', 'table'] as const) {
      const ctl = { deadline: 0, aborted: false };
      expect(saRead(prepareSa(p, { kind: 'sa', betas, sweepsPerBeta: 1, kernel }), s, rng, ctl)).toBe(10 * 32);
      expect(ctl.aborted).toBe(true);
    }
    const ctl2 = { deadline: 0, aborted: false };
    expect(ptRead(preparePt(p, { kind: 'pt', betas: Float64Array.of(0.5, 1), numSweeps: 100, kernel: 'wasm', returnBest: true }), s, rng, ctl2)).toBe(0);
    expect(ctl2.aborted).toBe(true);
    const ctl3 = { deadline: 0, aborted: false };
    const gammas = new Float64Array(100).fill(1);
    expect(sqaRead(prepareSqa(p, { kind: 'sqa', slices: 4, beta: 2, gammas, problemScales: gammas, globalMoves: true }), s, rng, ctl3)).toBe(0);
    expect(ctl3.aborted).toBe(true);
    const free = { deadline: Infinity, aborted: false };
    expect(saRead(prepareSa(p, { kind: 'sa', betas, sweepsPerBeta: 1, kernel: 'wasm' }), s, rng, free)).toBe(10 * 1000);
    expect(free.aborted).toBe(false);
  });
});
