import { PluginNotFoundError, PluginRegistry, Tokens, ValidationError, createContainer, inject } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { type ExactSolver } from './exactSolver.js';
import { ParallelTempering } from './parallelTempering.js';
import { hqml } from './plugin.js';
import { registerAnneal } from './register.js';

describe('@hqml/anneal plugin module', () => {
  it('exposes four annealers, the anneal command and the anneal bench suite', () => {
    const registry = PluginRegistry.of(hqml);
    expect(registry.ids('annealer')).toEqual(['anneal.exact', 'anneal.pt', 'anneal.sa', 'anneal.sqa']);
    expect(registry.commands().map((c) => c.name)).toEqual(['anneal']);
    expect(registry.benchmarks().map((b) => b.name)).toEqual(['anneal']);
  });

  it('registers the chosen annealer under Tokens.Annealer explicitly', async () => {
    const c = createContainer();
    await registerAnneal(c, { solver: 'anneal.pt', options: { numThreads: 1 } });
    expect(inject(c, Tokens.Annealer)).toBeInstanceOf(ParallelTempering);
    const c2 = createContainer();
    await PluginRegistry.of(hqml).get('anneal.exact', 'annealer').register(c2, { maxVariables: 12 });
    const exact = inject(c2, Tokens.Annealer) as ExactSolver;
    expect(exact.maxVariables).toBe(12);
  });

  it('rejects unknown solvers and options', async () => {
    await expect(registerAnneal(createContainer(), { solver: 'anneal.qpu' as never })).rejects.toThrow(PluginNotFoundError);
    await expect(registerAnneal(createContainer(), { options: { threads: 2 } })).rejects.toThrow(ValidationError);
  });
});
