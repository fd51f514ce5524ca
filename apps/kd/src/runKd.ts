import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ClassicalModel, type DataSplit, type DependencyContainer, type PluginRegistry, type TeacherTargets, writeFileAtomic } from '@hqml/core';
import { type EvaluationReport, type ReportFiles, packageVersions } from '@hqml/eval';
import { ArtifactStore, type CellSpec, CellStore, type ClassificationOutcome, type ProgressSink, RunLock, type SelectionDefaults, type StoredCell, checkUniqueCells, checkWritableDir, defaultCacheRoot, defineCell, loadOptionsOf, runCells, seedRuns, selectedClasses, selectedShape, stderrSink } from '@hqml/experiment';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { type KdParts, checkKd, composeKd, studentRef } from './compose.js';
import { type ExperimentConfig, type KdConfig, teacherName } from './config.js';
import { type KdTableRow, kdTable, renderSummary } from './table.js';
import { type TeacherRecord, type TeacherSpec, obtainTeacher, teacherSpecOf } from './teacherCache.js';

/** Options of {@link runKd}. */
export interface RunKdOptions {
  /** The run directory (created; finished cells in it are reused). */
  readonly runDir: string;
  /** The plugins the config may name (the CLI's registry). */
  readonly registry: PluginRegistry;
  /** The composition root's container (default: a fresh child of tsyringe's root). */
  readonly container?: DependencyContainer;
  /** Delete the run directory's finished cells first. */
  readonly fresh?: boolean;
  /** Teacher cache root; default {@link defaultCacheRoot}. */
  readonly cacheRoot?: string;
  /** Progress output; default stderr. `null` for none. */
  readonly progress?: ProgressSink | null;
}

/** What {@link runKd} returns. */
export interface KdRunResult {
  readonly runDir: string;
  /** One report per experiment, in `<runDir>/<experiment>/`. */
  readonly reports: readonly ExperimentReport[];
  readonly rows: readonly KdTableRow[];
  /** `<runDir>/summary.md`: the table of every experiment. */
  readonly summaryFile: string;
  readonly cellsRun: number;
  readonly cellsReused: number;
  readonly wallTimeSeconds: number;
}

/** One experiment's report (each experiment has its own classes, so its own report). */
export interface ExperimentReport {
  readonly experiment: string;
  readonly report: EvaluationReport;
  readonly files: ReportFiles;
}

/** What determines a kd cell's numbers (its key is the hash of this). */
export interface KdCellSpec {
  readonly data: Omit<ExperimentConfig, 'name' | 'label' | 'student' | 'teachers' | 'baseline' | 'reference'>;
  readonly trainLoad: Record<string, unknown>;
  readonly testLoad: Record<string, unknown>;
  readonly student: ExperimentConfig['student'];
  readonly teacher: TeacherSpec | null;
  readonly trainer: KdConfig['trainers']['baseline'];
  readonly training: KdConfig['training'];
  readonly backend: KdConfig['backend'];
  readonly mitigators: KdConfig['mitigators'];
}

/** The data-selection defaults of kd: random subsets, a new training subset per seed, the config's test seed. */
export function kdSelectionDefaults(config: KdConfig): SelectionDefaults {
  return { selection: 'random', trainSeed: 'run', testSeed: config.testSeed };
}

/** The conditions of an experiment: `baseline` and `kd-<teacher>` for each teacher. */
function conditionsOf(exp: ExperimentConfig, classes: readonly number[], config: KdConfig): Array<{ condition: string; teacher?: { name: string; spec: TeacherSpec } }> {
  const out: Array<{ condition: string; teacher?: { name: string; spec: TeacherSpec } }> = [];
  if (exp.baseline) out.push({ condition: 'baseline' });
  for (const t of exp.teachers) {
    const name = teacherName(t);
    out.push({ condition: `kd-${name}`, teacher: { name, spec: teacherSpecOf(exp, classes, t, config.teacherTraining) } });
  }
  return out;
}

/**
 * Every cell of the run, experiment by experiment, seed by seed, condition by condition.
 * `classesOf` gives an experiment's selected classes (its data set's, when it names none).
 */
