import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsingModel, QuboModel } from '@hqml/core';
import { bruteForceGround } from '@hqml/core/testing';
import { describe, expect, it } from 'vitest';
import { chimeraGraph } from '../topology/chimera.js';
import { hardwareGraph } from '../topology/hardwareGraph.js';
import { AutoEmbeddingComposite } from './autoEmbeddingComposite.js';
import { resolveChains } from './chainBreaks.js';
import { resolveChainStrength, scaledChainStrength, uniformTorqueCompensation } from './chainStrength.js';
import { embeddingFromJSON, embeddingToJSON } from './embedding.js';
import { loadEmbedding, saveEmbedding } from './embeddingFile.js';
import { EmbeddingComposite } from './embeddingComposite.js';
import { embedIsing } from './embedModel.js';
import { ExactStructuredSampler } from './exactStructured.test-helper.js';
import { FixedEmbeddingComposite } from './fixedEmbeddingComposite.js';

const triangle = IsingModel.from({ J: [[0, 1, 1], [1, 2, 1], [0, 2, 1]] });
const square = hardwareGraph([[0, 1], [1, 2], [2, 3], [0, 3]]);

describe('chain strength (hand-worked)', () => {
  it('uniform torque compensation: triangle with J = 1 -> 1.414 * 1 * sqrt(2) = 1.99970; 2.82843 at prefactor 2', () => {
    // RMS(J) = 1, mean degree = 2
    expect(uniformTorqueCompensation(triangle)).toBeCloseTo(1.414 * Math.SQRT2, 12);
    expect(uniformTorqueCompensation(triangle)).toBeCloseTo(1.9997, 4);
    expect(uniformTorqueCompensation(triangle, 2)).toBeCloseTo(2.82843, 5);
  });

  it('is computed on the spin form: a K5 QUBO with all entries 1 at prefactor 3 gives 3 * 0.25 * sqrt(4) = 1.5', () => {
    const entries: Array<[number, number, number]> = [];
    for (let i = 0; i < 5; i++) for (let j = i; j < 5; j++) entries.push([i, j, 1]);
    // Q_ij = 1 -> J_ij = 1/4; degree 4 for all five
    expect(uniformTorqueCompensation(QuboModel.fromEntries(entries), 3)).toBeCloseTo(1.5, 12);
  });

  it('is 1 without interactions; uneven J: J = (1, -3) on a path of 3 -> 1.414 * sqrt(5) * sqrt(4/3)', () => {
    expect(uniformTorqueCompensation(IsingModel.from({ h: [1, 2] }))).toBe(1);
    const path = IsingModel.from({ J: [[0, 1, 1], [1, 2, -3]] });
    expect(uniformTorqueCompensation(path)).toBeCloseTo(1.414 * Math.sqrt(5) * Math.sqrt(4 / 3), 12);
  });

  it('scaled is prefactor * max |h or J|; resolveChainStrength refuses non-positive values', () => {
    expect(scaledChainStrength(IsingModel.from({ h: [0.5, -3], J: [[0, 1, 2]] }))).toBe(3);
    expect(scaledChainStrength(IsingModel.from({ h: [0.5, -3], J: [[0, 1, 2]] }), 2)).toBe(6);
    expect(resolveChainStrength('scaled', triangle)).toBe(1);
    expect(() => resolveChainStrength(-1, triangle)).toThrow(/positive finite/);
  });
});

