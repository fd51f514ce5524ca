import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedAnnealer } from '@hqml/anneal';
import { SapiEmulator } from '@hqml/dwave';
import { hqml, root } from './hqml.js';

/**
 * "Swap a part by one line of config", tried as a user would: the real `hqml` command, real
 * plugins, and two plugins of the test's own registered through HQML_PLUGINS. Each variant of a
 * config differs from the base in exactly one line, and the run shows that the other part ran.
 */
const probe = join(root, 'test', 'src', 'fixtures', 'probePlugins.ts');
const dataDir = process.env['HQML_DATA_DIR'];
const hasFashion = dataDir !== undefined && existsSync(join(dataDir, 'fashion-mnist'));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hqml-compose-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The base config with line `from` replaced by `to` (exactly one line must match). */
function variant(base: string, from: string, to: string): string {
  const lines = base.split('\n');
  const at = lines.map((l, i) => (l.trim() === from ? i : -1)).filter((i) => i >= 0);
  expect(at, `one line "${from}"`).toHaveLength(1);
  lines[at[0]!] = lines[at[0]!]!.replace(from, to);
  return lines.join('\n');
}

async function run(app: 'kd' | 'anneal-classify', name: string, yaml: string, runDir: string): Promise<{ cellsRun: number; cellsReused: number; reports: Array<{ json: string }>; rows: Array<{ condition: string }> }> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  const r = await hqml([app, '--config', file, '--run-dir', runDir, '--quiet', '--json'], { HQML_PLUGINS: probe, HQML_CACHE_DIR: join(dir, 'cache') });
  expect(r.stderr, r.stderr).not.toMatch(/Error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

async function logLines(file: string): Promise<Array<{ id: string; inner: string; counts: Record<string, number> }>> {
  return (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
}

const KD = `title: swap
seeds: [0]
backend: statevector
mitigators: []
training: { epochs: 1, batchSize: 8, learningRate: 0.02 }
teacherTraining: { epochs: 1, batchSize: 32, perClass: 30, validation: 0.1 }
experiments:
  - name: digits
    dataset: mnist
    classes: [0, 1]
    train: { perClass: 10 }
    test: { perClass: 10 }
    student: { qubits: 2, encoding: { kind: angle }, layers: 1, readout: z }
    teachers: [lenet5]
`;

describe('hqml kd: one config line swaps one part', () => {
  const runDir = () => join(dir, 'kd-run');

  it('the backend: the students run on the other backend, and every cell runs again', async () => {
    const base = await run('kd', 'kd-base', KD, runDir());
    expect(base.cellsRun).toBe(2);
    const log = join(dir, 'kd-backend.log');
    const swapped = await run('kd', 'kd-backend', variant(KD, 'backend: statevector', `backend: { id: test.recording, options: { log: ${JSON.stringify(log)} } }`), runDir());
    expect(swapped).toMatchObject({ cellsRun: 2, cellsReused: 0 });
    const [rec] = await logLines(log);
    expect(rec!.id).toBe('test.recording');
    // the quantum layers' forward and backward passes went to this backend
    expect((rec!.counts['expectationWithVjp'] ?? 0) + (rec!.counts['expectation'] ?? 0)).toBeGreaterThan(0);
    const report = JSON.parse(await readFile(swapped.reports[0]!.json, 'utf8')) as { info: { backend: string } };
    expect(report.info.backend).toMatch(/^test\.recording \(log /);
  });

  it('the mitigator list: both wrap the backend in order (first innermost), and the students run through them', async () => {
    const log = join(dir, 'kd-mitigators.log');
    const line = `mitigators: [{ id: test.tag, options: { log: ${JSON.stringify(log)}, tag: a } }, { id: test.tag, options: { log: ${JSON.stringify(log)}, tag: b } }]`;
    const r = await run('kd', 'kd-mitigators', variant(KD, 'mitigators: []', line), runDir());
    expect(r.cellsRun).toBe(2);
    const lines = await logLines(log);
    expect(lines.map((l) => [l.id, l.inner])).toEqual([['b(a(statevector))', 'a(statevector)'], ['a(statevector)', 'statevector']]);
    expect(lines[0]!.counts['expectationWithVjp']).toBeGreaterThan(0);
    expect(lines[1]!.counts['expectationWithVjp']).toBe(lines[0]!.counts['expectationWithVjp']);
    const report = JSON.parse(await readFile(r.reports[0]!.json, 'utf8')) as { info: { backend: string } };
    expect(report.info.backend).toMatch(/^statevector \+ test\.tag \+ test\.tag/);
  });

  it('the teacher: another model is trained and cached as the teacher; only the distilled cells run again', async () => {
    await run('kd', 'kd-base', KD, runDir());
    const r = await run('kd', 'kd-teacher', variant(KD, 'teachers: [lenet5]', 'teachers: [mlp]'), runDir());
    expect(r.rows.map((x) => x.condition)).toEqual(['baseline', 'kd-mlp']);
    expect(r).toMatchObject({ cellsRun: 1, cellsReused: 1 });
    const cached = await readdir(join(dir, 'cache', 'kd-teachers'));
    expect(cached.some((d) => d.startsWith('mlp-mnist-'))).toBe(true);
    expect(cached.some((d) => d.startsWith('lenet5-mnist-'))).toBe(true);
  });
});

const ANNEAL = `title: swap
seeds: [0]
backend: { id: statevector, options: { threads: 1 } }
experiments:
  - name: pair
    dataset: mnist
    classes: [0, 1]
    train: { perClass: 20, selection: random }
    test: { perClass: 10, selection: random }
    annealer: { preset: seed, steps: 2, amplitudeBound: 5 }
    training: { epochs: 1, batchSize: 10, learningRate: 0.003 }
`;

describe('hqml anneal-classify: one config line swaps one part', () => {
  it('the backend: the annealer classifier evolves its states on the other backend', async () => {
    const runDir = join(dir, 'anneal-run');
    expect((await run('anneal-classify', 'an-base', ANNEAL, runDir)).cellsRun).toBe(1);
    const log = join(dir, 'anneal-backend.log');
    const r = await run('anneal-classify', 'an-backend', variant(ANNEAL, 'backend: { id: statevector, options: { threads: 1 } }', `backend: { id: test.recording, options: { log: ${JSON.stringify(log)} } }`), runDir);
    expect(r).toMatchObject({ cellsRun: 1, cellsReused: 0 });
    const [rec] = await logLines(log);
    expect(rec!.counts['amplitudes']).toBeGreaterThan(0);
    expect(rec!.counts['stateVjp']).toBeGreaterThan(0);
  });

  it.skipIf(!hasFashion)('the data set: the classes are the other data set\'s', async () => {
    const runDir = join(dir, 'anneal-data');
    const classes = async (f: string) => (JSON.parse(await readFile(f, 'utf8')) as { classes: string[] }).classes;
    const base = await run('anneal-classify', 'an-data-base', ANNEAL, runDir);
    expect(await classes(base.reports[0]!.json)).toEqual(['0', '1']);
    const swapped = await run('anneal-classify', 'an-data', variant(ANNEAL, 'dataset: mnist', 'dataset: fashion-mnist'), runDir);
    expect(swapped.cellsRun).toBe(1);
    expect(await classes(swapped.reports[0]!.json)).toEqual(['T-shirt/top', 'Trouser']);
  });
});

describe('hqml anneal --solver: every registered annealer', () => {
  it('each one samples the same problem and finds its ground state', async () => {
    const listed = JSON.parse((await hqml(['plugins', '--kind', 'annealer', '--json'])).stdout) as { plugins: Array<{ id: string }> };
    const ids = listed.plugins.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['anneal.sa', 'anneal.pt', 'anneal.sqa', 'anneal.exact']));
    // A frustrated 5-spin ring with fields; ground energy -3.5 (four satisfied couplings, one frustrated, the field satisfied), by enumeration of the 32 states.
    const file = join(dir, 'ring.json');
    const J = [[0, 1, 1], [1, 2, 1], [2, 3, 1], [3, 4, 1], [4, 0, 1]];
    await writeFile(file, JSON.stringify({ type: 'BinaryQuadraticModel', version: { bqm_schema: '3.0.0' }, use_bytes: false, index_type: 'int32', bias_type: 'float64', num_variables: 5, num_interactions: 5, variable_labels: [0, 1, 2, 3, 4], variable_type: 'SPIN', offset: 0, info: {}, linear_biases: [0.5, 0, 0, 0, 0], quadratic_head: J.map((e) => e[0]), quadratic_tail: J.map((e) => e[1]), quadratic_biases: J.map((e) => e[2]) }));
    let energy = Infinity;
    for (let s = 0; s < 32; s++) {
      const spin = (i: number) => ((s >> i) & 1 ? 1 : -1);
      energy = Math.min(energy, 0.5 * spin(0) + J.reduce((e, [i, j, w]) => e + w! * spin(i!) * spin(j!), 0));
    }
    expect(energy).toBe(-3.5);
    // dwave.qpu talks SAPI: point it at hqml's offline emulator (a QPU graph with anneal.sa behind it)
    const emulator = new SapiEmulator({ token: 'e2e-token', solvers: [{ name: 'Emulated_P4', topology: { type: 'pegasus', shape: [4] }, annealer: new SimulatedAnnealer({ numThreads: 1 }) }] });
    const sapi = { DWAVE_API_ENDPOINT: await emulator.start(), DWAVE_API_TOKEN: 'e2e-token', DWAVE_CONFIG_FILE: '', DWAVE_API_SOLVER: '' };
    try {
      for (const id of ids) {
        const r = await hqml(['anneal', file, '--solver', id, '--num-reads', '20', '--seed', '1', '--json'], sapi);
        expect(r.code, `${id}: ${r.stderr}`).toBe(0);
        const out = JSON.parse(r.stdout) as { solver: string; bestEnergy: number };
        expect(out.solver).toBe(id);
        expect(out.bestEnergy, id).toBeCloseTo(energy, 12);
      }
    } finally {
      await emulator.stop();
    }
  });
});
