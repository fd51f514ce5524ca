import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Annealer, IsingModel, QuboModel, ValidationError, describeValue } from '@hqml/core';
import { type QpProblemData, decodeQpProblem, encodeQpAnswer } from '../sapi/qpCodec.js';
import { MEDIA_TYPES } from '../sapi/mediaTypes.js';
import type { ProblemState, ProblemStatus, SolverRecord } from '../sapi/sapiTypes.js';
import { hardwareGraph } from '../topology/hardwareGraph.js';
import { type TopologySpec, topologyGraph } from '../topology/topologyGraph.js';
import type { EmulatorFault, EmulatorRoute } from './faults.js';
import { emulatedProperties } from './solverProperties.js';

/** A QPU the emulator offers: a topology (minus broken qubits) with one of hqml's annealers behind it. */
export interface EmulatedSolver {
  readonly name: string;
  readonly topology: TopologySpec;
  readonly annealer: Annealer;
  readonly online?: boolean;
  readonly avgLoad?: number;
  /** Qubits missing from the working graph (as on real chips). */
  readonly brokenQubits?: readonly number[];
}

/** Options of {@link SapiEmulator}. */
export interface SapiEmulatorOptions {
  readonly solvers: readonly EmulatedSolver[];
  /** The token to accept; absent: any non-empty token. */
  readonly token?: string;
  /** Milliseconds a problem stays PENDING before it runs (default 5). */
  readonly processingDelayMs?: number;
  readonly host?: string;
  readonly port?: number;
}

/** A request the emulator saw (without the token). */
export interface EmulatorRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly route: EmulatorRoute | 'unknown';
  readonly status: number | 'dropped';
  readonly accept: string | undefined;
}

interface StoredProblem {
  id: string;
  label: string | undefined;
  status: ProblemState;
  solver: EmulatedSolver;
  record: SolverRecord;
  type: 'ising' | 'qubo';
  params: Record<string, unknown>;
  data: QpProblemData;
  submittedOn: string;
  solvedOn?: string;
  errorMessage?: string;
  answer?: ReturnType<typeof encodeQpAnswer>;
}

const TYPES: Record<EmulatorRoute, string> = {
  solvers: MEDIA_TYPES.solverList,
  submit: MEDIA_TYPES.problems,
  poll: MEDIA_TYPES.problems,
  list: MEDIA_TYPES.problems,
  problem: MEDIA_TYPES.problem,
  cancel: MEDIA_TYPES.problem,
  regions: MEDIA_TYPES.regions,
};

class HttpReply extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(String(status));
  }
}

/**
 * An offline SAPI server on node:http: the solver, problem and answer resources of the protocol
 * (qp format, versioned media types, long polling, cancellation, labels) with hqml's own
 * annealers behind emulated QPU graphs, and fault injection for every failure a client must
 * survive. `hqml dwave emulate` runs one; the package's tests talk to one over real HTTP.
 */
export class SapiEmulator {
  /** Every problem ever submitted, in order (tests count duplicates by label). */
  readonly problems: StoredProblem[] = [];
  readonly requests: EmulatorRequestRecord[] = [];
  private readonly solvers: Array<{ spec: EmulatedSolver; record: SolverRecord }>;
  private readonly faults: Array<EmulatorFault & { left: number }> = [];
  private readonly changes = new EventEmitter();
  private server: Server | undefined;
  private url: string | undefined;

  constructor(private readonly options: SapiEmulatorOptions) {
    if (options.solvers.length === 0) throw new ValidationError({ what: 'the emulator has no solvers', why: 'a SAPI server offers at least one', fix: 'Pass solvers: [{ name, topology, annealer }]' });
    this.solvers = options.solvers.map((spec) => {
      const full = topologyGraph(spec.topology);
      const broken = new Set(spec.brokenQubits ?? []);
      const graph = hardwareGraph(full.edges.filter(([a, b]) => !broken.has(a) && !broken.has(b)), { nodes: full.nodes.filter((q) => !broken.has(q)), family: spec.topology.type, shape: spec.topology.shape });
      const record: SolverRecord = {
        identity: { name: spec.name, version: { graph_id: `emulated-${spec.topology.type}-${graph.nodes.length}` } },
        status: spec.online === false ? 'OFFLINE' : 'ONLINE',
        description: `hqml SAPI emulator: ${spec.topology.type} ${spec.topology.shape.join('x')} with ${spec.annealer.id} behind it`,
        avg_load: spec.avgLoad ?? 0,
        properties: emulatedProperties(graph, spec.topology),
      };
      return { spec, record };
    });
    this.changes.setMaxListeners(0);
  }

