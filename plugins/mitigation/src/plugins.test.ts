import { PluginRegistry, ValidationError, createContainer } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { hqml } from './plugin.js';

describe('the mitigation plugins', () => {
  const registry = PluginRegistry.of(hqml);
  const make = (id: string, options: unknown = {}): Promise<unknown> => registry.get(id, 'mitigator').create(options, createContainer());

  it('are five mitigators with their targets (declared, for config checks, and built)', async () => {
    expect(registry.ids('mitigator')).toEqual(['mitigation.control-noise', 'mitigation.readout', 'mitigation.repetition', 'mitigation.spin-reversal', 'mitigation.zne']);
    const targets = await Promise.all(registry.ids('mitigator').map(async (id) => [id, ((await make(id)) as { target: string; id: string })] as const));
    for (const [id, m] of targets) {
      expect(m.id).toBe(id);
      expect(registry.get(id).capabilities['target']).toBe(m.target);
      expect(m.target).toBe(['mitigation.zne', 'mitigation.readout'].includes(id) ? 'backend' : 'annealer');
    }
  });

  it('take exactly their zod options, with defaults', async () => {
    const zne = (await make('mitigation.zne', { factory: { kind: 'poly', order: 2 }, scaleFactors: [1, 2, 3, 4] })) as { options: { factory: { name: string }; scaleFactors: number[]; folding: string } };
    expect(zne.options.factory.name).toBe('poly(2)');
    expect(zne.options.folding).toBe('random');
    const rep = (await make('mitigation.repetition', { strategy: 'nested', copies: 5 })) as { options: { copies: number; penalty: number } };
    expect(rep.options).toMatchObject({ copies: 5, penalty: 0.5 });
  });

  it.each([
    ['mitigation.zne', { scaleFactor: [1, 3] }, /scaleFactor/],
    ['mitigation.zne', { factory: 'cubic' }, /factory/],
    ['mitigation.zne', { factory: { kind: 'poly', order: 3 }, scaleFactors: [1, 3, 5] }, /at least 4/],
    ['mitigation.readout', { confusion: { p01: 2, p10: 0 } }, /p01/],
    ['mitigation.spin-reversal', { numTransforms: -2 }, /numTransforms/],
    ['mitigation.repetition', { strategy: 'qac', copies: 4 }, /3 problem copies/],
    ['mitigation.control-noise', { offsets: [0.1], offsetSigma: 0.1 }, /offsets and offsetSigma/],
  ])('%s rejects %j with a ValidationError', async (id, options, message) => {
    await expect(make(id, options)).rejects.toThrow(ValidationError);
    await expect(make(id, options)).rejects.toThrow(message);
  });
});
