import { type GateName, GATE_NAMES, isGateName } from '../circuit/gates.js';
import { ValidationError, describeValue } from '../errors.js';

/** The single-qubit channels of a {@link NoiseModel}. */
export type NoiseChannelKind = 'depolarizing' | 'amplitude-damping' | 'phase-damping' | 'bit-flip' | 'phase-flip';

/** All channel kinds, for help and validation. */
export const NOISE_CHANNEL_KINDS: readonly NoiseChannelKind[] = ['depolarizing', 'amplitude-damping', 'phase-damping', 'bit-flip', 'phase-flip'];

/**
 * A single-qubit channel that acts on every qubit a matching gate touched, right after the gate.
 * - `depolarizing` p: X, Y or Z each with probability p/3;
 * - `bit-flip` p: X with probability p; `phase-flip` p: Z with probability p;
 * - `amplitude-damping` gamma: Kraus `diag(1, sqrt(1-gamma))`, `sqrt(gamma) |0><1|`;
 * - `phase-damping` lambda: Kraus `diag(1, sqrt(1-lambda))`, `diag(0, sqrt(lambda))`.
 */
export interface NoiseChannel {
  readonly kind: NoiseChannelKind;
  /** The channel's strength (p, gamma or lambda) in [0, 1]. */
  readonly probability: number;
  /** Gates after which the channel acts; all gates when omitted. */
  readonly gates?: readonly GateName[];
  /** Qubits on which it acts; all qubits when omitted. */
  readonly qubits?: readonly number[];
}

/** Classical readout error of one qubit: the measured bit flips with these probabilities. */
export interface ReadoutError {
  /** P(read 0 | state 1). */
  readonly p01: number;
  /** P(read 1 | state 0). */
  readonly p10: number;
}

/**
 * A noise model: channels after chosen gates, and readout error at measurement.
 *
 * Design note: the model is plain data, so a mitigation technique can scale it (zero-noise
 * extrapolation multiplies the probabilities) or read the readout matrix (readout mitigation
 * inverts it) without knowing the simulator. Readout error acts on what is measured:
 * `probabilities`, `sample`, and the expectation values (a Pauli string is measured in its
 * eigenbasis, so readout error scales its terms as it would on hardware).
 */
export interface NoiseModel {
  readonly channels: readonly NoiseChannel[];
  /** One error for all qubits, or one per qubit (index = qubit). */
  readonly readout?: ReadoutError | readonly ReadoutError[];
}

function checkProb(where: string, p: unknown): void {
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new ValidationError({ what: `${where} is ${describeValue(p)}`, why: 'probabilities lie in [0, 1]', fix: 'Pass a number between 0 and 1' });
  }
}

/** Validates a noise model (throws ValidationError naming the bad field) and returns it frozen. */
export function validateNoiseModel(model: NoiseModel): NoiseModel {
  if (typeof model !== 'object' || model === null || !Array.isArray(model.channels)) {
    throw new ValidationError({ what: `noise model is ${describeValue(model)}`, why: 'expected { channels: [...], readout? }', fix: 'Pass e.g. { channels: [{ kind: "depolarizing", probability: 0.01 }] }' });
  }
  model.channels.forEach((c, i) => {
    if (!NOISE_CHANNEL_KINDS.includes(c.kind)) {
      throw new ValidationError({ what: `noise channel ${i} has kind ${describeValue(c.kind)}`, why: `known kinds are ${NOISE_CHANNEL_KINDS.join(', ')}`, fix: 'Use one of those' });
    }
    checkProb(`noise channel ${i} (${c.kind}) probability`, c.probability);
    for (const g of c.gates ?? []) {
      if (!isGateName(g)) throw new ValidationError({ what: `noise channel ${i} names gate ${describeValue(g)}`, why: `gates are ${GATE_NAMES.join(', ')}`, fix: 'Use IR gate names' });
    }
    for (const q of c.qubits ?? []) {
      if (!Number.isInteger(q) || q < 0) throw new ValidationError({ what: `noise channel ${i} names qubit ${describeValue(q)}`, why: 'qubits are non-negative integers' });
    }
  });
  const ro = model.readout;
  if (ro !== undefined) {
    const list = Array.isArray(ro) ? (ro as readonly ReadoutError[]) : [ro as ReadoutError];
    list.forEach((r, q) => {
      checkProb(`readout[${q}].p01`, r.p01);
      checkProb(`readout[${q}].p10`, r.p10);
    });
  }
  return Object.freeze({ ...model, channels: Object.freeze(model.channels.map((c) => Object.freeze({ ...c }))) });
}

