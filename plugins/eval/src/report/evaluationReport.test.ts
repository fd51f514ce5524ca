import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng, TrainingHistory, ValidationError } from '@hqml/core';
import { classificationMetrics } from '../metrics/classification.js';
import { pairedDifference } from '../stats/pairedDifference.js';
import { summarize } from '../stats/summarize.js';
import { countElements, parseSvg } from '../svg/xml.testutil.js';
import { EvaluationReport, type ReportInput, verifyReportJson } from './evaluationReport.js';
import { renderMarkdown } from './markdown.js';
import { writeReport } from './writeReport.js';

const SEEDS = [11, 12, 13];
const K = 3;

/** A run whose predictions are right with probability `skill` (seeded). */
function run(seed: number, skill: number, epochs = 3) {
  const rng = Rng.from(seed * 100 + Math.round(skill * 100));
  const yTrue = Array.from({ length: 60 }, (_, i) => i % K);
  const yPred = yTrue.map((y) => (rng.float() < skill ? y : rng.int(K)));
  let history = new TrainingHistory([], { seed });
  for (let e = 1; e <= epochs; e++) history = history.append({ epoch: e, loss: 1.5 / e + rng.float() * 0.05, valAccuracy: skill - 0.2 / e });
  return { seed, metrics: classificationMetrics(yTrue, yPred, K), history, extra: { trainSeconds: 10 + rng.float() } };
}

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    title: 'KD test',
    config: { dataset: 'mnist', classes: [0, 1, 2], qubits: 4 },
    seeds: SEEDS,
    backend: 'statevector',
    wallTimeSeconds: 12.5,
    createdAt: '2026-01-01T00:00:00.000Z',
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'test cpu' },
    packages: { '@hqml/distill': '0.1.0' },
    classes: ['zero', 'one', 'two'],
    conditions: [
      { name: 'baseline', runs: SEEDS.map((s) => run(s, 0.6)), reference: { accuracy: 0.938 } },
      { name: 'distilled', runs: SEEDS.map((s) => run(s, 0.8)) },
    ],
    comparisons: [{ treatment: 'distilled', control: 'baseline' }],
    notes: ['synthetic predictions'],
    ...overrides,
  };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('EvaluationReport', () => {
  it('summarizes per-seed values and compares conditions pairwise by seed', () => {
    const r = EvaluationReport.create(input());
    const acc = r.conditions[0]!.runs.map((x) => x.metrics.accuracy);
    expect(r.summary('baseline', 'accuracy')).toEqual(summarize(acc));
    const d = r.compare('distilled', 'baseline', 'macroF1');
    const f1 = (name: string) => r.condition(name).runs.map((x) => x.metrics.macro.f1);
    expect(d.meanDifference).toBeCloseTo(pairedDifference(f1('distilled'), f1('baseline')).meanDifference, 15);
    expect(d.seeds).toEqual(SEEDS);
    expect(r.metricNames()).toEqual(['accuracy', 'macroPrecision', 'macroRecall', 'macroF1', 'trainSeconds']);
    expect(r.summary('distilled', 'trainSeconds')!.n).toBe(3);
    // The pooled confusion matrix is the sum of the per-seed ones.
    const pooled = r.pooledConfusion('baseline');
    expect(pooled.flat().reduce((s, v) => s + v, 0)).toBe(180);
    expect(r.info.packages['@hqml/eval']).toBe('0.1.0');
    expect(r.info.packages['@hqml/core']).toBe('0.1.0');
    expect(r.info.packages['@hqml/distill']).toBe('0.1.0');
  });

  it('pairs by seed, not by position', () => {
    const base = input();
    const reversed = { ...base.conditions[1]!, runs: [...base.conditions[1]!.runs].reverse() };
    const r = EvaluationReport.create({ ...base, conditions: [base.conditions[0]!, reversed] });
    const r0 = EvaluationReport.create(base);
    expect(r.compare('distilled', 'baseline', 'accuracy').meanDifference).toBeCloseTo(r0.compare('distilled', 'baseline', 'accuracy').meanDifference, 15);
    expect(r.compare('distilled', 'baseline', 'accuracy').differences).toEqual(r0.compare('distilled', 'baseline', 'accuracy').differences);
  });

  it('is immutable', () => {
    const r = EvaluationReport.create(input());
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.conditions[0]!.runs[0]!.metrics.confusion[0])).toBe(true);
    expect(Object.isFrozen(r.info.config)).toBe(true);
    expect(() => {
      (r.info.seeds as number[]).push(1);
    }).toThrow(TypeError);
  });

  it('round-trips through JSON, and every stored derived number is re-computable', () => {
    const r = EvaluationReport.create(input());
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    expect(json.schema).toBe('hqml.evaluation-report/1');
    const back = EvaluationReport.fromJSON(json);
    expect(back.toJSON()).toEqual(r.toJSON());
    expect(back.condition('distilled').runs[1]!.history!.epochs).toEqual(r.condition('distilled').runs[1]!.history!.epochs);
    expect(verifyReportJson(json)).toEqual([]);
    // A tampered derived number is found.
    const tampered = structuredClone(json) as { conditions: { summary: { accuracy: { mean: number } } }[] };
    tampered.conditions[0]!.summary.accuracy.mean += 0.01;
    expect(verifyReportJson(tampered)).toEqual([expect.stringMatching(/^conditions\[0\]\.summary\.accuracy\.mean: stored/)]);
  });

  it('keeps 0/0 metrics undefined under zeroDivision "nan" through JSON (as null)', () => {
    const metrics = classificationMetrics([0, 0, 1], [0, 0, 0], 3, { zeroDivision: 'nan' });
    const r = EvaluationReport.create(input({ seeds: [1], comparisons: [], conditions: [{ name: 'only', runs: [{ seed: 1, metrics }] }] }));
    const json = JSON.parse(JSON.stringify(r)) as { conditions: { runs: { metrics: { precision: (number | null)[] } }[]; summary: { accuracy: { std: null; ci: null } } }[] };
    expect(json.conditions[0]!.runs[0]!.metrics.precision).toEqual([2 / 3, null, null]);
    expect(json.conditions[0]!.summary.accuracy).toMatchObject({ n: 1, std: null, ci: null });
    const back = EvaluationReport.fromJSON(json);
    expect(Number.isNaN(back.conditions[0]!.runs[0]!.metrics.precision[1]!)).toBe(true);
    expect(verifyReportJson(json)).toEqual([]);
  });

  it('validates its input with the offending value named', () => {
    expect(() => EvaluationReport.create(input({ seeds: [11, 11, 12] }))).toThrow(/duplicates/);
    expect(() => EvaluationReport.create(input({ seeds: [11, 12] }))).toThrow(/seed 13/);
    expect(() => EvaluationReport.create(input({ comparisons: [{ treatment: 'distiled', control: 'baseline' }] }))).toThrow(/"distiled".*baseline, distilled/);
    expect(() => EvaluationReport.create(input({ classes: ['a', 'b'] }))).toThrow(/classes has 2 names/);
    expect(() => EvaluationReport.create(input({ wallTimeSeconds: -1 }))).toThrow(ValidationError);
    expect(() => EvaluationReport.create(input({ backend: '' }))).toThrow(/backend/);
    expect(() => EvaluationReport.fromJSON({ schema: 'other' })).toThrow(/schema/);
    expect(() => EvaluationReport.fromJSON({ schema: 'hqml.evaluation-report/1', info: {} })).toThrow(/no conditions with runs/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => EvaluationReport.create(input({ config: cyclic }))).toThrow(/config cannot be serialized/);
    const base = input();
    const bad = { ...base.conditions[0]!, runs: base.conditions[0]!.runs.map((x) => ({ ...x, extra: { accuracy: 1 } })) };
    expect(() => EvaluationReport.create({ ...base, conditions: [bad, base.conditions[1]!] })).toThrow(/extra\.accuracy/);
  });
});

