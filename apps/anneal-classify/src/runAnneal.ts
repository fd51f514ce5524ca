import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { type AnnealerClassifier, type AnnealerConfig, classicalMds, controlTerms, hsDistances, resolveAnnealerConfig, scheduleSize, termLabel } from '@hqml/schedule-embedding';
import { type ClassicalModel, type Dataset, type EpochRecord, type FitOptions, writeFileAtomic } from '@hqml/core';
import { type ClassificationMetrics, type ReportFiles, lineChart, packageVersions } from '@hqml/eval';
import { type AppRunOptions, type CellSpec, CellStore, type ClassificationOutcome, RunLock, type SelectedData, type SelectionDefaults, type StoredCell, checkUniqueCells, checkWritableDir, defineCell, loadOptionsOf, loadSelection, runCells, seedRuns, selectedClasses } from '@hqml/experiment';
import type { QueueSettings } from '@hqml/queue/app';
import { type AnnealParts, checkAnneal, classifierRef, composeAnneal } from './compose.js';
import type { AnnealConfig, ExperimentConfig } from './config.js';
import { scatterPlot, scheduleHeatmaps } from './plots.js';

/** Options of {@link runAnneal}: the options every app's run takes, and the queue. */
export interface RunAnnealOptions extends AppRunOptions {
  /** Run the cells on `hqml worker`s through this Redis queue instead of in this process (the results and reports are the same). */
  readonly queue?: QueueSettings;
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
export interface AnnealOutcome extends ClassificationOutcome {
  readonly trainConfusion: number[][];
  /** Annealer only: mean schedule per class (C x steps*terms) and class-state traces (C x C). */
  readonly meanSchedules?: number[][];
  readonly traces?: number[];
}

/** What determines an anneal-classify cell's numbers (its key is the hash of this). */
export interface AnnealCellSpec {
  readonly kind: 'cnn' | 'annealer';
  readonly load: Readonly<Record<string, unknown>>;
  readonly experiment: Omit<ExperimentConfig, 'name' | 'reference'>;
  readonly tfjsBackend: AnnealConfig['tfjsBackend'];
  readonly backend: AnnealConfig['backend'] | null;
  readonly mitigators: AnnealConfig['mitigators'];
}

/** The data-selection defaults of anneal-classify: the first images of the files, the same subset for every seed. */
export const ANNEAL_SELECTION_DEFAULTS: SelectionDefaults = { selection: 'first', trainSeed: 0, testSeed: 0 };

/** The annealer section resolved (preset and overrides), for notes and plots. */
function resolvedAnnealer(exp: ExperimentConfig): AnnealerConfig {
  const { model: _m, ...o } = exp.annealer;
  const keys = ['preset', 'qubits', 'couplers', 'steps', 'totalTime', 'slices', 'order', 'amplitudeBound', 'backbone', 'filters'] as const;
  return resolveAnnealerConfig(Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])));
}

/** Every cell of a config: per experiment, the CNN alone (when configured) then the annealer, each over the seeds. */
export function planAnnealCells(cfg: AnnealConfig): Array<CellSpec<AnnealCellSpec>> {
  const cells: Array<CellSpec<AnnealCellSpec>> = [];
  for (const exp of cfg.experiments) {
    const { name: _n, reference: _r, ...experiment } = exp;
    const load = { train: loadOptionsOf(exp, 'train', 0, ANNEAL_SELECTION_DEFAULTS), test: loadOptionsOf(exp, 'test', 0, ANNEAL_SELECTION_DEFAULTS) };
    for (const kind of [...(exp.cnn ? (['cnn'] as const) : []), 'annealer' as const]) {
      for (const seed of cfg.seeds) {
        // The CNN alone does not run on the quantum backend: its cells do not depend on it.
        cells.push(defineCell(exp.name, kind, seed, { kind, load, experiment, tfjsBackend: cfg.tfjsBackend, backend: kind === 'annealer' ? cfg.backend : null, mitigators: kind === 'annealer' ? cfg.mitigators : [] }));
      }
    }
  }
  checkUniqueCells(cells);
  return cells;
}

function augmentNote(a: { pad: number; flip: boolean } | undefined): string {
  return a ? `, training batches augmented (random crop after ${a.pad}-pixel zero padding${a.flip ? ', horizontal flip' : ''}, seeded)` : '';
}

function confusionOf(m: ClassificationMetrics): number[][] {
  return m.confusion.map((r) => [...r]);
}

