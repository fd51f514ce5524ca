import { type Circuit, CircuitBuilder, type Observable, ValidationError, describeValue } from '@hqml/core';
import { type AnsatzKind, type AnsatzOptions, ansatzParameters, appendAnsatz, validateAnsatz } from './ansatz.js';
import { type Encoding, appendEncoding, encodingFeatures, normalizeEncoding } from './encoding.js';
import { type Readout, readoutObservables, readoutSize, validateReadout } from './readout.js';

/** The plain-data description of a quantum layer's circuit (what the layer config stores). */
export interface CircuitTemplateSpec {
  readonly qubits: number;
  readonly encoding: Encoding;
  readonly ansatz: AnsatzKind;
  readonly layers: number;
  readonly readout: Readout;
  /** Strongly entangling layers only: the CNOT range. */
  readonly range?: number;
}

/** Largest qubit count a template accepts (a statevector of 2^12 amplitudes per sample is already slow to train). */
export const MAX_TEMPLATE_QUBITS = 12;

/**
 * A validated circuit template: encoding + ansatz x layers + readout on Q qubits, with the
 * built `Circuit` (inputs = encoded features, params = ansatz weights) and its observables.
 *
 * Design note: the template, not the circuit, is what a saved layer stores: it is short,
 * readable and rebuilds the identical circuit, and it names the choices a study compares.
 */
export class CircuitTemplate {
  readonly spec: Readonly<Required<Omit<CircuitTemplateSpec, 'range'>>> & { readonly range?: number };
  readonly circuit: Circuit;
  readonly observables: readonly Observable[];
  /** Features the layer reads (what the reducer must produce). */
  readonly inputSize: number;
  /** Values the layer outputs (readout, plus the norm for amplitude encoding with keepNorm). */
  readonly outputSize: number;

  constructor(spec: CircuitTemplateSpec) {
    const q = spec.qubits;
    if (!Number.isInteger(q) || q < 1 || q > MAX_TEMPLATE_QUBITS) {
      throw new ValidationError({ what: `qubits is ${describeValue(q)}`, why: `a quantum layer has 1..${MAX_TEMPLATE_QUBITS} qubits`, fix: 'Pass qubits: 4 (the paper uses 3..8)' });
    }
    const encoding = normalizeEncoding(spec.encoding);
    const ansatz: AnsatzOptions = spec.range === undefined ? { kind: spec.ansatz, layers: spec.layers } : { kind: spec.ansatz, layers: spec.layers, range: spec.range };
    validateAnsatz(ansatz, q);
    validateReadout(spec.readout);
    if (encoding.kind === 'amplitude' && spec.readout === 'probabilities' && ansatz.layers === 0) {
      // Not an error in principle, but the output would be x^2 / |x|^2: say so early.
      throw new ValidationError({ what: 'amplitude encoding with probabilities readout and layers 0', why: 'without an ansatz the layer only squares the normalised input and has nothing to train', fix: 'Use layers: 1 or more' });
    }
    const features = encodingFeatures(encoding, q);
    const builder = new CircuitBuilder(q, { numInputs: features, numParams: ansatzParameters(ansatz, q) });
    appendEncoding(builder, encoding, q);
    appendAnsatz(builder, ansatz, q);
    this.circuit = builder.build();
    this.observables = Object.freeze(readoutObservables(spec.readout, q));
    this.inputSize = features;
    this.outputSize = readoutSize(spec.readout, q) + (encoding.kind === 'amplitude' && encoding.keepNorm ? 1 : 0);
    this.spec = Object.freeze({ qubits: q, encoding: Object.freeze(encoding), ansatz: spec.ansatz, layers: spec.layers, readout: spec.readout, ...(spec.range === undefined ? {} : { range: spec.range }) });
    Object.freeze(this);
  }

  /** The encoding with defaults filled in. */
  get encoding(): ReturnType<typeof normalizeEncoding> {
    return this.spec.encoding as ReturnType<typeof normalizeEncoding>;
  }

  /** Trainable circuit weights. */
  get numParams(): number {
    return this.circuit.numParams;
  }

  /** The spec as plain JSON (for layer configs). */
  toJSON(): CircuitTemplateSpec {
    return { ...this.spec, encoding: { ...this.spec.encoding } };
  }
}
