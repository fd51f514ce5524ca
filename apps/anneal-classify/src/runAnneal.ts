import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { AnnealerClassifier, type AnnealerConfig, classicalMds, controlTerms, hsDistances, resolveAnnealerConfig, scheduleSize, termLabel } from '@hqml/schedule-embedding';
import { type DataSplit, TrainingHistory, type EpochRecord, writeFileAtomic } from '@hqml/core';
import { cifar10, mnist } from '@hqml/datasets';
import { type ClassificationMetrics, EvaluationReport, type ReportFiles, classificationMetrics, classificationMetricsFromLogits, lineChart, metricsFromConfusion, packageVersions, writeReport } from '@hqml/eval';
import { StatevectorBackend } from '@hqml/statevector';
import { TfjsModel } from '@hqml/tfjs-models';
import type { AnnealConfig, ExperimentConfig } from './config.js';
import { scatterPlot, scheduleHeatmaps } from './plots.js';

/** Options of {@link runAnneal}. */
export interface RunAnnealOptions {
  readonly runDir: string;
  /** Discard finished cells and run everything again. */
  readonly fresh?: boolean;
  /** Progress lines (stderr by default; null for none). */
  readonly log?: ((line: string) => void) | null;
  /** Progress bars during training. */
  readonly progress?: boolean;
}

/** One line of the results table. */
export interface AnnealRow {
  readonly experiment: string;
  readonly condition: string;
  readonly seeds: number;
  readonly testAccuracy: number;
  readonly testAccuracyCi: number | null;
  readonly macroF1: number;
  readonly trainAccuracy: number;
  readonly reference?: number;
}

/** The outcome of {@link runAnneal}. */
export interface AnnealResult {
  readonly runDir: string;
  readonly reports: ReadonlyArray<{ readonly experiment: string; readonly files: ReportFiles; readonly extraPlots: readonly string[] }>;
  readonly rows: readonly AnnealRow[];
  readonly cellsRun: number;
  readonly cellsReused: number;
  readonly wallTimeSeconds: number;
}

/** What one (experiment, condition, seed) cell stores, so a run can resume. */
interface CellResult {
  readonly confusion: number[][];
  readonly trainConfusion: number[][];
  readonly history: ReturnType<TrainingHistory['toJSON']>;
  readonly extra: Record<string, number>;
  /** Annealer only: mean schedule per class (C x steps*terms) and class-state traces (C x C). */
  readonly meanSchedules?: number[][];
  readonly traces?: number[];
}

async function readCell(file: string): Promise<CellResult | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CellResult;
  } catch {
    return null;
  }
}

async function loadData(exp: ExperimentConfig): Promise<{ train: DataSplit; validation: DataSplit | null; test: DataSplit; classNames: string[] }> {
  const ds = exp.dataset === 'mnist' ? mnist() : cifar10();
  const classes = exp.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const opts = (s: ExperimentConfig['train']) => ({ classes, selection: s.selection, seed: 0, ...(s.perClass ? { perClass: s.perClass } : {}), ...(s.limit ? { limit: s.limit } : {}) });
  const held = exp.validation !== undefined ? { validation: exp.validation } : {};
  const train = await ds.load('train', { ...opts(exp.train), ...held });
  const validation = exp.validation !== undefined ? await ds.load('validation', { ...opts(exp.train), ...held }) : null;
  const test = await ds.load('test', opts(exp.test));
  return { train, validation, test, classNames: classes.map((c) => ds.classes[c] ?? String(c)) };
}

function augmentNote(a: { pad: number; flip: boolean } | undefined): string {
  return a ? `, training batches augmented (random crop after ${a.pad}-pixel zero padding${a.flip ? ', horizontal flip' : ''}, seeded)` : '';
}

function confusionOf(m: ClassificationMetrics): number[][] {
  return m.confusion.map((r) => [...r]);
}

