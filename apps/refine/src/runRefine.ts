import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { type PluginRef, refId, refLabel, writeFileAtomic } from '@hqml/core';
import { type ReportFiles, packageVersions } from '@hqml/eval';
import { type AppRunOptions, type CellSpec, CellStore, RunLock, type SelectedData, type SelectionDefaults, type StoredCell, checkUniqueCells, checkWritableDir, defineCell, loadOptionsOf, loadSelection, runCells, seedRuns, selectedClasses } from '@hqml/experiment';
import { type CheckedRefine, type RefineParts, type RefinerPlan, checkRefine, composeRefine } from './compose.js';
import type { RefineConfig, RefineExperiment, RefinerConfig } from './config.js';
import { PENALTY_MARGIN } from './labellingQubo.js';
import { type CnnOutcome, type RefineOutcome, type TuneOutcome, refinerLabel, runCnnCell, runRefinerCell, runTuneCell } from './refineCells.js';
import { refinementSection } from './refineReport.js';

/** Options of {@link runRefine}: the options every app's run takes. */
export type RunRefineOptions = AppRunOptions;

/** One line of the results table. */
export interface RefineRow {
  readonly experiment: string;
  readonly condition: string;
  readonly seeds: number;
  readonly testAccuracy: number;
  readonly testAccuracyCi: number | null;
  readonly macroF1: number;
  /** Paired accuracy difference to the CNN alone (null for the CNN). */
  readonly accuracyGain: number | null;
  readonly accuracyGainCi: number | null;
  /** Mean seconds per refined image (the CNN: per image of inference). */
  readonly secondsPerImage: number;
}

/** The outcome of {@link runRefine}. */
export interface RefineResult {
  readonly runDir: string;
  readonly reports: ReadonlyArray<{ readonly experiment: string; readonly files: ReportFiles }>;
  readonly rows: readonly RefineRow[];
  readonly cellsRun: number;
  readonly cellsReused: number;
  readonly wallTimeSeconds: number;
}

/** What determines a refine cell's numbers (its key is the hash of this). */
export type RefineCellSpec =
  | { readonly kind: 'cnn'; readonly load: Readonly<Record<string, unknown>>; readonly dataset: string; readonly cnn: RefineExperiment['cnn']; readonly features: RefineConfig['qubo']['features']; readonly tfjsBackend: RefineConfig['tfjsBackend'] }
  | { readonly kind: 'tune'; readonly cnn: string; readonly qubo: RefineConfig['qubo']; readonly tuning: RefineConfig['tuning']; readonly backend: PluginRef | null; readonly backendMitigators: readonly PluginRef[] }
  | { readonly kind: 'refine'; readonly cnn: string; readonly tune: string; readonly kernel: RefineConfig['qubo']['kernel']; readonly refiner: Omit<RefinerConfig, 'name' | 'label'>; readonly plan: RefinerPlan; readonly backend: PluginRef | null; readonly backendMitigators: readonly PluginRef[] };

/**
 * The data-selection defaults of refine: seeded random subsets, a new training subset and
 * validation hold-out per seed, the same test subset unless a config says `test.seed: run`.
 */
export const REFINE_SELECTION_DEFAULTS: SelectionDefaults = { selection: 'random', trainSeed: 'run', testSeed: 0 };

/**
 * Every cell of a config, per experiment and seed in order: the CNN (`cnn`), the weight search
 * on the validation split (`tune`), then each refiner. A tuning or refiner cell's spec holds the
 * key of the cells it reads, so retraining the CNN reruns everything downstream of it and
 * nothing else; the backend is part of a cell only when its annealer runs circuits.
 */
