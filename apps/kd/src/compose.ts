import { type ClassicalModel, Composition, ValidationError, type Dataset, type DependencyContainer, type PartRef, type PluginRef, type PluginRegistry, type QuantumBackend, type Trainer } from '@hqml/core';
import type { ClassificationEvaluator } from '@hqml/eval';
import { resolveExperimentData } from '@hqml/experiment';
import type { ExperimentConfig, KdConfig, MemberTeacherConfig, TeacherConfig } from './config.js';

/** Every part of a kd run, resolved by plugin id. */
export interface KdParts {
  readonly composition: Composition;
  /** The quantum backend, wrapped by the config's mitigators (what the students run on). */
  readonly backend: QuantumBackend;
  /** The data set of each experiment, by plugin id. */
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly trainers: { readonly baseline: Trainer; readonly distilled: Trainer };
  readonly evaluator: ClassificationEvaluator;
  /** A model of the registry's `model` plugins (teachers, students), built with `options`. */
  model(id: string, options: Readonly<Record<string, unknown>>): Promise<ClassicalModel>;
  /**
   * The composition an experiment's students are built in: the run's, or, when the experiment
   * names its own `backend` or `mitigators`, a child composition with that backend (built once).
   */
  experimentComposition(exp: ExperimentConfig): Promise<Composition>;
}

/** The backend and mitigators an experiment's students run on: its own when it names them, else the run's. */
export function experimentBackend(config: KdConfig, exp: ExperimentConfig): { backend: PluginRef; mitigators: readonly PluginRef[] } {
  return { backend: exp.backend ?? config.backend, mitigators: exp.mitigators ?? config.mitigators };
}

function memberRefs(t: MemberTeacherConfig, path: string): PartRef[] {
  return [typeof t === 'string' ? { path, kind: 'model', ref: t } : { path: `${path}.model`, kind: 'model', ref: { id: t.model, options: t.options } }];
}

function teacherRefs(t: TeacherConfig, path: string): PartRef[] {
  if (typeof t !== 'string' && t.model === 'ensemble' && 'members' in t) return [{ path: `${path}.model`, kind: 'model', ref: 'ensemble' }, ...t.members.flatMap((m, j) => memberRefs(m, `${path}.members[${j}]`))];
  return memberRefs(t as MemberTeacherConfig, path);
}

/** The student's plugin reference: its `model` id and the rest of its keys as options. */
export function studentRef(student: KdConfig['experiments'][number]['student']): { id: string; options: Record<string, unknown> } {
  const { model, ...options } = student;
  return { id: model, options };
}

/** Every plugin reference of a kd config, with its config path, for the check before anything runs. */
export function kdRefs(config: KdConfig): PartRef[] {
  return [
    { path: 'backend', kind: 'backend', ref: config.backend },
    ...config.mitigators.map((ref, i): PartRef => ({ path: `mitigators[${i}]`, kind: 'mitigator', ref, target: 'backend' })),
    { path: 'evaluator', kind: 'evaluator', ref: config.evaluator },
    { path: 'trainers.baseline', kind: 'trainer', ref: config.trainers.baseline },
    { path: 'trainers.distilled', kind: 'trainer', ref: config.trainers.distilled },
    ...config.experiments.flatMap((e, i): PartRef[] => [
      { path: `experiments[${i}].backend`, kind: 'backend', ref: e.backend },
      ...(e.mitigators ?? []).map((ref, j): PartRef => ({ path: `experiments[${i}].mitigators[${j}]`, kind: 'mitigator', ref, target: 'backend' })),
      { path: `experiments[${i}].dataset`, kind: 'dataset', ref: e.dataset },
      { path: `experiments[${i}].student`, kind: 'model', ref: studentRef(e.student) },
      ...e.teachers.flatMap((t, j) => teacherRefs(t, `experiments[${i}].teachers[${j}]`)),
    ]),
  ];
}

/**
 * Checks a kd config against the registry before anything is built or written: every plugin id
 * and its options, the data sets' classes, unique experiment names. Returns the composition
 * (its data sets, trainers and evaluator resolved; no backend or model built, no file read).
 */
export async function checkKd(config: KdConfig, registry: PluginRegistry, container?: DependencyContainer): Promise<CheckedKd> {
  const composition = new Composition(registry, container);
  await composition.check(kdRefs(config));
  const datasets = await resolveExperimentData(composition, config.experiments);
  const trainer = (ref: PluginRef) => composition.part<Trainer>(ref, 'trainer');
  const trainers = { baseline: await trainer(config.trainers.baseline), distilled: await trainer(config.trainers.distilled) };
  for (const [role, t] of Object.entries(trainers)) {
    const wantsTeacher = role === 'distilled';
    if (t.usesTeacher !== wantsTeacher) {
      throw new ValidationError({ what: `at trainers.${role}: "${t.id}" ${t.usesTeacher ? 'trains against a teacher' : 'trains on labels only'}`, why: `the ${role} condition ${wantsTeacher ? 'distils from a teacher' : 'uses the labels only'}`, fix: `Name a ${wantsTeacher ? 'distillation' : 'label-only'} trainer (\`hqml plugins\` lists the trainers)` });
    }
  }
  const evaluator = await composition.part<ClassificationEvaluator>(config.evaluator, 'evaluator');
  return { composition, datasets, trainers, evaluator };
}

/** What {@link checkKd} resolved: the parts that cost nothing to build (data sets are not loaded yet). */
export type CheckedKd = Omit<KdParts, 'backend' | 'model' | 'experimentComposition'>;

/**
 * The composition root of `hqml kd`: every part the config names, by plugin id through the
 * registry and the tsyringe container. The backend is built and wrapped by the mitigators
 * first, so the students (the `qnn` plugin injects `Tokens.QuantumBackend`) run on the mitigated
 * one. Call {@link checkKd} first to fail before anything is written.
 */
export async function composeKd(config: KdConfig, registry: PluginRegistry, container?: DependencyContainer, checked?: CheckedKd): Promise<KdParts> {
  const c = checked ?? (await checkKd(config, registry, container));
  const backend = await c.composition.backend(config.backend, config.mitigators);
  const own = new Map<string, Promise<Composition>>();
  const experimentComposition = (exp: ExperimentConfig): Promise<Composition> => {
    if (exp.backend === undefined && exp.mitigators === undefined) return Promise.resolve(c.composition);
    let p = own.get(exp.name);
    if (!p) {
      const child = c.composition.child();
      const b = experimentBackend(config, exp);
      p = child.backend(b.backend, b.mitigators).then(() => child);
      own.set(exp.name, p);
    }
    return p;
  };
  return { ...c, backend, model: (id, options) => c.composition.build<ClassicalModel>(id, 'model', options), experimentComposition };
}