async function runCnn(parts: AnnealParts, exp: ExperimentConfig, cfg: AnnealConfig, ann: AnnealerConfig, seed: number, d: SelectedData, progress: boolean): Promise<AnnealOutcome> {
  const t = exp.cnn!;
  const { train, validation, test } = d;
  const C = train.classes.length;
  // the same backbone as the annealer's schedule network (LeNet-5, with its filters), softmax head
  const model = await parts.model<ClassicalModel>(t.model, { inputShape: train.shape, classes: C, seed, backend: cfg.tfjsBackend, ...(ann.filters ? { filters: ann.filters } : {}) });
  try {
    const t0 = performance.now();
    // with a validation split, the trainer restores the weights of the epoch with the lowest validation loss
    const history = await model.fit(train, { epochs: t.epochs, batchSize: t.batchSize, optimizer: 'adam', seed, progress, ...(t.learningRate ? { learningRate: t.learningRate } : {}), ...(t.learningRateDecay ? { learningRateDecay: t.learningRateDecay } : {}), ...(t.augment ? { augment: t.augment } : {}), ...(validation ? { validation } : {}) } as FitOptions);
    const trainSeconds = (performance.now() - t0) / 1000;
    const testM = parts.evaluator.metricsFromLogits(await model.logits(test.x, test.size), test.y, C);
    const trainM = parts.evaluator.metricsFromLogits(await model.logits(train.x, train.size), train.y, C);
    return { confusion: confusionOf(testM), trainConfusion: confusionOf(trainM), history: history.toJSON(), extra: { trainAccuracy: trainM.accuracy, trainSeconds } };
  } finally {
    model.dispose();
  }
}

