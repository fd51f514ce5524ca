import { type Seed, TrainingHistory, ValidationError, describeValue } from '@hqml/core';
import { type ClassificationMetrics, type ZeroDivision, metricsFromConfusion } from '../metrics/classification.js';
import type { ConfusionMatrix } from '../metrics/confusionMatrix.js';
import { type PairedDifference, pairedDifference } from '../stats/pairedDifference.js';
import { type SeedSummary, summarize } from '../stats/summarize.js';
import { checkConfidence } from '../stats/validate.js';
import { environmentInfo, evalPackageVersions } from './provenance.js';

/** The `schema` field of a report's JSON. */
export const REPORT_SCHEMA = 'hqml.evaluation-report/1';

/** The scalar metrics every run has, derived from its confusion matrix. */
export const STANDARD_METRICS = ['accuracy', 'macroPrecision', 'macroRecall', 'macroF1'] as const;

/** What ran, where, and how long: recorded in every report. */
export interface RunInfo {
  readonly title: string;
  /** ISO 8601 time the report was created. */
  readonly createdAt: string;
  /** Wall-clock seconds of the whole run. */
  readonly wallTimeSeconds: number;
  /** The execution backend(s), e.g. `"statevector, tfjs wasm"`. */
  readonly backend: string;
  /** Every seed the run used. */
  readonly seeds: readonly Seed[];
  /** The run's configuration, as loaded. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Package name to installed version. */
  readonly packages: Readonly<Record<string, string>>;
  /** Node version, platform, CPU. */
  readonly environment: Readonly<Record<string, string | number>>;
}

/** The evaluation of one condition under one seed. */
export interface SeedRun {
  readonly seed: Seed;
  readonly metrics: ClassificationMetrics;
  /** The training curves of this run, if it trained. */
  readonly history?: TrainingHistory;
  /** Further per-seed numbers (best epoch, training seconds, teacher accuracy, ...), summarized like the metrics. */
  readonly extra: Readonly<Record<string, number>>;
}

/** One experimental condition (e.g. "baseline" or "distilled") run over seeds. */
export interface Condition {
  /** Unique name, used in comparisons and file names. */
  readonly name: string;
  /** Groups conditions in tables and bar charts (e.g. "MNIST 0-7 4q"); default "". */
  readonly group: string;
  /** Short label inside its group (bar colour, legend); default: the name. */
  readonly label: string;
  readonly runs: readonly SeedRun[];
  /** Reference values per metric to print beside ours (e.g. a paper's number). */
  readonly reference: Readonly<Record<string, number>>;
}

/** A paired comparison to compute: treatment − control over their common seeds. */
export interface ComparisonSpec {
  readonly treatment: string;
  readonly control: string;
}

/** A condition as passed to {@link EvaluationReport.create}. */
export interface ConditionInput {
  readonly name: string;
  readonly group?: string;
  readonly label?: string;
  readonly runs: readonly { readonly seed: Seed; readonly metrics: ClassificationMetrics; readonly history?: TrainingHistory; readonly extra?: Readonly<Record<string, number>> }[];
  readonly reference?: Readonly<Record<string, number>>;
}

/** Input of {@link EvaluationReport.create}. */
export interface ReportInput {
  readonly title: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly seeds: readonly Seed[];
  readonly backend: string;
  readonly wallTimeSeconds: number;
  /** Versions of the packages the run used; @hqml/eval and @hqml/core are added. */
  readonly packages?: Readonly<Record<string, string>>;
  /** Default: {@link environmentInfo} of this process. */
  readonly environment?: Readonly<Record<string, string | number>>;
  /** Default: now. */
  readonly createdAt?: string;
  /** Class names, index = label (for tables and plots); default "0", "1", .... */
  readonly classes?: readonly string[];
  readonly conditions: readonly ConditionInput[];
  readonly comparisons?: readonly ComparisonSpec[];
  /** Confidence level of every interval (default 0.95). */
  readonly confidence?: number;
  /** Free-text remarks printed in the Markdown report. */
  readonly notes?: readonly string[];
}

