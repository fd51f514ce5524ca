import { type Annealer, type ClassicalModel, type FitOptions, type PluginRef, TrainingHistory, ValidationError, hasFeatures, sampleQubo } from '@hqml/core';
import type { ClassificationEvaluator, ClassificationMetrics } from '@hqml/eval';
import type { ClassificationOutcome, SelectedData } from '@hqml/experiment';
import type { RefinerPlan } from './compose.js';
import type { QuboGrid, RefineConfig, RefineExperiment, RefinerConfig } from './config.js';
import { type FeatureGraph, featureGraph } from './featureGraph.js';
import { imageBlocks } from './imageBlocks.js';
import { LabellingQubo, type QuboWeights } from './labellingQubo.js';

/** What the CNN gave on one split: labels, logits and features, row-major. */
export interface SplitOutputs {
  readonly size: number;
  readonly y: number[];
  /** `size x classes`. */
  readonly logits: number[];
  /** `size x featureSize`: the last hidden layer (or the logits, with `features: logits`). */
  readonly features: number[];
  readonly featureSize: number;
}

/** The CNN cell: the CNN alone on the test split, and its outputs for the tuning and refinement cells. */
export interface CnnOutcome extends ClassificationOutcome {
  readonly kind: 'cnn';
  readonly classes: number;
  readonly validation: SplitOutputs;
  readonly test: SplitOutputs;
}

/** One grid point of the weight search on the validation split. */
export interface GridPoint extends QuboWeights {
  readonly accuracy: number;
  readonly macroF1: number;
  readonly infeasible: number;
}

/** The tuning cell: the weights chosen on the validation split (its confusion matrix is the validation split's at those weights). */
export interface TuneOutcome extends ClassificationOutcome {
  readonly kind: 'tune';
  readonly weights: QuboWeights;
  readonly grid: GridPoint[];
}

/** A refiner's cell: the refined labels' test metrics and what the annealer did. */
export interface RefinedOutcome extends ClassificationOutcome {
  readonly kind: 'refine';
  /** The composed annealer's id, e.g. `mitigation.repetition(anneal.sa)`. */
  readonly solver: string;
}

/** What a cell of `hqml refine` stores. */
export type RefineOutcome = CnnOutcome | TuneOutcome | RefinedOutcome;

/** 6 significant digits: enough for logits and features, a third of the JSON of full doubles. */
function round6(a: ArrayLike<number>): number[] {
  return Array.from(a, (v) => (v === 0 ? 0 : Number(v.toPrecision(6))));
}

function confusionOf(m: ClassificationMetrics): number[][] {
  return m.confusion.map((r) => [...r]);
}

const emptyHistory = (): ReturnType<TrainingHistory['toJSON']> => new TrainingHistory([]).toJSON();

/** Trains the CNN of one seed and records its test metrics and its outputs on the validation and test splits. */
export async function runCnnCell(o: { model: <T>(id: string, options: Readonly<Record<string, unknown>>) => Promise<T>; evaluator: ClassificationEvaluator; exp: RefineExperiment; cfg: RefineConfig; seed: number; data: SelectedData; progress: boolean }): Promise<CnnOutcome> {
  const { exp, cfg, seed, data } = o;
  const { train, validation, test } = data;
  if (!validation) throw new ValidationError({ what: `experiment ${exp.name} has no validation split`, why: 'the QUBO weights are chosen on it', fix: 'Set validation: 0.1' });
  const C = train.classes.length;
  const t = exp.cnn;
  const model = await o.model<ClassicalModel>(t.model, { ...t.options, inputShape: train.shape, classes: C, seed, backend: cfg.tfjsBackend });
  try {
    const t0 = performance.now();
    // with a validation split, the trainer restores the weights of the epoch with the lowest validation loss
    const history = await model.fit(train, { epochs: t.epochs, batchSize: t.batchSize, optimizer: 'adam', seed, progress: o.progress, validation, ...(t.learningRate ? { learningRate: t.learningRate } : {}), ...(t.learningRateDecay ? { learningRateDecay: t.learningRateDecay } : {}), ...(t.augment ? { augment: t.augment } : {}) } as FitOptions);
    const trainSeconds = (performance.now() - t0) / 1000;
    const outputs = async (split: typeof test): Promise<SplitOutputs> => {
      const logits = await model.logits(split.x, split.size);
      let features: Float32Array = logits;
      let featureSize = C;
      if (cfg.qubo.features === 'penultimate') {
        if (!hasFeatures(model)) throw new ValidationError({ what: `the ${t.model} model gives no features`, why: 'qubo.features: penultimate needs the last hidden layer', fix: 'Use lenet5, alexnet or mlp, or qubo.features: logits' });
        features = await model.features(split.x, split.size);
        featureSize = model.featureSize;
      }
      return { size: split.size, y: Array.from(split.y), logits: round6(logits), features: round6(features), featureSize };
    };
    const i0 = performance.now();
    const testOut = await outputs(test);
    const inferenceSecondsPerImage = (performance.now() - i0) / 1000 / test.size;
    const valOut = await outputs(validation);
    const testM = o.evaluator.metricsFromLogits(testOut.logits, test.y, C);
    const valM = o.evaluator.metricsFromLogits(valOut.logits, validation.y, C);
    return { kind: 'cnn', classes: C, confusion: confusionOf(testM), history: history.toJSON(), extra: { validationAccuracy: valM.accuracy, trainSeconds, secondsPerImage: inferenceSecondsPerImage }, validation: valOut, test: testOut };
  } finally {
    model.dispose();
  }
}

