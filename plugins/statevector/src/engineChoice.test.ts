import { CircuitBuilder, type Execution, type GateName, parseObservable, pauliZ } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineOption } from './engineChoice.js';
import { StatevectorBackend, type StatevectorOptions } from './statevectorBackend.js';
import { randomCircuit, randomValues, maxAbsDiff } from '@hqml/core/testing';

const backends: StatevectorBackend[] = [];
function backend(options: StatevectorOptions): StatevectorBackend {
  const b = new StatevectorBackend(options);
  backends.push(b);
  return b;
}
afterAll(() => backends.forEach((b) => b.dispose()));

const BATCH_GATES: readonly GateName[] = ['H', 'X', 'Y', 'Z', 'S', 'T', 'SX', 'RX', 'RY', 'RZ', 'CNOT', 'CZ', 'SWAP', 'RZZ'];

function exec(n: number, rows: number, gates: readonly GateName[] = BATCH_GATES): Execution {
  const c = randomCircuit(n, 3 * n, 100 + n, { numParams: 3, numInputs: 2, gates });
  return { circuit: c, params: randomValues(3, n), inputs: randomValues(2 * rows, n + 1) };
}

describe('chooseEngine: one function routes every call', () => {
  const auto = backend({ threads: 1 });
  const duo = backend({ threads: 2 });

  it('auto: large-wasm for wide single states (and batches from 16 qubits), batch-wasm for batches and small states, js for the rest', () => {
    expect(auto.engineFor('expectation', exec(4, 8))).toBe('batch-wasm');
    expect(auto.engineFor('vjp', exec(4, 8))).toBe('batch-wasm');
    expect(auto.engineFor('state-vjp', exec(4, 1))).toBe('batch-wasm');
    expect(auto.engineFor('probabilities', exec(4, 8))).toBe('js'); // the batch engine has no probabilities
    expect(auto.engineFor('expectation', exec(4, 8), true)).toBe('js'); // nor parameter shifts
    expect(auto.engineFor('expectation', exec(12, 1))).toBe('large-wasm');
    expect(auto.engineFor('probabilities', exec(12, 1))).toBe('large-wasm');
    expect(auto.engineFor('expectation', exec(12, 1), true)).toBe('large-wasm');
    expect(auto.engineFor('expectation', exec(12, 4))).toBe('batch-wasm'); // batches below 16 qubits share kernel passes
    expect(auto.engineFor('vjp', exec(12, 1))).toBe('js'); // one wide row: the batch engine would pad it to two
    expect(auto.engineFor('vjp', exec(12, 2))).toBe('batch-wasm');
    expect(auto.engineFor('expectation', exec(16, 2))).toBe('large-wasm');
    expect(auto.engineFor('expectation', exec(4, 8, ['H', 'CRX', 'RXX']))).toBe('js'); // gates without batch kernels
    expect(duo.engineFor('vjp', exec(15, 4))).toBe('js'); // two threads share each state from 15 qubits
    expect(backend({ threads: 1, largeStateQubits: 1e9 }).engineFor('expectation', exec(13, 1))).toBe('js');
    expect(backend({ threads: 1, noise: { channels: [{ kind: 'depolarizing', probability: 0.01 }] } }).engineFor('expectation', exec(4, 8))).toBe('js');
  });

  it('a forced engine runs every call it implements, whatever the size; the others fall back to js', () => {
    const js = backend({ threads: 1, engine: 'js' });
    const batch = backend({ threads: 1, engine: 'batch-wasm' });
    const large = backend({ threads: 1, engine: 'large-wasm' });
    for (const op of ['expectation', 'probabilities', 'amplitudes', 'vjp', 'state-vjp'] as const) expect(js.engineFor(op, exec(12, 1))).toBe('js');
    expect(batch.engineFor('vjp', exec(12, 1))).toBe('batch-wasm');
    expect(batch.engineFor('expectation', exec(13, 1))).toBe('batch-wasm');
    expect(batch.engineFor('probabilities', exec(3, 2))).toBe('js');
    expect(large.engineFor('expectation', exec(3, 5))).toBe('large-wasm');
    expect(large.engineFor('amplitudes', exec(2, 1))).toBe('large-wasm');
    expect(large.engineFor('vjp', exec(3, 5))).toBe('js');
    expect(js.capabilities['engine']).toBe('js');
  });

  it('refuses an unknown engine and forced engines that could never run', () => {
    expect(() => new StatevectorBackend({ engine: 'gpu' as EngineOption })).toThrow(/engine is "gpu".*auto, js, batch-wasm, large-wasm/);
    expect(() => new StatevectorBackend({ engine: 'large-wasm', noise: { channels: [{ kind: 'bit-flip', probability: 0.1 }] } })).toThrow(/noise model/);
    expect(() => new StatevectorBackend({ engine: 'batch-wasm', batchLayout: 'sample-outermost' })).toThrow(/sample-outermost/);
  });
});

describe('the three engines, forced, give the same numbers', () => {
  const engines = (['js', 'batch-wasm', 'large-wasm'] as const).map((engine) => ({ engine, b: backend({ threads: 1, engine, blockQubits: 3 }) }));
  for (const [n, rows] of [[3, 5], [6, 1], [6, 4]] as const) {
    it(`${n} qubits, ${rows} row(s): expectation, probabilities, amplitudes, adjoint and parameter-shift VJPs`, () => {
      const e = exec(n, rows);
      const obs = [pauliZ(0), parseObservable('0.5*X0 Y1 + 0.25*Z0 Z2 - 0.1')];
      const up = randomValues(rows * obs.length, 9);
      const [ref, ...others] = engines;
      const want = { value: ref!.b.expectation(e, obs), p: ref!.b.probabilities(e), a: ref!.b.amplitudes(e), adj: ref!.b.vjp(e, obs, up, 'adjoint'), ps: ref!.b.vjp(e, obs, up, 'parameter-shift') };
      for (const { engine, b } of others) {
        expect(b.engineFor('expectation', e)).toBe(engine);
        expect(maxAbsDiff(b.expectation(e, obs), want.value)).toBeLessThan(1e-12);
        expect(maxAbsDiff(b.probabilities(e), want.p)).toBeLessThan(1e-12);
        const a = b.amplitudes(e);
        expect(maxAbsDiff(a.re, want.a.re)).toBeLessThan(1e-12);
        expect(maxAbsDiff(a.im, want.a.im)).toBeLessThan(1e-12);
        for (const [m, w] of [['adjoint', want.adj], ['parameter-shift', want.ps]] as const) {
          const g = b.vjp(e, obs, up, m);
          expect(maxAbsDiff(g.params, w.params)).toBeLessThan(1e-11);
          expect(maxAbsDiff(g.inputs, w.inputs)).toBeLessThan(1e-11);
        }
      }
    });
  }

  it('a circuit with a CNOT ring is not the identity on every engine (the comparison can fail)', () => {
    const c = new CircuitBuilder(3).h(0).cnot(0, 1).cnot(1, 2).build();
    for (const { b } of engines) {
      const p = b.probabilities({ circuit: c, params: [] });
      expect(p[0]).toBeCloseTo(0.5, 12);
      expect(p[7]).toBeCloseTo(0.5, 12);
    }
  });
});
