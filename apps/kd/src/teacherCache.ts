import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ClassicalModel, type DataSplit, type Dataset, type EpochRecord, writeFileAtomic } from '@hqml/core';
import type { ArtifactStore } from '@hqml/experiment';
import type { ExperimentConfig, MemberTeacherConfig, TeacherConfig, TeacherTrainingConfig } from './config.js';

/** What identifies a trained single-network teacher: a different value of any field is a different teacher. */
export interface NetworkTeacherSpec {
  readonly dataset: string;
  readonly classes: readonly number[];
  readonly grayscale: boolean;
  readonly model: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly training: TeacherTrainingConfig;
}

/** An ensemble teacher: the `ensemble` model over cached single-network teachers. */
export interface EnsembleTeacherSpec {
  readonly model: 'ensemble';
  readonly members: readonly NetworkTeacherSpec[];
}

/** A teacher. */
export type TeacherSpec = NetworkTeacherSpec | EnsembleTeacherSpec;

/** The spec of a configured teacher for an experiment whose selected classes are `classes`. */
export function teacherSpecOf(exp: ExperimentConfig, classes: readonly number[], t: TeacherConfig, training: TeacherTrainingConfig): TeacherSpec {
  const member = (m: MemberTeacherConfig): NetworkTeacherSpec =>
    typeof m === 'string'
      ? { dataset: exp.dataset, classes, grayscale: exp.grayscale, model: m, options: {}, training }
      : { dataset: exp.dataset, classes, grayscale: exp.grayscale, model: m.model, options: m.options, training: { ...training, ...(m.training ?? {}) } as TeacherTrainingConfig };
  if (typeof t !== 'string' && t.model === 'ensemble' && 'members' in t) return { model: 'ensemble', members: t.members.map(member) };
  return member(t as MemberTeacherConfig);
}

/** The record stored next to a cached teacher's weights. */
export interface TeacherRecord {
  readonly spec: NetworkTeacherSpec;
  readonly trainSize: number;
  readonly validationSize: number;
  readonly validationAccuracy: number | null;
  readonly seconds: number;
  readonly epochs: readonly EpochRecord[];
  readonly createdAt: string;
}

/** What {@link obtainTeacher} needs from the composition root. */
export interface TeacherServices {
  /** The artefact store teachers are cached in (`<cache>/kd-teachers/...`). */
  readonly store: ArtifactStore;
  /** The experiment's data set. */
  readonly dataset: Dataset;
  /** Builds a model by plugin id with options (the registry's `model` plugins). */
  readonly model: (id: string, options: Readonly<Record<string, unknown>>) => Promise<ClassicalModel>;
  /** Shape of one selected sample. */
  readonly inputShape: readonly number[];
  readonly dataDir?: string;
  /** Show the training loop's progress bar. */
  readonly progress?: boolean;
  readonly log?: (line: string) => void;
}

/** The cache directory of a teacher. */
export function teacherDir(spec: NetworkTeacherSpec, store: ArtifactStore): string {
  return store.dirOf('kd-teachers', spec, `${spec.model}-${spec.dataset}`);
}

/**
 * The trained, frozen teacher of `spec` (an ensemble: each member's, then the `ensemble` model
 * over them): loaded from the artefact store when it was trained before and is intact,
 * otherwise trained on the training data of the classes (minus a validation hold-out), saved
 * and sealed. An interrupted training resumes from its per-epoch checkpoint; a half-written or
 * corrupt entry is rebuilt with a warning.
 */
export async function obtainTeacher(spec: TeacherSpec, s: TeacherServices): Promise<{ model: ClassicalModel; records: TeacherRecord[]; cached: boolean }> {
  if (spec.model === 'ensemble' && 'members' in spec) {
    const members = [];
    for (const m of spec.members) members.push(await obtainNetworkTeacher(m, s));
    const model = await s.model('ensemble', { inputShape: [...s.inputShape], classes: spec.members[0]!.classes.length, members: members.map((m) => m.model) });
    return { model, records: members.map((m) => m.record), cached: members.every((m) => m.cached) };
  }
  const t = await obtainNetworkTeacher(spec as NetworkTeacherSpec, s);
  return { model: t.model, records: [t.record], cached: t.cached };
}

async function obtainNetworkTeacher(spec: NetworkTeacherSpec, s: TeacherServices): Promise<{ model: ClassicalModel; record: TeacherRecord; cached: boolean }> {
  const dir = teacherDir(spec, s.store);
  const label = `teacher ${spec.model} (${spec.dataset} ${spec.classes.join(',')})`;
  const fresh = () => s.model(spec.model, { ...spec.options, inputShape: [...s.inputShape], classes: spec.classes.length, seed: spec.training.seed });
  let trained: { model: ClassicalModel; record: TeacherRecord } | undefined;
  const { value, cached } = await s.store.obtain(dir, {
    build: async (partial) => {
      const data = await teacherSplits(spec, s);
      s.log?.(`${label}: training on ${data.train.size} images for ${spec.training.epochs} epoch(s); cached afterwards in ${dir}`);
      const model = await fresh();
      const t0 = performance.now();
      const history = await model.fit(data.train, {
        epochs: spec.training.epochs,
        batchSize: spec.training.batchSize,
        learningRate: spec.training.learningRate,
        seed: spec.training.seed,
        validation: data.validation,
        checkpointDir: join(partial, 'checkpoint'),
        resume: true,
        ...(s.progress ? { progress: true } : {}),
      });
      const seconds = (performance.now() - t0) / 1000;
      await model.save(join(partial, 'model'));
      const record: TeacherRecord = {
        spec,
        trainSize: data.train.size,
        validationSize: data.validation.size,
        validationAccuracy: (history.best('valLoss') ?? history.last)?.valAccuracy ?? null,
        seconds,
        epochs: history.epochs,
        createdAt: new Date().toISOString(),
      };
      await rm(join(partial, 'checkpoint'), { recursive: true, force: true });
      await writeFileAtomic(join(partial, 'teacher.json'), `${JSON.stringify(record, null, 2)}\n`);
      trained = { model, record };
    },
    load: async (d) => {
      // The model just trained is the one that was saved; a cached entry is loaded into a fresh model.
      if (trained) return trained;
      const record = JSON.parse(await readFile(join(d, 'teacher.json'), 'utf8')) as TeacherRecord;
      const model = await fresh();
      try {
        await model.load(join(d, 'model'));
      } catch (e) {
        model.dispose();
        throw e;
      }
      s.log?.(`${label}: cached in ${d}`);
      return { model, record };
    },
  });
  return { ...value, cached };
}

async function teacherSplits(spec: NetworkTeacherSpec, s: TeacherServices): Promise<{ train: DataSplit; validation: DataSplit }> {
  const o = { classes: spec.classes, ...(spec.training.perClass ? { perClass: spec.training.perClass } : {}), selection: 'random' as const, seed: spec.training.seed, validation: spec.training.validation, ...(spec.grayscale ? { grayscale: true } : {}), ...(s.dataDir ? { dataDir: s.dataDir } : {}) };
  const [train, validation] = await Promise.all([s.dataset.load('train', o), s.dataset.load('validation', o)]);
  return { train, validation };
}
