import { type Annealer, Composition, type Dataset, type DependencyContainer, type PartRef, type PluginRef, type PluginRegistry, type QuantumBackend, ValidationError, refId, refOptions } from '@hqml/core';
import type { ClassificationEvaluator } from '@hqml/eval';
import { checkUniqueNames, resolveExperimentData, selectedClasses } from '@hqml/experiment';
import type { RefineConfig, RefinerConfig } from './config.js';

/** Every part of a refine run, resolved by plugin id. */
export interface RefineParts {
  readonly composition: Composition;
  /** The data set of each experiment, by plugin id. */
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly evaluator: ClassificationEvaluator;
  /** The backend of annealers that run circuits (wrapped by the config's mitigators); null when none needs one. */
  readonly backend: QuantumBackend | null;
  /** The annealer that chooses the weights on the validation split. */
  readonly tuning: Annealer;
  /** Each refiner's annealer, wrapped by its mitigators, by refiner name. */
  readonly refiners: ReadonlyMap<string, Annealer>;
  /** A model of the registry's `model` plugins (the CNN), built with `options`. */
  model<T>(id: string, options: Readonly<Record<string, unknown>>): Promise<T>;
  /** Disposes every annealer and the backend. */
  dispose(): Promise<void>;
}

/** What a refiner does with the network's probabilities and the graph, from its annealer's declared capabilities. */
export interface RefinerPlan {
  /** Pass the network's probabilities as `warmStart`. */
  readonly warmStart: boolean;
  /** Pass blocks of whole images as `blocks`. */
  readonly blocks: boolean;
}

function capability(registry: PluginRegistry, ref: PluginRef, name: string): unknown {
  return registry.get(refId(ref), 'annealer').capabilities[name];
}

function requiresBackend(registry: PluginRegistry, ref: PluginRef): boolean {
  const r = capability(registry, ref, 'requires');
  return Array.isArray(r) && r.includes('backend');
}

/**
 * What a refiner passes to its annealer. An annealer mitigator transforms the variables (a
 * repetition code multiplies them, a spin-reversal transform flips them) but passes the call's
 * options through unchanged, so per-variable options (a warm start, blocks) would no longer
 * match the model the annealer sees: a wrapped annealer gets neither.
 */
export function refinerPlan(registry: PluginRegistry, r: RefinerConfig): RefinerPlan {
  const wrapped = r.mitigators.length > 0;
  const canWarm = capability(registry, r.annealer, 'warmStart') === true;
  const canBlock = capability(registry, r.annealer, 'blocks') === true;
  return { warmStart: r.warmStart ?? (canWarm && !wrapped), blocks: canBlock && !wrapped };
}

/** Every plugin reference of a config, with its path, for the check before anything runs. */
export function refineRefs(config: RefineConfig): PartRef[] {
  return [
    { path: 'backend', kind: 'backend', ref: config.backend },
    ...config.mitigators.map((ref, i): PartRef => ({ path: `mitigators[${i}]`, kind: 'mitigator', ref, target: 'backend' })),
    { path: 'evaluator', kind: 'evaluator', ref: config.evaluator },
    { path: 'tuning.annealer', kind: 'annealer', ref: config.tuning.annealer },
    ...config.refiners.flatMap((r, i): PartRef[] => [
      { path: `refiners[${i}].annealer`, kind: 'annealer', ref: r.annealer },
      ...r.mitigators.map((ref, j): PartRef => ({ path: `refiners[${i}].mitigators[${j}]`, kind: 'mitigator', ref, target: 'annealer' })),
    ]),
    ...config.experiments.flatMap((e, i): PartRef[] => [
      { path: `experiments[${i}].dataset`, kind: 'dataset', ref: e.dataset },
      { path: `experiments[${i}].cnn`, kind: 'model', ref: { id: e.cnn.model, options: e.cnn.options } },
    ]),
  ];
}

/** What {@link checkRefine} resolved: the parts that cost nothing to build. */
export interface CheckedRefine {
  readonly composition: Composition;
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly evaluator: ClassificationEvaluator;
  /** What each refiner passes to its annealer, by name. */
  readonly plans: ReadonlyMap<string, RefinerPlan>;
}

function refuse(what: string, why: string, fix: string): never {
  throw new ValidationError({ what, why, fix });
}

/**
 * Checks a config against the registry before anything is built or written: plugin ids and
 * options, mitigator targets, the CNN's features, the refiners' warm start and blocks against
 * their annealers' capabilities, the candidate grid against the classes, unique names.
 */