async function runAnnealer(parts: AnnealParts, exp: ExperimentConfig, cfg: AnnealConfig, seed: number, d: SelectedData, progress: boolean): Promise<AnnealOutcome> {
  const { train, validation, test } = d;
  const C = train.classes.length;
  const ref = classifierRef(exp);
  const clf = await parts.model<AnnealerClassifier>(ref.id, { ...ref.options, inputShape: train.shape, classes: C, seed, tfjsBackend: cfg.tfjsBackend });
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
    const testM = parts.evaluator.metrics(test.y, testScores.predictions, C);
    const trainM = parts.evaluator.metrics(train.y, trainScores.predictions, C);
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

/** The runner of anneal-classify's cells (see {@link createAnnealCellRunner}). */
export interface AnnealCellRunner {
  /** Runs one cell: the CNN alone or the annealer classifier of its experiment and seed, evaluated once on the test set. */
  run(cell: CellSpec<AnnealCellSpec>): Promise<AnnealOutcome>;
  /** The data of an experiment loaded so far (for report notes). */
  data(experiment: string): SelectedData | undefined;
  /** Releases an experiment's data. */
  release(experiment: string): void;
}

/**
 * anneal-classify's cell function: what one cell computes, called by the local runner and by a
 * queue worker alike, so both give the same numbers; an experiment's data is loaded once for
 * its consecutive cells.
 */
export function createAnnealCellRunner(cfg: AnnealConfig, parts: AnnealParts, o: { log: (line: string) => void; progress: boolean }): AnnealCellRunner {
  const expOf = new Map(cfg.experiments.map((e) => [e.name, e]));
  const dataOf = new Map<string, SelectedData>();
  const loadData = async (exp: ExperimentConfig): Promise<SelectedData> => {
    let d = dataOf.get(exp.name);
    if (!d) {
      d = await loadSelection(parts.datasets.get(exp.dataset)!, exp, 0, ANNEAL_SELECTION_DEFAULTS, cfg.dataDir);
      dataOf.set(exp.name, d);
    }
    return d;
  };
  return {
    data: (name) => dataOf.get(name),
    release: (name) => void dataOf.delete(name),
    run: async (c) => {
      const exp = expOf.get(c.experiment)!;
      const d = await loadData(exp);
      const c0 = performance.now();
      const cell = c.spec.kind === 'cnn' ? await runCnn(parts, exp, cfg, resolvedAnnealer(exp), c.seed, d, o.progress) : await runAnnealer(parts, exp, cfg, c.seed, d, o.progress);
      o.log(`[${exp.name}] ${c.spec.kind} seed ${c.seed}: test accuracy ${(parts.evaluator.metricsFromConfusion(cell.confusion).accuracy * 100).toFixed(1)}%, train ${(cell.extra['trainAccuracy']! * 100).toFixed(1)}% (${((performance.now() - c0) / 1000).toFixed(0)} s)`);
      return cell;
    },
  };
}

/**
 * Runs every experiment of a config: per seed, the CNN alone (softmax head on the same LeNet-5
 * backbone) and the schedule-embedding classifier, then one report per experiment (the
 * evaluator's Markdown/JSON/SVG report with CIs and a paired comparison, plus mean schedules per
 * class, annealer loss curves and a 2-D projection of the class states). Every part is resolved
 * by plugin id (composeAnneal) after the config was checked against the registry, the data sets
 * and the run directory; finished cells are stored under their key and reused, so an
 * interrupted run resumes and an edited config reruns only the cells it changed.
 */
export async function runAnneal(cfg: AnnealConfig, o: RunAnnealOptions): Promise<AnnealResult> {
  const log = o.log === null ? () => {} : (o.log ?? ((l: string) => process.stderr.write(`${l}\n`)));
  const t0 = performance.now();
  const runDir = resolve(o.runDir);
  const checked = await checkAnneal(cfg, o.registry, o.container);
  const cells = planAnnealCells(cfg);
  await checkWritableDir(runDir);
  const lock = await RunLock.acquire(runDir, log);
  let parts: AnnealParts | undefined;
  try {
    parts = await composeAnneal(cfg, o.registry, o.container, checked);
    const store = new CellStore<AnnealOutcome>(runDir);
    if (o.fresh) await store.clear();
    const p = parts;
    const runner = createAnnealCellRunner(cfg, p, { log, progress: o.progress ?? false });
    const sink = o.log === null ? null : { write: (t: string) => log(t.replace(/\n$/, '')), isTTY: false };
    const run = o.queue
      ? await (await import('@hqml/queue')).runCellsOnQueue({ ...o.queue, app: 'anneal-classify', title: cfg.title, config: cfg, cells, store, sink })
      : await runCells<AnnealCellSpec, AnnealOutcome>({ cells, store, sink, afterExperiment: (name) => runner.release(name), run: (c) => runner.run(c) });

    // The TF.js backend the cells trained on (recorded in their histories; a queued run trains nothing here).
    const tfjsName = tf.getBackend() ?? ([...run.results.values()][0]?.result.history.meta as { backend?: string } | undefined)?.backend;
    const reports: Array<{ experiment: string; files: ReportFiles; extraPlots: string[] }> = [];
    const rows: AnnealRow[] = [];
    for (const exp of cfg.experiments) {
      const ann = resolvedAnnealer(exp);
      const dataset = p.datasets.get(exp.dataset)!;
      const classNames = selectedClasses(exp, dataset).map((c) => dataset.classes[c] ?? String(c));
      const C = classNames.length;
      const sizes = await dataSizes(dataset, exp, cfg.dataDir, runner.data(exp.name));
      const conditions: Array<{ name: 'cnn' | 'annealer'; label: string; cells: Array<StoredCell<AnnealOutcome>> }> = [];
      for (const kind of [...(exp.cnn ? (['cnn'] as const) : []), 'annealer' as const]) {
        const stored = cells.filter((c) => c.experiment === exp.name && c.condition === kind).map((c) => run.results.get(c.id)!);
        conditions.push({ name: kind, label: kind === 'cnn' ? 'CNN alone (softmax, same backbone)' : `annealer embedding (n=${ann.qubits}, ${ann.steps} steps)`, cells: stored });
      }
      const ref = exp.reference;
      const trainSel = exp.train;
      const selection = trainSel.selection ?? ANNEAL_SELECTION_DEFAULTS.selection;
      const notes = [
        `Data: ${exp.dataset}, ${sizes.train} training images (${selection}${trainSel.limit ? `, limit ${trainSel.limit}` : ''}${trainSel.perClass ? `, ${trainSel.perClass} per class` : ''})${sizes.validation ? `, ${sizes.validation} validation images held out of the selection (stratified)` : ''}, ${sizes.test} test images; the test set is used once, after training, and never for selection.`,
        `Annealer: ${ann.preset} preset, n = ${ann.qubits} qubits, couplers ${ann.couplers}, ${ann.steps} steps, T = ${ann.totalTime}, ${ann.slices} Trotter slices per step (order ${ann.order}), amplitudes = ${ann.amplitudeBound} tanh(CNN output); backbone ${ann.backbone}${ann.filters ? ` (filters ${ann.filters.join('/')})` : ''}; ${exp.training.epochs} epochs, batch ${exp.training.batchSize}${augmentNote(exp.training.augment)}, objective ${exp.training.objective === 'hs' ? 'hs (pair-averaged Hilbert-Schmidt cost, Lloyd et al. 2020)' : exp.training.objective === 'hs-log' ? 'hs-log (pair-averaged -ln(D_hs/2 + 0.01))' : `distance-ce (cross-entropy over -HS distance / ${exp.training.temperature})`}, weights of the ${exp.training.select === 'validation' ? 'epoch with the best validation accuracy' : 'last epoch'}. Prediction: nearest class state in Hilbert-Schmidt distance; extra fidelityAccuracy uses the largest fidelity <psi|rho_c|psi> instead.`,
        ...(exp.cnn ? [`CNN alone: LeNet-5${ann.filters ? ` (filters ${ann.filters.join('/')})` : ''} with a ${C}-way softmax head, ${exp.cnn.epochs} epochs, batch ${exp.cnn.batchSize}${augmentNote(exp.cnn.augment)}, Adam${exp.cnn.learningRate ? ` ${exp.cnn.learningRate}` : ''}${exp.cnn.learningRateDecay ? ` x ${exp.cnn.learningRateDecay}/epoch` : ''}${sizes.validation ? ', weights of the epoch with the lowest validation loss' : ''}.`] : []),
        ...(ref ? [`Reference (${ref.source ?? 'published'}): ${ref.trainAccuracy !== undefined ? `training accuracy ${(ref.trainAccuracy * 100).toFixed(1)}%` : ''}${ref.testAccuracy !== undefined ? `, test accuracy ${(ref.testAccuracy * 100).toFixed(1)}%` : ''}; shown beside the annealer condition.`] : []),
      ];
      const report = p.evaluator.report({
        title: `${cfg.title}: ${exp.name}`,
        config: { ...cfg, experiments: [exp], annealerResolved: ann } as unknown as Record<string, unknown>,
        seeds: cfg.seeds,
        backend: `${p.composition.backendLabel(cfg.backend)}, tfjs ${tfjsName}`,
        wallTimeSeconds: (performance.now() - t0) / 1000,
        packages: packageVersions(['@hqml/anneal-classify', '@hqml/experiment', '@hqml/schedule-embedding', '@hqml/statevector', '@hqml/tfjs-models', '@hqml/datasets']),
        classes: classNames,
        conditions: conditions.map((c) => ({
          name: c.name,
          label: c.label,
          runs: seedRuns(p.evaluator, c.cells),
          ...(c.name === 'annealer' && ref ? { reference: { ...(ref.testAccuracy !== undefined ? { accuracy: ref.testAccuracy } : {}), ...(ref.trainAccuracy !== undefined ? { trainAccuracy: ref.trainAccuracy } : {}) } } : {}),
        })),
        comparisons: exp.cnn ? [{ treatment: 'annealer', control: 'cnn' }] : [],
        notes,
      });
      const dir = join(runDir, exp.name);
      const files = await p.evaluator.write(report, dir);
      const extraPlots = await writeAnnealerPlots(dir, files.markdown, conditions.find((c) => c.name === 'annealer')!.cells.map((c) => ({ seed: c.seed, cell: c.result })), classNames, ann, exp.name, exp.training.objective);
      reports.push({ experiment: exp.name, files, extraPlots });
      for (const c of conditions) {
        const acc = report.summary(c.name, 'accuracy');
        const f1 = report.summary(c.name, 'macroF1');
        const trainAcc = c.cells.reduce((s, x) => s + x.result.extra['trainAccuracy']!, 0) / c.cells.length;
        rows.push({ experiment: exp.name, condition: c.name, seeds: c.cells.length, testAccuracy: acc?.mean ?? Number.NaN, testAccuracyCi: acc?.ci?.halfWidth ?? null, macroF1: f1?.mean ?? Number.NaN, trainAccuracy: trainAcc, ...(c.name === 'annealer' && ref?.testAccuracy !== undefined ? { reference: ref.testAccuracy } : {}) });
      }
    }
    return { runDir, reports, rows, cellsRun: run.cellsRun, cellsReused: run.cellsReused, wallTimeSeconds: (performance.now() - t0) / 1000 };
  } finally {
    await parts?.composition.dispose();
    await lock.release();
  }
}

/** Sizes of the selected splits (for the notes), from the loaded data or the stored confusion-free selection. */
async function dataSizes(dataset: Dataset, exp: ExperimentConfig, dataDir: string | undefined, loaded: SelectedData | undefined): Promise<{ train: number; validation: number; test: number }> {
  const d = loaded ?? (await loadSelection(dataset, exp, 0, ANNEAL_SELECTION_DEFAULTS, dataDir));
  return { train: d.train.size, validation: d.validation?.size ?? 0, test: d.test.size };
}

/** Mean schedules per class (first seed), annealer loss curves (all seeds), 2-D MDS of the class states; appended to report.md. */
async function writeAnnealerPlots(dir: string, markdownFile: string, cells: ReadonlyArray<{ seed: number; cell: AnnealOutcome }>, classNames: readonly string[], ann: AnnealerConfig, name: string, objective: 'hs' | 'hs-log' | 'distance-ce'): Promise<string[]> {
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
