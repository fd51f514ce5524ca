import { type CircuitBuilder, ValidationError, describeValue, input } from '@hqml/core';

/** How a real feature becomes a rotation angle before an angle encoding (applied in TF.js, so it is differentiated there). */
export type AngleScaling = 'identity' | 'pi' | 'pi-tanh' | 'arctan';

/** All angle scalings, for validation and help. */
export const ANGLE_SCALINGS: readonly AngleScaling[] = ['identity', 'pi', 'pi-tanh', 'arctan'];

/**
 * Applies `scaling` to `x` in place (float64) and writes its derivative at each `x` into
 * `slope`: the quantum op scales the angles itself, in double precision, and multiplies the
 * input gradient by `slope` in its backward pass, instead of two or three TF.js ops each way.
 */
export function applyAngleScaling(scaling: AngleScaling, x: Float64Array, slope: Float64Array): void {
  const n = x.length;
  switch (scaling) {
    case 'identity':
      slope.fill(1);
      return;
    case 'pi':
      for (let i = 0; i < n; i++) x[i] = Math.PI * (x[i] as number);
      slope.fill(Math.PI);
      return;
    case 'pi-tanh':
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(x[i] as number);
        x[i] = Math.PI * t;
        slope[i] = Math.PI * (1 - t * t);
      }
      return;
    case 'arctan':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        x[i] = 2 * Math.atan(v);
        slope[i] = 2 / (1 + v * v);
      }
      return;
  }
}

/**
 * Amplitude encoding: `2^Q` features, L2-normalised, become the amplitudes of the Q-qubit state.
 * `keepNorm` appends the norm (which normalisation discards) to the layer's output, so the head
 * still sees the overall intensity.
 */
export interface AmplitudeEncoding {
  readonly kind: 'amplitude';
  readonly keepNorm?: boolean;
}

/**
 * Angle encoding: one feature per qubit as RY(scale(x_i)). `hadamard` puts H on every qubit
 * first, as the seed circuit does (H, then RY of the data angle).
 */
export interface AngleEncoding {
  readonly kind: 'angle';
  /** Default `pi-tanh` (the seed's pi * tanh(x)). */
  readonly scaling?: AngleScaling;
  readonly hadamard?: boolean;
}

/** Dense angle encoding: two features per qubit, RY(scale(x_2i)) then RZ(scale(x_2i+1)). */
export interface DenseAngleEncoding {
  readonly kind: 'dense-angle';
  /** Default `pi-tanh`. */
  readonly scaling?: AngleScaling;
}

/** A data encoding. */
export type Encoding = AmplitudeEncoding | AngleEncoding | DenseAngleEncoding;

/** Encoding kinds, for validation and help. */
export const ENCODING_KINDS: readonly Encoding['kind'][] = ['amplitude', 'angle', 'dense-angle'];

/** Validates an encoding (plain data from config or JSON) and fills in its defaults. */
export function normalizeEncoding(raw: unknown): Required<AmplitudeEncoding> | Required<AngleEncoding> | Required<DenseAngleEncoding> {
  const e = (typeof raw === 'string' ? { kind: raw } : raw) as Partial<Encoding> | null;
  if (typeof e !== 'object' || e === null || !ENCODING_KINDS.includes(e.kind as Encoding['kind'])) {
    throw new ValidationError({ what: `encoding is ${describeValue(raw)}`, why: `known encodings are ${ENCODING_KINDS.join(', ')}`, fix: "Pass e.g. { kind: 'angle', scaling: 'pi-tanh' }" });
  }
  if (e.kind === 'amplitude') return { kind: 'amplitude', keepNorm: (e as AmplitudeEncoding).keepNorm ?? false };
  const scaling = (e as AngleEncoding).scaling ?? 'pi-tanh';
  if (!ANGLE_SCALINGS.includes(scaling)) {
    throw new ValidationError({ what: `encoding.scaling is ${describeValue(scaling)}`, why: `known scalings are ${ANGLE_SCALINGS.join(', ')}`, fix: "Use 'pi-tanh' (the seed's pi*tanh(x)) or 'identity'" });
  }
  if (e.kind === 'angle') return { kind: 'angle', scaling, hadamard: (e as AngleEncoding).hadamard ?? false };
  return { kind: 'dense-angle', scaling };
}

/** Number of features the encoding reads on `qubits` qubits: 2^Q, Q or 2Q. */
export function encodingFeatures(encoding: Encoding, qubits: number): number {
  switch (encoding.kind) {
    case 'amplitude':
      return 2 ** qubits;
    case 'angle':
      return qubits;
    case 'dense-angle':
      return 2 * qubits;
  }
}

/**
 * Appends the encoding's gates (input angles `x_i`, already scaled) to a builder. Amplitude
 * encoding is the IR's AMPLITUDE op; its inputs are L2-normalised in TF.js before the circuit.
 */
export function appendEncoding(builder: CircuitBuilder, encoding: Encoding, qubits: number): void {
  if (encoding.kind === 'amplitude') {
    builder.amplitude(qubits, 0);
    return;
  }
  if (encoding.kind === 'angle') {
    if (encoding.hadamard) for (let q = 0; q < qubits; q++) builder.h(q);
    for (let q = 0; q < qubits; q++) builder.ry(q, input(q));
    return;
  }
  for (let q = 0; q < qubits; q++) {
    builder.ry(q, input(2 * q));
    builder.rz(q, input(2 * q + 1));
  }
}