export function planRefineCells(cfg: RefineConfig, plans: ReadonlyMap<string, RefinerPlan>, needsBackend: (ref: PluginRef) => boolean): Array<CellSpec<RefineCellSpec>> {
  const cells: Array<CellSpec<RefineCellSpec>> = [];
  const backendOf = (ref: PluginRef) => (needsBackend(ref) ? { backend: cfg.backend, backendMitigators: cfg.mitigators } : { backend: null, backendMitigators: [] });
  for (const exp of cfg.experiments) {
    for (const seed of cfg.seeds) {
      const load = { train: loadOptionsOf(exp, 'train', seed, REFINE_SELECTION_DEFAULTS), test: loadOptionsOf(exp, 'test', seed, REFINE_SELECTION_DEFAULTS) };
      const cnn = defineCell<RefineCellSpec>(exp.name, 'cnn', seed, { kind: 'cnn', load, dataset: exp.dataset, cnn: exp.cnn, features: cfg.qubo.features, tfjsBackend: cfg.tfjsBackend });
      const tune = defineCell<RefineCellSpec>(exp.name, 'tune', seed, { kind: 'tune', cnn: cnn.key, qubo: cfg.qubo, tuning: cfg.tuning, ...backendOf(cfg.tuning.annealer) });
      cells.push(cnn, tune);
      for (const r of cfg.refiners) {
        const { name: _n, label: _l, ...refiner } = r;
        cells.push(defineCell<RefineCellSpec>(exp.name, r.name, seed, { kind: 'refine', cnn: cnn.key, tune: tune.key, kernel: cfg.qubo.kernel, refiner, plan: plans.get(r.name)!, ...backendOf(r.annealer) }));
      }
    }
  }
  checkUniqueCells(cells);
  return cells;
}

function augmentNote(a: { pad: number; flip: boolean } | undefined): string {
  return a ? `, training batches augmented (random crop after ${a.pad}-pixel zero padding${a.flip ? ', horizontal flip' : ''}, seeded)` : '';
}

/**
 * Runs every experiment of a config: per seed, the CNN (trained with early stopping on the
 * validation split), the choice of the QUBO's weights on the validation split, and each
 * refiner's labels of the test split; then one report per experiment (the evaluator's Markdown,
 * JSON and SVG report with 95% intervals, paired differences to the CNN and between protected
 * and unprotected refiners, plus the refinement section: the original claim beside the measured
 * gain, time per refined image, labels changed, the chosen weights). Every part is resolved by
 * plugin id (composeRefine) after the config was checked against the registry, the data sets and
 * the run directory; finished cells are stored under their key and reused.
 */
