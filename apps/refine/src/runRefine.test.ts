import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry } from '@hqml/core';
import { hqml as anneal } from '@hqml/anneal/plugin';
import { hqml as datasets } from '@hqml/datasets/plugin';
import { verifyReportJson } from '@hqml/eval';
import { hqml as evalModule } from '@hqml/eval/plugin';
import { CellStore } from '@hqml/experiment';
import { hqml as mitigation } from '@hqml/mitigation/plugin';
import { hqml as qaoa } from '@hqml/qaoa/plugin';
import { hqml as statevector } from '@hqml/statevector/plugin';
import { hqml as tfjsModels } from '@hqml/tfjs-models/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRefineConfig } from './config.js';
import { featureGraph } from './featureGraph.js';
import { LabellingQubo } from './labellingQubo.js';
import type { CnnOutcome, RefineOutcome, TuneOutcome } from './refineCells.js';
import { planRefineCells, runRefine } from './runRefine.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'hqml-refine-run-'));
  dirs.push(d);
  return d;
}

const registry = PluginRegistry.of(datasets, tfjsModels, evalModule, anneal, qaoa, statevector, mitigation);

const raw = {
  title: 'tiny',
  seeds: [1, 2],
  tfjsBackend: 'cpu',
  qubo: { candidates: [2], neighbours: [3], agreement: [0, 1.5] },
  tuning: { annealer: 'anneal.exact', sample: { numReads: 1 } },
  refiners: [
    { name: 'exact', annealer: 'anneal.exact', sample: { numReads: 1 } },
    { name: 'sa', annealer: { id: 'anneal.sa', options: { numThreads: 1 } }, sample: { numReads: 8 } },
    { name: 'sa-qac', annealer: { id: 'anneal.sa', options: { numThreads: 1 } }, sample: { numReads: 8 }, mitigators: [{ id: 'mitigation.repetition', options: { strategy: 'qac', penalty: 1 } }] },
    { name: 'qaoa', annealer: { id: 'anneal.qaoa', options: { p: 1, numReads: 16, blockSweeps: 1 } }, blockVariables: 6 },
    { name: 'qaoa-qac', annealer: { id: 'anneal.qaoa', options: { p: 1, numReads: 16, blockSweeps: 1, blockSize: 8 } }, mitigators: ['mitigation.repetition'] },
  ],
  experiments: [{ name: 'digits', dataset: 'mnist', classes: [3, 5, 8], train: { perClass: 12 }, validation: 0.25, test: { perClass: 3 }, cnn: { epochs: 1, batchSize: 8 } }],
};
const tiny = parseRefineConfig(raw);

/** The brute-force minimum of a labelling QUBO's Potts energy over every labelling of the candidates. */
function bruteForceMinimum(q: LabellingQubo): number {
  const m = q.candidates;
  let best = Infinity;
  for (let s = 0; s < m ** q.size; s++) {
    const L = Array.from({ length: q.size }, (_, i) => q.candidateClasses[i * m + (Math.floor(s / m ** i) % m)]!);
    best = Math.min(best, q.labellingEnergy(L));
  }
  return best;
}

