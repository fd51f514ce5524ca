import { type AnnealerOptions, type IsingModel, SampleSet, type StructuredAnnealer, ValidationError, describeValue, isNativeModel, IsingAnnealer } from '@hqml/core';
import { checkAnnealSchedule, checkHGainSchedule } from './schedule/annealSchedule.js';
import { decodeQpAnswer, encodeQp } from './sapi/qpCodec.js';
import { resolveEndpoint } from './sapi/regions.js';
import { SapiClient, type SapiClientOptions } from './sapi/sapiClient.js';
import { resolveSapiConfig } from './sapi/sapiConfig.js';
import { SapiBadResponseError } from './sapi/sapiErrors.js';
import type { SolverRecord } from './sapi/sapiTypes.js';
import type { SolverFeatures } from './sapi/solverFilter.js';

/** Options of {@link DWaveSampler.connect}. */
export interface DWaveSamplerOptions extends SapiClientOptions {
  /** A solver name or features; default: the configured solver, else an online QPU with the lowest load. */
  readonly solver?: string | SolverFeatures;
  /** A client to share (default: a new one from the configuration). */
  readonly client?: SapiClient;
  /** Seconds to wait for a problem (default 900). */
  readonly waitTimeout?: number;
}

/** Sampling options: hqml's camel-cased names for the solver's parameters (snake_case solver parameters pass too). */
export interface DWaveSampleOptions extends AnnealerOptions {
  readonly annealingTime?: number;
  readonly annealSchedule?: readonly (readonly [number, number])[];
  readonly hGainSchedule?: readonly (readonly [number, number])[];
  /** One spin per model variable (reverse annealing). */
  readonly initialState?: ArrayLike<number>;
  readonly reinitializeState?: boolean;
  readonly autoScale?: boolean;
  readonly answerMode?: 'histogram' | 'raw';
  readonly programmingThermalization?: number;
  readonly readoutThermalization?: number;
  readonly label?: string;
  /** Cancels the remote problem when aborted. */
  readonly signal?: AbortSignal;
  /** Seconds to wait for this problem (default: the sampler's waitTimeout). */
  readonly timeout?: number;
}

const CAMEL: Readonly<Record<string, string>> = {
  numReads: 'num_reads',
  annealingTime: 'annealing_time',
  annealSchedule: 'anneal_schedule',
  hGainSchedule: 'h_gain_schedule',
  initialState: 'initial_state',
  reinitializeState: 'reinitialize_state',
  autoScale: 'auto_scale',
  answerMode: 'answer_mode',
  programmingThermalization: 'programming_thermalization',
  readoutThermalization: 'readout_thermalization',
};
const CLIENT_SIDE = new Set(['seed', 'label', 'signal', 'timeout']);

function rangeOf(props: Readonly<Record<string, unknown>>, key: string): readonly [number, number] | undefined {
  const r = props[key];
  return Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'number') ? (r as unknown as [number, number]) : undefined;
}

/**
 * `dwave.qpu`'s structured sampler (dwave-system's `DWaveSampler`): one QPU solver's working
 * graph (`nodelist`, `edgelist`) and properties; validates every parameter against the solver
 * before anything is submitted, submits in the qp format, waits by long polling and returns a
 * SampleSet with the QPU timing. Problems must be native (labels are qubits); wrap it in an
 * embedding composite otherwise.
 */
export class DWaveSampler extends IsingAnnealer<DWaveSampleOptions> implements StructuredAnnealer {
  readonly id = 'dwave.qpu';
  readonly nodelist: readonly number[];
  readonly edgelist: readonly (readonly [number, number])[];
  readonly properties: Readonly<Record<string, unknown>>;
  readonly solver: SolverRecord;

  private constructor(
    readonly client: SapiClient,
    solver: SolverRecord,
    private readonly waitTimeout: number,
  ) {
    super();
    const p = solver.properties;
    if (!Array.isArray(p.qubits) || !Array.isArray(p.couplers)) {
      throw new SapiBadResponseError({ what: `solver ${solver.identity.name} has no qubits/couplers`, why: 'a structured (QPU) solver lists its working graph', fix: 'Choose a QPU solver (features {"qpu": true})' });
    }
    this.solver = solver;
    this.properties = Object.freeze({ ...p, solver: solver.identity.name });
    this.nodelist = Object.freeze([...p.qubits].sort((a, b) => a - b));
    this.edgelist = Object.freeze(p.couplers.map(([a, b]) => Object.freeze(a < b ? [a, b] : [b, a]) as readonly [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]));
  }

