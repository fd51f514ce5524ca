import { inspect } from 'node:util';
import { IsingModel } from '@hqml/core';
import { bruteForceGround } from '@hqml/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DWaveSampler } from '../dwaveSampler.js';
import type { SapiEmulator } from '../emulator/sapiEmulator.js';
import { TEST_TOKEN, clientFor, startEmulator } from './emulatorHarness.test-helper.js';
import { HttpTransport } from './httpTransport.js';
import { MEDIA_TYPES } from './mediaTypes.js';
import { ProblemCancelledError, ProblemFailedError, SapiAuthenticationError, SapiBadResponseError, SapiRateLimitError, SapiRequestError, SapiServerError, SapiTimeoutError } from './sapiErrors.js';

let emu: SapiEmulator;
const outputs: string[] = []; // everything a user could see: messages, JSON, inspected objects
const record = (x: unknown): void => {
  outputs.push(typeof x === 'string' ? x : x instanceof Error ? `${x.message}\n${x.stack}\n${inspect(x)}` : `${JSON.stringify(x)}\n${inspect(x, { depth: 6 })}`);
};

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.stop();
});

/** A native problem on the first qubits of Emulated_P4: a frustrated triangle-free ring with fields. */
async function nativeProblem(sampler: DWaveSampler, size = 6): Promise<IsingModel> {
  const [a, b] = sampler.edgelist[0]!;
  const nodes = new Set<number>([a, b]);
  const edges: Array<[number, number]> = [[a, b]];
  for (const [u, v] of sampler.edgelist) {
    if (nodes.size >= size) break;
    if (nodes.has(u) !== nodes.has(v)) {
      nodes.add(u);
      nodes.add(v);
      edges.push([u, v]);
    }
  }
  const labels = [...nodes].sort((x, y) => x - y);
  const idx = new Map(labels.map((q, i) => [q, i] as const));
  for (const [u, v] of sampler.edgelist) if (idx.has(u) && idx.has(v) && !edges.some(([x, y]) => x === u && y === v)) edges.push([u, v]);
  return new IsingModel({ linear: labels.map((_, i) => (i % 3) - 1), quadratic: edges.map(([u, v], k) => [idx.get(u)!, idx.get(v)!, k % 2 ? 1 : -0.5] as [number, number, number]), labels, offset: 0.75 });
}

