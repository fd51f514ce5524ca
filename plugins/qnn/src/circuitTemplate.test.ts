import { afterAll, describe, expect, it } from 'vitest';
import { Rng, ValidationError } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { CircuitTemplate, type CircuitTemplateSpec } from './circuitTemplate.js';
import { probabilityTransform } from './readout.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());
const rng = Rng.from(3);

function run(t: CircuitTemplate, inputs: Float64Array, batch: number, params?: Float64Array): Float64Array {
  const p = params ?? Float64Array.from({ length: t.numParams }, () => rng.float() * 2 * Math.PI);
  return backend.expectation({ circuit: t.circuit, params: p, inputs, batchSize: batch }, t.observables);
}

describe('circuit templates', () => {
  it('count parameters, inputs and outputs per ansatz, encoding and readout', () => {
    const t = (s: Partial<CircuitTemplateSpec>) => new CircuitTemplate({ qubits: 4, encoding: { kind: 'angle' }, ansatz: 'hardware-efficient', layers: 3, readout: 'z', ...s });
    expect(t({}).numParams).toBe(2 * 4 * 3);
    expect(t({ ansatz: 'strongly-entangling' }).numParams).toBe(3 * 4 * 3);
    expect(t({ ansatz: 'seed' }).numParams).toBe(4 * 3);
    expect(t({}).inputSize).toBe(4);
    expect(t({ encoding: { kind: 'dense-angle' } }).inputSize).toBe(8);
    expect(t({ encoding: { kind: 'amplitude' } }).inputSize).toBe(16);
    expect(t({}).outputSize).toBe(4);
    expect(t({ readout: 'zz' }).outputSize).toBe(4 + 6);
    expect(t({ readout: 'probabilities' }).outputSize).toBe(16);
    expect(t({ encoding: { kind: 'amplitude', keepNorm: true }, readout: 'probabilities' }).outputSize).toBe(17);
    // CNOT ring: Q CNOTs per hardware-efficient layer, q -> q+1 (mod Q).
    const cnots = t({ layers: 1 }).circuit.ops.filter((o) => o.gate === 'CNOT').map((o) => o.qubits.join('>'));
    expect(cnots).toEqual(['0>1', '1>2', '2>3', '3>0']);
    // Strongly entangling: range 1, 2, 3, then 1 again (PennyLane's default), or a fixed range.
    const ranges = (s: Partial<CircuitTemplateSpec>) => t({ ansatz: 'strongly-entangling', layers: 4, ...s }).circuit.ops.filter((o) => o.gate === 'CNOT' && o.qubits[0] === 0).map((o) => o.qubits[1]);
    expect(ranges({})).toEqual([1, 2, 3, 1]);
    expect(ranges({ range: 2 })).toEqual([2, 2, 2, 2]);
  });

  it('angle encodings give the analytic <Z> without an ansatz', () => {
    const x = Float64Array.from([0.3, -1.2, 2.0]);
    const angle = new CircuitTemplate({ qubits: 3, encoding: { kind: 'angle', scaling: 'identity' }, ansatz: 'seed', layers: 0, readout: 'z' });
    Array.from(run(angle, x, 1)).forEach((v, q) => expect(v).toBeCloseTo(Math.cos(x[q] as number), 12));
    // H then RY(a): RY(a)|+> has <Z> = -sin(a).
    const seed = new CircuitTemplate({ qubits: 3, encoding: { kind: 'angle', scaling: 'identity', hadamard: true }, ansatz: 'seed', layers: 0, readout: 'z' });
    Array.from(run(seed, x, 1)).forEach((v, q) => expect(v).toBeCloseTo(-Math.sin(x[q] as number), 12));
    // Dense angle: RY(a) RZ(b) leaves <Z> = cos(a).
    const dense = new CircuitTemplate({ qubits: 2, encoding: { kind: 'dense-angle', scaling: 'identity' }, ansatz: 'seed', layers: 0, readout: 'z' });
    const xd = Float64Array.from([0.4, 1.1, -0.7, 2.5]);
    expect(Array.from(run(dense, xd, 1)).map((v) => Number(v.toFixed(12)))).toEqual([Math.cos(0.4), Math.cos(-0.7)].map((v) => Number(v.toFixed(12))));
  });

  it('probabilities from Z strings equal the backend probabilities, and sum to 1', () => {
    for (const [encoding, qubits] of [[{ kind: 'amplitude' as const }, 3], [{ kind: 'angle' as const }, 4], [{ kind: 'dense-angle' as const }, 2]] as const) {
      const t = new CircuitTemplate({ qubits, encoding, ansatz: 'strongly-entangling', layers: 2, readout: 'probabilities' });
      const B = 4;
      const inputs = Float64Array.from({ length: B * t.inputSize }, () => rng.normal());
      if (encoding.kind === 'amplitude') {
        for (let b = 0; b < B; b++) {
          const row = inputs.subarray(b * t.inputSize, (b + 1) * t.inputSize);
          const n = Math.hypot(...row);
          row.forEach((v, i) => (row[i] = v / n));
        }
      }
      const params = Float64Array.from({ length: t.numParams }, () => rng.float() * 6);
      const z = run(t, inputs, B, params);
      const want = backend.probabilities({ circuit: t.circuit, params, inputs, batchSize: B });
      const { offset, matrix } = probabilityTransform(qubits);
      const N = 2 ** qubits, O = N - 1;
      for (let b = 0; b < B; b++) {
        let total = 0;
        for (let k = 0; k < N; k++) {
          let p = offset[k] as number;
          for (let m = 0; m < O; m++) p += (z[b * O + m] as number) * (matrix[m * N + k] as number);
          expect(p).toBeCloseTo(want[b * N + k] as number, 6); // the transform matrix is float32
          total += p;
        }
        expect(total).toBeCloseTo(1, 6);
      }
    }
  });

  it('<Z_i Z_j> readout matches products of basis-state parities', () => {
    const t = new CircuitTemplate({ qubits: 3, encoding: { kind: 'angle' }, ansatz: 'hardware-efficient', layers: 2, readout: 'zz' });
    const inputs = Float64Array.from([0.1, 0.7, -0.4]);
    const params = Float64Array.from({ length: t.numParams }, () => rng.float() * 6);
    const e = run(t, inputs, 1, params);
    const p = backend.probabilities({ circuit: t.circuit, params, inputs, batchSize: 1 });
    const parity = (k: number, mask: number) => { let v = k & mask, s = 1; while (v) { s = -s; v &= v - 1; } return s; };
    const masks = [1, 2, 4, 3, 5, 6];
    masks.forEach((m, o) => expect(e[o]).toBeCloseTo(Array.from(p).reduce((s, pk, k) => s + pk * parity(k, m), 0), 12));
  });

  it('rejects invalid templates with the value and the fix', () => {
    const base: CircuitTemplateSpec = { qubits: 4, encoding: { kind: 'angle' }, ansatz: 'hardware-efficient', layers: 2, readout: 'z' };
    expect(() => new CircuitTemplate({ ...base, qubits: 0 })).toThrow(/qubits is 0/);
    expect(() => new CircuitTemplate({ ...base, layers: -1 })).toThrow(/layers is -1/);
    expect(() => new CircuitTemplate({ ...base, readout: 'x' as never })).toThrow(/readout is "x".*z, zz, probabilities/);
    expect(() => new CircuitTemplate({ ...base, ansatz: 'qaoa' as never })).toThrow(/known ansatz templates/);
    expect(() => new CircuitTemplate({ ...base, range: 1 })).toThrow(/only strongly-entangling/);
    expect(() => new CircuitTemplate({ ...base, ansatz: 'strongly-entangling', range: 4 })).toThrow(/range is 4/);
    expect(() => new CircuitTemplate({ ...base, encoding: { kind: 'angle', scaling: 'sigmoid' as never } })).toThrow(/pi-tanh/);
    expect(() => new CircuitTemplate({ ...base, encoding: { kind: 'basis' as never } })).toThrow(ValidationError);
  });
});