describe('embedIsing (embed_bqm, spin smear)', () => {
  it('triangle into a 4-cycle with chain {2, 3}: J23 = -1.9997, offset 1.9997, h split in halves', () => {
    const model = IsingModel.from({ h: [0.5, 0, 1], J: [[0, 1, 1], [1, 2, 1], [0, 2, 1]] });
    const cs = uniformTorqueCompensation(model);
    const em = embedIsing(model, [[0], [1], [2, 3]], square, cs);
    expect(em.labels).toEqual([0, 1, 2, 3]);
    expect(Array.from(em.linear)).toEqual([0.5, 0, 0.5, 0.5]);
    expect(em.interactions()).toEqual([{ i: 0, j: 1, value: 1 }, { i: 0, j: 3, value: 1 }, { i: 1, j: 2, value: 1 }, { i: 2, j: 3, value: -cs }]);
    expect(em.offset).toBeCloseTo(1.9997, 4);
    // every unbroken target state has the source energy
    for (let s = 0; s < 8; s++) {
      const v = [0, 1, 2].map((i) => ((s >> i) & 1 ? 1 : -1));
      expect(em.energy([v[0]!, v[1]!, v[2]!, v[2]!])).toBeCloseTo(model.energy(v), 12);
    }
  });

  it('splits J evenly over all couplers between two chains', () => {
    const model = IsingModel.from({ J: [[0, 1, 2]] });
    const em = embedIsing(model, [[0, 1], [2, 3]], square, 5);
    // couplers between {0,1} and {2,3}: (1,2) and (0,3) -> 1 each; (0,1), (2,3) are chain couplers at -5
    expect(em.interactions()).toEqual([{ i: 0, j: 1, value: -5 }, { i: 0, j: 3, value: 1 }, { i: 1, j: 2, value: 1 }, { i: 2, j: 3, value: -5 }]);
    expect(em.offset).toBe(10);
    expect(em.energy([1, 1, -1, -1])).toBe(model.energy([1, -1]));
  });
});

describe('chain-break resolution', () => {
  // dimod's example in spins: [[1,1,0,0,1],[1,1,1,0,1]] with chains (0,1), (2,3,4)
  const samples = [1, 1, -1, -1, 1, 1, 1, 1, -1, 1];
  const chains = [[0, 1], [2, 3, 4]];

  it('majority_vote gives [[+1,-1],[+1,+1]]; ties go to +1', () => {
    const r = resolveChains(samples, [0, 1, 2, 3, 4], chains);
    expect(Array.from(r.samples)).toEqual([1, -1, 1, 1]);
    expect(Array.from(r.chainBreakFraction)).toEqual([0.5, 0.5]);
    expect(Array.from(resolveChains([1, -1], [0, 1], [[0, 1]]).samples)).toEqual([1]);
  });

  it('discard drops rows with a broken chain', () => {
    const r = resolveChains([...samples, 1, 1, -1, -1, -1], [0, 1, 2, 3, 4], chains, 'discard');
    expect(Array.from(r.rows)).toEqual([2]);
    expect(Array.from(r.samples)).toEqual([1, -1]);
  });

  it('weighted_random picks +1 for a chain of (+1, +1, -1) about 2/3 of the time, reproducibly', () => {
    const rows = 3000;
    const many = Array.from({ length: rows }, () => [1, 1, -1]).flat();
    const r = resolveChains(many, [0, 1, 2], [[0, 1, 2]], 'weighted_random', { seed: 5 });
    const plus = Array.from(r.samples).filter((x) => x === 1).length / rows;
    expect(plus).toBeGreaterThan(0.62);
    expect(plus).toBeLessThan(0.71);
    expect(Array.from(resolveChains(many, [0, 1, 2], [[0, 1, 2]], 'weighted_random', { seed: 5 }).samples)).toEqual(Array.from(r.samples));
  });

  it('minimize_energy sets a broken chain against its local field', () => {
    // source: h = [0, 0.5], J01 = -1 (ferromagnetic). Chain 0 = qubit 0 (+1), chain 1 = qubits 1,2 broken.
    // field on var 1 = h1 + J01 * s0 = 0.5 - 1 = -0.5 < 0 -> s1 = +1
    const model = IsingModel.from({ h: [0, 0.5], J: [[0, 1, -1]] });
    const r = resolveChains([1, 1, -1], [0, 1, 2], [[0], [1, 2]], 'minimize_energy', { model });
    expect(Array.from(r.samples)).toEqual([1, 1]);
    const m2 = IsingModel.from({ h: [0, 2], J: [[0, 1, -1]] }); // field 2 - 1 = 1 > 0 -> s1 = -1
    expect(Array.from(resolveChains([1, 1, -1], [0, 1, 2], [[0], [1, 2]], 'minimize_energy', { model: m2 }).samples)).toEqual([1, -1]);
    expect(() => resolveChains([1], [0], [[0]], 'nope' as never)).toThrow(/majority_vote, discard/);
  });
});

