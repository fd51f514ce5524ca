import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ClassicalModel, type EpochRecord, writeFileAtomic } from '@hqml/core';
import { EnsembleModel, type ModelId, createClassicalModel } from '@hqml/tfjs-models';
import type { ExperimentConfig, MemberTeacherConfig, TeacherConfig, TeacherTrainingConfig } from './config.js';
import { loadTeacherSplits } from './data.js';

/** What identifies a trained single-network teacher: a different value of any field is a different teacher. */
export interface NetworkTeacherSpec {
  readonly dataset: string;
  readonly classes: readonly number[];
  readonly grayscale: boolean;
  readonly model: Exclude<ModelId, 'ensemble'>;
  readonly options: Readonly<Record<string, unknown>>;
  readonly training: TeacherTrainingConfig;
}

/** An ensemble teacher: the mean logits of cached single-network teachers. */
export interface EnsembleTeacherSpec {
  readonly model: 'ensemble';
  readonly members: readonly NetworkTeacherSpec[];
}

/** A teacher. */
export type TeacherSpec = NetworkTeacherSpec | EnsembleTeacherSpec;

/** The spec of a configured teacher for an experiment. */
export function teacherSpecOf(exp: ExperimentConfig, t: TeacherConfig, training: TeacherTrainingConfig): TeacherSpec {
  const member = (m: MemberTeacherConfig): NetworkTeacherSpec =>
    typeof m === 'string'
      ? { dataset: exp.dataset, classes: exp.classes, grayscale: exp.grayscale, model: m, options: {}, training }
      : { dataset: exp.dataset, classes: exp.classes, grayscale: exp.grayscale, model: m.model, options: m.options, training: { ...training, ...(m.training ?? {}) } as TeacherTrainingConfig };
  if (typeof t !== 'string' && t.model === 'ensemble') return { model: 'ensemble', members: t.members.map(member) };
  return member(t as MemberTeacherConfig);
}

/** The record written next to a cached teacher's weights (last, so its presence means "complete"). */
export interface TeacherRecord {
  readonly spec: NetworkTeacherSpec;
  readonly trainSize: number;
  readonly validationSize: number;
  readonly validationAccuracy: number | null;
  readonly seconds: number;
  readonly epochs: readonly EpochRecord[];
  readonly createdAt: string;
}

/** `HQML_CACHE_DIR`, else `$XDG_CACHE_HOME/hqml`, else `~/.cache/hqml` (the data sets' cache root). */
export function defaultCacheRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const nonEmpty = (v: string | undefined) => (v && v.trim() !== '' ? v : undefined);
  return nonEmpty(env['HQML_CACHE_DIR']) ?? join(nonEmpty(env['XDG_CACHE_HOME']) ?? join(homedir(), '.cache'), 'hqml');
}

/** The cache directory of a teacher: `<cacheRoot>/kd-teachers/<model>-<dataset>-<hash>`. */
export function teacherDir(spec: NetworkTeacherSpec, cacheRoot: string): string {
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
  return join(cacheRoot, 'kd-teachers', `${spec.model}-${spec.dataset}-${hash}`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link obtainTeacher}. */
export interface ObtainTeacherOptions {
  readonly cacheRoot: string;
  readonly dataDir?: string;
  /** Show the training loop's progress bar. */
  readonly progress?: boolean;
  /** Called with a line of status text. */
  readonly log?: (line: string) => void;
}

/**
 * The trained, frozen teacher of `spec` (an ensemble: each member's): loaded from the cache when it was trained before,
 * otherwise trained on the full training data of the classes (minus a validation hold-out),
 * saved, and recorded. An interrupted training resumes from its per-epoch checkpoint.
 */
export async function obtainTeacher(exp: ExperimentConfig, spec: TeacherSpec, options: ObtainTeacherOptions): Promise<{ model: ClassicalModel; records: TeacherRecord[]; cached: boolean }> {
  if (spec.model === 'ensemble') {
    const members = [];
    for (const m of spec.members) members.push(await obtainNetworkTeacher(exp, m, options));
    return { model: new EnsembleModel(members.map((m) => m.model)), records: members.map((m) => m.record), cached: members.every((m) => m.cached) };
  }
  const t = await obtainNetworkTeacher(exp, spec, options);
  return { model: t.model, records: [t.record], cached: t.cached };
}

async function obtainNetworkTeacher(exp: ExperimentConfig, spec: NetworkTeacherSpec, options: ObtainTeacherOptions): Promise<{ model: ClassicalModel; record: TeacherRecord; cached: boolean }> {
  const dir = teacherDir(spec, options.cacheRoot);
  const recordFile = join(dir, 'teacher.json');
  const inputShape = exp.dataset === 'cifar10' ? [32, 32, exp.grayscale ? 1 : 3] : [28, 28, 1];
  const model = await createClassicalModel(spec.model, { ...(spec.options as object), inputShape, classes: exp.classes.length, seed: spec.training.seed });
  if (await exists(recordFile)) {
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as TeacherRecord;
    await model.load(join(dir, 'model'));
    options.log?.(`teacher ${spec.model} (${exp.dataset} ${exp.classes.join(',')}): cached in ${dir}`);
    return { model, record, cached: true };
  }
  const data = await loadTeacherSplits(exp, spec.training.perClass, spec.training.validation, spec.training.seed, options.dataDir);
  options.log?.(`teacher ${spec.model} (${exp.dataset} ${exp.classes.join(',')}): training on ${data.train.size} images for ${spec.training.epochs} epoch(s); cached afterwards in ${dir}`);
  const partial = `${dir}.partial`;
  await mkdir(partial, { recursive: true });
  const t0 = performance.now();
  const history = await model.fit(data.train, {
    epochs: spec.training.epochs,
    batchSize: spec.training.batchSize,
    learningRate: spec.training.learningRate,
    seed: spec.training.seed,
    validation: data.validation,
    checkpointDir: join(partial, 'checkpoint'),
    resume: true,
    ...(options.progress ? { progress: true } : {}),
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
  // The finished directory appears in one rename: a killed run never leaves a half-written teacher under the final name.
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return { model, record, cached: false };
}