function fail(what: string, why: string, fix: string): never {
  throw new ValidationError({ what, why, fix });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** JSON has no NaN or Infinity: they become null (and 0/0 metrics are recomputed on load). */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object' && value !== null) {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return jsonSafe((value as { toJSON: () => unknown }).toJSON());
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

/**
 * The immutable result of an evaluation: conditions (baseline, distilled, ...) each run over
 * seeds, with the provenance of the run. Every derived number (per-class metrics, means,
 * intervals, paired tests) is computed from the stored confusion matrices and per-seed values,
 * so the JSON form can be re-checked (see {@link verifyReportJson}).
 */
export class EvaluationReport {
  readonly info: RunInfo;
  readonly classes: readonly string[];
  readonly conditions: readonly Condition[];
  readonly comparisons: readonly ComparisonSpec[];
  readonly confidence: number;
  readonly notes: readonly string[];

  private constructor(info: RunInfo, classes: readonly string[], conditions: readonly Condition[], comparisons: readonly ComparisonSpec[], confidence: number, notes: readonly string[]) {
    this.info = deepFreeze(info);
    this.classes = Object.freeze([...classes]);
    this.conditions = Object.freeze(conditions.map((c) => Object.freeze({ ...c, runs: Object.freeze(c.runs.map((r) => Object.freeze({ ...r, extra: Object.freeze({ ...r.extra }) }))), reference: Object.freeze({ ...c.reference }) })));
    this.comparisons = deepFreeze(comparisons.map((c) => ({ treatment: c.treatment, control: c.control })));
    this.confidence = confidence;
    this.notes = Object.freeze([...notes]);
    Object.freeze(this);
  }

  /** Validates the input and builds a report. */
  static create(input: ReportInput): EvaluationReport {
    const fn = 'EvaluationReport.create';
    if (typeof input.title !== 'string' || input.title.trim() === '') fail(`${fn}: title = ${describeValue(input.title)}`, 'a report needs a title', 'Pass e.g. the config name');
    if (!(typeof input.wallTimeSeconds === 'number' && input.wallTimeSeconds >= 0 && Number.isFinite(input.wallTimeSeconds))) {
      fail(`${fn}: wallTimeSeconds = ${describeValue(input.wallTimeSeconds)}`, 'wall time is a finite number of seconds >= 0', 'Measure it with performance.now() around the run');
    }
    if (typeof input.backend !== 'string' || input.backend === '') fail(`${fn}: backend = ${describeValue(input.backend)}`, 'every report records the backend it ran on', 'Pass the backend id(s), e.g. "statevector"');
    if (!Array.isArray(input.seeds) || input.seeds.length === 0) fail(`${fn}: seeds = ${describeValue(input.seeds)}`, 'every report records its seeds', 'Pass the seeds of the run');
    if (new Set(input.seeds).size !== input.seeds.length) fail(`${fn}: seeds = ${describeValue(input.seeds)} has duplicates`, 'each seed is one independent repetition', 'Remove the duplicates');
    const confidence = input.confidence ?? 0.95;
    checkConfidence(confidence, fn);
    if (!Array.isArray(input.conditions) || input.conditions.length === 0) fail(`${fn}: conditions = ${describeValue(input.conditions)}`, 'a report needs at least one condition', 'Pass e.g. [{ name: "baseline", runs }]');
    const seedSet = new Set<Seed>(input.seeds);
    let numClasses: number | undefined;
    const conditions: Condition[] = input.conditions.map((c) => {
      if (typeof c.name !== 'string' || c.name === '') fail(`${fn}: condition name ${describeValue(c.name)}`, 'conditions are named', 'Give each condition a unique name');
      if (!Array.isArray(c.runs) || c.runs.length === 0) fail(`${fn}: condition "${c.name}" has no runs`, 'a condition is summarized over its seeds', 'Add at least one run');
      const seen = new Set<Seed>();
      for (const r of c.runs) {
        if (!seedSet.has(r.seed)) fail(`${fn}: condition "${c.name}" has a run with seed ${describeValue(r.seed)}`, `that seed is not in the report's seeds ${describeValue(input.seeds)}`, 'Add it to seeds');
        if (seen.has(r.seed)) fail(`${fn}: condition "${c.name}" has two runs with seed ${describeValue(r.seed)}`, 'one run per seed and condition', 'Remove the duplicate');
        seen.add(r.seed);
        numClasses ??= r.metrics.numClasses;
        if (r.metrics.numClasses !== numClasses) fail(`${fn}: condition "${c.name}" seed ${describeValue(r.seed)} has ${r.metrics.numClasses} classes`, `other runs have ${numClasses}`, 'Evaluate every run on the same classes');
        for (const [k, v] of Object.entries(r.extra ?? {})) {
          if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${fn}: condition "${c.name}" seed ${describeValue(r.seed)} extra.${k} = ${describeValue(v)}`, 'extra values are finite numbers', 'Leave the key out when the value does not exist');
          if ((STANDARD_METRICS as readonly string[]).includes(k)) fail(`${fn}: extra.${k}`, `"${k}" is derived from the confusion matrix`, 'Use another key');
        }
      }
      const run = (r: ConditionInput['runs'][number]): SeedRun => ({ seed: r.seed, metrics: r.metrics, extra: { ...(r.extra ?? {}) }, ...(r.history ? { history: r.history } : {}) });
      return { name: c.name, group: c.group ?? '', label: c.label ?? c.name, runs: c.runs.map(run), reference: { ...(c.reference ?? {}) } };
    });
    const names = conditions.map((c) => c.name);
    if (new Set(names).size !== names.length) fail(`${fn}: condition names ${describeValue(names)} repeat`, 'names identify conditions in comparisons and file names', 'Make them unique');
    const classes = input.classes ?? Array.from({ length: numClasses ?? 0 }, (_, i) => String(i));
    if (classes.length !== numClasses) fail(`${fn}: classes has ${classes.length} names`, `the runs have ${numClasses} classes`, 'Pass one name per class (the data split\'s classes)');
    const comparisons = input.comparisons ?? [];
    for (const c of comparisons) {
      for (const side of [c.treatment, c.control]) {
        if (!names.includes(side)) fail(`${fn}: comparison names condition "${side}"`, `the conditions are ${names.join(', ')}`, 'Use one of those names');
      }
    }
    const info: RunInfo = {
      title: input.title,
      createdAt: input.createdAt ?? new Date().toISOString(),
      wallTimeSeconds: input.wallTimeSeconds,
      backend: input.backend,
      seeds: [...input.seeds],
      config: cloneConfig(input.config ?? {}),
      packages: { ...evalPackageVersions(), ...(input.packages ?? {}) },
      environment: { ...(input.environment ?? environmentInfo()) },
    };
    const report = new EvaluationReport(info, classes, conditions, comparisons, confidence, input.notes ?? []);
    // Fail now, not when the report is written, if a comparison's conditions share no seed.
    for (const c of comparisons) report.compare(c.treatment, c.control, 'accuracy');
    return report;
  }

  /** The condition with this name. */
  condition(name: string): Condition {
    const c = this.conditions.find((x) => x.name === name);
    if (!c) fail(`No condition "${name}" in report "${this.info.title}"`, `the conditions are ${this.conditions.map((x) => x.name).join(', ')}`, 'Use one of those names');
    return c;
  }

  /** Names of the scalar metrics: the standard four, then every `extra` key, sorted. */
  metricNames(): string[] {
    const extra = new Set<string>();
    for (const c of this.conditions) for (const r of c.runs) for (const k of Object.keys(r.extra)) extra.add(k);
    return [...STANDARD_METRICS, ...[...extra].sort()];
  }

  /** The value of a scalar metric in one run (undefined if that run lacks the extra key). */
  static valueOf(run: SeedRun, metric: string): number | undefined {
    switch (metric) {
      case 'accuracy':
        return run.metrics.accuracy;
      case 'macroPrecision':
        return run.metrics.macro.precision;
      case 'macroRecall':
        return run.metrics.macro.recall;
      case 'macroF1':
        return run.metrics.macro.f1;
      default:
        return run.extra[metric];
    }
  }

  /** Per-seed values of a metric in a condition, in run order, with their seeds. */
  values(condition: string, metric: string): { seeds: Seed[]; values: number[] } {
    const seeds: Seed[] = [];
    const values: number[] = [];
    for (const r of this.condition(condition).runs) {
      const v = EvaluationReport.valueOf(r, metric);
      // NaN arises only from an all-undefined macro average under zeroDivision "nan": skip it.
      if (v !== undefined && !Number.isNaN(v)) {
        seeds.push(r.seed);
        values.push(v);
      }
    }
    return { seeds, values };
  }

  /** Mean, std and confidence interval of a metric over a condition's seeds; undefined if no run has it. */
  summary(condition: string, metric: string): SeedSummary | undefined {
    const { values } = this.values(condition, metric);
    return values.length === 0 ? undefined : summarize(values, { confidence: this.confidence });
  }

  /** Paired difference treatment − control of a metric over the seeds both conditions have (in `info.seeds` order). */
  compare(treatment: string, control: string, metric: string): PairedDifference & { readonly seeds: readonly Seed[] } {
    const t = this.values(treatment, metric);
    const c = this.values(control, metric);
    // In the report's seed order, whatever order the runs were added in.
    const seeds = this.info.seeds.filter((s) => t.seeds.includes(s) && c.seeds.includes(s));
    if (seeds.length === 0) {
      fail(`Cannot compare "${treatment}" with "${control}" on ${metric}`, `they share no seed (${describeValue(t.seeds)} vs ${describeValue(c.seeds)})`, 'Run both conditions on the same seeds');
    }
    const pick = (x: { seeds: Seed[]; values: number[] }): number[] => seeds.map((s) => x.values[x.seeds.indexOf(s)]!);
    return Object.freeze({ ...pairedDifference(pick(t), pick(c), { confidence: this.confidence }), seeds: Object.freeze(seeds) });
  }

  /** The confusion matrix of a condition summed over its seeds. */
  pooledConfusion(condition: string): ConfusionMatrix {
    const runs = this.condition(condition).runs;
    const k = this.classes.length;
    const sum = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (const r of runs) r.metrics.confusion.forEach((row, i) => row.forEach((v, j) => (sum[i]![j]! += v)));
    return deepFreeze(sum);
  }

  /** Per-class precision, recall and F1 of a condition, each summarized over seeds (undefined 0/0 entries skipped). */
  perClass(condition: string): { precision: (SeedSummary | undefined)[]; recall: (SeedSummary | undefined)[]; f1: (SeedSummary | undefined)[]; support: number[] } {
    const runs = this.condition(condition).runs;
    const per = (key: 'precision' | 'recall' | 'f1'): (SeedSummary | undefined)[] =>
      this.classes.map((_, c) => {
        const v = runs.map((r) => r.metrics[key][c]!).filter((x) => !Number.isNaN(x));
        return v.length === 0 ? undefined : summarize(v, { confidence: this.confidence });
      });
    const support = this.classes.map((_, c) => runs.reduce((s, r) => s + r.metrics.support[c]!, 0));
    return { precision: per('precision'), recall: per('recall'), f1: per('f1'), support };
  }

  /**
   * Plain JSON: provenance, per-seed raw data (confusion matrices, extras, histories) and, for
   * readers, the derived numbers (per-class metrics, summaries, comparisons). NaN becomes null.
   */
  toJSON(): Record<string, unknown> {
    const metrics = this.metricNames();
    return jsonSafe({
      schema: REPORT_SCHEMA,
      info: this.info,
      classes: this.classes,
      confidence: this.confidence,
      notes: this.notes,
      conditions: this.conditions.map((c) => ({
        name: c.name,
        group: c.group,
        label: c.label,
        reference: c.reference,
        runs: c.runs.map((r) => ({
          seed: r.seed,
          confusion: r.metrics.confusion,
          zeroDivision: r.metrics.zeroDivision,
          extra: r.extra,
          ...(r.history ? { history: r.history.toJSON() } : {}),
          metrics: {
            count: r.metrics.count,
            accuracy: r.metrics.accuracy,
            macro: r.metrics.macro,
            precision: r.metrics.precision,
            recall: r.metrics.recall,
            f1: r.metrics.f1,
            support: r.metrics.support,
          },
        })),
        summary: Object.fromEntries(metrics.map((m) => [m, this.summary(c.name, m) ?? null])),
      })),
      comparisons: this.comparisons.map((c) => ({
        treatment: c.treatment,
        control: c.control,
        results: Object.fromEntries(
          metrics.flatMap((m) => {
            try {
              return [[m, this.compare(c.treatment, c.control, m)]];
            } catch {
              return []; // a metric the two conditions never share a seed for (an extra key)
            }
          }),
        ),
      })),
    }) as Record<string, unknown>;
  }

  /**
   * Rebuilds a report from its JSON, recomputing every derived number from the raw data
   * (stored derived numbers are ignored; {@link verifyReportJson} compares them).
   */
  static fromJSON(json: unknown): EvaluationReport {
    const j = json as Record<string, unknown> | null;
    if (typeof j !== 'object' || j === null || j.schema !== REPORT_SCHEMA) {
      fail(`EvaluationReport.fromJSON: schema = ${describeValue(j?.schema)}`, `expected "${REPORT_SCHEMA}"`, 'Pass the parsed contents of a report.json written by @hqml/eval');
    }
    if (typeof j.info !== 'object' || j.info === null || !Array.isArray(j.conditions) || !(j.conditions as unknown[]).every((c) => Array.isArray((c as { runs?: unknown } | null)?.runs))) {
      fail('EvaluationReport.fromJSON: the report has no info or no conditions with runs', 'a report.json holds info and conditions[].runs[]', 'Pass the unmodified contents of a report.json written by @hqml/eval');
    }
    const info = j.info as RunInfo;
    type RunJson = { seed: Seed; confusion: number[][]; zeroDivision: ZeroDivision; extra?: Record<string, number>; history?: unknown };
    type CondJson = { name: string; group?: string; label?: string; reference?: Record<string, number>; runs: RunJson[] };
    const conditions = (j.conditions as CondJson[]).map((c) => ({
      name: c.name,
      group: c.group ?? '',
      label: c.label ?? c.name,
      reference: c.reference ?? {},
      runs: c.runs.map((r) => ({
        seed: r.seed,
        metrics: metricsFromConfusion(r.confusion, { zeroDivision: r.zeroDivision }),
        extra: r.extra ?? {},
        ...(r.history ? { history: historyFromJson(r.history) } : {}),
      })),
    }));
    return EvaluationReport.create({
      title: info.title,
      createdAt: info.createdAt,
      wallTimeSeconds: info.wallTimeSeconds,
      backend: info.backend,
      seeds: info.seeds,
      config: info.config,
      packages: info.packages,
      environment: info.environment,
      classes: j.classes as string[],
      confidence: j.confidence as number,
      notes: (j.notes as string[] | undefined) ?? [],
      conditions,
      comparisons: ((j.comparisons as ComparisonSpec[] | undefined) ?? []).map((c) => ({ treatment: c.treatment, control: c.control })),
    });
  }
}

// The report keeps its own copy of the config, so later edits by the caller cannot change it.
function cloneConfig(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  } catch (err) {
    fail(`EvaluationReport.create: config cannot be serialized (${(err as Error).message})`, 'the config is recorded in report.json', 'Pass the plain config object as loaded from YAML/JSON');
  }
}

// JSON wrote NaN epoch values as null; they come back as NaN so the record keeps its keys.
function historyFromJson(json: unknown): TrainingHistory {
  const h = json as { epochs?: Record<string, unknown>[]; meta?: Record<string, unknown> };
  const epochs = (h.epochs ?? []).map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? Number.NaN : v])));
  return TrainingHistory.fromJSON({ epochs, meta: h.meta ?? {} });
}

/**
 * Re-checks a report's JSON: rebuilds the report from its raw per-seed data and lists every
 * stored number that differs from the recomputed one (relative tolerance 1e-9). An empty list
 * means every derived number in the file is re-computable from the file.
 */
export function verifyReportJson(json: unknown): string[] {
  const recomputed = EvaluationReport.fromJSON(json).toJSON();
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) out.push(`${path}: stored ${a}, recomputed ${b}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) out.push(`${path}: stored ${a.length} items, recomputed ${b.length}`);
      a.forEach((v, i) => walk(v, b[i], `${path}[${i}]`));
      return;
    }
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      return;
    }
    if (a !== b) out.push(`${path}: stored ${describeValue(a)}, recomputed ${describeValue(b)}`);
  };
  walk(json, recomputed, '');
  return out;
}