describe('embedding composites (over an exact structured sampler)', () => {
  const c1 = chimeraGraph(1);
  const k5 = IsingModel.from({ h: [0.3, -0.2, 0.1, 0, -0.4], J: [[0, 1, 1], [0, 2, -1], [0, 3, 0.5], [0, 4, 1], [1, 2, 1], [1, 3, -0.5], [1, 4, 1], [2, 3, 1], [2, 4, -1], [3, 4, 1]], labels: ['a', 'b', 'c', 'd', 'e'] });

  it('EmbeddingComposite samples K5 on a Chimera cell and finds the brute-force ground state', async () => {
    const child = new ExactStructuredSampler(c1);
    const ss = await new EmbeddingComposite(child).sample(k5, { numReads: 8, seed: 1, returnEmbedding: true });
    expect(ss.variables).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ss.first.energy).toBeCloseTo(bruteForceGround(k5).energy, 12);
    expect(k5.energy(ss.first.sample)).toBeCloseTo(ss.first.energy, 12);
    const ctx = ss.info.embeddingContext as { chainStrength: number; maxChainLength: number; embedding: number[][] };
    expect(ctx.chainStrength).toBeCloseTo(uniformTorqueCompensation(k5), 12);
    expect(ctx.maxChainLength).toBeGreaterThan(1);
    expect((ss.info.chainBreakFraction as number[]).length).toBe(ss.size);
  });

  it('FixedEmbeddingComposite reuses a saved embedding (JSON round-trip) and refuses variables it lacks', async () => {
    const child = new ExactStructuredSampler(square);
    const saved = JSON.parse(JSON.stringify(embeddingToJSON([[0], [1], [2, 3]], ['x', 'y', 'z'])));
    const { variables, embedding } = embeddingFromJSON(saved);
    const model = IsingModel.from({ J: [[0, 1, 1], [1, 2, 1], [0, 2, 1]], labels: ['x', 'y', 'z'] });
    const fixed = new FixedEmbeddingComposite(child, variables, embedding);
    const ss = await fixed.sample(model, { numReads: 4 });
    expect(ss.first.energy).toBeCloseTo(-1, 12); // frustrated triangle: best is -1
    expect(embeddingFromJSON({ x: [0], y: [1] }).embedding).toEqual([[0], [1]]);
    await expect(fixed.sample(IsingModel.from({ J: [[0, 1, 1]], labels: ['x', 'w'] }))).rejects.toThrow(/w have no chain/);
  });

  it('saveEmbedding / loadEmbedding round-trip through a file (written atomically)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hqml-embedding-'));
    try {
      const file = join(dir, 'sub', 'emb.json');
      await saveEmbedding(file, [[0], [1], [2, 3]], ['x', 'y', 'z'], { solver: 'Emulated_P4' });
      expect(await loadEmbedding(file)).toEqual({ variables: ['x', 'y', 'z'], embedding: [[0], [1], [2, 3]], target: { solver: 'Emulated_P4' } });
      await expect(loadEmbedding(join(dir, 'missing.json'))).rejects.toThrow(/cannot read the embedding file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('AutoEmbeddingComposite passes native problems through and embeds the rest', async () => {
    const child = new ExactStructuredSampler(square);
    const auto = new AutoEmbeddingComposite(child);
    const native = IsingModel.from({ J: [[0, 1, -1]], labels: [0, 1] });
    const a = await auto.sample(native, { numReads: 2 });
    expect(a.info.embedded).toBe(false);
    expect(a.first.energy).toBe(-1);
    const b = await auto.sample(triangle, { numReads: 4, seed: 2 });
    expect(b.info.embedded).toBe(true);
    expect(b.first.energy).toBe(-1);
  });
});