/** The neighbour graphs of a split for each k, built once. */
function graphsOf(out: SplitOutputs, ks: readonly number[], kernel: QuboGrid['kernel']): Map<number, FeatureGraph> {
  return new Map(ks.map((k) => [k, featureGraph(out.features, out.size, out.featureSize, k, kernel)]));
}

function better(a: GridPoint, b: GridPoint, metric: 'accuracy' | 'macroF1'): boolean {
  if (a[metric] !== b[metric]) return a[metric] > b[metric];
  // ties: the weaker refinement (smaller lambda), then fewer neighbours and candidates
  return a.agreement !== b.agreement ? a.agreement < b.agreement : a.neighbours !== b.neighbours ? a.neighbours < b.neighbours : a.candidates < b.candidates;
}

/**
 * Chooses the QUBO's weights on the validation split: for every grid point the QUBO of the
 * validation images is solved by the tuning annealer and its lowest-energy sample decoded; the
 * point with the best metric wins (ties go to the smaller lambda, so lambda = 0, the network's
 * own labels, wins unless agreement helps).
 */
export async function runTuneCell(o: { annealer: Annealer; evaluator: ClassificationEvaluator; cfg: RefineConfig; seed: number; cnn: CnnOutcome }): Promise<TuneOutcome> {
  const { cfg, cnn } = o;
  const val = cnn.validation;
  const q = cfg.qubo;
  const graphs = graphsOf(val, q.neighbours, q.kernel);
  const t0 = performance.now();
  const grid: GridPoint[] = [];
  let best: { point: GridPoint; metrics: ClassificationMetrics } | undefined;
  let g = 0;
  for (const candidates of q.candidates) {
    for (const neighbours of q.neighbours) {
      for (const agreement of q.agreement) {
        const weights = { candidates, neighbours, agreement };
        const lq = LabellingQubo.build(val.logits, cnn.classes, graphs.get(neighbours)!, weights);
        const ss = await sampleQubo(o.annealer, lq.qubo, { ...cfg.tuning.sample, seed: o.seed * 1000 + g++ });
        const decoded = lq.decode(ss.first.sample);
        const labels = cfg.tuning.polish ? lq.polish(decoded.labels).labels : decoded.labels;
        const infeasible = decoded.infeasible;
        const metrics = o.evaluator.metrics(val.y, labels, cnn.classes);
        const point: GridPoint = { ...weights, accuracy: metrics.accuracy, macroF1: metrics.macro.f1, infeasible: infeasible / val.size };
        grid.push(point);
        if (!best || better(point, best.point, cfg.tuning.metric)) best = { point, metrics };
      }
    }
  }
  const { candidates, neighbours, agreement } = best!.point;
  const network = o.evaluator.metricsFromLogits(val.logits, val.y, cnn.classes);
  return {
    kind: 'tune',
    weights: { candidates, neighbours, agreement },
    grid,
    confusion: confusionOf(best!.metrics),
    history: emptyHistory(),
    extra: { candidates, neighbours, agreement, validationAccuracy: best!.metrics.accuracy, networkValidationAccuracy: network.accuracy, tuneSeconds: (performance.now() - t0) / 1000 },
  };
}

