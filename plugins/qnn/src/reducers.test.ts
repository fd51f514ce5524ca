import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type BackendCapabilities, type Execution, type ExpectationWithVjp, type GradientMethod, type Observable, Rng, ValidationError } from '@hqml/core';
import { applyPca, averagePool, centerCrop, fitPca } from '@hqml/datasets';
import { StatevectorBackend } from '@hqml/statevector';
import { chooseGrid } from './poolingGrid.js';
import { QuantumLayer } from './quantumLayer.js';
import { buildStudent } from './student.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());
const rng = Rng.from(9);

/** The output of the student's reducer layers (everything before the quantum layer). */
function reduce(student: Awaited<ReturnType<typeof buildStudent>>, x: Float32Array, shape: number[], n: number): Float32Array {
  return tf.tidy(() => {
    let t: tf.Tensor = tf.tensor(x, [n, ...shape]);
    for (const l of student.net.layers) {
      if (l instanceof QuantumLayer) break;
      t = l.apply(t) as tf.Tensor;
    }
    return t.dataSync() as Float32Array;
  });
}

describe('reducers', () => {
  const shape = [28, 28, 1];
  const n = 5;
  const x = Float32Array.from({ length: n * 784 }, () => rng.float());

  it('avg-pool matches the datasets plugin average pooling (independent implementation)', async () => {
    for (const [encoding, qubits, grid] of [[{ kind: 'amplitude' as const }, 4, [4, 4]], [{ kind: 'amplitude' as const }, 8, [16, 16]], [{ kind: 'dense-angle' as const }, 3, [2, 3]]] as const) {
      const s = await buildStudent({ inputShape: shape, classes: 2, reducer: 'avg-pool', encoding, qubits, ansatz: 'hardware-efficient', layers: 1, readout: 'z', backend });
      const got = reduce(s, x, shape, n);
      const want = averagePool({ x, shape }, grid[0], grid[1]).x;
      expect(got.length).toBe(want.length);
      got.forEach((v, i) => expect(v, `${grid} ${i}`).toBeCloseTo(want[i] as number, 5));
      s.dispose();
    }
  });

  it('center-crop matches the datasets plugin center crop', async () => {
    const s = await buildStudent({ inputShape: shape, classes: 2, reducer: 'center-crop', encoding: { kind: 'amplitude' }, qubits: 4, ansatz: 'seed', layers: 1, readout: 'z', backend });
    expect(Array.from(reduce(s, x, shape, n))).toEqual(Array.from(centerCrop({ x, shape }, 4).x));
    s.dispose();
  });

  it('pca projects like the datasets plugin PCA fitted on the same data', async () => {
    // 8x8 images: the datasets PCA decomposes a d x d covariance, which takes ~30 s at d = 784.
    const small = [8, 8, 1];
    const xs = Float32Array.from({ length: n * 64 }, () => rng.float());
    const train = { x: Float32Array.from({ length: 40 * 64 }, () => rng.float() ** 3), y: new Int32Array(40), shape: small, classes: ['a', 'b'], size: 40 };
    const s = await buildStudent({ inputShape: small, classes: 2, reducer: 'pca', encoding: { kind: 'angle' }, qubits: 4, ansatz: 'seed', layers: 1, readout: 'z', backend, pcaData: train });
    const want = applyPca(fitPca(train, 4), { x: xs, shape: small }).x;
    reduce(s, xs, small, n).forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 4));
    expect(s.classicalParameterCount).toBe(4 * 2 + 2); // the projection is fixed: only the head trains
    s.dispose();
  });

  it('an unfitted PCA student says how to fit it', async () => {
    const s = await buildStudent({ inputShape: shape, classes: 2, reducer: 'pca', encoding: { kind: 'angle' }, qubits: 4, ansatz: 'seed', layers: 1, readout: 'z', backend });
    await expect(s.logits(x, n)).rejects.toThrow(/PCA reducer of this student is not fitted.*pcaData/);
    s.dispose();
  });

  it('each reducer produces exactly the features the encoding needs, or a clear error', async () => {
    expect(chooseGrid('avg-pool', [28, 28, 1], 16)).toEqual({ rows: 4, cols: 4 });
    expect(chooseGrid('avg-pool', [32, 32, 3], 48)).toEqual({ rows: 4, cols: 4 });
    expect(() => chooseGrid('avg-pool', [32, 32, 3], 4)).toThrow(/cannot produce 4 features from 32x32x3 images: it keeps all 3 channels/);
    expect(() => chooseGrid('center-crop', [28, 28, 1], 4096)).toThrow(/no grid of 4096 cells fits in 28x28/);
    await expect(buildStudent({ inputShape: [32, 32, 3], classes: 10, reducer: 'center-crop', encoding: { kind: 'amplitude' }, qubits: 4, ansatz: 'seed', layers: 1, readout: 'z', backend })).rejects.toThrow(/multiple of 3/);
    await expect(buildStudent({ inputShape: [10], classes: 2, reducer: 'pca', encoding: { kind: 'amplitude' }, qubits: 4, ansatz: 'seed', layers: 1, readout: 'z', backend })).rejects.toThrow(/pca cannot produce 16 features from 10-dimensional/);
    await expect(buildStudent({ inputShape: [10], classes: 2, reducer: 'avg-pool', encoding: { kind: 'angle' }, qubits: 2, ansatz: 'seed', layers: 1, readout: 'z', backend })).rejects.toThrow(/works on images/);
    await expect(buildStudent({ inputShape: shape, classes: 2, reducer: 'lda' as never, encoding: { kind: 'angle' }, qubits: 2, ansatz: 'seed', layers: 1, readout: 'z', backend })).rejects.toThrow(/known reducers are dense, avg-pool/);
    await expect(buildStudent({ inputShape: shape, classes: 1, reducer: 'dense', encoding: { kind: 'angle' }, qubits: 2, ansatz: 'seed', layers: 1, readout: 'z', backend })).rejects.toThrow(/classes is 1/);
  });
});