  /** Resolves the configuration, picks the solver and loads its properties. */
  static async connect(o: DWaveSamplerOptions = {}): Promise<DWaveSampler> {
    let client = o.client;
    if (!client) {
      const config = o.config ?? resolveSapiConfig(o.settings, o.environment);
      client = new SapiClient({ ...o, config: { ...config, endpoint: await resolveEndpoint(config) } });
    }
    const solver = await client.selectSolver(o.solver ?? client.config.solver);
    return new DWaveSampler(client, solver, o.waitTimeout ?? 900);
  }

  /** The SAPI parameters for `options` (validated against the solver), plus what was ignored. */
  solverParameters(model: IsingModel, options: DWaveSampleOptions = {}): { params: Record<string, unknown>; ignored: string[] } {
    const props = this.properties;
    const allowed = (props.parameters ?? {}) as Record<string, string>;
    const bad = (what: string, why: string, fix: string): never => {
      throw new ValidationError({ what, why, fix });
    };
    const params: Record<string, unknown> = {};
    const ignored: string[] = [];
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined || CLIENT_SIDE.has(key)) continue;
      const name = CAMEL[key] ?? key;
      if (!(name in allowed) && !name.startsWith('x_')) {
        bad(`option ${key} is not a parameter of solver ${this.solver.identity.name}`, `its parameters are: ${Object.keys(allowed).join(', ')}`, 'Drop it, or use the solver\'s parameter name');
      }
      params[name] = value;
    }
    if (options.seed !== undefined) {
      if ('x_seed' in allowed) params.x_seed = options.seed;
      else ignored.push('seed');
    }
    const numReads = params.num_reads;
    const readsRange = rangeOf(props, 'num_reads_range');
    if (numReads !== undefined && (!Number.isInteger(numReads) || (readsRange && ((numReads as number) < readsRange[0] || (numReads as number) > readsRange[1])))) {
      bad(`numReads is ${describeValue(numReads)}`, `this solver takes an integer in [${readsRange?.join(', ') ?? '1, ...'}]`, 'Pass e.g. numReads: 100');
    }
    const timeRange = rangeOf(props, 'annealing_time_range');
    if (params.annealing_time !== undefined) {
      const t = params.annealing_time;
      if (typeof t !== 'number' || !Number.isFinite(t) || (timeRange && (t < timeRange[0] || t > timeRange[1]))) bad(`annealingTime is ${describeValue(t)} µs`, `this solver's annealing_time_range is [${timeRange?.join(', ')}]`, 'Pass a time in that range');
      if (params.anneal_schedule !== undefined) bad('both annealingTime and annealSchedule were given', 'a schedule fixes the anneal time itself', 'Pass one of them');
    }
    const hasInitial = params.initial_state !== undefined;
    let endTime = (params.annealing_time as number | undefined) ?? (props.default_annealing_time as number | undefined) ?? 20;
    let kind: 'forward' | 'reverse' = 'forward';
    if (params.anneal_schedule !== undefined) {
      kind = checkAnnealSchedule(params.anneal_schedule, props, { hasInitialState: hasInitial });
      const pts = params.anneal_schedule as Array<[number, number]>;
      endTime = pts[pts.length - 1]![0];
    }
    if (params.h_gain_schedule !== undefined) checkHGainSchedule(params.h_gain_schedule, props, endTime);
    if (params.reinitialize_state !== undefined && kind !== 'reverse') bad('reinitializeState was given for a forward anneal', 'it applies to reverse annealing only', 'Drop it, or give a reverse annealSchedule with initialState');
    if (hasInitial) {
      const s = params.initial_state as ArrayLike<number>;
      if (typeof s !== 'object' || s === null || s.length !== model.numVariables || !Array.from(s).every((v) => v === -1 || v === 1)) {
        bad(`initialState is ${describeValue(s)}`, `it needs one spin (-1 or +1) per model variable (${model.numVariables})`, 'Pass e.g. the best sample of a previous run');
      }
      if (kind !== 'reverse') bad('initialState was given for a forward anneal', 'the initial state is used by reverse annealing', 'Give a reverse annealSchedule (starting at s = 1), or drop initialState');
      // SAPI wants one value per solver qubit, 3 for qubits the problem does not use
      const byQubit = new Map(model.labels.map((l, i) => [l as number, (s as ArrayLike<number>)[i]!] as const));
      const total = (props.num_qubits as number | undefined) ?? Math.max(...this.nodelist) + 1;
      params.initial_state = Array.from({ length: total }, (_, q) => byQubit.get(q) ?? 3);
    }
    if (params.auto_scale === false) {
      const h = rangeOf(props, 'h_range');
      const j = rangeOf(props, 'extended_j_range') ?? rangeOf(props, 'j_range');
      model.linear.forEach((v, i) => {
        if (h && (v < h[0] || v > h[1])) bad(`h of variable ${describeValue(model.labels[i])} is ${v}`, `with autoScale off, h must lie in h_range [${h.join(', ')}]`, 'Scale the model, or leave autoScale on');
      });
      model.values.forEach((v, k) => {
        if (j && (v < j[0] || v > j[1])) bad(`J of (${model.labels[model.heads[k]!]}, ${model.labels[model.tails[k]!]}) is ${v}`, `with autoScale off, J must lie in [${j.join(', ')}]`, 'Scale the model, or leave autoScale on');
      });
    }
    return { params, ignored };
  }

  protected async sampleIsing(model: IsingModel, options: DWaveSampleOptions): Promise<SampleSet> {
    if (model.numVariables === 0) throw new ValidationError({ what: 'the model has no variables', why: 'there is nothing to program on the QPU', fix: 'Pass a model with at least one variable' });
    if (!isNativeModel(model, this)) {
      throw new ValidationError({ what: `the problem does not fit solver ${this.solver.identity.name}'s graph as it is`, why: 'a structured sampler takes qubit labels and coupler interactions only', fix: 'Wrap the sampler in an EmbeddingComposite (the dwave.qpu plugin does this by default)' });
    }
    const { params, ignored } = this.solverParameters(model, options);
    const qubits = model.labels as number[];
    const data = encodeQp(
      { qubits: this.solver.properties.qubits!, couplers: this.solver.properties.couplers! },
      new Map(qubits.map((q, i) => [q, model.linear[i]!] as const)),
      Array.from(model.values, (v, k) => [qubits[model.heads[k]!]!, qubits[model.tails[k]!]!, v] as [number, number, number]),
      model.offset,
    );
    const t0 = performance.now();
    const [submitted] = await this.client.submit([{ solver: this.solver.identity, type: 'ising', params, data, ...(options.label !== undefined && { label: options.label }) }]);
    const [status] = await this.client.wait([submitted!.id], { timeout: options.timeout ?? this.waitTimeout, ...(options.signal && { signal: options.signal }) });
    const answer = status!.answer;
    if (!answer) throw new SapiBadResponseError({ what: `problem ${submitted!.id} is COMPLETED without an answer`, why: 'a completed problem carries its answer', fix: 'Fetch it later by id' });
    const decoded = decodeQpAnswer(answer, 'ising');
    const column = new Map(Array.from(decoded.activeVariables, (q, c) => [q, c] as const));
    const n = model.numVariables;
    const width = decoded.activeVariables.length;
    const cols = qubits.map((q) => {
      const c = column.get(q);
      if (c === undefined) throw new SapiBadResponseError({ what: `the answer of problem ${submitted!.id} has no value for qubit ${q}`, why: 'every active qubit is sampled' });
      return c;
    });
    const rows = decoded.energies.length;
    const samples = new Int8Array(rows * n);
    for (let s = 0; s < rows; s++) for (let i = 0; i < n; i++) samples[s * n + i] = decoded.samples[s * width + cols[i]!]!;
    return SampleSet.fromModel(model, samples, {
      numOccurrences: decoded.numOccurrences,
      info: {
        solver: this.solver.identity.name,
        problemId: submitted!.id,
        problemLabel: submitted!.label,
        ...(submitted!.reconciled && { reconciled: true }),
        parameters: params,
        ...(ignored.length > 0 && { ignoredOptions: ignored }),
        timing: { ...decoded.timing, wallSeconds: (performance.now() - t0) / 1000 },
      },
    });
  }
}
