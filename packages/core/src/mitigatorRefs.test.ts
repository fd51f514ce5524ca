import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Mitigator, applyMitigators } from './contracts/mitigator.js';
import { ValidationError } from './errors.js';
import { commandLineMitigators, parsePluginRefText } from './mitigatorRefs.js';
import { definePlugin } from './plugin.js';
import { PluginRegistry } from './registry.js';

describe('parsePluginRefText', () => {
  it('reads a bare id, and options with numbers, booleans, JSON lists and strings', () => {
    expect(parsePluginRefText('mitigation.zne')).toBe('mitigation.zne');
    expect(parsePluginRefText('mitigation.zne:scaleFactors=[1,3,5],factory=linear,seed=7,project=false')).toEqual({
      id: 'mitigation.zne',
      options: { scaleFactors: [1, 3, 5], factory: 'linear', seed: 7, project: false },
    });
    expect(parsePluginRefText('x:f={"kind":"poly","order":2}')).toEqual({ id: 'x', options: { f: { kind: 'poly', order: 2 } } });
    expect(parsePluginRefText('x:')).toEqual({ id: 'x', options: {} });
  });

  it('says what is wrong with malformed text', () => {
    expect(() => parsePluginRefText(':a=1')).toThrow(ValidationError);
    expect(() => parsePluginRefText('x:a')).toThrow(/not key=value/);
    expect(() => parsePluginRefText('x:a=1,a=2')).toThrow(/twice/);
    expect(() => parsePluginRefText('x:a=[1,')).toThrow(/JSON/);
  });
});

describe('commandLineMitigators', () => {
  const tag = (id: string, target: 'annealer' | 'backend') =>
    definePlugin<Mitigator<string[]>, { label: string }>({
      id,
      kind: 'mitigator',
      description: id,
      capabilities: { target },
      options: z.object({ label: z.string().default(id) }).strict(),
      create: (o) => ({ id, target, wrap: (inner: string[]) => [...inner, o.label] }),
    });
  const registry = PluginRegistry.of({ plugins: [tag('m.a', 'annealer'), tag('m.b', 'annealer'), tag('m.g', 'backend')] });

  it('builds them in order with their options; applyMitigators wraps the first innermost', async () => {
    const ms = await commandLineMitigators<string[]>(registry, ['m.a', 'm.b:label=B'], 'annealer');
    expect(applyMitigators<string[]>([], ms)).toEqual(['m.a', 'B']);
    expect(await commandLineMitigators(registry, [], 'backend')).toEqual([]);
  });

  it('rejects unknown ids (listing the mitigators), bad options, and the wrong target, all before building any', async () => {
    await expect(commandLineMitigators(registry, ['m.zz'], 'annealer')).rejects.toThrow(/unknown mitigator "m.zz".*m\.a, m\.b, m\.g/);
    await expect(commandLineMitigators(registry, ['m.a:nope=1'], 'annealer')).rejects.toThrow(ValidationError);
    await expect(commandLineMitigators(registry, ['m.g'], 'annealer')).rejects.toThrow(/wraps a backend/);
    await expect(commandLineMitigators(registry, ['m.zz', 'm.g'], 'annealer')).rejects.toThrow(/2 plugins/);
  });
});
