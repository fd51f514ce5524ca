import { CircuitBuilder, ResourceError, input, parseObservable, pauliZ } from '@hqml/core';
import { randomCircuit, randomValues, maxAbsDiff } from '@hqml/core/testing';
import { StatevectorBackend } from '@hqml/statevector';
import gpujs from 'gpu.js';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelSettings, modeCellLimit } from './gpuRuntime.js';
import { StatevectorGpu } from './statevectorGpu.js';

// The known traps of gpu.js, one test each: loops capped silently at loopMaxIterations, float32
// only (values, and indexes beyond 2^24), and the output size limit of GL textures.

const cpu = new StatevectorBackend({ threads: 1 });
const owned: StatevectorGpu[] = [];
function gpuBackend(options: ConstructorParameters<typeof StatevectorGpu>[0] = {}): StatevectorGpu {
  const b = new StatevectorGpu(options);
  owned.push(b);
  return b;
}
afterAll(() => {
  cpu.dispose();
  owned.forEach((b) => b.dispose());
});

const { GPU } = gpujs as unknown as { GPU: new (s: { mode: string }) => { createKernel(src: string, s: object): (...a: number[]) => Float32Array; destroy(): unknown } };
const COUNT = 'function count(n) { let s = 0; for (let i = 0; i < n; i++) { s += 1; } return s; }';

describe('trap: gpu.js stops loops at loopMaxIterations (1000 by default), silently, in every mode', () => {
  for (const mode of ['gpu', 'cpu']) {
    it(`${mode} mode: a loop to 2000 returns 1000 unless the cap is raised (the runtime raises it from each kernel's longest loop)`, () => {
      const g = new GPU({ mode });
      try {
        const capped = g.createKernel(COUNT, { output: [1], argumentTypes: { n: 'Integer' } });
        expect(capped(2000)[0]).toBe(1000);
        const raised = g.createKernel(COUNT, kernelSettings({ argumentTypes: { n: 'Integer' }, maxLoop: 2048 }, false));
        (raised as unknown as { setOutput(o: number[]): void }).setOutput([1]);
        expect(raised(2000)[0]).toBe(2000);
      } finally {
        g.destroy();
      }
    });
  }

  it('reductions over 2048 amplitudes per cell (twice the default cap) still add up every amplitude', () => {
    // 12 qubits, partial sums of 2^11 amplitudes: a capped loop would drop 1048 of each 2048
    const c = randomCircuit(12, 60, 7, { numParams: 2, numInputs: 1 });
    const e = { circuit: c, params: [0.3, -1.1], inputs: [0.4, 2.2] };
    const obs = [pauliZ(0), parseObservable('X11 Y5 Z0 + 0.5*Z11'), parseObservable('Z0 Z1 Z2 Z3 Z4 Z5 Z6 Z7 Z8 Z9 Z10 Z11')];
    const wide = gpuBackend({ reductionChunkBits: 11 });
    expect(maxAbsDiff(wide.expectation(e, obs), cpu.expectation(e, obs))).toBeLessThan(1e-5);
    const up = randomValues(2 * obs.length, 3);
    const want = cpu.vjp(e, obs, up);
    const got = wide.vjp(e, obs, up, 'adjoint');
    expect(maxAbsDiff(got.params, want.params)).toBeLessThan(1e-5);
    expect(maxAbsDiff(got.inputs, want.inputs)).toBeLessThan(1e-5);
  });
});