describe('runRefine', () => {
  it('runs every cell, writes a re-checkable report with the claim, resumes, and reruns exactly what a config line changes', async () => {
    const root = await temp();
    const runDir = join(root, 'run');
    const first = await runRefine(tiny, { runDir, registry, log: null });
    expect(first).toMatchObject({ cellsRun: 14, cellsReused: 0 });
    const [report] = first.reports;
    expect(verifyReportJson(JSON.parse(await readFile(report!.files.json, 'utf8')))).toEqual([]);
    const md = await readFile(report!.files.markdown, 'utf8');
    expect(md).toMatch(/## Refinement/);
    expect(md).toMatch(/Claimed: \*\*\+7\.6%\*\*/);
    expect(md).toMatch(/\| sa-qac \| .* \| \+7\.6 \|/);
    expect(md).toMatch(/sa-qac − sa/); // protected vs unprotected, paired
    expect(md).toMatch(/sa-qac: anneal\.sa \(numThreads 1\) \+ mitigation\.repetition \(strategy qac, penalty 1\) \(composed as mitigation\.repetition\(anneal\.sa\)\)/);
    expect(first.rows.map((r) => r.condition)).toEqual(['cnn', 'exact', 'sa', 'sa-qac', 'qaoa', 'qaoa-qac']);

    const store = new CellStore<RefineOutcome>(runDir);
    const cells = planRefineCells(tiny, new Map(tiny.refiners.map((r) => [r.name, { warmStart: r.name === 'qaoa', blocks: r.name === 'qaoa' }])), (ref) => JSON.stringify(ref).includes('qaoa'));
    const read = async <R extends RefineOutcome>(condition: string, seed: number): Promise<R> => {
      const found = await store.read(cells.find((c) => c.condition === condition && c.seed === seed)!);
      expect(found.status).toBe('done');
      return (found as unknown as { cell: { result: R } }).cell.result;
    };
    for (const seed of tiny.seeds) {
      const cnn = await read<CnnOutcome>('cnn', seed);
      const tune = await read<TuneOutcome>('tune', seed);
      expect(cnn.test.size).toBe(9);
      expect(cnn.test.featureSize).toBe(84);
      expect(tune.grid).toHaveLength(2);
      // the test QUBO rebuilt from the stored outputs: the exact refiner reaches its brute-force minimum, the others not below it
      const g = featureGraph(cnn.test.features, 9, 84, tune.weights.neighbours, 'self-tuning');
      const q = LabellingQubo.build(cnn.test.logits, 3, g, tune.weights);
      const min = bruteForceMinimum(q);
      const exact = await read<RefineOutcome>('exact', seed);
      expect(exact.extra['energy']).toBeCloseTo(min, 6);
      expect(exact.extra['networkEnergy']).toBeCloseTo(q.labellingEnergy(q.networkLabels()), 6);
      for (const r of ['sa', 'sa-qac', 'qaoa', 'qaoa-qac']) expect((await read<RefineOutcome>(r, seed)).extra['energy']).toBeGreaterThanOrEqual(min - 1e-6);
      // the repetition code wrapped SA: the composed solver and the logical QUBO's size
      const qac = await read<RefineOutcome & { solver: string }>('sa-qac', seed);
      expect(qac.solver).toBe('mitigation.repetition(anneal.sa)');
      expect(qac.extra['variables']).toBe(18);
      expect((await read<RefineOutcome & { solver: string }>('qaoa', seed)).solver).toBe('anneal.qaoa');
      expect((await read<RefineOutcome & { solver: string }>('qaoa-qac', seed)).solver).toBe('mitigation.repetition(anneal.qaoa)');
    }

    const again = await runRefine(tiny, { runDir, registry, log: null });
    expect(again).toMatchObject({ cellsRun: 0, cellsReused: 14 });
    expect(again.rows).toEqual(first.rows);

    // one refiner's sample options: its cells only
    const sa = parseRefineConfig({ ...raw, refiners: raw.refiners.map((r) => (r.name === 'sa' ? { ...r, sample: { numReads: 9 } } : r)) });
    expect(await runRefine(sa, { runDir, registry, log: null })).toMatchObject({ cellsRun: 2, cellsReused: 12 });
    // the weight grid: the tuning and every refiner, not the CNN
    const grid = parseRefineConfig({ ...raw, refiners: raw.refiners.map((r) => (r.name === 'sa' ? { ...r, sample: { numReads: 9 } } : r)), qubo: { ...raw.qubo, agreement: [0, 2] } });
    expect(await runRefine(grid, { runDir, registry, log: null })).toMatchObject({ cellsRun: 12, cellsReused: 2 });
  });

  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an unknown annealer', { refiners: [{ name: 'x', annealer: 'anneal.nope' }] }, /at refiners\[0\]\.annealer: unknown annealer "anneal\.nope"; registered annealer ids: anneal\.exact, anneal\.pt, anneal\.qaoa, anneal\.sa, anneal\.sqa/],
    ['a backend mitigator around an annealer', { refiners: [{ name: 'x', annealer: 'anneal.sa', mitigators: ['mitigation.zne'] }] }, /at refiners\[0\]\.mitigators\[0\]: mitigator "mitigation\.zne" wraps a backend, but this list wraps the annealer/],
    ['an annealer mitigator around the backend', { mitigators: ['mitigation.spin-reversal'] }, /at mitigators\[0\]: mitigator "mitigation\.spin-reversal" wraps an annealer, but this list wraps the backend/],
    ['a bad annealer option', { refiners: [{ name: 'x', annealer: { id: 'anneal.qaoa', options: { p: 0 } } }] }, /at refiners\[0\]\.annealer: .*p/],
    ['a warm start for an annealer without one', { refiners: [{ name: 'x', annealer: 'anneal.sa', warmStart: true }] }, /at refiners\[0\]\.warmStart: anneal\.sa does not take a warm start/],
    ['a warm start through a mitigator', { refiners: [{ name: 'x', annealer: { id: 'anneal.qaoa', options: { blockSize: 6 } }, warmStart: true, mitigators: ['mitigation.spin-reversal'] }] }, /warmStart: anneal\.qaoa is wrapped by mitigation\.spin-reversal.*pass a warm start through unchanged/],
    ['a wrapped block annealer without blockSize', { refiners: [{ name: 'x', annealer: 'anneal.qaoa', mitigators: ['mitigation.repetition'] }] }, /anneal\.qaoa is wrapped by mitigation\.repetition and has no blockSize.*options: \{ blockSize: 12 \}/],
    ['blocks smaller than an image', { qubo: { candidates: [2, 3], neighbours: [3], agreement: [0] }, refiners: [{ name: 'x', annealer: 'anneal.qaoa', blockVariables: 2 }] }, /at refiners\[0\]\.blockVariables: 2.*up to 3 variables/],
    ['more candidates than classes', { qubo: { candidates: [4], neighbours: [3], agreement: [0] } }, /at qubo\.candidates: 4 for experiments\[0\] \("digits"\).*3 classes/],
    ['a CNN without features', { experiments: [{ ...raw.experiments[0], cnn: { model: 'ensemble', epochs: 1, batchSize: 8 } }] }, /at experiments\[0\]\.cnn\.model: "ensemble" does not give features/],
    ['two refiners with one name', { refiners: [raw.refiners[1], raw.refiners[1]] }, /at refiners\[1\]: the name "sa" is used twice/],
    ['an unknown class', { experiments: [{ ...raw.experiments[0], classes: [3, 10] }] }, /at experiments\[0\]\.classes: class 10 does not exist in mnist/],
    ['an unknown data set', { experiments: [{ ...raw.experiments[0], dataset: 'imagenet' }] }, /unknown dataset "imagenet"/],
  ];
  it.each(refused)('refuses %s before anything is written', async (_what, change, message) => {
    const root = await temp();
    const runDir = join(root, 'run');
    const cfg = parseRefineConfig({ ...raw, ...change });
    await expect(runRefine(cfg, { runDir, registry, log: null })).rejects.toThrow(message);
    expect(existsSync(runDir)).toBe(false);
  });
});
