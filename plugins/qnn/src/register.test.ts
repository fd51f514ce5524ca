import { describe, expect, it } from 'vitest';
import { PluginRegistry, Tokens, createContainer, inject } from '@hqml/core';
import { registerStatevector } from '@hqml/statevector';
import { hqml, qnnPlugin } from './plugin.js';
import { registerQnn } from './register.js';
import type { QuantumStudent } from './student.js';

describe('composition', () => {
  it('the qnn plugin builds students on the container backend, from options that are exactly its schema', async () => {
    const container = createContainer();
    const backend = await registerStatevector(container, { threads: 1 });
    const student = (await qnnPlugin.create({ inputShape: [4], classes: 2, reducer: 'dense', encoding: { kind: 'angle' }, qubits: 2, ansatz: 'hardware-efficient', layers: 1, readout: 'z' }, container)) as QuantumStudent;
    expect(student.quantumLayer.backend).toBe(backend);
    expect(student.spec).toMatchObject({ qubits: 2, readout: 'z', gradientMethod: 'best', seed: 0 });
    expect((await student.logits(new Float32Array(8), 2)).length).toBe(4);
    const seed = await registerQnn(container, { kind: 'seed', qubits: 2, inputShape: [28, 28, 1], classes: 3 });
    expect(inject(container, Tokens.Model)).toBe(seed);
    expect(seed.id).toBe('qnn-seed');
    expect(() => qnnPlugin.parseOptions({ qubits: 2, readuot: 'z' })).toThrow(/unknown key\(s\) "readuot"/);
    expect(() => qnnPlugin.parseOptions({ qubits: 2, encoding: { kind: 'angle', scaling: 'cube' } })).toThrow(/Invalid options for plugin "qnn".*encoding/);
    for (const s of [student, seed]) s.dispose();
    backend.dispose();
  });

  it('without a backend in the container, says which plugin to register', async () => {
    await expect(qnnPlugin.create({ qubits: 2 }, createContainer())).rejects.toThrow(/Nothing is registered for "QuantumBackend"/);
  });

  it('the plugin module exposes the qnn plugin and the qnn bench suite', () => {
    expect(hqml.plugins?.map((p) => p.id)).toEqual(['qnn']);
    expect(hqml.benchmarks?.map((b) => b.name)).toEqual(['qnn']);
    const registry = new PluginRegistry();
    registry.add(qnnPlugin);
    expect(registry.get('qnn').kind).toBe('model');
  });
});
