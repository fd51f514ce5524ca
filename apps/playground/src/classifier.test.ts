import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { QuantumClassifier, classifierCircuit, epochBatches, gatherRows } from './classifier.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

/** A separable toy set: class 1 when feature 0 is above pi/2 (RY(x0) then <Z0> tells them apart). */
function toy(rows: number): { x: Float64Array; y: Int32Array } {
  const x = new Float64Array(rows * 4);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < 4; j++) x[r * 4 + j] = ((r * 7 + j * 13) % 29) / 29 * Math.PI;
    y[r] = x[r * 4]! > Math.PI / 2 ? 1 : 0;
  }
  return { x, y };
}

describe('QuantumClassifier', () => {
  it('builds the documented circuit: encoding, RY/RZ layers, CNOT ring', () => {
    const c = classifierCircuit(4, 2);
    expect(c.numQubits).toBe(4);
    expect(c.numParams).toBe(16);
    expect(c.numInputs).toBe(4);
    expect(c.ops.filter((o) => 'gate' in o && o.gate === 'CNOT').length).toBe(8);
  });

  it('its gradient matches central finite differences of the loss, every weight', () => {
    const model = new QuantumClassifier({ qubits: 4, classes: 3, layers: 2, seed: 5, learningRate: 0.05 });
    const { x, y } = toy(6);
    const y3 = y.map((v, i) => (i % 3 === 2 ? 2 : v));
    const { grad, loss } = model.gradient(backend, x, y3);
    expect(loss).toBeCloseTo(model.evaluate(backend, x, y3).loss, 12);
    const h = 1e-5;
    for (let i = 0; i < model.weights.length; i++) {
      const w = model.weights[i]!;
      model.weights[i] = w + h;
      const up = model.evaluate(backend, x, y3).loss;
      model.weights[i] = w - h;
      const down = model.evaluate(backend, x, y3).loss;
      model.weights[i] = w;
      expect(grad[i], `weight ${i}`).toBeCloseTo((up - down) / (2 * h), 7);
    }
  });

  it('Adam lowers the loss of a separable set, and the same seed gives the same numbers', () => {
    const { x, y } = toy(64);
    const run = (): number[] => {
      const model = new QuantumClassifier({ qubits: 4, classes: 2, layers: 1, seed: 1, learningRate: 0.1 });
      const losses: number[] = [];
      for (let epoch = 0; epoch < 6; epoch++) {
        for (const idx of epochBatches(64, 16, epoch)) {
          const b = gatherRows(x, y, 4, idx);
          losses.push(model.step(backend, b.x, b.y).loss);
        }
      }
      losses.push(model.evaluate(backend, x, y).loss);
      return losses;
    };
    const losses = run();
    expect(losses.at(-1)!).toBeLessThan(0.6 * losses[0]!);
    expect(run()).toEqual(losses);
  });

  it('refuses a batch whose features and labels do not match, and bad shapes', () => {
    const model = new QuantumClassifier({ qubits: 4, classes: 2, layers: 1, seed: 0, learningRate: 0.1 });
    expect(() => model.evaluate(backend, new Float64Array(7), new Int32Array(2))).toThrow(/each sample has 4 features/);
    expect(() => new QuantumClassifier({ qubits: 2, classes: 3, layers: 1, seed: 0, learningRate: 0.1 })).toThrow(/classes is 3/);
  });
});
