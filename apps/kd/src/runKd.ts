import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ClassicalModel, type PluginRegistry, type QuantumBackend, Tokens, TrainingHistory, createContainer, inject, writeFileAtomic } from '@hqml/core';
import { type StudentTrainer, TeacherLogits, createBaselineTrainer, createKdTrainer } from '@hqml/distill';
import { EvaluationReport, type ReportFiles, classificationMetricsFromLogits, metricsFromConfusion, packageVersions, writeReport } from '@hqml/eval';
import { type Encoding, buildSeedStudent, buildStudent } from '@hqml/qnn';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { type CellResult, cellKey, readCell, writeCell } from './cellStore.js';
import { type ExperimentConfig, type KdConfig, teacherName } from './config.js';
import { loadTestSplit, loadTrainSplits } from './data.js';
import { ProgressDisplay, type ProgressSink } from './progress.js';
import { type KdTableRow, kdTable, renderSummary } from './table.js';
import { type TeacherRecord, type TeacherSpec, defaultCacheRoot, obtainTeacher, teacherSpecOf } from './teacherCache.js';

/** Options of {@link runKd}. */
export interface RunKdOptions {
  /** The run directory (created; finished cells in it are reused). */
  readonly runDir: string;
  /** The plugins the config may name (the CLI's registry). */
  readonly registry: PluginRegistry;
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

interface Cell {
  readonly id: string;
  readonly key: string;
  readonly exp: ExperimentConfig;
  readonly condition: string;
  readonly teacher?: { readonly name: string; readonly spec: TeacherSpec };
  readonly seed: number;
}

/** The conditions of an experiment: `baseline` and `kd-<teacher>` for each teacher. */
function conditionsOf(exp: ExperimentConfig, config: KdConfig): Array<{ condition: string; teacher?: { name: string; spec: TeacherSpec } }> {
  const out: Array<{ condition: string; teacher?: { name: string; spec: TeacherSpec } }> = [];
  if (exp.baseline) out.push({ condition: 'baseline' });
  for (const t of exp.teachers) {
    const name = teacherName(t);
    const spec = teacherSpecOf(exp, t, config.teacherTraining);
    out.push({ condition: `kd-${name}`, teacher: { name, spec } });
  }
  return out;
}

/** Every cell of the run, experiment by experiment, seed by seed, condition by condition. */
export function planCells(config: KdConfig): Cell[] {
  const cells: Cell[] = [];
  for (const exp of config.experiments) {
    for (const seed of config.seeds) {
      for (const c of conditionsOf(exp, config)) {
        const { reference: _r, label: _l, ...expKey } = exp;
        const key = cellKey({ exp: expKey, condition: c.condition, teacher: c.teacher?.spec ?? null, seed, training: config.training, kd: c.teacher ? config.kd : null, testSeed: config.testSeed, backend: config.backend });
        cells.push({ id: `${exp.name}--${c.condition}--s${seed}`, key, exp, condition: c.condition, seed, ...(c.teacher ? { teacher: c.teacher } : {}) });
      }
    }
  }
  return cells;
}

function inputShapeOf(exp: ExperimentConfig): number[] {
  return exp.dataset === 'cifar10' ? [32, 32, exp.grayscale ? 1 : 3] : [28, 28, 1];
}

export async function buildStudentFor(exp: ExperimentConfig, seed: number, backend: QuantumBackend): Promise<ClassicalModel> {
  const s = exp.student;
  const base = { inputShape: inputShapeOf(exp), classes: exp.classes.length, qubits: s.qubits, seed, backend };
  if (s.kind === 'seed') return buildSeedStudent({ ...base, layers: s.layers });
  return buildStudent({ ...base, reducer: s.reducer, encoding: s.encoding as Encoding, ansatz: s.ansatz, layers: s.layers, readout: s.readout });
}

const PACKAGES = ['@hqml/kd', '@hqml/distill', '@hqml/qnn', '@hqml/tfjs-models', '@hqml/datasets', '@hqml/statevector', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm'];

/**
 * Runs a distillation config: for every experiment, seed and condition (baseline, kd-<teacher>)
 * a student is built, trained (model selection on the validation split), evaluated once on the
 * test set, and its result stored in `<runDir>/cells/`. Finished cells are reused, so a killed
 * run continues where it stopped. At the end the report (Markdown, JSON, SVG) is written into
 * the run directory by @hqml/eval.
 */
export async function runKd(config: KdConfig, options: RunKdOptions): Promise<KdRunResult> {
  const t0 = performance.now();
  const runDir = resolve(options.runDir);
  // Composition root: the backend the config names, from the registry (an unknown id lists the known ones).
  const backendRef = config.backend;
  const backendId = typeof backendRef === 'string' ? backendRef : backendRef.id;
  const backendPlugin = options.registry.get<QuantumBackend>(backendId, 'backend');
  const container = createContainer();
  await backendPlugin.register(container, typeof backendRef === 'string' ? {} : (backendRef.options ?? {}));
  const backend = inject(container, Tokens.QuantumBackend);
  const tfjs = await initTfjsBackend({ backend: config.tfjsBackend, ...(config.threads ? { threads: config.threads } : {}) });

  if (options.fresh) await rm(join(runDir, 'cells'), { recursive: true, force: true });
  await mkdir(join(runDir, 'cells'), { recursive: true });
  await writeFileAtomic(join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);

  const sink: ProgressSink | null = options.progress === undefined ? { write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY === true } : options.progress;
  const cells = planCells(config);
  const workOf = (exp: ExperimentConfig): number => Math.round(exp.trainPerClass * exp.classes.length * (1 - exp.validation)) * config.training.epochs;
  const progress = new ProgressDisplay(sink ?? { write: () => {}, isTTY: false }, cells.reduce((n, c) => n + workOf(c.exp), 0));
  const cacheRoot = options.cacheRoot ?? defaultCacheRoot();
  const results = new Map<string, CellResult>();
  let cellsRun = 0;
  let cellsReused = 0;

  for (const c of cells) {
    const done = await readCell(runDir, c.id, c.key);
    if (done) {
      results.set(c.id, done);
      cellsReused++;
      progress.skip(workOf(c.exp));
    }
  }
  if (cellsReused > 0) progress.note(`resuming ${runDir}: ${cellsReused} of ${cells.length} cells already finished`);

  const trainers = { baseline: createBaselineTrainer(), kd: createKdTrainer(config.kd) };
  try {
    for (const exp of config.experiments) {
      const pending = cells.filter((c) => c.exp === exp && !results.has(c.id));
      if (pending.length === 0) continue;
      const test = await loadTestSplit(exp, config.testSeed, config.dataDir);
      // Teachers are obtained (trained or loaded from the cache) only if a pending cell needs them.
      const teachers = new Map<string, { model: ClassicalModel; records: TeacherRecord[]; testAccuracy: number }>();
      for (const c of pending) {
        if (!c.teacher || teachers.has(c.teacher.name)) continue;
        const t = await obtainTeacher(exp, c.teacher.spec, { cacheRoot, ...(config.dataDir ? { dataDir: config.dataDir } : {}), progress: sink?.isTTY === true, log: (l) => progress.note(l) });
        // The teacher's own test accuracy, for the report (its one evaluation on this test subset).
        const tl = await t.model.logits(test.x, test.size);
        const testAccuracy = classificationMetricsFromLogits(tl, test.y, exp.classes.length).accuracy;
        progress.note(`teacher ${c.teacher.name}: test accuracy ${(100 * testAccuracy).toFixed(1)}% (${t.cached ? 'cached' : `trained in ${t.records.reduce((a, r) => a + r.seconds, 0).toFixed(0)} s`})`);
        teachers.set(c.teacher.name, { ...t, testAccuracy });
      }
      for (const seed of config.seeds) {
        const seedCells = pending.filter((c) => c.seed === seed);
        if (seedCells.length === 0) continue;
        const data = await loadTrainSplits(exp, seed, config.dataDir);
        const targets = new Map<string, TeacherLogits>();
        for (const c of seedCells) {
          const index = cells.indexOf(c) + 1;
          const name = `${exp.name} ${c.condition} seed ${seed}`;
          let trainer: StudentTrainer = trainers.baseline;
          let teacherLogits: TeacherLogits | undefined;
          const extra: Record<string, number> = {};
          if (c.teacher) {
            const teacher = teachers.get(c.teacher.name)!;
            if (!targets.has(c.teacher.name)) targets.set(c.teacher.name, await TeacherLogits.compute(teacher.model, data.train));
            teacherLogits = targets.get(c.teacher.name)!;
            trainer = trainers.kd;
            extra['teacherTestAccuracy'] = teacher.testAccuracy;
            extra['teacherTrainAccuracy'] = teacherLogits.accuracy();
          }
          const student = await buildStudentFor(exp, seed, backend);
          try {
            const checkpointDir = join(runDir, 'checkpoints', c.id);
            const started = performance.now();
            const history = await trainer.train(student, data.train, {
              epochs: config.training.epochs,
              batchSize: config.training.batchSize,
              learningRate: config.training.learningRate,
              optimizer: config.training.optimizer,
              seed,
              validation: data.validation,
              ...(config.training.patience ? { patience: config.training.patience } : {}),
              checkpointDir,
              resume: true,
              ...(teacherLogits ? { teacher: teacherLogits } : {}),
              onEpoch: (r) => progress.epoch({ index, total: cells.length, name }, r.epoch, config.training.epochs, data.train.size, r.seconds ?? 0, r.samplesPerSecond),
            });
            const trainSeconds = (performance.now() - started) / 1000;
            // The one evaluation on the test set, after model selection on the validation split.
            const logits = await student.logits(test.x, test.size);
            const metrics = classificationMetricsFromLogits(logits, test.y, exp.classes.length);
            const best = history.best('valLoss');
            const result: CellResult = {
              key: c.key,
              experiment: exp.name,
              condition: c.condition,
              seed,
              confusion: metrics.confusion,
              history: history.toJSON(),
              extra: {
                ...extra,
                trainSeconds,
                parameters: student.parameterCount,
                ...(best?.epoch !== undefined ? { bestEpoch: best.epoch } : {}),
                ...(best?.valAccuracy !== undefined ? { valAccuracy: best.valAccuracy } : {}),
              },
              finishedAt: new Date().toISOString(),
            };
            await writeCell(runDir, c.id, result);
            await rm(checkpointDir, { recursive: true, force: true });
            results.set(c.id, result);
            cellsRun++;
          } finally {
            student.dispose();
          }
        }
      }
      for (const t of teachers.values()) t.model.dispose();
    }
  } finally {
    progress.clear();
  }

  const wallTimeSeconds = (performance.now() - t0) / 1000;
  const backendText = `${backendId}, tfjs ${tfjs.name}${tfjs.threads > 1 ? ` (${tfjs.threads} threads)` : ''}`;
  const reports: ExperimentReport[] = [];
  for (const exp of config.experiments) {
    const report = buildReport(config, exp, cells, results, { wallTimeSeconds, backend: backendText, cellsRun, cellsReused, runDir });
    const files = await writeReport(report, join(runDir, exp.name));
    reports.push({ experiment: exp.name, report, files });
  }
  const rows = kdTable(reports.map((r) => r.report), config);
  const summary = { title: config.title, runDir, wallTimeSeconds, cellsRun, cellsReused, backend: backendText, seeds: config.seeds, reports: reports.map((r) => ({ experiment: r.experiment, markdown: r.files.markdown, json: r.files.json })), rows };
  await writeFileAtomic(join(runDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFileAtomic(join(runDir, 'summary.md'), renderSummary(config, rows, reports, runDir, wallTimeSeconds, backendText));
  await rm(join(runDir, 'checkpoints'), { recursive: true, force: true });
  return { runDir, reports, rows, summaryFile: join(runDir, 'summary.md'), cellsRun, cellsReused, wallTimeSeconds };
}

/** One experiment's report (each experiment has its own classes, so its own report). */
export interface ExperimentReport {
  readonly experiment: string;
  readonly report: EvaluationReport;
  readonly files: ReportFiles;
}

function buildReport(config: KdConfig, exp: ExperimentConfig, cells: readonly Cell[], results: ReadonlyMap<string, CellResult>, info: { wallTimeSeconds: number; backend: string; cellsRun: number; cellsReused: number; runDir: string }): EvaluationReport {
  const conditions = [];
  const comparisons = [];
  {
    for (const { condition } of conditionsOf(exp, config)) {
      const runs = cells
        .filter((c) => c.exp === exp && c.condition === condition)
        .map((c) => results.get(c.id)!)
        .map((r) => ({ seed: r.seed, metrics: metricsFromConfusion(r.confusion), history: TrainingHistory.fromJSON(r.history), extra: r.extra }));
      const ref = exp.reference[condition];
      conditions.push({ name: `${exp.name}--${condition}`, group: exp.label ?? exp.name, label: condition, runs, ...(ref !== undefined ? { reference: { accuracy: ref / 100 } } : {}) });
      if (condition !== 'baseline' && exp.baseline) comparisons.push({ treatment: `${exp.name}--${condition}`, control: `${exp.name}--baseline` });
    }
  }
  return EvaluationReport.create({
    title: `${config.title}: ${exp.label ?? exp.name}`,
    config: config as unknown as Record<string, unknown>,
    seeds: config.seeds,
    backend: info.backend,
    wallTimeSeconds: info.wallTimeSeconds,
    packages: packageVersions(PACKAGES, new URL('.', import.meta.url).pathname),
    classes: exp.classes.map(String),
    conditions,
    comparisons,
    notes: [
      ...config.notes,
      `Model selection: the weights of the epoch with the lowest validation loss (held-out ${config.experiments.map((e) => e.validation).join('/')} of the training images); each student is evaluated once on the test set.`,
      `Distillation: alpha * T^2 * KL(softmax(teacher/T) || softmax(student/T)) + (1 - alpha) * CE with T = ${config.kd.temperature}, alpha = ${config.kd.alpha}; teachers frozen, their logits computed once per training split.`,
      `This invocation ran ${info.cellsRun} cell(s) and reused ${info.cellsReused} finished cell(s) from ${info.runDir}; wall time covers this invocation only (per-cell training seconds are in extra.trainSeconds).`,
    ],
  });
}
