import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type DependencyContainer, type PluginRef, type PluginRegistry, writeFileAtomic } from '@hqml/core';
import { type EvaluationReport, type ReportFiles, packageVersions } from '@hqml/eval';
import { ArtifactStore, type CellSpec, CellStore, type ClassificationOutcome, type ProgressSink, RunLock, type SelectionDefaults, type StoredCell, checkUniqueCells, checkWritableDir, defaultCacheRoot, defineCell, loadOptionsOf, runCells, seedRuns, selectedClasses, stderrSink } from '@hqml/experiment';
import type { QueueSettings } from '@hqml/queue/app';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { type KdParts, checkKd, composeKd, experimentBackend } from './compose.js';
import { type ExperimentConfig, type KdConfig, teacherName } from './config.js';
import { createKdCellRunner, kdCellWork, kdTeacherNeeds } from './kdCells.js';
import { type KdTableRow, kdTable, renderSummary } from './table.js';
import { type TeacherSpec, teacherSpecOf } from './teacherCache.js';

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
  /**
   * Run the cells on `hqml worker`s through this Redis queue instead of in this process (the
   * results and reports are the same); teachers are trained by the workers into their store.
   */
  readonly queue?: QueueSettings;
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
  readonly data: Omit<ExperimentConfig, 'name' | 'label' | 'student' | 'teachers' | 'baseline' | 'reference' | 'backend' | 'mitigators'>;
  readonly trainLoad: Record<string, unknown>;
  readonly testLoad: Record<string, unknown>;
  readonly student: ExperimentConfig['student'];
  readonly teacher: TeacherSpec | null;
  readonly trainer: KdConfig['trainers']['baseline'];
  readonly training: KdConfig['training'];
  readonly backend: PluginRef;
  readonly mitigators: readonly PluginRef[];
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
    const { name: _n, label: _l, student, teachers: _t, baseline: _b, reference: _r, backend: _be, mitigators: _m, ...data } = exp;
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
          ...experimentBackend(config, exp),
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
    const run = options.queue
      ? await (await import('@hqml/queue')).runCellsOnQueue({ ...options.queue, app: 'kd', title: config.title, config, cells, store, needs: kdTeacherNeeds, work: kdCellWork(config, classesOf), sink })
      : await runPlan(config, parts, cells, store, { runDir, cacheRoot: options.cacheRoot ?? defaultCacheRoot(), sink, classesOf });

    const wallTimeSeconds = (performance.now() - t0) / 1000;
    const backendText = `${parts.composition.backendLabel(config.backend)}, tfjs ${tfjs.name}${tfjs.threads > 1 ? ` (${tfjs.threads} threads)` : ''}`;
    const reports: ExperimentReport[] = [];
    for (const exp of config.experiments) {
      const own = experimentBackend(config, exp);
      const expBackend = own.backend === config.backend && own.mitigators === config.mitigators ? backendText : `${(await parts.experimentComposition(exp)).backendLabel(own.backend)}, tfjs ${tfjs.name}`;
      const report = buildReport(config, exp, classesOf(exp), cells, run.results, parts, { wallTimeSeconds, backend: expBackend, cellsRun: run.cellsRun, cellsReused: run.cellsReused, runDir });
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

/** Runs the cells in this process (experiment's runCells) with kd's cell runner. */
async function runPlan(config: KdConfig, parts: KdParts, cells: ReturnType<typeof planCells>, store: CellStore<ClassificationOutcome>, o: { runDir: string; cacheRoot: string; sink: ProgressSink | null; classesOf: (e: ExperimentConfig) => readonly number[] }) {
  const runner = createKdCellRunner(config, parts, {
    classesOf: o.classesOf,
    teacherStore: new ArtifactStore(o.cacheRoot, (w) => o.sink?.write(`${w}\n`)),
    checkpointDir: (c) => join(o.runDir, 'checkpoints', c.id),
    progress: o.sink?.isTTY === true,
  });
  try {
    return await runCells<KdCellSpec, ClassificationOutcome>({ cells, store, sink: o.sink, work: kdCellWork(config, o.classesOf), afterExperiment: () => runner.release(), run: runner.run });
  } finally {
    runner.release();
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