export async function checkRefine(config: RefineConfig, registry: PluginRegistry, container?: DependencyContainer): Promise<CheckedRefine> {
  const composition = new Composition(registry, container);
  await composition.check(refineRefs(config));
  checkUniqueNames(config.refiners.map((r) => r.name), 'refiners');
  const plans = new Map<string, RefinerPlan>();
  for (const [i, r] of config.refiners.entries()) {
    const id = refId(r.annealer);
    const plan = refinerPlan(registry, r);
    if (r.warmStart === true && capability(registry, r.annealer, 'warmStart') !== true) {
      refuse(`at refiners[${i}].warmStart: ${id} does not take a warm start`, 'only annealers that declare the warmStart capability start from the network\'s probabilities (anneal.qaoa does)', 'Remove warmStart for this refiner');
    }
    if (r.warmStart === true && r.mitigators.length > 0) {
      refuse(`at refiners[${i}].warmStart: ${id} is wrapped by ${r.mitigators.map(refId).join(', ')}`, 'annealer mitigators transform the variables (copies, flips) but pass a warm start through unchanged, so it would describe other variables than the annealer sees', 'Set warmStart: false for the protected refiner (and compare with an unprotected one)');
    }
    if (capability(registry, r.annealer, 'blocks') === true && !plan.blocks && refOptions(r.annealer)['blockSize'] === undefined) {
      refuse(`at refiners[${i}].annealer: ${id} is wrapped by ${r.mitigators.map(refId).join(', ')} and has no blockSize`, 'the app cannot give blocks of whole images to a wrapped annealer (it sees the encoded model), and without blocks it would put every variable of the test set on the backend at once', `Give the annealer its own block size: { id: ${id}, options: { blockSize: 12 } }`);
    }
    if (plan.blocks && r.blockVariables < Math.max(...config.qubo.candidates)) {
      refuse(`at refiners[${i}].blockVariables: ${r.blockVariables}`, `a block holds whole images, and an image has up to ${Math.max(...config.qubo.candidates)} variables (qubo.candidates)`, `Use blockVariables >= ${Math.max(...config.qubo.candidates)}`);
    }
    plans.set(r.name, plan);
  }
  const datasets = await resolveExperimentData(composition, config.experiments);
  for (const [i, e] of config.experiments.entries()) {
    const K = selectedClasses(e, datasets.get(e.dataset)!).length;
    const tooMany = config.qubo.candidates.filter((m) => m > K);
    if (tooMany.length > 0) refuse(`at qubo.candidates: ${tooMany.join(', ')} for experiments[${i}] ("${e.name}")`, `it has ${K} classes, and an image's candidates are some of its classes`, `Use candidates of at most ${K}`);
    if (config.qubo.features === 'penultimate' && registry.get(e.cnn.model, 'model').capabilities['features'] !== true) {
      refuse(`at experiments[${i}].cnn.model: "${e.cnn.model}" does not give features`, 'qubo.features: penultimate finds neighbours in the activations of the last hidden layer, which this model does not expose', 'Use lenet5, alexnet or mlp, or set qubo.features: logits');
    }
  }
  const evaluator = await composition.part<ClassificationEvaluator>(config.evaluator, 'evaluator');
  return { composition, datasets, evaluator, plans };
}

/**
 * The composition root of `hqml refine`: every part the config names, by plugin id through the
 * registry and the tsyringe container. The backend (wrapped by the config's `mitigators`) is
 * built and registered first when an annealer declares `requires: ['backend']` (anneal.qaoa
 * injects it); each annealer, wrapped by its own mitigators, is built in a child container of
 * the root's, since one container holds one annealer.
 */
export async function composeRefine(config: RefineConfig, registry: PluginRegistry, container?: DependencyContainer, checked?: CheckedRefine): Promise<RefineParts> {
  const c = checked ?? (await checkRefine(config, registry, container));
  const needsBackend = [config.tuning.annealer, ...config.refiners.map((r) => r.annealer)].some((ref) => requiresBackend(registry, ref));
  const children: Composition[] = [];
  const child = (): Composition => {
    const k = new Composition(registry, c.composition.container.createChildContainer());
    children.push(k);
    return k;
  };
  const dispose = async (): Promise<void> => {
    for (const k of children.splice(0).reverse()) await k.dispose();
    await c.composition.dispose();
  };
  try {
    const backend = needsBackend ? await c.composition.backend(config.backend, config.mitigators) : null;
    const tuning = await child().annealer(config.tuning.annealer);
    const refiners = new Map<string, Annealer>();
    for (const r of config.refiners) refiners.set(r.name, await child().annealer(r.annealer, r.mitigators));
    return { composition: c.composition, datasets: c.datasets, evaluator: c.evaluator, backend, tuning, refiners, model: <T>(id: string, options: Readonly<Record<string, unknown>>) => c.composition.build<T>(id, 'model', options), dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}
