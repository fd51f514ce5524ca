import { ValidationError } from '../errors.js';
import { describe, expect, it } from 'vitest';
import { parseNoiseSpec } from './noiseSpec.js';

describe('parseNoiseSpec', () => {
  it('reads channels after every gate and a symmetric readout flip', () => {
    expect(parseNoiseSpec('depolarizing=0.01,readout=0.02')).toEqual({ channels: [{ kind: 'depolarizing', probability: 0.01 }], readout: { p01: 0.02, p10: 0.02 } });
    expect(parseNoiseSpec('amplitude-damping=0.1')).toEqual({ channels: [{ kind: 'amplitude-damping', probability: 0.1 }] });
  });

  it('names the allowed noise and the rule when the text is wrong', () => {
    expect(() => parseNoiseSpec('thermal=0.1')).toThrow(/depolarizing, amplitude-damping/);
    expect(() => parseNoiseSpec('depolarizing=2')).toThrow(ValidationError);
    expect(() => parseNoiseSpec('depolarizing')).toThrow(/probability/);
    expect(() => parseNoiseSpec('readout=0.1,readout=0.2')).toThrow(/twice/);
  });
});
