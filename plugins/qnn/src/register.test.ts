import { describe, expect, it } from 'vitest';
import { PluginRegistry, createContainer, inject } from '@hqml/core';
import { registerStatevector } from '@hqml/statevector';
import { hqml, qnnPlugin } from './plugin.js';
import { StudentFactoryToken, registerQnn } from './register.js';

describe('composition', () => {
  it('registerQnn builds students on the container backend', async () => {
    const container = createContainer();
    const backend = await registerStatevector(container, { threads: 1 });
    const factory = registerQnn(container);
    expect(inject(container, StudentFactoryToken)).toBe(factory);
    const student = await factory({ inputShape: [4], classes: 2, reducer: 'dense', encoding: { kind: 'angle' }, qubits: 2, ansatz: 'hardware-efficient', layers: 1, readout: 'z' });
    expect(student.quantumLayer.backend).toBe(backend);
    expect((await student.logits(new Float32Array(8), 2)).length).toBe(4);
    student.dispose();
    backend.dispose();
  });

  it('without a backend in the container, says which plugin to register', async () => {
    expect(() => registerQnn(createContainer())).toThrow(/Nothing is registered for "QuantumBackend"/);
    await expect(qnnPlugin.register(createContainer())).rejects.toThrow(/QuantumBackend/);
  });

  it('the plugin module exposes the qnn plugin and the qnn bench suite', () => {
    expect(hqml.plugins?.map((p) => p.id)).toEqual(['qnn']);
    expect(hqml.benchmarks?.map((b) => b.name)).toEqual(['qnn']);
    const registry = new PluginRegistry();
    registry.add(qnnPlugin);
    expect(registry.get('qnn').kind).toBe('model');
  });
});
