import { rm } from 'node:fs/promises';
import type { ClassicalModel, DataSplit, TeacherTargets } from '@hqml/core';
import { type ArtifactStore, type CellContext, type CellSpec, type ClassificationOutcome, cellKey, loadOptionsOf, selectedShape } from '@hqml/experiment';
import { type KdParts, studentRef } from './compose.js';
import type { ExperimentConfig, KdConfig } from './config.js';
import type { KdCellSpec } from './runKd.js';
import { type NetworkTeacherSpec, type TeacherRecord, type TeacherSpec, obtainTeacher } from './teacherCache.js';
import { kdSelectionDefaults } from './runKd.js';

/** What the cell runner needs besides the config and its parts. */
export interface KdCellEnv {
  /** An experiment's selected classes. */
  readonly classesOf: (exp: ExperimentConfig) => readonly number[];
  /** Where teachers are cached (a shared directory for a distributed run). */
  readonly teacherStore: ArtifactStore;
  /** Where a cell's student keeps its per-epoch checkpoint (a killed run resumes from it). */
  readonly checkpointDir: (cell: CellSpec<KdCellSpec>) => string;
  /** Show the teacher training's progress bar. */
  readonly progress?: boolean;
}

/** The runner of kd's cells. */
export interface KdCellRunner {
  /** Runs one cell: the student of its experiment, condition and seed, trained and evaluated once on the test set. */
  run(cell: CellSpec<KdCellSpec>, context: CellContext): Promise<ClassificationOutcome>;
  /** Trains (or finds) a single-network teacher in the teacher store. */
  prepareTeacher(spec: NetworkTeacherSpec, log: (line: string) => void): Promise<void>;
  /** Releases the cached data, teachers and teacher targets (between experiments, and at the end). */
  release(): void;
}

/**
 * kd's cell function: what one cell of `hqml kd` computes, called by the local runner and by a
 * queue worker alike, so both give the same numbers. It keeps, per experiment, the test split,
 * the teachers (obtained from the teacher store: trained once, cached) with their test accuracy,
 * and per seed the training data and teacher targets, so that consecutive cells of one
 * experiment do not load or compute them again.
 */
export function createKdCellRunner(config: KdConfig, parts: KdParts, env: KdCellEnv): KdCellRunner {
  const expOf = new Map(config.experiments.map((e) => [e.name, e]));
  const defaults = kdSelectionDefaults(config);
  // Per experiment: the test split, its teachers (trained or loaded once), and per seed the training data and teacher targets.
  let cache: { experiment: string; test?: DataSplit; teachers: Map<string, { model: ClassicalModel; records: TeacherRecord[]; testAccuracy: number }>; seed?: number; data?: { train: DataSplit; validation: DataSplit }; targets: Map<string, TeacherTargets> } | undefined;
  const release = () => {
    for (const t of cache?.teachers.values() ?? []) t.model.dispose();
    cache = undefined;
  };
  const services = (exp: ExperimentConfig | { dataset: string; grayscale: boolean }, log: (line: string) => void) => {
    const dataset = parts.datasets.get(exp.dataset)!;
    return { store: env.teacherStore, dataset, model: parts.model, inputShape: selectedShape(exp, dataset), ...(config.dataDir ? { dataDir: config.dataDir } : {}), progress: env.progress === true, log };
  };
  return {
    release,
    async prepareTeacher(spec, log) {
      const t = await obtainTeacher(spec, services(spec, log));
      t.model.dispose();
    },
    async run(c, ctx) {
      const exp = expOf.get(c.experiment)!;
      const dataset = parts.datasets.get(exp.dataset)!;
      const classes = env.classesOf(exp);
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
      const teacherNameOf = c.condition.startsWith('kd-') ? c.condition.slice(3) : undefined;
      const trainer = c.spec.teacher ? parts.trainers.distilled : parts.trainers.baseline;
      let teacher: TeacherTargets | undefined;
      if (c.spec.teacher && teacherNameOf) {
        let t = cur.teachers.get(teacherNameOf);
        if (!t) {
          const got = await obtainTeacher(c.spec.teacher, services(exp, ctx.note));
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
      const student = await (await parts.experimentComposition(exp)).build<ClassicalModel>(ref.id, 'model', { ...ref.options, inputShape, classes: classes.length, seed: c.seed });
      try {
        const checkpointDir = env.checkpointDir(c);
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
  };
}

/** A kd cell's training work (student samples x epochs), for ETAs. */
export function kdCellWork(config: KdConfig, classesOf: (exp: ExperimentConfig) => readonly number[]): (cell: CellSpec<KdCellSpec>) => number {
  const expOf = new Map(config.experiments.map((e) => [e.name, e]));
  return (c) => {
    const exp = expOf.get(c.experiment)!;
    const perClass = exp.train.perClass ?? 0;
    return Math.round(perClass * classesOf(exp).length * (1 - exp.validation)) * config.training.epochs;
  };
}

/** The single-network teachers a cell needs trained (an ensemble's members), for a distributed run's teacher jobs. */
export function kdTeacherNeeds(cell: CellSpec<KdCellSpec>): Array<{ key: string; label: string; spec: NetworkTeacherSpec }> {
  const t: TeacherSpec | null = cell.spec.teacher;
  if (!t) return [];
  const members = t.model === 'ensemble' && 'members' in t ? t.members : [t as NetworkTeacherSpec];
  return members.map((m) => ({ key: cellKey(m), label: `${m.model}-${m.dataset} (classes ${m.classes.join(',')})`, spec: m }));
}