/** A real backend behind a decorator that counts the calls the layer makes (not a mock: it delegates). */
class CountingBackend {
  readonly id: string = 'counting-statevector';
  readonly calls: string[] = [];
  constructor(private readonly inner: StatevectorBackend) {}
  get capabilities(): BackendCapabilities { return this.inner.capabilities; }
  get gradientMethods(): readonly GradientMethod[] { return this.inner.gradientMethods; }
  expectation(e: Execution, o: readonly Observable[]): Float64Array { this.calls.push(`expectation:${e.batchSize}`); return this.inner.expectation(e, o); }
  probabilities(e: Execution, q?: readonly number[]): Float64Array { return this.inner.probabilities(e, q); }
  sample(e: Execution, shots: number, seed: number): Uint32Array { return this.inner.sample(e, shots, seed); }
  vjp(e: Execution, o: readonly Observable[], u: ArrayLike<number>, m?: GradientMethod) { this.calls.push(`vjp:${e.batchSize}:${m}`); return this.inner.vjp(e, o, u, m); }
}

/** The same decorator where the backend's optional `expectationWithVjp` is offered too (and counted). */
class DeferringBackend extends CountingBackend {
  override readonly id = 'deferring-statevector';
  constructor(private readonly real: StatevectorBackend) {
    super(real);
  }
  expectationWithVjp(e: Execution, o: readonly Observable[], m?: GradientMethod): ExpectationWithVjp {
    this.calls.push(`expectationWithVjp:${e.batchSize}:${m}`);
    const d = this.real.expectationWithVjp(e, o, m);
    return { value: d.value, vjp: (u) => { this.calls.push('deferred-vjp'); return d.vjp(u); } };
  }
}