describe('report writers', () => {
  it('writes Markdown, JSON and SVG files into the run directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hqml-eval-'));
    dirs.push(dir);
    const r = EvaluationReport.create(input());
    const files = await writeReport(r, join(dir, 'run'));
    const names = (await readdir(join(dir, 'run', 'plots'))).sort();
    expect(names).toEqual(['bars-accuracy.svg', 'bars-macrof1.svg', 'confusion-baseline.svg', 'confusion-distilled.svg', 'training-loss.svg', 'training-valaccuracy.svg']);
    expect(files.plots).toHaveLength(6);
    // No temporary files left behind by the atomic writes.
    expect((await readdir(join(dir, 'run'))).sort()).toEqual(['plots', 'report.json', 'report.md']);

    const json = JSON.parse(await readFile(files.json, 'utf8')) as Record<string, unknown>;
    expect(verifyReportJson(json)).toEqual([]);
    expect(json.info).toMatchObject({ seeds: SEEDS, backend: 'statevector', wallTimeSeconds: 12.5, config: { qubits: 4 } });

    const svg = async (name: string) => parseSvg(await readFile(join(dir, 'run', 'plots', name), 'utf8'));
    const bars = await svg('bars-accuracy.svg');
    expect(countElements(bars, 'rect', 'bar')).toBe(2);
    expect(countElements(bars, 'path', 'error-bar')).toBe(2);
    expect(countElements(await svg('confusion-baseline.svg'), 'rect', 'cell')).toBe(K * K);
    expect(countElements(await svg('training-loss.svg'), 'polyline', 'series')).toBe(6);

    const md = await readFile(files.markdown, 'utf8');
    expect(md).toContain('](plots/bars-accuracy.svg)');
    expect(md).toContain('| distilled − baseline | accuracy (%) | 3 |');
    expect(md).toContain('| reference accuracy (%) |');
    expect(md).toContain('93.80');
    expect(md).toContain('"qubits": 4');
    expect(md).toContain('| @hqml/eval | 0.1.0 |');
  });

  it('prints the numbers a reader can check by hand', () => {
    // Two seeds with accuracies 0.5 and 1.0: mean 75.00, std 35.36, t_{0.975,1} = 12.706.
    const m = (acc: number) => classificationMetrics([0, 1], acc === 1 ? [0, 1] : [0, 0], 2);
    const r = EvaluationReport.create({ title: 'hand', seeds: [1, 2], backend: 'cpu', wallTimeSeconds: 1, conditions: [{ name: 'c', runs: [{ seed: 1, metrics: m(0.5) }, { seed: 2, metrics: m(1) }] }] });
    const md = renderMarkdown(r);
    const half = (12.706204736174694 * Math.SQRT1_2 * 0.5) / Math.SQRT2;
    expect(md).toContain(`| c | 2 | 75.00 ± 35.36 | [${((0.75 - half) * 100).toFixed(2)}, ${((0.75 + half) * 100).toFixed(2)}] |`);
    expect(md).toContain('a 0/0 precision, recall or F1 (a class never predicted, or never present) counts as 0');
  });

  it('groups conditions in tables and bar charts and omits error bars for a single seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hqml-eval-'));
    dirs.push(dir);
    const one = (seed: number, skill: number) => run(seed, skill, 2);
    const r = EvaluationReport.create({
      title: 'grid',
      seeds: [1],
      backend: 'statevector',
      wallTimeSeconds: 3,
      conditions: [
        { name: 'mnist-3q/baseline', group: 'MNIST 3q', label: 'baseline', runs: [one(1, 0.5)] },
        { name: 'mnist-3q/lenet-kd', group: 'MNIST 3q', label: 'LeNet KD', runs: [one(1, 0.6)] },
        { name: 'fmnist-3q/baseline', group: 'FMNIST 3q', label: 'baseline', runs: [one(1, 0.4)] },
        { name: 'fmnist-3q/lenet-kd', group: 'FMNIST 3q', label: 'LeNet KD', runs: [one(1, 0.45)] },
      ],
    });
    const files = await writeReport(r, dir);
    const bars = parseSvg(await readFile(join(dir, 'plots', 'bars-accuracy.svg'), 'utf8'));
    expect(countElements(bars, 'rect', 'bar')).toBe(4);
    expect(countElements(bars, 'path', 'error-bar')).toBe(0);
    expect(countElements(bars, 'rect', 'legend-swatch')).toBe(2);
    expect(files.plots.map((p) => p.split('/').pop())).toContain('confusion-mnist-3q-lenet-kd.svg');
    const md = await readFile(files.markdown, 'utf8');
    expect(md).toContain('| MNIST 3q | LeNet KD (mnist-3q/lenet-kd) | 1 |');
  });
});