describe('SAPI client against the emulator over HTTP', () => {
  it('lists solvers and picks an online QPU with the lowest load, never an offline one', async () => {
    const client = clientFor(emu);
    const all = await client.listSolvers();
    expect(all.map((s) => s.identity.name).sort()).toEqual(['Emulated_C2', 'Emulated_P4', 'Offline_Z1']);
    expect((await client.selectSolver(undefined)).identity.name).toBe('Emulated_P4');
    expect((await client.selectSolver({ topology__type: 'chimera' })).identity.name).toBe('Emulated_C2');
    expect((await client.selectSolver('Emulated_C2')).identity.name).toBe('Emulated_C2');
    const err = await client.selectSolver('Offline_Z1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SapiRequestError);
    expect(String(err)).toMatch(/Offline_Z1 \(OFFLINE\)/);
    expect((await client.selectSolver({ num_active_qubits__gte: 100 })).identity.name).toBe('Emulated_P4');
  });

  it('sends the versioned media types in Accept', async () => {
    const before = emu.requests.length;
    await clientFor(emu).listSolvers();
    expect(emu.requests.slice(before)[0]!.accept).toBe(`${MEDIA_TYPES.solverList}; version=3.0.0`);
  });

  it('submits, long-polls and decodes: the ground state of a native problem, energies by the model, QPU timing', async () => {
    const sampler = await DWaveSampler.connect({ client: clientFor(emu) });
    const model = await nativeProblem(sampler, 8);
    const ss = await sampler.sample(model, { numReads: 50, seed: 3, annealingTime: 50 });
    record(ss.toJSON());
    expect(ss.numReads).toBe(50);
    expect(ss.first.energy).toBeCloseTo(bruteForceGround(model).energy, 9);
    Array.from(ss.energies).forEach((e, k) => expect(e).toBeCloseTo(model.energy(ss.sample(k)), 9));
    expect(ss.info.solver).toBe('Emulated_P4');
    expect(ss.info.parameters).toMatchObject({ num_reads: 50, annealing_time: 50, x_seed: 3 });
    expect((ss.info.timing as Record<string, number>).qpu_access_time).toBeGreaterThan(0);
    const mine = emu.requests.filter((r) => r.route === 'poll' && r.path.includes('timeout='));
    expect(mine.length).toBeGreaterThan(0);
    expect(emu.problems.filter((p) => p.label === ss.info.problemLabel)).toHaveLength(1);
  });

  it('refuses a response whose Content-Type is not the expected media type or version', async () => {
    const client = clientFor(emu);
    emu.inject({ kind: 'content-type', value: 'application/json', route: 'solvers' });
    const e1 = await client.listSolvers().catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(SapiBadResponseError);
    expect(String(e1)).toMatch(/media type application\/json.*expected application\/vnd\.dwave\.sapi\.solver-definition-list\+json/);
    emu.inject({ kind: 'content-type', value: `${MEDIA_TYPES.solverList}; version=4.0.0`, route: 'solvers' });
    await expect(client.listSolvers()).rejects.toThrow(/version "4\.0\.0"/);
    record(e1);
  });

  it('401 and 403 give an authentication error that names DWAVE_API_TOKEN', async () => {
    const wrong = clientFor(emu, { token: 'not-the-token' });
    const e401 = await wrong.listSolvers().catch((e: unknown) => e);
    expect(e401).toBeInstanceOf(SapiAuthenticationError);
    expect(String(e401)).toMatch(/401.*DWAVE_API_TOKEN/s);
    emu.inject({ kind: 'status', status: 403, route: 'solvers' });
    const e403 = await clientFor(emu).listSolvers().catch((e: unknown) => e);
    expect(e403).toBeInstanceOf(SapiAuthenticationError);
    expect((e403 as SapiAuthenticationError).status).toBe(403);
    const none = await clientFor(emu, { token: '' }).listSolvers().catch((e: unknown) => e);
    expect(String(none)).toMatch(/no SAPI token is configured.*DWAVE_API_TOKEN/s);
    record(e401);
    record(e403);
  });

  it('honours 429 Retry-After (also on a submit) and gives up with a rate-limit error', async () => {
    const waits: number[] = [];
    const client = clientFor(emu, { onRetry: (e) => waits.push(e.waitSeconds) });
    emu.inject({ kind: 'status', status: 429, retryAfter: '0.04', route: 'solvers', times: 2 });
    await client.listSolvers();
    expect(waits).toEqual([0.04, 0.04]);
    const sampler = await DWaveSampler.connect({ client });
    emu.inject({ kind: 'status', status: 429, retryAfter: '0', route: 'submit' });
    const before = emu.problems.length;
    await sampler.sample(await nativeProblem(sampler), { numReads: 2 });
    expect(emu.problems.length).toBe(before + 1);
    emu.inject({ kind: 'status', status: 429, retryAfter: '0', route: 'solvers', times: 4 });
    const e = await client.listSolvers().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SapiRateLimitError);
    record(e);
  });

  it('retries 5xx and dropped connections on idempotent calls', async () => {
    const client = clientFor(emu);
    emu.inject({ kind: 'status', status: 503, route: 'solvers' });
    emu.inject({ kind: 'drop', route: 'solvers' });
    expect((await client.listSolvers()).length).toBe(3);
    emu.inject({ kind: 'status', status: 500, route: 'solvers', times: 4 });
    const e = await client.listSolvers().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SapiServerError);
    expect(String(e)).toMatch(/after 3 retries/);
    const sampler = await DWaveSampler.connect({ client });
    emu.inject({ kind: 'status', status: 502, route: 'poll' });
    emu.inject({ kind: 'drop', route: 'problem' });
    const ss = await sampler.sample(await nativeProblem(sampler), { numReads: 3 });
    expect(ss.numReads).toBe(3);
  });

  it('an ambiguous submit (stored, reply lost) is reconciled by label: no duplicate problem', async () => {
    const sampler = await DWaveSampler.connect({ client: clientFor(emu) });
    const model = await nativeProblem(sampler);
    emu.inject({ kind: 'drop-after', route: 'submit' });
    const before = emu.problems.length;
    const ss = await sampler.sample(model, { numReads: 4, label: 'ambiguous' });
    expect(ss.info.reconciled).toBe(true);
    expect(emu.problems.length).toBe(before + 1);
    expect(emu.problems.filter((p) => p.label === ss.info.problemLabel)).toHaveLength(1);
    const posts = emu.requests.filter((r) => r.route === 'submit').slice(-1);
    expect(posts[0]!.status).toBe('dropped');
  });

  it('a submit that failed before it was stored (5xx, dropped) is sent again exactly once', async () => {
    const sampler = await DWaveSampler.connect({ client: clientFor(emu) });
    const model = await nativeProblem(sampler);
    for (const fault of [{ kind: 'status', status: 500, route: 'submit' }, { kind: 'drop', route: 'submit' }] as const) {
      emu.inject(fault);
      const before = emu.problems.length;
      const ss = await sampler.sample(model, { numReads: 2 });
      expect(ss.info.reconciled).toBeUndefined();
      expect(emu.problems.length).toBe(before + 1);
    }
  });

  it('FAILED becomes ProblemFailedError with the server message; CANCELLED a ProblemCancelledError', async () => {
    const client = clientFor(emu);
    const sampler = await DWaveSampler.connect({ client });
    const model = await nativeProblem(sampler);
    emu.inject({ kind: 'fail-problem', message: 'QPU calibration in progress' });
    const failed = await sampler.sample(model).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ProblemFailedError);
    expect((failed as ProblemFailedError).serverMessage).toBe('QPU calibration in progress');
    emu.inject({ kind: 'hold-problem' });
    const pending = sampler.sample(model, { label: 'to-cancel' }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const held = emu.problems.find((p) => p.label?.startsWith('to-cancel') && p.status === 'IN_PROGRESS')!;
    await client.cancel(held.id);
    const cancelled = await pending;
    expect(cancelled).toBeInstanceOf(ProblemCancelledError);
    record(failed);
    record(cancelled);
  });

  it('an AbortSignal cancels the remote problem', async () => {
    const sampler = await DWaveSampler.connect({ client: clientFor(emu) });
    emu.inject({ kind: 'hold-problem' });
    const controller = new AbortController();
    const run = sampler.sample(await nativeProblem(sampler), { signal: controller.signal, label: 'abort-me' }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort(new Error('user pressed ctrl-c'));
    expect(String(await run)).toMatch(/ctrl-c/);
    await new Promise((r) => setTimeout(r, 100));
    const p = emu.problems.find((x) => x.label?.startsWith('abort-me'))!;
    expect(p.status).toBe('CANCELLED');
  });

  it('every wait has a timeout: a slow response and a problem that never finishes', async () => {
    const client = clientFor(emu, { requestTimeout: 0.2, retry: { total: 0 } });
    emu.inject({ kind: 'delay', ms: 1000, route: 'solvers' });
    const slow = await client.listSolvers().catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(SapiTimeoutError);
    expect(String(slow)).toMatch(/no response within 0.2 s/);
    const sampler = await DWaveSampler.connect({ client: clientFor(emu) });
    emu.inject({ kind: 'hold-problem' });
    const stuck = await sampler.sample(await nativeProblem(sampler), { timeout: 1 }).catch((e: unknown) => e);
    expect(stuck).toBeInstanceOf(SapiTimeoutError);
    expect(String(stuck)).toMatch(/did not finish within 1 s/);
    record(slow);
    record(stuck);
  });

  it('refuses plain http except to loopback', () => {
    expect(() => new HttpTransport({ endpoint: 'http://sapi.example.com/sapi/', token: undefined })).toThrow(/plain http/);
    expect(() => new HttpTransport({ endpoint: 'http://127.0.0.1:9/sapi/', token: undefined })).not.toThrow();
    expect(() => new HttpTransport({ endpoint: 'https://cloud.dwavesys.com/sapi/', token: undefined })).not.toThrow();
  });

  it('validates parameters against the solver before submitting anything', async () => {
    const sampler = await DWaveSampler.connect({ client: clientFor(emu) });
    const model = await nativeProblem(sampler);
    const before = emu.problems.length;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ numReads: 0 }, /numReads is 0/],
      [{ numReads: 1.5 }, /numReads is 1.5/],
      [{ annealingTime: 5000 }, /annealing_time_range/],
      [{ annealSchedule: [[0, 0], [10, 0.5]] }, /ends at s = 1/],
      [{ annealSchedule: [[0, 0], [0, 1]] }, /strictly increase/],
      [{ annealSchedule: [[0, 0.2], [10, 1]] }, /starts at \(0, 0\)/],
      [{ annealSchedule: [[0, 0], [0.1, 1]] }, /slope/],
      [{ annealSchedule: [[0, 0], [5, 0.6], [6, 0.4], [10, 1]] }, /never decreases/],
      [{ annealSchedule: [[0, 1], [5, 0.5], [10, 1]] }, /without initial_state/],
      [{ annealSchedule: Array.from({ length: 14 }, (_, k) => [k * 10, k === 13 ? 1 : 0]) }, /takes 2 to 12/],
      [{ annealingTime: 20, annealSchedule: [[0, 0], [20, 1]] }, /both annealingTime and annealSchedule/],
      [{ hGainSchedule: [[0, 1], [30, 9]] }, /h_gain_schedule_range/],
      [{ hGainSchedule: [[0, 1], [50, 1]], annealingTime: 20 }, /anneal ends at t = 20/],
      [{ initialState: model.labels.map(() => 1) }, /forward anneal/],
      [{ reinitializeState: true }, /reverse annealing only/],
    ];
    for (const [opts, msg] of bad) await expect(sampler.sample(model, opts)).rejects.toThrow(msg);
    await expect(sampler.sample(model, { numSweeps: 100 } as never)).rejects.toThrow(/not a parameter of solver Emulated_P4/);
    const big = new IsingModel({ linear: model.labels.map(() => 5), labels: model.labels });
    await expect(sampler.sample(big, { autoScale: false })).rejects.toThrow(/h_range \[-4, 4\]/);
    const farApart = new IsingModel({ quadratic: [[0, 1, 1]], labels: [sampler.nodelist[0]!, sampler.nodelist[sampler.nodelist.length - 1]!] });
    await expect(sampler.sample(farApart)).rejects.toThrow(/does not fit solver/);
    expect(emu.problems.length).toBe(before);
  });

  it('runs a reverse anneal with an initial state and an h-gain schedule', async () => {
    const sampler = await DWaveSampler.connect({ client: clientFor(emu) });
    const model = await nativeProblem(sampler);
    const init = model.labels.map((_, i) => (i % 2 ? 1 : -1));
    const ss = await sampler.sample(model, { numReads: 5, annealSchedule: [[0, 1], [5, 0.45], [15, 0.45], [20, 1]], initialState: init, reinitializeState: true, hGainSchedule: [[0, 1], [20, 0.5]] });
    const sent = ss.info.parameters as { initial_state: number[] };
    expect(sent.initial_state.length).toBe(24 * 4 * 3);
    expect(sent.initial_state[model.labels[1] as number]).toBe(1);
    expect(sent.initial_state.filter((v) => v === 3).length).toBe(24 * 4 * 3 - model.numVariables);
  });

  it('never shows the token: errors, JSON, inspected objects, the request log', async () => {
    const client = clientFor(emu);
    record(inspect(client, { depth: 8 }));
    record(JSON.stringify(client.config));
    record(String(client.config.token));
    record(emu.requests);
    const all = outputs.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(TEST_TOKEN);
    expect(all).toContain('[redacted]');
  });
});