/** The readout error of qubit `q` (zero error where the model has none). */
export function readoutOf(model: NoiseModel | undefined, q: number): ReadoutError {
  const ro = model?.readout;
  if (ro === undefined) return { p01: 0, p10: 0 };
  if (Array.isArray(ro)) return (ro as readonly ReadoutError[])[q] ?? { p01: 0, p10: 0 };
  return ro as ReadoutError;
}

/** Whether the model has any readout error. */
export function hasReadout(model: NoiseModel | undefined): boolean {
  const ro = model?.readout;
  if (ro === undefined) return false;
  const list = Array.isArray(ro) ? (ro as readonly ReadoutError[]) : [ro as ReadoutError];
  return list.some((r) => r.p01 > 0 || r.p10 > 0);
}

/** One channel instance after a gate of a compiled circuit. */
export interface NoiseEvent {
  readonly qubit: number;
  readonly kind: NoiseChannelKind;
  readonly p: number;
}

/** For each gate of a program (by position), the channels that follow it. */
export function noiseEvents(model: NoiseModel, gates: readonly { gate: GateName; qubits: readonly number[] }[]): NoiseEvent[][] {
  return gates.map((g) => {
    const out: NoiseEvent[] = [];
    for (const c of model.channels) {
      if (c.probability === 0) continue;
      if (c.gates && !c.gates.includes(g.gate)) continue;
      for (const q of g.qubits) {
        if (c.qubits && !c.qubits.includes(q)) continue;
        out.push({ qubit: q, kind: c.kind, p: c.probability });
      }
    }
    return out;
  });
}

/**
 * Kraus operators of a channel, each as 8 numbers (2x2 complex, row-major). Used by the
 * density-matrix simulator; trajectories sample from the same operators.
 */
export function krausOperators(kind: NoiseChannelKind, p: number): Float64Array[] {
  const m = (...v: number[]): Float64Array => Float64Array.from(v);
  switch (kind) {
    case 'depolarizing': {
      const a = Math.sqrt(1 - p), b = Math.sqrt(p / 3);
      return [m(a, 0, 0, 0, 0, 0, a, 0), m(0, 0, b, 0, b, 0, 0, 0), m(0, 0, 0, -b, 0, b, 0, 0), m(b, 0, 0, 0, 0, 0, -b, 0)];
    }
    case 'bit-flip':
      return [m(Math.sqrt(1 - p), 0, 0, 0, 0, 0, Math.sqrt(1 - p), 0), m(0, 0, Math.sqrt(p), 0, Math.sqrt(p), 0, 0, 0)];
    case 'phase-flip':
      return [m(Math.sqrt(1 - p), 0, 0, 0, 0, 0, Math.sqrt(1 - p), 0), m(Math.sqrt(p), 0, 0, 0, 0, 0, -Math.sqrt(p), 0)];
    case 'amplitude-damping':
      return [m(1, 0, 0, 0, 0, 0, Math.sqrt(1 - p), 0), m(0, 0, Math.sqrt(p), 0, 0, 0, 0, 0)];
    case 'phase-damping':
      return [m(1, 0, 0, 0, 0, 0, Math.sqrt(1 - p), 0), m(0, 0, 0, 0, 0, 0, Math.sqrt(p), 0)];
  }
}