export async function runRefine(cfg: RefineConfig, o: RunRefineOptions): Promise<RefineResult> {
  const log = o.log === null ? () => {} : (o.log ?? ((l: string) => process.stderr.write(`${l}\n`)));
  const t0 = performance.now();
  const runDir = resolve(o.runDir);
  const checked: CheckedRefine = await checkRefine(cfg, o.registry, o.container);
  const needsBackend = (ref: PluginRef): boolean => {
    const r = o.registry.get(refId(ref), 'annealer').capabilities['requires'];
    return Array.isArray(r) && r.includes('backend');
  };
  const cells = planRefineCells(cfg, checked.plans, needsBackend);
  await checkWritableDir(runDir);
  const lock = await RunLock.acquire(runDir, log);
  let parts: RefineParts | undefined;
  try {
    parts = await composeRefine(cfg, o.registry, o.container, checked);
    const p = parts;
    const store = new CellStore<RefineOutcome>(runDir);
    if (o.fresh) await store.clear();
    const expOf = new Map(cfg.experiments.map((e) => [e.name, e]));
    const refinerOf = new Map(cfg.refiners.map((r) => [r.name, r]));
    const cellOf = new Map(cells.map((c) => [`${c.experiment}/${c.condition}/${c.seed}`, c]));
    const stored = async <R extends RefineOutcome>(exp: string, condition: string, seed: number): Promise<R> => {
      const found = await store.read(cellOf.get(`${exp}/${condition}/${seed}`)!);
      if (found.status !== 'done') throw new Error(`cell ${exp}/${condition}/s${seed} is ${found.status} although it runs first`);
      return found.cell.result as R;
    };
    const run = await runCells<RefineCellSpec, RefineOutcome>({
      cells,
      store,
      sink: o.log === null ? null : { write: (t) => log(t.replace(/\n$/, '')), isTTY: false },
      run: async (c) => {
        const exp = expOf.get(c.experiment)!;
        const c0 = performance.now();
        const took = (): string => `${((performance.now() - c0) / 1000).toFixed(1)} s`;
        if (c.spec.kind === 'cnn') {
          const data: SelectedData = await loadSelection(p.datasets.get(exp.dataset)!, exp, c.seed, REFINE_SELECTION_DEFAULTS, cfg.dataDir);
          const cell = await runCnnCell({ model: p.model, evaluator: p.evaluator, exp, cfg, seed: c.seed, data, progress: o.progress ?? false });
          log(`[${exp.name}] cnn seed ${c.seed}: test accuracy ${(p.evaluator.metricsFromConfusion(cell.confusion).accuracy * 100).toFixed(1)}%, validation ${(cell.extra['validationAccuracy']! * 100).toFixed(1)}% (${took()})`);
          return cell;
        }
        const cnn = await stored<CnnOutcome>(exp.name, 'cnn', c.seed);
        if (c.spec.kind === 'tune') {
          const cell = await runTuneCell({ annealer: p.tuning, evaluator: p.evaluator, cfg, seed: c.seed, cnn });
          log(`[${exp.name}] tune seed ${c.seed}: candidates ${cell.weights.candidates}, neighbours ${cell.weights.neighbours}, agreement ${cell.weights.agreement}; validation accuracy ${(cell.extra['networkValidationAccuracy']! * 100).toFixed(1)}% -> ${(cell.extra['validationAccuracy']! * 100).toFixed(1)}% (${took()})`);
          return cell;
        }
        const tune = await stored<TuneOutcome>(exp.name, 'tune', c.seed);
        const refiner = refinerOf.get(c.condition)!;
        const cell = await runRefinerCell({ annealer: p.refiners.get(refiner.name)!, evaluator: p.evaluator, refiner, plan: checked.plans.get(refiner.name)!, cfg, seed: c.seed, cnn, tune, warn: log });
        log(`[${exp.name}] ${refiner.name} seed ${c.seed}: test accuracy ${(p.evaluator.metricsFromConfusion(cnn.confusion).accuracy * 100).toFixed(1)}% -> ${(p.evaluator.metricsFromConfusion(cell.confusion).accuracy * 100).toFixed(1)}%, ${(cell.extra['secondsPerImage']! * 1000).toFixed(2)} ms per image (${took()})`);
        return cell;
      },
    });

    const reports: Array<{ experiment: string; files: ReportFiles }> = [];
    const rows: RefineRow[] = [];
    for (const exp of cfg.experiments) {
      const dataset = p.datasets.get(exp.dataset)!;
      const classNames = selectedClasses(exp, dataset).map((c) => dataset.classes[c] ?? String(c));
      const cellsOf = <R extends RefineOutcome>(condition: string) => cells.filter((c) => c.experiment === exp.name && c.condition === condition).map((c) => run.results.get(c.id)! as StoredCell<R>);
      const cnnCells = cellsOf<CnnOutcome>('cnn');
      const tuneCells = cellsOf<TuneOutcome>('tune');
      const conditions = [
        { name: 'cnn', label: `CNN alone (${exp.cnn.model})`, cells: cnnCells as Array<StoredCell<RefineOutcome>> },
        ...cfg.refiners.map((r) => ({ name: r.name, label: refinerLabel(r, refLabel), cells: cellsOf(r.name) })),
      ];
      const comparisons = [...cfg.refiners.map((r) => ({ treatment: r.name, control: 'cnn' })), ...protectionPairs(cfg.refiners), ...warmStartPairs(cfg.refiners)];
      const first = cnnCells[0]!.result;
      const q = cfg.qubo;
      const notes = [
        `Data: ${exp.dataset}${exp.classes ? ` classes ${exp.classes.join(', ')}` : ''}; per seed a seeded training subset (${describeSelection(exp.train)}) of which ${Math.round(exp.validation * 100)}% is held out (stratified) as the validation split (${first.validation.size} images), and ${first.test.size} test images (${describeSelection(exp.test)}${exp.test.seed === 'run' ? ', a new subset per seed' : ', the same for every seed'}). The test split is used once, after every choice was made.`,
        `CNN: ${exp.cnn.model}${Object.keys(exp.cnn.options).length ? ` ${JSON.stringify(exp.cnn.options)}` : ''}, ${exp.cnn.epochs} epochs, batch ${exp.cnn.batchSize}, Adam${exp.cnn.learningRate ? ` ${exp.cnn.learningRate}` : ''}${exp.cnn.learningRateDecay ? ` x ${exp.cnn.learningRateDecay}/epoch` : ''}${augmentNote(exp.cnn.augment)}, weights of the epoch with the lowest validation loss.`,
        `Labelling QUBO (apps/refine/README.md): one bit per image and candidate class (the network's top m), unary = logit gap to the top class (-log p + log p_max), agreement -lambda w_ij between images that are neighbours in the CNN's ${q.features === 'penultimate' ? 'last hidden layer' : 'logit space'} (symmetric k-NN on unit-length features, ${q.kernel === 'self-tuning' ? 'self-tuning weights exp(-d^2 / sigma_i sigma_j)' : 'weight 1'}), one-hot penalty A_i = lambda D_i + ${PENALTY_MARGIN} (every minimiser is one-hot). The test images' graph joins test images only.`,
        `Weights chosen per seed on the validation split only: m in {${q.candidates.join(', ')}}, k in {${q.neighbours.join(', ')}}, lambda in {${q.agreement.join(', ')}}, maximising validation ${cfg.tuning.metric} of the lowest-energy sample of ${refLabel(cfg.tuning.annealer)} (${JSON.stringify(cfg.tuning.sample)}); ties go to the smaller lambda (lambda = 0 keeps the network's labels).`,
        `Refiners sample the test QUBO with those weights and the cell's seed; the lowest-energy sample is decoded (bits that are not one-hot: the network's likeliest class among those set, or its top class). ${cfg.refiners.map((r) => `${r.name}: ${refinerLabel(r, refLabel)} (composed as ${p.refiners.get(r.name)!.id})${Object.keys(r.sample).length ? ` ${JSON.stringify(r.sample)}` : ''}${checked.plans.get(r.name)!.warmStart ? ', warm-started from the network\'s probabilities (renormalised over the candidates)' : ''}${checked.plans.get(r.name)!.blocks ? `, blocks of whole images of at most ${r.blockVariables} variables grouped along the graph` : ''}`).join('; ')}.`,
        `Claim: ${cfg.claim.source}: +${(cfg.claim.improvement * 100).toFixed(1)}%. Measured: see "Refinement" below.`,
      ];
      const report = p.evaluator.report({
        title: `${cfg.title}: ${exp.name}`,
        config: { ...cfg, experiments: [exp] } as unknown as Record<string, unknown>,
        seeds: cfg.seeds,
        backend: `${p.backend ? p.composition.backendLabel(cfg.backend) : 'no quantum backend (no annealer runs circuits)'}, tfjs ${tf.getBackend()}`,
        wallTimeSeconds: (performance.now() - t0) / 1000,
        packages: packageVersions(['@hqml/refine', '@hqml/experiment', '@hqml/anneal', '@hqml/qaoa', '@hqml/statevector', '@hqml/tfjs-models', '@hqml/datasets', '@hqml/mitigation']),
        classes: classNames,
        conditions: conditions.map((c) => ({ name: c.name, label: c.label, runs: seedRuns(p.evaluator, c.cells) })),
        comparisons,
        notes,
      });
      const dir = join(runDir, exp.name);
      const files = await p.evaluator.write(report, dir);
      const md = await readFile(files.markdown, 'utf8');
      await writeFileAtomic(files.markdown, `${md.trimEnd()}\n\n${refinementSection({ report, claim: cfg.claim, refiners: cfg.refiners.map((r) => r.name), tune: tuneCells.map((t) => ({ seed: t.seed, result: t.result })) }).join('\n')}\n`);
      reports.push({ experiment: exp.name, files });
      for (const c of conditions) {
        const acc = report.summary(c.name, 'accuracy');
        const gain = c.name === 'cnn' ? null : report.compare(c.name, 'cnn', 'accuracy');
        rows.push({
          experiment: exp.name,
          condition: c.name,
          seeds: c.cells.length,
          testAccuracy: acc?.mean ?? Number.NaN,
          testAccuracyCi: acc?.ci?.halfWidth ?? null,
          macroF1: report.summary(c.name, 'macroF1')?.mean ?? Number.NaN,
          accuracyGain: gain?.meanDifference ?? null,
          accuracyGainCi: gain?.ci?.halfWidth ?? null,
          secondsPerImage: report.summary(c.name, 'secondsPerImage')?.mean ?? Number.NaN,
        });
      }
    }
    return { runDir, reports, rows, cellsRun: run.cellsRun, cellsReused: run.cellsReused, wallTimeSeconds: (performance.now() - t0) / 1000 };
  } finally {
    await parts?.dispose();
    await lock.release();
  }
}

