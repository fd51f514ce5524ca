import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PluginRegistry } from './registry.js';
import { definePlugin } from './plugin.js';
import { Tokens, createContainer, inject, provide, token } from './di.js';
import { PluginNotFoundError, ValidationError } from './errors.js';
import { baseConfigSchema, parseConfig, parseConfigText } from './config.js';
import { Composition, checkPluginRefs } from './composition.js';
import type { Annealer } from './contracts/annealer.js';
import { SampleSet } from './models/sampleSet.js';

const fake = (id: string): Annealer => ({ id, sample: async (m) => SampleSet.fromModel(m, new Int8Array(m.numVariables).fill(1)) });

const sa = definePlugin({
  id: 'anneal.demo',
  kind: 'annealer',
  description: 'demo',
  token: Tokens.Annealer,
  options: z.object({ sweeps: z.number().int().positive().default(10) }).strict(),
  create: (o) => ({ ...fake('anneal.demo'), properties: { sweeps: o.sweeps } }),
});

describe('PluginRegistry', () => {
  const registry = PluginRegistry.of({ plugins: [sa, definePlugin({ id: 'statevector', kind: 'backend', description: 'sv', create: () => ({}) })] });

  it('finds plugins by id and kind', () => {
    expect(registry.get('anneal.demo').kind).toBe('annealer');
    expect(registry.ids('backend')).toEqual(['statevector']);
  });

  it('lists the registered ids for an unknown id', () => {
    expect(() => registry.get('dwave.qpu')).toThrow(PluginNotFoundError);
    expect(() => registry.get('dwave.qpu')).toThrow(/No plugin with id "dwave.qpu" is registered: the registered plugin ids are: anneal.demo, statevector/);
    expect(() => registry.get('statevector', 'annealer')).toThrow(/registered annealer ids are: anneal.demo\b/);
  });

  it('refuses duplicate ids', () => {
    expect(() => PluginRegistry.of({ plugins: [sa, sa] })).toThrow(/Two plugins have the id "anneal.demo"/);
  });

  it('registers into a container with validated options; a second registration is an error', async () => {
    const c = createContainer();
    await sa.register(c, { sweeps: 5 });
    expect(inject(c, Tokens.Annealer).properties).toEqual({ sweeps: 5 });
    await expect(sa.register(c)).rejects.toThrow(/already registered in this container/);
    await expect(sa.register(createContainer(), { sweeps: -1 })).rejects.toThrow(/Invalid options for plugin "anneal.demo".*at sweeps/);
    expect(() => registry.get('statevector').parseOptions({ threads: 2 })).toThrow(/plugin "statevector".*takes no options/);
  });

  it('typed tokens resolve what was provided and fail clearly otherwise', () => {
    const c = createContainer();
    const T = token<{ n: number }>('test.thing');
    expect(() => inject(c, T)).toThrow(/Nothing is registered for "test.thing"/);
    provide(c, T, { n: 3 });
    expect(inject(c, T).n).toBe(3);
  });
});

describe('config', () => {
  it('parses YAML with defaults', () => {
    const cfg = parseConfig(baseConfigSchema, parseConfigText('title: t\nseeds: [0, 1]\nbackend: { id: statevector, options: { threads: 1 } }\n'));
    expect(cfg.mitigators).toEqual([]);
    expect(cfg.evaluator).toBe('eval.classification');
    expect(cfg.backend).toEqual({ id: 'statevector', options: { threads: 1 } });
    expect(parseConfig(baseConfigSchema, { title: 't', seeds: [3] }).backend).toBe('statevector');
  });

  it('refuses a seed listed twice, naming it', () => {
    expect(() => parseConfig(baseConfigSchema, { title: 't', seeds: [0, 1, 0] })).toThrow(/at seeds\[2\]: seed 0 is listed twice/);
  });

  it('gives the path of the offending key and the allowed values', () => {
    const schema = baseConfigSchema.extend({ training: z.object({ optimizer: z.enum(['adam', 'sgd']) }).strict() });
    expect(() => parseConfig(schema, { training: { optimizer: 'rmsprop' } })).toThrow(/at training\.optimizer: .*allowed values: "adam", "sgd"/);
    expect(() => parseConfig(baseConfigSchema, { title: 't', seeds: ['x'] })).toThrow(/at seeds\[0\]:/);
    expect(() => parseConfig(baseConfigSchema, { title: 't', seeds: [0], backnd: 'statevector' })).toThrow(/unknown key\(s\) "backnd"/);
    expect(() => parseConfigText('a: [1, 2', 'bad.yaml')).toThrow(/Cannot parse bad.yaml/);
  });

  it('checks plugin ids against the registry before anything runs', () => {
    const registry = PluginRegistry.of({ plugins: [sa] });
    expect(() => checkPluginRefs(registry, [{ path: 'annealer', ref: 'dwave.qpu', kind: 'annealer' }])).toThrow(ValidationError);
    expect(() => checkPluginRefs(registry, [{ path: 'annealer', ref: 'dwave.qpu', kind: 'annealer' }])).toThrow(/at annealer: unknown annealer "dwave.qpu"; registered annealer ids: anneal.demo/);
    expect(() => checkPluginRefs(registry, [{ path: 'annealer', ref: 'anneal.demo', kind: 'annealer' }])).not.toThrow();
  });

  it('checks options against each plugin\'s schema and reports every bad reference at once', () => {
    const registry = PluginRegistry.of({ plugins: [sa, zne] });
    const refs = [
      { path: 'annealer', ref: { id: 'anneal.demo', options: { sweeps: 0 } }, kind: 'annealer' as const },
      { path: 'backend', ref: 'no.such', kind: 'backend' as const },
      { path: 'mitigators[0]', ref: 'mitigation.demo', kind: 'mitigator' as const, target: 'annealer' as const },
    ];
    let message = '';
    try {
      checkPluginRefs(registry, refs);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/3 plugins that cannot be used/);
    expect(message).toMatch(/at annealer: Invalid options for plugin "anneal.demo".*at sweeps/);
    expect(message).toMatch(/at backend: unknown backend "no.such"; registered backend ids: \(none\)/);
    expect(message).toMatch(/at mitigators\[0\]: mitigator "mitigation.demo" wraps a backend, but this list wraps the annealer/);
  });
});