/**
 * Refines the test split's labels with one refiner: the QUBO with the chosen weights on the
 * test images' graph, sampled by the refiner's annealer (warm-started from the network's
 * probabilities and in blocks of whole images when its plan says so), the lowest-energy sample
 * decoded (and polished, when the refiner asks). Extras: seconds per refined image, labels changed
 * / fixed / broken, images whose bits were not one-hot, the energy of the refined labelling
 * against the network's.
 */
export async function runRefinerCell(o: { annealer: Annealer; evaluator: ClassificationEvaluator; refiner: RefinerConfig; plan: RefinerPlan; cfg: RefineConfig; seed: number; cnn: CnnOutcome; tune: TuneOutcome; warn: (line: string) => void }): Promise<RefinedOutcome> {
  const { cnn, tune, refiner, plan } = o;
  const test = cnn.test;
  const w = tune.weights;
  const graph = featureGraph(test.features, test.size, test.featureSize, w.neighbours, o.cfg.qubo.kernel);
  const lq = LabellingQubo.build(test.logits, cnn.classes, graph, w);
  const options = {
    ...refiner.sample,
    seed: o.seed,
    ...(plan.warmStart ? { warmStart: lq.candidateProbabilities } : {}),
    ...(plan.blocks ? { blocks: imageBlocks(graph, w.candidates, refiner.blockVariables) } : {}),
  };
  const t0 = performance.now();
  const ss = await sampleQubo(o.annealer, lq.qubo, options);
  const seconds = (performance.now() - t0) / 1000;
  const ignored = (ss.info as { ignoredOptions?: unknown }).ignoredOptions;
  if (Array.isArray(ignored) && ignored.length > 0) o.warn(`warning: ${o.annealer.id} ignored the options ${ignored.join(', ')} of refiner "${refiner.name}"`);
  const best = ss.first;
  const decoded = lq.decode(best.sample);
  const polished = refiner.polish ? lq.polish(decoded.labels) : { labels: decoded.labels, moves: 0 };
  const { labels } = polished;
  const { infeasible } = decoded;
  const network = lq.networkLabels();
  let changed = 0, fixed = 0, broken = 0, covered = 0;
  for (let i = 0; i < test.size; i++) {
    const y = test.y[i]!;
    if (labels[i] !== network[i]) changed++;
    if (labels[i] === y && network[i] !== y) fixed++;
    if (labels[i] !== y && network[i] === y) broken++;
    if (lq.candidateClasses.subarray(i * w.candidates, (i + 1) * w.candidates).includes(y)) covered++;
  }
  // diagnostic only (read after every choice was made): how often the graph joins images of one true class
  let same = 0, total = 0;
  for (let e = 0; e < graph.heads.length; e++) {
    total += graph.weights[e]!;
    if (test.y[graph.heads[e]!] === test.y[graph.tails[e]!]) same += graph.weights[e]!;
  }
  const networkEnergy = lq.qubo.energy(lq.encode(network));
  // the energy of the labels reported (decoded, polished if asked): what the refinement achieved on the QUBO
  const refinedEnergy = lq.qubo.energy(lq.encode(labels));
  const metrics = o.evaluator.metrics(test.y, labels, cnn.classes);
  return {
    kind: 'refine',
    solver: o.annealer.id,
    confusion: confusionOf(metrics),
    history: emptyHistory(),
    extra: {
      secondsPerImage: seconds / test.size,
      annealSeconds: seconds,
      changed: changed / test.size,
      fixed: fixed / test.size,
      broken: broken / test.size,
      infeasible: infeasible / test.size,
      candidateRecall: covered / test.size,
      edgePurity: total > 0 ? same / total : Number.NaN,
      polishMoves: polished.moves / test.size,
      sampleEnergy: best.energy,
      energy: refinedEnergy,
      networkEnergy,
      energyGain: networkEnergy - refinedEnergy,
      variables: lq.qubo.numVariables,
      interactions: lq.qubo.values.length,
      ...w,
    },
  };
}

/** A refiner's label for tables: its own, or the annealer and its mitigators. */
export function refinerLabel(r: RefinerConfig, refLabel: (ref: PluginRef) => string): string {
  return r.label ?? [refLabel(r.annealer), ...r.mitigators.map(refLabel)].join(' + ');
}