async function runCnn(exp: ExperimentConfig, cfg: AnnealConfig, ann: AnnealerConfig, seed: number, train: DataSplit, validation: DataSplit | null, test: DataSplit, progress: boolean): Promise<CellResult> {
  const t = exp.cnn!;
  const C = train.classes.length;
  // the same backbone as the annealer's schedule network (LeNet-5, with its filters), softmax head
  const model = await TfjsModel.create('lenet5', { inputShape: train.shape, classes: C, seed, backend: cfg.tfjsBackend, ...(ann.filters ? { filters: ann.filters } : {}) });
  try {
    const t0 = performance.now();
    // with a validation split, the trainer restores the weights of the epoch with the lowest validation loss
    const history = await model.fit(train, { epochs: t.epochs, batchSize: t.batchSize, optimizer: 'adam', seed, progress, ...(t.learningRate ? { learningRate: t.learningRate } : {}), ...(t.learningRateDecay ? { learningRateDecay: t.learningRateDecay } : {}), ...(t.augment ? { augment: t.augment } : {}), ...(validation ? { validation } : {}) });
    const trainSeconds = (performance.now() - t0) / 1000;
    const testM = classificationMetricsFromLogits(await model.logits(test.x, test.size), test.y, C);
    const trainM = classificationMetricsFromLogits(await model.logits(train.x, train.size), train.y, C);
    return { confusion: confusionOf(testM), trainConfusion: confusionOf(trainM), history: history.toJSON(), extra: { trainAccuracy: trainM.accuracy, trainSeconds } };
  } finally {
    model.dispose();
  }
}