describe('trap: float32 only', () => {
  it('is single precision for real (gpu.js has no float64), and says so', () => {
    const b = gpuBackend();
    expect(b.capabilities['precision']).toBe('complex64');
    const e = b.expectation({ circuit: new CircuitBuilder(2).h(0).cnot(0, 1).build(), params: [] }, [parseObservable('Z0 Z1')]);
    // 1/sqrt(2) in float32, squared twice: 0.99999994, not 1
    expect(e[0]).not.toBe(1);
    expect(Math.abs(e[0]! - 1)).toBeLessThan(1e-6);
  });

  it('multiplies fused gates and evaluates angles in float64 on the host: 2000 small rotations are exact to 1e-6', () => {
    const g = new CircuitBuilder(1);
    for (let i = 0; i < 2000; i++) g.rx(0, 0.001);
    const c = g.build();
    const fused = gpuBackend().expectation({ circuit: c, params: [] }, [pauliZ(0)]);
    expect(Math.abs(fused[0]! - Math.cos(2))).toBeLessThan(1e-6);
    // one float32 launch per gate rounds 2000 times: still close, but measurably worse
    const single = gpuBackend({ fusion: false }).expectation({ circuit: c, params: [] }, [pauliZ(0)]);
    expect(Math.abs(single[0]! - Math.cos(2))).toBeLessThan(1e-4);
  });

  it('addresses amplitudes with integer arithmetic: rows whose cells lie beyond 2^24 read their own amplitudes', () => {
    // 4 rows of 22 qubits = 2^25 cells per launch; float32 indexes would be off for rows 2 and 3
    const n = 22;
    const c = new CircuitBuilder(n, { numInputs: 2 }).ry(0, input(0)).ry(n - 1, input(1)).rz(n - 1, input(0)).build();
    const x = [0.3, 1.1, 2.0, -0.7, -1.4, 0.2, 2.9, -2.5];
    const obs = [pauliZ(0), pauliZ(n - 1), parseObservable(`X0 X${n - 1}`), parseObservable(`Y${n - 1}`)];
    const got = gpuBackend().expectation({ circuit: c, params: [], inputs: x }, obs);
    for (let r = 0; r < 4; r++) {
      const a = x[2 * r]!, b = x[2 * r + 1]!;
      // RY(b) then RZ(a) on the top qubit: <Y> = sin(b) sin(a); <X0 X_top> = sin(a') sin(b) cos(a)
      const want = [Math.cos(a), Math.cos(b), Math.sin(a) * Math.sin(b) * Math.cos(a), Math.sin(b) * Math.sin(a)];
      want.forEach((w, o) => expect(Math.abs(got[r * 4 + o]! - w)).toBeLessThan(1e-6));
    }
  });
});

describe('trap: the output size limit of GL textures', () => {
  it('a GL launch holds at most min(maxTextureSize^2, 2^24) cells; WebAssembly 2^27', () => {
    expect(modeCellLimit('webgl2', 16384)).toBe(2 ** 24);
    expect(modeCellLimit('webgl', 2048)).toBe(2 ** 22);
    expect(modeCellLimit('headlessgl', undefined)).toBe(2 ** 24);
    expect(modeCellLimit('webasm', Infinity)).toBe(2 ** 27);
  });

  it('cuts a batch into launches that fit, with the numbers of one launch', () => {
    const c = randomCircuit(5, 40, 11, { numParams: 3, numInputs: 2 });
    const rows = 7;
    const e = { circuit: c, params: [0.1, 0.2, 0.3], inputs: randomValues(2 * rows, 5) };
    const obs = [pauliZ(0), parseObservable('X1 Y2')];
    const up = randomValues(rows * 2, 6);
    const whole = gpuBackend();
    const cut = gpuBackend({ maxKernelCells: 3 * 2 * 2 ** 5 }); // 3 rows per launch: launches of 3, 3, 1
    expect(cut.capabilities['maxKernelCells']).toBe(192);
    expect(maxAbsDiff(cut.expectation(e, obs), whole.expectation(e, obs))).toBeLessThan(1e-7);
    expect(maxAbsDiff(cut.probabilities(e), whole.probabilities(e))).toBeLessThan(1e-7);
    const a = cut.vjp(e, obs, up), b = whole.vjp(e, obs, up);
    expect(maxAbsDiff(a.params, b.params)).toBeLessThan(1e-6);
    expect(maxAbsDiff(a.inputs, b.inputs)).toBeLessThan(1e-7);
  });

  it('refuses a state larger than one launch before computing, naming the limit', () => {
    const small = gpuBackend({ maxKernelCells: 64 });
    const c = new CircuitBuilder(6).h(0).build();
    expect(() => small.expectation({ circuit: c, params: [] }, [pauliZ(0)])).toThrow(ResourceError);
    expect(() => small.probabilities({ circuit: c, params: [] })).toThrow(/needs 128 float32 cells.*at most 64 output cells per launch/);
  });
});