export function planCells(config: KdConfig, classesOf: (exp: ExperimentConfig) => readonly number[] = (e) => e.classes ?? []): Array<CellSpec<KdCellSpec> & { readonly teacherName?: string }> {
  const cells: Array<CellSpec<KdCellSpec> & { teacherName?: string }> = [];
  const defaults = kdSelectionDefaults(config);
  for (const exp of config.experiments) {
    const { name: _n, label: _l, student, teachers: _t, baseline: _b, reference: _r, ...data } = exp;
    const classes = classesOf(exp);
    for (const seed of config.seeds) {
      for (const c of conditionsOf(exp, classes, config)) {
        const spec: KdCellSpec = {
          data,
          trainLoad: { ...loadOptionsOf(exp, 'train', seed, defaults) },
          testLoad: { ...loadOptionsOf(exp, 'test', seed, defaults) },
          student,
          teacher: c.teacher?.spec ?? null,
          trainer: c.teacher ? config.trainers.distilled : config.trainers.baseline,
          training: config.training,
          backend: config.backend,
          mitigators: config.mitigators,
        };
        cells.push({ ...defineCell(exp.name, c.condition, seed, spec), ...(c.teacher ? { teacherName: c.teacher.name } : {}) });
      }
    }
  }
  checkUniqueCells(cells);
  return cells;
}

