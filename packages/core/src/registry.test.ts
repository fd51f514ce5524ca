import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PluginRegistry } from './registry.js';
import { definePlugin } from './plugin.js';
import { Tokens, createContainer, inject, provide, token } from './di.js';
import { PluginNotFoundError, ValidationError } from './errors.js';
import { baseConfigSchema, checkPluginRefs, parseConfig, parseConfigText } from './config.js';
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
    await registry.use(c, { id: 'anneal.demo', options: { sweeps: 5 } }, 'annealer');
    expect(inject(c, Tokens.Annealer).properties).toEqual({ sweeps: 5 });
    await expect(registry.use(c, 'anneal.demo')).rejects.toThrow(/already registered in this container/);
    await expect(registry.use(createContainer(), { id: 'anneal.demo', options: { sweeps: -1 } })).rejects.toThrow(/Invalid options for plugin "anneal.demo".*at sweeps/);
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
    const cfg = parseConfig(baseConfigSchema, parseConfigText('backend: statevector\nannealer: { id: anneal.demo, options: { sweeps: 3 } }\n'));
    expect(cfg.seed).toBe(0);
    expect(cfg.mitigators).toEqual([]);
    expect(cfg.annealer).toEqual({ id: 'anneal.demo', options: { sweeps: 3 } });
  });

  it('gives the path of the offending key and the allowed values', () => {
    const schema = baseConfigSchema.extend({ training: z.object({ optimizer: z.enum(['adam', 'sgd']) }).strict() });
    expect(() => parseConfig(schema, { training: { optimizer: 'rmsprop' } })).toThrow(/at training\.optimizer: .*allowed values: "adam", "sgd"/);
    expect(() => parseConfig(baseConfigSchema, { seed: 'x' })).toThrow(/at seed:/);
    expect(() => parseConfig(baseConfigSchema, { backnd: 'statevector' })).toThrow(/unknown key\(s\) "backnd"/);
    expect(() => parseConfigText('a: [1, 2', 'bad.yaml')).toThrow(/Cannot parse bad.yaml/);
  });

  it('checks plugin ids against the registry before anything runs', () => {
    const registry = PluginRegistry.of({ plugins: [sa] });
    expect(() => checkPluginRefs(registry, [{ path: 'annealer', ref: 'dwave.qpu', kind: 'annealer' }])).toThrow(ValidationError);
    expect(() => checkPluginRefs(registry, [{ path: 'annealer', ref: 'dwave.qpu', kind: 'annealer' }])).toThrow(/at annealer: unknown annealer "dwave.qpu": registered annealer ids: anneal.demo/);
    expect(() => checkPluginRefs(registry, [{ path: 'annealer', ref: 'anneal.demo', kind: 'annealer' }])).not.toThrow();
  });
});