async function runAnnealer(exp: ExperimentConfig, cfg: AnnealConfig, ann: AnnealerConfig, seed: number, train: DataSplit, validation: DataSplit | null, test: DataSplit, backend: StatevectorBackend, progress: boolean): Promise<CellResult> {
  const C = train.classes.length;
  const clf = await AnnealerClassifier.create({
    annealer: { numQubits: ann.qubits, couplers: ann.couplers, steps: ann.steps, totalTime: ann.totalTime, slices: ann.slices, order: ann.order },
    inputShape: train.shape, numClasses: C, backend, backbone: ann.backbone, ...(ann.filters ? { filters: ann.filters } : {}), amplitudeBound: ann.amplitudeBound, seed, tfjsBackend: cfg.tfjsBackend,
  });
  try {
    const t0 = performance.now();
    const t = exp.training;
    const history = await clf.fit(train, {
      epochs: t.epochs, batchSize: t.batchSize, seed, progress, select: t.select,
      objective: t.objective === 'distance-ce' ? { kind: 'distance-ce', temperature: t.temperature } : { kind: t.objective },
      ...(t.learningRate ? { learningRate: t.learningRate } : {}), ...(t.learningRateDecay ? { learningRateDecay: t.learningRateDecay } : {}),
      ...(exp.maxMembers ? { maxMembers: exp.maxMembers } : {}), ...(validation ? { validation } : {}), ...(t.augment ? { augment: t.augment } : {}),
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const testScores = clf.predict(test.x, test.size);
    const trainScores = clf.predict(train.x, train.size);
    const testM = classificationMetrics(test.y, testScores.predictions, C);
    const trainM = classificationMetrics(train.y, trainScores.predictions, C);
    // the fidelity rule: the class state with the largest <psi|rho_c|psi> (differs from the distance rule when purities differ)
    let fidCorrect = 0;
    for (let i = 0; i < test.size; i++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (testScores.fidelities[i * C + c]! > testScores.fidelities[i * C + best]!) best = c;
      if (best === test.y[i]) fidCorrect++;
    }
    const S = scheduleSize(clf.spec);
    const sums = Array.from({ length: C }, () => new Array<number>(S).fill(0));
    const counts = new Array<number>(C).fill(0);
    for (let i = 0; i < train.size; i++) {
      const c = train.y[i]!;
      counts[c]!++;
      for (let k = 0; k < S; k++) sums[c]![k]! += trainScores.schedules[i * S + k]!;
    }
    const traces = Array.from(clf.states.traces());
    let meanPurity = 0;
    for (let c = 0; c < C; c++) meanPurity += clf.states.purities[c]! / C;
    return {
      confusion: confusionOf(testM), trainConfusion: confusionOf(trainM), history: history.toJSON(),
      extra: { trainAccuracy: trainM.accuracy, fidelityAccuracy: fidCorrect / test.size, meanPurity, finalLoss: history.last?.loss ?? Number.NaN, trainSeconds },
      meanSchedules: sums.map((s, c) => s.map((v) => v / Math.max(1, counts[c]!))), traces,
    };
  } finally {
    clf.dispose();
  }
}

/**
 * Runs every experiment of a config: per seed, the CNN alone (softmax head on the same LeNet-5
 * backbone) and the annealer-embedding classifier, then one report per experiment (eval's
 * Markdown/JSON/SVG report with CIs and a paired comparison, plus mean schedules per class,
 * annealer loss curves and a 2-D projection of the class states). Finished cells are stored in
 * the run directory and reused, so an interrupted run resumes.
 */
export async function runAnneal(cfg: AnnealConfig, o: RunAnnealOptions): Promise<AnnealResult> {
  const log = o.log === null ? () => {} : (o.log ?? ((l: string) => process.stderr.write(`${l}\n`)));
  const t0 = performance.now();
  const backend = new StatevectorBackend({ threads: cfg.threads });
  const reports: Array<{ experiment: string; files: ReportFiles; extraPlots: string[] }> = [];
  const rows: AnnealRow[] = [];
  let cellsRun = 0, cellsReused = 0;
  try {
    for (const exp of cfg.experiments) {
      const expT0 = performance.now();
      const ann = resolveAnnealerConfig(exp.annealer);
      const { train, validation, test, classNames } = await loadData(exp);
      const C = classNames.length;
      log(`[${exp.name}] ${exp.dataset}: ${train.size} train / ${validation?.size ?? 0} validation / ${test.size} test, ${C} classes; annealer n=${ann.qubits}, steps=${ann.steps}, T=${ann.totalTime}, slices=${ann.slices}, order=${ann.order}, bound=${ann.amplitudeBound}`);
      const conditions: Array<{ name: string; label: string; cells: Array<{ seed: number; cell: CellResult }> }> = [];
      const kinds = [...(exp.cnn ? (['cnn'] as const) : []), 'annealer' as const];
      for (const kind of kinds) {
        const cells: Array<{ seed: number; cell: CellResult }> = [];
        for (const seed of cfg.seeds) {
          const file = join(o.runDir, exp.name, 'cells', `${kind}-seed${seed}.json`);
          let cell = o.fresh ? null : await readCell(file);
          if (cell) {
            cellsReused++;
          } else {
            const c0 = performance.now();
            cell = kind === 'cnn' ? await runCnn(exp, cfg, ann, seed, train, validation, test, o.progress ?? false) : await runAnnealer(exp, cfg, ann, seed, train, validation, test, backend, o.progress ?? false);
            await writeFileAtomic(file, `${JSON.stringify(cell)}\n`);
            cellsRun++;
            log(`[${exp.name}] ${kind} seed ${seed}: test accuracy ${(metricsFromConfusion(cell.confusion).accuracy * 100).toFixed(1)}%, train ${(cell.extra['trainAccuracy']! * 100).toFixed(1)}% (${((performance.now() - c0) / 1000).toFixed(0)} s)`);
          }
          cells.push({ seed, cell });
        }
        conditions.push({ name: kind, label: kind === 'cnn' ? 'CNN alone (softmax, same backbone)' : `annealer embedding (n=${ann.qubits}, ${ann.steps} steps)`, cells });
      }
      const ref = exp.reference;
      const notes = [
        `Data: ${exp.dataset}, ${train.size} training images (${exp.train.selection}${exp.train.limit ? `, limit ${exp.train.limit}` : ''}${exp.train.perClass ? `, ${exp.train.perClass} per class` : ''})${validation ? `, ${validation.size} validation images held out of the selection (stratified)` : ''}, ${test.size} test images; the test set is used once, after training, and never for selection.`,
        `Annealer: ${ann.preset} preset, n = ${ann.qubits} qubits, couplers ${ann.couplers}, ${ann.steps} steps, T = ${ann.totalTime}, ${ann.slices} Trotter slices per step (order ${ann.order}), amplitudes = ${ann.amplitudeBound} tanh(CNN output); backbone ${ann.backbone}${ann.filters ? ` (filters ${ann.filters.join('/')})` : ''}; ${exp.training.epochs} epochs, batch ${exp.training.batchSize}${augmentNote(exp.training.augment)}, objective ${exp.training.objective === 'hs' ? 'hs (pair-averaged Hilbert-Schmidt cost, Lloyd et al. 2020)' : exp.training.objective === 'hs-log' ? 'hs-log (pair-averaged -ln(D_hs/2 + 0.01))' : `distance-ce (cross-entropy over -HS distance / ${exp.training.temperature})`}, weights of the ${exp.training.select === 'validation' ? 'epoch with the best validation accuracy' : 'last epoch'}. Prediction: nearest class state in Hilbert-Schmidt distance; extra fidelityAccuracy uses the largest fidelity <psi|rho_c|psi> instead.`,
        ...(exp.cnn ? [`CNN alone: LeNet-5${ann.filters ? ` (filters ${ann.filters.join('/')})` : ''} with a ${C}-way softmax head, ${exp.cnn.epochs} epochs, batch ${exp.cnn.batchSize}${augmentNote(exp.cnn.augment)}, Adam${exp.cnn.learningRate ? ` ${exp.cnn.learningRate}` : ''}${exp.cnn.learningRateDecay ? ` x ${exp.cnn.learningRateDecay}/epoch` : ''}${validation ? ', weights of the epoch with the lowest validation loss' : ''}.`] : []),
        ...(ref ? [`Reference (${ref.source ?? 'published'}): ${ref.trainAccuracy !== undefined ? `training accuracy ${(ref.trainAccuracy * 100).toFixed(1)}%` : ''}${ref.testAccuracy !== undefined ? `, test accuracy ${(ref.testAccuracy * 100).toFixed(1)}%` : ''}; shown beside the annealer condition.`] : []),
      ];
      const report = EvaluationReport.create({
        title: `${cfg.title}: ${exp.name}`,
        config: { ...cfg, experiments: [exp], annealerResolved: ann } as unknown as Record<string, unknown>,
        seeds: cfg.seeds,
        backend: `statevector (threads ${cfg.threads}), tfjs ${tf.getBackend()}`,
        wallTimeSeconds: (performance.now() - expT0) / 1000,
        packages: packageVersions(['@hqml/schedule-embedding', '@hqml/statevector', '@hqml/tfjs-models', '@hqml/datasets']),
        classes: classNames,
        conditions: conditions.map((c) => ({
          name: c.name,
          label: c.label,
          runs: c.cells.map(({ seed, cell }) => ({ seed, metrics: metricsFromConfusion(cell.confusion), history: TrainingHistory.fromJSON(cell.history), extra: cell.extra })),
          ...(c.name === 'annealer' && ref ? { reference: { ...(ref.testAccuracy !== undefined ? { accuracy: ref.testAccuracy } : {}), ...(ref.trainAccuracy !== undefined ? { trainAccuracy: ref.trainAccuracy } : {}) } } : {}),
        })),
        comparisons: exp.cnn ? [{ treatment: 'annealer', control: 'cnn' }] : [],
        notes,
      });
      const dir = join(o.runDir, exp.name);
      const files = await writeReport(report, dir);
      const extraPlots = await writeAnnealerPlots(dir, files.markdown, conditions.find((c) => c.name === 'annealer')!.cells, classNames, ann, exp.name, exp.training.objective);
      reports.push({ experiment: exp.name, files, extraPlots });
      for (const c of conditions) {
        const acc = report.summary(c.name, 'accuracy');
        const f1 = report.summary(c.name, 'macroF1');
        const trainAcc = c.cells.reduce((s, x) => s + x.cell.extra['trainAccuracy']!, 0) / c.cells.length;
        rows.push({ experiment: exp.name, condition: c.name, seeds: c.cells.length, testAccuracy: acc?.mean ?? Number.NaN, testAccuracyCi: acc?.ci?.halfWidth ?? null, macroF1: f1?.mean ?? Number.NaN, trainAccuracy: trainAcc, ...(c.name === 'annealer' && ref?.testAccuracy !== undefined ? { reference: ref.testAccuracy } : {}) });
      }
    }
  } finally {
    backend.dispose();
  }
  return { runDir: o.runDir, reports, rows, cellsRun, cellsReused, wallTimeSeconds: (performance.now() - t0) / 1000 };
}

/** Mean schedules per class (first seed), annealer loss curves (all seeds), 2-D MDS of the class states; appended to report.md. */
async function writeAnnealerPlots(dir: string, markdownFile: string, cells: ReadonlyArray<{ seed: number; cell: CellResult }>, classNames: readonly string[], ann: AnnealerConfig, name: string, objective: 'hs' | 'hs-log' | 'distance-ce'): Promise<string[]> {
  const curve = objective === 'hs' ? { caption: 'Hilbert-Schmidt cost', title: 'Hilbert-Schmidt cost', y: 'cost 1 - D_hs/2' } : objective === 'hs-log' ? { caption: 'log Hilbert-Schmidt cost (hs-log)', title: 'log Hilbert-Schmidt cost', y: 'cost -ln(D_hs/2 + 0.01)' } : { caption: 'cross-entropy over -HS distance (distance-ce)', title: 'distance cross-entropy', y: 'cross-entropy' };
  const first = cells[0]!;
  const C = classNames.length;
  const terms = controlTerms(ann.qubits, ann.couplers).map(termLabel);
  const files: Array<{ file: string; caption: string; svg: string }> = [];
  files.push({ file: 'annealer-schedules.svg', caption: `mean schedule per class (seed ${first.seed}, training images): amplitude of each control term over the ${ann.steps} steps`, svg: scheduleHeatmaps(`${name}: mean annealing schedule per class`, first.cell.meanSchedules!, classNames, terms, ann.steps, ann.amplitudeBound) });
  files.push({
    file: 'annealer-loss.svg',
    caption: `annealer training: mean mini-batch ${curve.caption} per epoch (one line per seed)`,
    svg: lineChart({ title: `${name}: ${curve.title}`, xLabel: 'epoch', yLabel: curve.y, series: cells.map(({ seed, cell }) => ({ name: `seed ${seed}`, points: cell.history.epochs.map((e: EpochRecord) => [e.epoch, e.loss] as const) })) }),
  });
  const dist = hsDistances(first.cell.traces!, C);
  const xy = classicalMds(dist, C);
  files.push({ file: 'annealer-class-states.svg', caption: `2-D projection (classical MDS of the Hilbert-Schmidt distances between class states, seed ${first.seed}); purities tr rho_c^2 = ${classNames.map((n, c) => `${n}: ${first.cell.traces![c * C + c]!.toFixed(2)}`).join(', ')}`, svg: scatterPlot(`${name}: class states (MDS of HS distances)`, xy, classNames, 'distance in the plane ~ sqrt of the HS distance') });
  const out: string[] = [];
  for (const f of files) {
    const p = join(dir, 'plots', f.file);
    await writeFileAtomic(p, f.svg);
    out.push(p);
  }
  const md = await readFile(markdownFile, 'utf8');
  const section = ['', '## Annealer plots', '', ...files.flatMap((f) => [`![${f.caption}](plots/${f.file})`, '', `*${f.caption}*`, ''])].join('\n');
  await writeFileAtomic(markdownFile, `${md.trimEnd()}\n${section}`);
  return out;
}