const PACKAGES = ['@hqml/kd', '@hqml/experiment', '@hqml/distill', '@hqml/qnn', '@hqml/tfjs-models', '@hqml/datasets', '@hqml/statevector', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm'];

/**
 * Runs a distillation config. Before anything is written: the config's plugin ids and options are
 * checked against the registry, the experiments' classes against their data sets, the run
 * directory for writability. Then every part is composed by plugin id (composeKd), and for
 * every experiment, seed and condition (baseline, kd-<teacher>) a student is built, trained
 * (model selection on the validation split), evaluated once on the test set, and stored as a
 * keyed cell. Finished cells are reused, so a killed run continues where it stopped and an
 * edited config reruns only the cells it changed. The reports (Markdown, JSON, SVG) are written
 * into the run directory by the configured evaluator.
 */
export async function runKd(config: KdConfig, options: RunKdOptions): Promise<KdRunResult> {
  const t0 = performance.now();
  const runDir = resolve(options.runDir);
  const checked = await checkKd(config, options.registry, options.container);
  const classesOf = (e: ExperimentConfig) => selectedClasses(e, checked.datasets.get(e.dataset)!);
  const cells = planCells(config, classesOf);
  await checkWritableDir(runDir);
  const sink = options.progress === undefined ? stderrSink() : options.progress;
  const note = (line: string) => sink?.write(`${line}\n`);
  const lock = await RunLock.acquire(runDir, note);
  let parts: KdParts | undefined;
  try {
    parts = await composeKd(config, options.registry, options.container, checked);
    const tfjs = await initTfjsBackend({ backend: config.tfjsBackend, ...(config.threads ? { threads: config.threads } : {}) });
    const store = new CellStore<ClassificationOutcome>(runDir);
    if (options.fresh) await store.clear();
    await writeFileAtomic(join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    const run = await runPlan(config, parts, cells, store, { runDir, cacheRoot: options.cacheRoot ?? defaultCacheRoot(), sink, classesOf });

    const wallTimeSeconds = (performance.now() - t0) / 1000;
    const backendText = `${parts.composition.backendLabel(config.backend)}, tfjs ${tfjs.name}${tfjs.threads > 1 ? ` (${tfjs.threads} threads)` : ''}`;
    const reports: ExperimentReport[] = [];
    for (const exp of config.experiments) {
      const report = buildReport(config, exp, classesOf(exp), cells, run.results, parts, { wallTimeSeconds, backend: backendText, cellsRun: run.cellsRun, cellsReused: run.cellsReused, runDir });
      const files = await parts.evaluator.write(report, join(runDir, exp.name));
      reports.push({ experiment: exp.name, report, files });
    }
    const rows = kdTable(reports.map((r) => r.report));
    const summary = { title: config.title, runDir, wallTimeSeconds, cellsRun: run.cellsRun, cellsReused: run.cellsReused, backend: backendText, seeds: config.seeds, reports: reports.map((r) => ({ experiment: r.experiment, markdown: r.files.markdown, json: r.files.json })), rows };
    await writeFileAtomic(join(runDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    await writeFileAtomic(join(runDir, 'summary.md'), renderSummary(config, rows, reports, runDir, wallTimeSeconds, backendText));
    await rm(join(runDir, 'checkpoints'), { recursive: true, force: true });
    return { runDir, reports, rows, summaryFile: join(runDir, 'summary.md'), cellsRun: run.cellsRun, cellsReused: run.cellsReused, wallTimeSeconds };
  } finally {
    await parts?.composition.dispose();
    await lock.release();
  }
}

/** Runs the cells with per-experiment caches of data, teachers and teacher targets. */
async function runPlan(config: KdConfig, parts: KdParts, cells: ReturnType<typeof planCells>, store: CellStore<ClassificationOutcome>, o: { runDir: string; cacheRoot: string; sink: ProgressSink | null; classesOf: (e: ExperimentConfig) => readonly number[] }) {
  const teacherStore = new ArtifactStore(o.cacheRoot, (w) => o.sink?.write(`${w}\n`));
  const expOf = new Map(config.experiments.map((e) => [e.name, e]));
  const defaults = kdSelectionDefaults(config);
  // Per experiment: the test split, its teachers (trained or loaded once), and per seed the training data and teacher targets.
  let cache: { experiment: string; test?: DataSplit; teachers: Map<string, { model: ClassicalModel; records: TeacherRecord[]; testAccuracy: number }>; seed?: number; data?: { train: DataSplit; validation: DataSplit }; targets: Map<string, TeacherTargets> } | undefined;
  const release = () => {
    for (const t of cache?.teachers.values() ?? []) t.model.dispose();
    cache = undefined;
  };
  const workOf = (c: (typeof cells)[number]) => {
    const exp = expOf.get(c.experiment)!;
    const perClass = exp.train.perClass ?? 0;
    return Math.round(perClass * o.classesOf(exp).length * (1 - exp.validation)) * config.training.epochs;
  };
  try {
    return await runCells<KdCellSpec, ClassificationOutcome>({
      cells,
      store,
      sink: o.sink,
      work: workOf,
      afterExperiment: release,
      run: async (c, ctx) => {
        const exp = expOf.get(c.experiment)!;
        const dataset = parts.datasets.get(exp.dataset)!;
        const classes = o.classesOf(exp);
        if (cache?.experiment !== exp.name) {
          release();
          cache = { experiment: exp.name, teachers: new Map(), targets: new Map() };
        }
        const cur = cache;
        cur.test ??= await dataset.load('test', loadOptionsOf(exp, 'test', c.seed, defaults, config.dataDir));
        if (cur.seed !== c.seed) {
          const [train, validation] = await Promise.all([dataset.load('train', loadOptionsOf(exp, 'train', c.seed, defaults, config.dataDir)), dataset.load('validation', loadOptionsOf(exp, 'validation', c.seed, defaults, config.dataDir))]);
          cur.seed = c.seed;
          cur.data = { train, validation };
          cur.targets.clear();
        }
        const data = cur.data!;
        const test = cur.test;
        const inputShape = selectedShape(exp, dataset);
        const extra: Record<string, number> = {};
        const teacherNameOf = (c as { teacherName?: string }).teacherName;
        const trainer = c.spec.teacher ? parts.trainers.distilled : parts.trainers.baseline;
        let teacher: TeacherTargets | undefined;
        if (c.spec.teacher && teacherNameOf) {
          let t = cur.teachers.get(teacherNameOf);
          if (!t) {
            const got = await obtainTeacher(c.spec.teacher, { store: teacherStore, dataset, model: parts.model, inputShape, ...(config.dataDir ? { dataDir: config.dataDir } : {}), progress: o.sink?.isTTY === true, log: ctx.note });
            // The teacher's own test accuracy, for the report (its one evaluation on this test subset).
            const testAccuracy = parts.evaluator.metricsFromLogits(await got.model.logits(test.x, test.size), test.y, classes.length).accuracy;
            ctx.note(`teacher ${teacherNameOf}: test accuracy ${(100 * testAccuracy).toFixed(1)}% (${got.cached ? 'cached' : `trained in ${got.records.reduce((a, r) => a + r.seconds, 0).toFixed(0)} s`})`);
            t = { ...got, testAccuracy };
            cur.teachers.set(teacherNameOf, t);
          }
          if (!cur.targets.has(teacherNameOf)) cur.targets.set(teacherNameOf, await trainer.teacherTargets!(t.model, data.train));
          teacher = cur.targets.get(teacherNameOf)!;
          extra['teacherTestAccuracy'] = t.testAccuracy;
          extra['teacherTrainAccuracy'] = teacher.accuracy();
        }
        const ref = studentRef(exp.student);
        const student = await parts.model(ref.id, { ...ref.options, inputShape, classes: classes.length, seed: c.seed });
        try {
          const checkpointDir = join(o.runDir, 'checkpoints', c.id);
          const started = performance.now();
          const history = await trainer.train(student, data.train, {
            epochs: config.training.epochs,
            batchSize: config.training.batchSize,
            learningRate: config.training.learningRate,
            optimizer: config.training.optimizer,
            seed: c.seed,
            validation: data.validation,
            ...(config.training.patience ? { patience: config.training.patience } : {}),
            checkpointDir,
            resume: true,
            ...(teacher ? { teacher } : {}),
            onEpoch: (r) => ctx.epoch(r, config.training.epochs, data.train.size),
          });
          const trainSeconds = (performance.now() - started) / 1000;
          // The one evaluation on the test set, after model selection on the validation split.
          const metrics = parts.evaluator.metricsFromLogits(await student.logits(test.x, test.size), test.y, classes.length);
          const best = history.best('valLoss');
          await rm(checkpointDir, { recursive: true, force: true });
          return {
            confusion: metrics.confusion.map((r) => [...r]),
            history: history.toJSON(),
            extra: { ...extra, trainSeconds, parameters: student.parameterCount, ...(best?.epoch !== undefined ? { bestEpoch: best.epoch } : {}), ...(best?.valAccuracy !== undefined ? { valAccuracy: best.valAccuracy } : {}) },
          };
        } finally {
          student.dispose();
        }
      },
    });
  } finally {
    release();
  }
}

function buildReport(config: KdConfig, exp: ExperimentConfig, classes: readonly number[], cells: ReturnType<typeof planCells>, results: ReadonlyMap<string, StoredCell<ClassificationOutcome>>, parts: KdParts, info: { wallTimeSeconds: number; backend: string; cellsRun: number; cellsReused: number; runDir: string }): EvaluationReport {
  const conditions = [];
  const comparisons = [];
  for (const condition of [...new Set(cells.filter((c) => c.experiment === exp.name).map((c) => c.condition))]) {
    const stored = cells.filter((c) => c.experiment === exp.name && c.condition === condition).map((c) => results.get(c.id)!);
    const ref = exp.reference[condition];
    conditions.push({ name: `${exp.name}--${condition}`, group: exp.label ?? exp.name, label: condition, runs: seedRuns(parts.evaluator, stored), ...(ref !== undefined ? { reference: { accuracy: ref / 100 } } : {}) });
    if (condition !== 'baseline' && exp.baseline) comparisons.push({ treatment: `${exp.name}--${condition}`, control: `${exp.name}--baseline` });
  }
  const kd = parts.trainers.distilled.settings;
  return parts.evaluator.report({
    title: `${config.title}: ${exp.label ?? exp.name}`,
    config: config as unknown as Record<string, unknown>,
    seeds: config.seeds,
    backend: info.backend,
    wallTimeSeconds: info.wallTimeSeconds,
    packages: packageVersions(PACKAGES, new URL('.', import.meta.url).pathname),
    classes: classes.map(String),
    conditions,
    comparisons,
    notes: [
      ...config.notes,
      `Model selection: the weights of the epoch with the lowest validation loss (held-out ${config.experiments.map((e) => e.validation).join('/')} of the training images); each student is evaluated once on the test set.`,
      `Distillation: alpha * T^2 * KL(softmax(teacher/T) || softmax(student/T)) + (1 - alpha) * CE with T = ${kd['temperature']}, alpha = ${kd['alpha']}; teachers frozen, their logits computed once per training split.`,
      `This invocation ran ${info.cellsRun} cell(s) and reused ${info.cellsReused} finished cell(s) from ${info.runDir}; wall time covers this invocation only (per-cell training seconds are in extra.trainSeconds).`,
    ],
  });
}

