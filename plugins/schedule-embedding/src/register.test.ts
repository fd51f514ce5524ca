import { Tokens, UnsupportedError, createContainer, inject, provide, type QuantumBackend } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAnnealerConfig } from './config.js';
import { hqml, scheduleEmbeddingPlugin } from './plugin.js';
import { registerScheduleEmbedding } from './register.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

describe('composition', () => {
  it('builds classifiers on the container backend from options that are exactly its schema; the module lists the plugin and the bench suite', async () => {
    const c = createContainer();
    provide(c, Tokens.QuantumBackend, backend);
    const clf = await scheduleEmbeddingPlugin.create({ qubits: 2, steps: 2, couplers: 'all', inputShape: [4, 4, 1], classes: 2, backbone: 'mlp' }, c);
    expect(clf.circuit.numInputs).toBe(2 * 5);
    expect(clf.circuit.numQubits).toBe(2);
    clf.dispose();
    const registered = await registerScheduleEmbedding(c, { preset: 'seed', inputShape: [4, 4, 1], classes: 3, backbone: 'mlp' });
    expect(inject(c, Tokens.Model)).toBe(registered);
    expect(registered.spec.numQubits).toBe(2);
    registered.dispose();
    expect(() => scheduleEmbeddingPlugin.parseOptions({ qubitz: 3 })).toThrow(/unknown key\(s\) "qubitz"/);
    expect(hqml.plugins?.map((p) => p.id)).toEqual(['schedule-embedding']);
    expect(hqml.benchmarks?.map((b) => b.name)).toEqual(['embedding']);
    expect(scheduleEmbeddingPlugin.kind).toBe('model');
  });

  it('refuses a backend without the StateProvider ability, saying why', async () => {
    const c = createContainer();
    const noStates: QuantumBackend = {
      id: 'expectations-only', capabilities: { maxQubits: 4, noise: false, shots: false, deviceKind: 'simulator' },
      expectation: () => new Float64Array(0), probabilities: () => new Float64Array(0), sample: () => new Uint32Array(0),
    };
    provide(c, Tokens.QuantumBackend, noStates);
    await expect(scheduleEmbeddingPlugin.create({ inputShape: [4, 4, 1], classes: 2, backbone: 'mlp' }, c)).rejects.toThrow(UnsupportedError);
    await expect(scheduleEmbeddingPlugin.create({ inputShape: [4, 4, 1], classes: 2, backbone: 'mlp' }, c)).rejects.toThrow(/StateProvider/);
  });

  it('presets: seed-faithful and tuned, explicit fields override', () => {
    expect(resolveAnnealerConfig({ preset: 'seed' })).toMatchObject({ qubits: 2, couplers: 'all', steps: 5, totalTime: 1, slices: 2, order: 1, amplitudeBound: 100 });
    expect(resolveAnnealerConfig({})).toMatchObject({ preset: 'tuned', qubits: 4, steps: 10, order: 2 });
    expect(resolveAnnealerConfig({ preset: 'seed', qubits: 3, couplers: 'line' })).toMatchObject({ qubits: 3, couplers: 'line', steps: 5 });
    expect(() => resolveAnnealerConfig({ preset: 'seed', order: 3 as 1 })).toThrow();
  });
});