describe('the quantum layer', () => {
  it('uses expectationWithVjp when the backend has it: one simulation forward, the VJP from its kept states; same gradients', async () => {
    const spec = { inputShape: [6], classes: 2, reducer: 'dense', encoding: { kind: 'angle' }, qubits: 3, ansatz: 'hardware-efficient', layers: 2, readout: 'z', seed: 4 } as const;
    const plain = new CountingBackend(backend);
    const deferring = new DeferringBackend(backend);
    const a = await buildStudent({ ...spec, backend: plain });
    const b = await buildStudent({ ...spec, backend: deferring });
    const x = tf.randomUniform([64, 6], 0, 1, 'float32', 3);
    const ga = tf.variableGrads(() => tf.sum(a.forward(x, true)) as tf.Scalar, a.trainableVariables);
    const gb = tf.variableGrads(() => tf.sum(b.forward(x, true)) as tf.Scalar, b.trainableVariables);
    expect(plain.calls).toEqual(['expectation:64', 'vjp:64:adjoint']);
    expect(deferring.calls).toEqual(['expectationWithVjp:64:adjoint', 'deferred-vjp']);
    expect(gb.value.dataSync()[0]).toBe(ga.value.dataSync()[0]);
    a.trainableVariables.forEach((v, i) => {
      const w = b.trainableVariables[i]!;
      expect(Array.from(gb.grads[w.name]!.dataSync())).toEqual(Array.from(ga.grads[v.name]!.dataSync()));
    });
    tf.dispose([x, ga.value, gb.value, ...Object.values(ga.grads), ...Object.values(gb.grads)]);
    a.dispose();
    b.dispose();
  });

  it('makes one batched expectation call forward and one vjp call backward per step', async () => {
    const counting = new CountingBackend(backend);
    const s = await buildStudent({ inputShape: [6], classes: 2, reducer: 'dense', encoding: { kind: 'angle' }, qubits: 3, ansatz: 'hardware-efficient', layers: 2, readout: 'probabilities', backend: counting });
    const x = tf.randomUniform([64, 6], 0, 1, 'float32', 1);
    const { value, grads } = tf.variableGrads(() => tf.sum(s.forward(x, true)) as tf.Scalar, s.trainableVariables);
    expect(counting.calls).toEqual(['expectation:64', 'vjp:64:adjoint']);
    tf.dispose([x, value, ...Object.values(grads)]);
    s.dispose();
  });

  it('uses the requested gradient method, and rejects one the backend lacks', async () => {
    const counting = new CountingBackend(backend);
    const s = await buildStudent({ inputShape: [4], classes: 2, reducer: 'dense', encoding: { kind: 'angle' }, qubits: 2, ansatz: 'seed', layers: 1, readout: 'z', backend: counting, gradientMethod: 'parameter-shift' });
    const x = tf.ones([2, 4]);
    tf.dispose(tf.variableGrads(() => tf.sum(s.forward(x, true)) as tf.Scalar, s.trainableVariables).grads);
    expect(counting.calls).toContain('vjp:2:parameter-shift');
    const bad = await buildStudent({ inputShape: [4], classes: 2, reducer: 'dense', encoding: { kind: 'angle' }, qubits: 2, ansatz: 'seed', layers: 1, readout: 'z', backend: counting, gradientMethod: 'finite-diff' });
    expect(() => bad.forward(x, false)).toThrow(/does not support gradient method "finite-diff"/);
    tf.dispose(x);
    s.dispose();
    bad.dispose();
  });

  it('rejects inputs of the wrong width, naming the encoding and the fix', () => {
    const layer = new QuantumLayer({ template: { qubits: 3, encoding: { kind: 'amplitude' }, ansatz: 'seed', layers: 1, readout: 'z' }, backend });
    expect(() => layer.apply(tf.zeros([2, 7]))).toThrow(ValidationError);
    expect(() => layer.apply(tf.zeros([2, 7]))).toThrow(/amplitude encoding on 3 qubits reads exactly 8 features.*reducer/);
  });

  it('a layer rebuilt from a saved config without a backend says how to give it one', () => {
    const layer = new QuantumLayer({ template: { qubits: 2, encoding: { kind: 'angle' }, ansatz: 'seed', layers: 1, readout: 'z' }, backend: 'statevector' });
    expect(() => layer.apply(tf.zeros([1, 2]))).toThrow(/Quantum layer ".*" has no backend.*saved backend's id|records only the backend's id \("statevector"\).*useBackend/);
    layer.useBackend(backend);
    expect(layer.apply(tf.zeros([1, 2]))).toBeDefined();
  });
});