  /** Adds a fault to the queue (first match wins). */
  inject(fault: EmulatorFault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** The SAPI endpoint, e.g. `http://127.0.0.1:40123/sapi/`. */
  get endpoint(): string {
    if (!this.url) throw new ValidationError({ what: 'the emulator is not started', why: 'it has no address yet', fix: 'await emulator.start()' });
    return `${this.url}/sapi/`;
  }

  /** The metadata endpoint (regions). */
  get metadataEndpoint(): string {
    return `${this.endpoint.replace(/sapi\/$/, '')}metadata/v1/`;
  }

  /** Starts listening (default 127.0.0.1 on a free port); resolves to the SAPI endpoint. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolveListen());
    });
    const addr = server.address() as AddressInfo;
    this.url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
    return this.endpoint;
  }

  /** Stops the server and every held poll. */
  async stop(): Promise<void> {
    this.changes.emit('stop');
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }

  private takeFault(route: EmulatorRoute, kinds: readonly EmulatorFault['kind'][]): EmulatorFault | undefined {
    const i = this.faults.findIndex((f) => kinds.includes(f.kind) && (!('route' in f) || f.route === undefined || f.route === route));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    if (--f.left <= 0) this.faults.splice(i, 1);
    return f;
  }

  private route(method: string, parts: string[]): EmulatorRoute | 'unknown' {
    if (parts[0] === 'metadata') return 'regions';
    if (parts[0] !== 'sapi') return 'unknown';
    if (parts[1] === 'solvers') return 'solvers';
    if (parts[1] !== 'problems') return 'unknown';
    if (parts.length === 2) return method === 'POST' ? 'submit' : method === 'DELETE' ? 'cancel' : 'poll';
    return method === 'DELETE' ? 'cancel' : 'problem';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    let route = this.route(method, parts);
    if (route === 'poll' && url.searchParams.has('label')) route = 'list';
    const log = (status: number | 'dropped'): void => {
      this.requests.push({ method, path: url.pathname + (url.search ? url.search.replace(/([?&])(token)=[^&]*/g, '$1$2=[redacted]') : ''), route, status, accept: req.headers.accept });
    };
    if (route === 'unknown') return this.send(res, 404, { error_code: 404, error_msg: `no such resource ${url.pathname}` }, undefined, log);
    const drop = this.takeFault(route, ['drop']);
    if (drop) {
      log('dropped');
      req.socket.destroy();
      return;
    }
    const status = this.takeFault(route, ['status']);
    if (status && status.kind === 'status') {
      return this.send(res, status.status, { error_code: status.status, error_msg: status.message ?? `injected ${status.status}` }, undefined, log, status.retryAfter);
    }
    if (route !== 'regions') {
      const token = req.headers['x-auth-token'];
      const ok = typeof token === 'string' && token.length > 0 && (this.options.token === undefined || token === this.options.token);
      if (!ok) return this.send(res, 401, { error_code: 401, error_msg: 'Invalid token or access denied.' }, undefined, log);
    }
    const delay = this.takeFault(route, ['delay']);
    const body = method === 'POST' || method === 'DELETE' ? await readBody(req) : '';
    try {
      const result = await this.dispatch(route, method, parts, url, body);
      if (delay && delay.kind === 'delay') await new Promise((r) => setTimeout(r, delay.ms));
      const after = this.takeFault(route, ['drop-after']);
      if (after) {
        log('dropped');
        req.socket.destroy();
        return;
      }
      const ct = this.takeFault(route, ['content-type']);
      this.send(res, 200, result, ct && ct.kind === 'content-type' ? ct.value : `${TYPES[route]}; version=3.0.0`, log);
    } catch (err) {
      if (err instanceof HttpReply) return this.send(res, err.status, err.body, undefined, log);
      this.send(res, 500, { error_code: 500, error_msg: `emulator error: ${(err as Error).message}` }, undefined, log);
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, contentType: string | undefined, log: (s: number) => void, retryAfter?: string): void {
    if (res.destroyed) return;
    log(status);
    const headers: Record<string, string> = { 'Content-Type': contentType ?? 'application/json' };
    if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
    res.writeHead(status, headers);
    res.end(JSON.stringify(body));
  }

  private async dispatch(route: EmulatorRoute, method: string, parts: string[], url: URL, body: string): Promise<unknown> {
    switch (route) {
      case 'regions':
        return [{ code: 'na-west-1', name: 'North America (emulated)', endpoint: this.endpoint }];
      case 'solvers': {
        const name = parts[3];
        if (name === undefined) return this.solvers.map((s) => s.record);
        const s = this.solvers.find((x) => x.record.identity.name === decodeURIComponent(name));
        if (!s) throw new HttpReply(404, { error_code: 404, error_msg: `Solver ${name} not found.` });
        return s.record;
      }
      case 'submit':
        return this.submit(body);
      case 'list': {
        const label = url.searchParams.get('label');
        return this.problems.filter((p) => p.label === label).map((p) => this.status(p, false));
      }
      case 'poll':
        return this.poll(url);
      case 'problem': {
        const p = this.find(parts[2]!);
        return this.status(p, true);
      }
      case 'cancel': {
        if (parts.length === 2) {
          const ids = JSON.parse(body || '[]') as string[];
          return ids.map((id) => this.cancelOne(this.find(id)));
        }
        return this.cancelOne(this.find(parts[2]!));
      }
    }
    throw new HttpReply(405, { error_code: 405, error_msg: `${method} not allowed` });
  }

  private find(id: string): StoredProblem {
    const p = this.problems.find((x) => x.id === id);
    if (!p) throw new HttpReply(404, { error_code: 404, error_msg: `Problem ${id} not found.` });
    return p;
  }

  private cancelOne(p: StoredProblem): unknown {
    if (p.status === 'PENDING' || p.status === 'IN_PROGRESS') {
      this.setStatus(p, 'CANCELLED');
      return this.status(p, false);
    }
    throw new HttpReply(409, { error_code: 409, error_msg: `Problem ${p.id} has already finished (${p.status}).` });
  }

  private status(p: StoredProblem, withAnswer: boolean): ProblemStatus {
    return {
      id: p.id,
      status: p.status,
      type: p.type,
      solver: p.record.identity,
      submitted_on: p.submittedOn,
      ...(p.label !== undefined && { label: p.label }),
      ...(p.solvedOn !== undefined && { solved_on: p.solvedOn }),
      ...(p.errorMessage !== undefined && { error_message: p.errorMessage }),
      ...(withAnswer && p.answer !== undefined && { answer: p.answer }),
    };
  }

  private setStatus(p: StoredProblem, status: ProblemState): void {
    p.status = status;
    if (status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED') p.solvedOn = new Date().toISOString();
    this.changes.emit('change', p.id);
  }

  private async poll(url: URL): Promise<unknown> {
    const ids = (url.searchParams.get('id') ?? '').split(',').filter(Boolean);
    const problems = ids.map((id) => this.problems.find((p) => p.id === id)).filter((p): p is StoredProblem => p !== undefined);
    const timeout = Math.min(30, Math.max(0, Number(url.searchParams.get('timeout') ?? 0) || 0));
    const anyDone = (): boolean => problems.some((p) => p.status !== 'PENDING' && p.status !== 'IN_PROGRESS');
    if (!anyDone() && timeout > 0) {
      await new Promise<void>((resolveWait) => {
        const finish = (): void => {
          clearTimeout(timer);
          this.changes.off('change', onChange);
          this.changes.off('stop', finish);
          resolveWait();
        };
        const onChange = (id: string): void => {
          if (ids.includes(id) && anyDone()) finish();
        };
        const timer = setTimeout(finish, timeout * 1000);
        this.changes.on('change', onChange);
        this.changes.on('stop', finish);
      });
    }
    return problems.map((p) => this.status(p, false));
  }

  private submit(body: string): unknown {
    let jobs: unknown;
    try {
      jobs = JSON.parse(body);
    } catch {
      throw new HttpReply(400, { error_code: 400, error_msg: 'Request body is not JSON.' });
    }
    if (!Array.isArray(jobs)) throw new HttpReply(400, { error_code: 400, error_msg: 'Expected a JSON array of problems.' });
    return jobs.map((raw) => {
      const job = raw as { solver?: { name?: string }; type?: string; label?: string; params?: Record<string, unknown>; data?: QpProblemData };
      const solver = this.solvers.find((s) => s.record.identity.name === job.solver?.name);
      if (!solver) return { error_code: 404, error_msg: `Solver ${describeValue(job.solver?.name)} not found.` };
      if (solver.record.status !== 'ONLINE') return { error_code: 400, error_msg: `Solver ${solver.record.identity.name} is offline.` };
      if (job.type !== 'ising' && job.type !== 'qubo') return { error_code: 400, error_msg: `Problem type ${describeValue(job.type)} is not supported.` };
      if (job.data?.format !== 'qp') return { error_code: 400, error_msg: 'Only the qp data format is supported.' };
      const params = job.params ?? {};
      const allowed = solver.record.properties.parameters ?? {};
      const unknown = Object.keys(params).filter((k) => !(k in allowed) && !k.startsWith('x_'));
      if (unknown.length > 0) return { error_code: 400, error_msg: `Unknown parameter(s): ${unknown.join(', ')}.` };
      try {
        decodeQpProblem({ qubits: solver.record.properties.qubits!, couplers: solver.record.properties.couplers! }, job.data);
      } catch (err) {
        return { error_code: 400, error_msg: `Malformed problem data: ${(err as Error).message}` };
      }
      const p: StoredProblem = { id: randomUUID(), label: job.label, status: 'PENDING', solver: solver.spec, record: solver.record, type: job.type, params, data: job.data, submittedOn: new Date().toISOString() };
      this.problems.push(p);
      const fail = this.takeFault('submit', ['fail-problem']);
      const hold = fail ? undefined : this.takeFault('submit', ['hold-problem']);
      setTimeout(() => void this.run(p, fail && fail.kind === 'fail-problem' ? fail.message : undefined, hold !== undefined), this.options.processingDelayMs ?? 5);
      return this.status(p, false);
    });
  }

  private async run(p: StoredProblem, failMessage: string | undefined, hold: boolean): Promise<void> {
    if (p.status !== 'PENDING') return;
    this.setStatus(p, 'IN_PROGRESS');
    if (hold) return;
    if (failMessage !== undefined) {
      p.errorMessage = failMessage;
      this.setStatus(p, 'FAILED');
      return;
    }
    try {
      const props = p.record.properties;
      const { linear, quadratic, offset } = decodeQpProblem({ qubits: props.qubits!, couplers: props.couplers! }, p.data);
      const active = [...linear.keys()].sort((a, b) => a - b);
      const index = new Map(active.map((q, i) => [q, i] as const));
      const lin = active.map((q) => linear.get(q)!);
      const quad = quadratic.map(([a, b, v]) => [index.get(a)!, index.get(b)!, v] as [number, number, number]);
      const numReads = typeof p.params.num_reads === 'number' ? p.params.num_reads : 1;
      const seed = typeof p.params.x_seed === 'number' ? p.params.x_seed : undefined;
      const ising = p.type === 'ising' ? new IsingModel({ linear: lin, quadratic: quad, numVariables: active.length }) : new QuboModel({ linear: lin, quadratic: quad, numVariables: active.length }).toIsing();
      const t0 = performance.now();
      const ss = active.length === 0 ? undefined : await p.solver.annealer.sample(ising, { numReads, ...(seed !== undefined && { seed }) });
      const wallMicros = (performance.now() - t0) * 1000;
      if ((p.status as ProblemState) !== 'IN_PROGRESS') return; // cancelled meanwhile
      const n = active.length;
      const rows = ss ? ss.size : 0;
      const samples = ss ? ss.samples : new Int8Array(0);
      const problemModel = p.type === 'ising' ? ising : new QuboModel({ linear: lin, quadratic: quad, numVariables: n });
      const values = p.type === 'ising' ? samples : samples.map((s) => (s + 1) / 2);
      const energies = rows > 0 ? problemModel.energies(values, rows) : new Float64Array(0);
      const annealTime = typeof p.params.annealing_time === 'number' ? p.params.annealing_time : 20;
      const delay = 20.58;
      p.answer = encodeQpAnswer({
        numVariables: (props.num_qubits as number) ?? props.qubits!.length,
        activeVariables: active,
        samples: values,
        energies,
        numOccurrences: ss ? ss.numOccurrences : new Int32Array(0),
        offset,
        timing: {
          qpu_anneal_time_per_sample: annealTime,
          qpu_delay_time_per_sample: delay,
          qpu_sampling_time: numReads * (annealTime + delay),
          qpu_programming_time: 15000,
          qpu_access_time: 15000 + numReads * (annealTime + delay),
          emulator_wall_time: wallMicros,
        },
      });
      this.setStatus(p, 'COMPLETED');
    } catch (err) {
      p.errorMessage = `emulator could not solve the problem: ${(err as Error).message}`;
      this.setStatus(p, 'FAILED');
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