const zne = definePlugin({
  id: 'mitigation.demo',
  kind: 'mitigator',
  description: 'a backend mitigator that scales every expectation value',
  capabilities: { target: 'backend' },
  token: Tokens.Mitigator,
  options: z.object({ factor: z.number().default(2) }).strict(),
  create: (o) => ({ id: 'mitigation.demo', target: 'backend' as const, wrap: (b: { id: string }) => ({ ...b, id: `${b.id}*${o.factor}` }) }),
});

describe('Composition', () => {
  const backend = definePlugin({ id: 'demo.backend', kind: 'backend', description: 'demo', create: () => { const b = { id: 'demo.backend', disposed: 0, dispose() { b.disposed++; } }; return b; } });
  const registry = PluginRegistry.of({ plugins: [sa, zne, backend] });

  it('builds the backend, wraps it by the mitigators in order (first innermost) and registers the result', async () => {
    const comp = new Composition(registry);
    const b = await comp.backend('demo.backend', ['mitigation.demo', { id: 'mitigation.demo', options: { factor: 3 } }]);
    expect(b.id).toBe('demo.backend*2*3');
    expect(comp.registeredBackend()).toBe(b);
    expect(comp.registeredMitigators().map((m) => m.id)).toEqual(['mitigation.demo', 'mitigation.demo']);
  });

  it('refuses a mitigator of the other target when it is built', async () => {
    const comp = new Composition(registry);
    await expect(comp.annealer('anneal.demo', ['mitigation.demo'])).rejects.toThrow(/mitigators\[0\] "mitigation.demo" wraps a "backend": this list is applied to the annealer/);
  });

  it('shares a part per (id, options) and builds fresh per-use parts with overrides', async () => {
    const comp = new Composition(registry);
    const a = await comp.part<Annealer>('anneal.demo', 'annealer');
    expect(await comp.part('anneal.demo', 'annealer')).toBe(a);
    expect(inject(comp.container, Tokens.Annealer)).toBe(a);
    const fresh = await comp.build<Annealer>({ id: 'anneal.demo', options: { sweeps: 4 } }, 'annealer', { sweeps: 7 });
    expect(fresh.properties).toEqual({ sweeps: 7 });
    await expect(comp.part({ id: 'anneal.demo', options: { sweeps: 2 } }, 'annealer')).rejects.toThrow(/already registered/);
  });

  it('a child composition has its own backend, sees the parent\'s parts, and is disposed with it', async () => {
    const comp = new Composition(registry);
    const outer = (await comp.backend('demo.backend')) as unknown as { disposed: number };
    const a = await comp.part<Annealer>('anneal.demo', 'annealer');
    const child = comp.child();
    const inner = (await child.backend('demo.backend', ['mitigation.demo'])) as unknown as { id: string; disposed: number };
    expect(inner.id).toBe('demo.backend*2');
    expect(child.registeredBackend()).toBe(inner);
    expect(comp.registeredBackend()).toBe(outer);
    expect(inject(child.container, Tokens.Annealer)).toBe(a);
    await comp.dispose();
    expect(outer.disposed).toBe(1);
  });

  it('disposes what it built', async () => {
    const comp = new Composition(registry);
    const b = (await comp.backend('demo.backend')) as unknown as { disposed: number };
    await comp.dispose();
    expect(b.disposed).toBe(1);
  });
});