function describeSelection(s: RefineExperiment['train']): string {
  return [s.perClass ? `${s.perClass} per class` : '', s.limit ? `at most ${s.limit}` : '', s.selection ?? REFINE_SELECTION_DEFAULTS.selection].filter(Boolean).join(', ');
}

/**
 * Paired comparisons of each protected refiner with the same annealer (same options, sample
 * options, blocks, polish and warm-start setting) under fewer wrappers: the refiner whose mitigator list is the longest
 * proper prefix of its own (mitigators are listed innermost first, so `[control-noise,
 * repetition]` is compared with `[control-noise]`, and `[repetition]` with the bare annealer).
 */
export function protectionPairs(refiners: readonly RefinerConfig[]): Array<{ treatment: string; control: string }> {
  const key = (r: RefinerConfig): string => JSON.stringify([r.annealer, r.sample, r.blockVariables, r.polish, r.warmStart ?? null]);
  const ms = (r: RefinerConfig): string[] => r.mitigators.map((m) => JSON.stringify(m));
  const out: Array<{ treatment: string; control: string }> = [];
  for (const r of refiners) {
    const mine = ms(r);
    let control: RefinerConfig | undefined;
    for (const b of refiners) {
      const theirs = ms(b);
      if (b === r || key(b) !== key(r) || theirs.length >= mine.length || theirs.some((m, i) => m !== mine[i])) continue;
      if (!control || theirs.length > control.mitigators.length) control = b;
    }
    if (control) out.push({ treatment: r.name, control: control.name });
  }
  return out;
}

/**
 * Paired comparisons of a warm-started refiner with the same unwrapped annealer started cold
 * (`warmStart: false`, everything else equal): what the network's probabilities as the initial
 * state add.
 */
export function warmStartPairs(refiners: readonly RefinerConfig[]): Array<{ treatment: string; control: string }> {
  const rest = (r: RefinerConfig): string => JSON.stringify([r.annealer, r.sample, r.blockVariables, r.polish]);
  const out: Array<{ treatment: string; control: string }> = [];
  for (const r of refiners) {
    if (r.warmStart === false || r.mitigators.length > 0) continue;
    const cold = refiners.find((b) => b.warmStart === false && b.mitigators.length === 0 && rest(b) === rest(r));
    if (cold) out.push({ treatment: r.name, control: cold.name });
  }
  return out;
}
