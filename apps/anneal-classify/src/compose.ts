import { Composition, type Dataset, type DependencyContainer, type PartRef, type PluginRegistry, type QuantumBackend } from '@hqml/core';
import type { ClassificationEvaluator } from '@hqml/eval';
import { resolveExperimentData } from '@hqml/experiment';
import type { AnnealConfig, ExperimentConfig } from './config.js';

/** Every part of an anneal-classify run, resolved by plugin id. */
export interface AnnealParts {
  readonly composition: Composition;
  /** The simulator the annealer classifiers run on (wrapped by the config's mitigators). */
  readonly backend: QuantumBackend;
  /** The data set of each experiment, by plugin id. */
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly evaluator: ClassificationEvaluator;
  /** A model of the registry's `model` plugins (the classifier, the CNN alone), built with `options`. */
  model<T>(id: string, options: Readonly<Record<string, unknown>>): Promise<T>;
}

/** The classifier's plugin reference: its `model` id and the rest of its keys as options. */
export function classifierRef(exp: ExperimentConfig): { id: string; options: Record<string, unknown> } {
  const { model, ...options } = exp.annealer;
  return { id: model, options };
}

/** Every plugin reference of a config, with its path, for the check before anything runs. */
export function annealRefs(config: AnnealConfig): PartRef[] {
  return [
    { path: 'backend', kind: 'backend', ref: config.backend },
    ...config.mitigators.map((ref, i): PartRef => ({ path: `mitigators[${i}]`, kind: 'mitigator', ref, target: 'backend' })),
    { path: 'evaluator', kind: 'evaluator', ref: config.evaluator },
    ...config.experiments.flatMap((e, i): PartRef[] => [
      { path: `experiments[${i}].dataset`, kind: 'dataset', ref: e.dataset },
      { path: `experiments[${i}].annealer`, kind: 'model', ref: classifierRef(e) },
      ...(e.cnn ? [{ path: `experiments[${i}].cnn.model`, kind: 'model' as const, ref: e.cnn.model }] : []),
    ]),
  ];
}

/** What {@link checkAnneal} resolved: the parts that cost nothing to build. */
export type CheckedAnneal = Omit<AnnealParts, 'backend' | 'model'>;

/**
 * Checks a config against the registry before anything is built or written: plugin ids and
 * options, the experiments' classes against their data sets, unique names.
 */
export async function checkAnneal(config: AnnealConfig, registry: PluginRegistry, container?: DependencyContainer): Promise<CheckedAnneal> {
  const composition = new Composition(registry, container);
  await composition.check(annealRefs(config));
  const datasets = await resolveExperimentData(composition, config.experiments);
  const evaluator = await composition.part<ClassificationEvaluator>(config.evaluator, 'evaluator');
  return { composition, datasets, evaluator };
}

/**
 * The composition root of `hqml anneal-classify`: every part the config names, by plugin id
 * through the registry and the tsyringe container; the backend is wrapped by the mitigators and
 * registered before the classifiers (which inject it) are built.
 */
export async function composeAnneal(config: AnnealConfig, registry: PluginRegistry, container?: DependencyContainer, checked?: CheckedAnneal): Promise<AnnealParts> {
  const c = checked ?? (await checkAnneal(config, registry, container));
  const backend = await c.composition.backend(config.backend, config.mitigators);
  return { ...c, backend, model: <T>(id: string, options: Readonly<Record<string, unknown>>) => c.composition.build<T>(id, 'model', options) };
}
