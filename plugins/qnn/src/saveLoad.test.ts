import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng, ValidationError } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { type BuildStudentOptions, QuantumStudent, buildSeedStudent, buildStudent } from './student.js';

const backend = new StatevectorBackend({ threads: 1 });
const dirs: string[] = [];
afterAll(async () => {
  backend.dispose();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'hqml-qnn-'));
  dirs.push(d);
  return d;
}

const shape = [12, 12, 1];
const rng = Rng.from(5);
const x = Float32Array.from({ length: 6 * 144 }, () => rng.float());
const split = { x, y: Int32Array.from([0, 1, 2, 0, 1, 2]), shape, classes: ['a', 'b', 'c'], size: 6 };

const ARCHS: Array<[string, Omit<BuildStudentOptions, 'inputShape' | 'classes' | 'backend'>]> = [
  ['dense + amplitude(norm) + strongly entangling + probabilities', { reducer: 'dense', encoding: { kind: 'amplitude', keepNorm: true }, qubits: 3, ansatz: 'strongly-entangling', layers: 2, range: 1, readout: 'probabilities' }],
  ['avg-pool + angle + hardware-efficient + zz', { reducer: 'avg-pool', encoding: { kind: 'angle', scaling: 'pi' }, qubits: 4, ansatz: 'hardware-efficient', layers: 1, readout: 'zz' }],
  ['pca + dense angle + seed ansatz + z', { reducer: 'pca', encoding: { kind: 'dense-angle' }, qubits: 2, ansatz: 'seed', layers: 2, readout: 'z' }],
];

describe('save and load', () => {
  it.each(ARCHS)('%s: fromDirectory and load give identical outputs', async (_name, arch) => {
    const student = await buildStudent({ inputShape: shape, classes: 3, backend, seed: 1, ...arch, ...(arch.reducer === 'pca' ? { pcaData: split } : {}) });
    await student.fit(split, { epochs: 1, batchSize: 3, seed: 0, learningRate: 0.05 });
    const before = await student.logits(x, 6);
    const dir = await tempDir();
    await student.save(dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { modelTopology: unknown };
    const layer = JSON.stringify(json.modelTopology);
    expect(layer).toContain('HqmlQuantumLayer');
    expect(layer).toContain(`"ansatz":"${arch.ansatz}"`);

    const loaded = await QuantumStudent.fromDirectory(dir, { backend });
    expect(loaded.quantumLayer.backend).toBe(backend);
    expect(Array.from(await loaded.logits(x, 6))).toEqual(Array.from(before));
    expect(loaded.quantumParameterCount).toBe(student.quantumParameterCount);
    expect(loaded.parameterCount).toBe(student.parameterCount);

    const other = await buildStudent({ inputShape: shape, classes: 3, backend, seed: 2, ...arch });
    await expect(other.load(dir)).rejects.toThrow(ValidationError); // the seed is part of the spec
    const same = await buildStudent({ inputShape: shape, classes: 3, backend, seed: 1, ...arch });
    await same.load(dir);
    expect(Array.from(await same.logits(x, 6))).toEqual(Array.from(before));
    for (const s of [student, loaded, other, same]) s.dispose();
  });

  it('the seed architecture saves and loads too', async () => {
    const student = await buildSeedStudent({ inputShape: [28, 28, 1], classes: 2, qubits: 2, backend, seed: 4 });
    expect(student.quantumParameterCount).toBe(0);
    expect(student.id).toBe('qnn-seed');
    expect(() => student.quantumLayer.useBackend({ ...backend, id: 'other' } as never)).toThrow(/Backend "other" cannot train a quantum layer/);
    const xs = Float32Array.from({ length: 2 * 784 }, () => rng.float());
    const before = await student.logits(xs, 2);
    const dir = await tempDir();
    await student.save(dir);
    const loaded = await QuantumStudent.fromDirectory(dir, { backend });
    expect(Array.from(await loaded.logits(xs, 2))).toEqual(Array.from(before));
    student.dispose();
    loaded.dispose();
  });
});
