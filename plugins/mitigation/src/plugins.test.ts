import { PluginRegistry, ValidationError, createContainer } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { hqml } from './plugin.js';

describe('the mitigation plugins', () => {
  const registry = PluginRegistry.of(hqml);

  it('are five mitigators with their targets', async () => {
    expect(registry.ids('mitigator')).toEqual(['mitigation.control-noise', 'mitigation.readout', 'mitigation.repetition', 'mitigation.spin-reversal', 'mitigation.zne']);
    const targets = await Promise.all(registry.ids('mitigator').map(async (id) => [id, ((await registry.use(createContainer(), id, 'mitigator')) as { target: string; id: string })] as const));
    for (const [id, m] of targets) {
      expect(m.id).toBe(id);
      expect(m.target).toBe(['mitigation.zne', 'mitigation.readout'].includes(id) ? 'backend' : 'annealer');
    }
  });

  it('take exactly their zod options, with defaults', async () => {
    const zne = (await registry.use(createContainer(), { id: 'mitigation.zne', options: { factory: { kind: 'poly', order: 2 }, scaleFactors: [1, 2, 3, 4] } }, 'mitigator')) as { options: { factory: { name: string }; scaleFactors: number[]; folding: string } };
    expect(zne.options.factory.name).toBe('poly(2)');
    expect(zne.options.folding).toBe('random');
    const rep = (await registry.use(createContainer(), { id: 'mitigation.repetition', options: { strategy: 'nested', copies: 5 } }, 'mitigator')) as { options: { copies: number; penalty: number } };
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
    const p = registry.use(createContainer(), { id, options }, 'mitigator');
    await expect(p).rejects.toThrow(ValidationError);
    await expect(registry.use(createContainer(), { id, options }, 'mitigator')).rejects.toThrow(message);
  });
});
