import { HqmlError, Tokens, ValidationError, createContainer, inject } from '@hqml/core';
import { registerStatevector } from '@hqml/statevector';
import { describe, expect, it } from 'vitest';
import { maxCutModel, ringGraph } from './graphs.js';
import { hqml } from './plugin.js';
import { qaoaPlugin, registerQaoa } from './register.js';

describe('anneal.qaoa plugin', () => {
  it('resolves the backend from the container and registers an Annealer', async () => {
    const container = createContainer();
    const backend = await registerStatevector(container, { threads: 1 });
    const annealer = await registerQaoa(container, { p: 2, numReads: 7 });
    expect(inject(container, Tokens.Annealer)).toBe(annealer);
    expect(annealer.properties?.['backend']).toBe('statevector');
    const ss = await annealer.sample(maxCutModel(ringGraph(6)), { seed: 1 });
    // the plugin options are the defaults of every call
    expect(ss.info['p']).toBe(2);
    expect(ss.numReads).toBe(7);
    expect(ss.first.energy).toBe(-6);
    backend.dispose?.();
  });

  it('says what is missing when no backend is registered', async () => {
    await expect(registerQaoa(createContainer())).rejects.toThrow(HqmlError);
    await expect(registerQaoa(createContainer())).rejects.toThrow(/QuantumBackend/);
  });

  it('validates its options with its zod schema before resolving anything', async () => {
    await expect(qaoaPlugin.register(createContainer(), { p: -1 })).rejects.toThrow(ValidationError);
    await expect(qaoaPlugin.register(createContainer(), { depth: 3 })).rejects.toThrow(/depth/);
  });

  it('declares that it needs a backend, and the package module exposes it', () => {
    expect(qaoaPlugin.capabilities['requires']).toEqual(['backend']);
    expect(hqml.plugins?.map((p) => p.id)).toContain('anneal.qaoa');
  });
});
