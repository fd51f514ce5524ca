import { ValidationError, describeValue } from '../errors.js';
import { NOISE_CHANNEL_KINDS, type NoiseChannel, type NoiseChannelKind, type NoiseModel, validateNoiseModel } from './noiseModel.js';

/**
 * Parses the command line's noise text, `name=value[,name=value...]`, into a noise model: a
 * channel kind (`depolarizing`, `amplitude-damping`, `phase-damping`, `bit-flip`,
 * `phase-flip`) with its probability after every gate on every qubit it touches, or
 * `readout=Q`, the flip probability of every qubit's measurement (p01 = p10 = Q).
 * Example: `depolarizing=0.01,readout=0.02`.
 */
export function parseNoiseSpec(text: string, flag = '--noise'): NoiseModel {
  const names = [...NOISE_CHANNEL_KINDS, 'readout'];
  const channels: NoiseChannel[] = [];
  let readout: number | undefined;
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    const raw = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!names.includes(name)) {
      throw new ValidationError({ what: `${flag} names ${describeValue(name)}`, why: `noise names are ${names.join(', ')}`, fix: `Write e.g. ${flag} depolarizing=0.01,readout=0.02` });
    }
    const p = Number(raw);
    if (raw === '' || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new ValidationError({ what: `${flag} ${name}=${raw}`, why: 'each noise strength is a probability in [0, 1]', fix: `Write e.g. ${name}=0.01` });
    }
    if (seen.has(name)) throw new ValidationError({ what: `${flag} sets ${name} twice`, why: 'each noise name is given once', fix: `Keep one ${name}=...` });
    seen.add(name);
    if (name === 'readout') readout = p;
    else channels.push({ kind: name as NoiseChannelKind, probability: p });
  }
  return validateNoiseModel({ channels, ...(readout !== undefined && { readout: { p01: readout, p10: readout } }) });
}
