import { CircuitBuilder, Tokens, UnsupportedError, ValidationError, compileCircuit, createContainer, inject, pauliZ } from '@hqml/core';
import { describeBackendContract } from '@hqml/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { fuseBlocks, gateBlocks } from './blocks.js';
import { statevectorGpuFindings } from './doctor.js';
import gpujs from 'gpu.js';
import { type GpuMode, GpuRuntime, kernelClassMode, supportedModes } from './gpuRuntime.js';
import { hqml } from './plugin.js';
import { registerStatevectorGpu } from './register.js';
import { StatevectorGpu } from './statevectorGpu.js';

const owned: StatevectorGpu[] = [];
afterAll(() => owned.forEach((b) => b.dispose()));

describe('the gpu.js mode: chosen by gpu.js, reported as running', () => {
  it('reports the mode its kernels actually run in, and whether that is a GPU', () => {
    const b = new StatevectorGpu();
    owned.push(b);
    const before = b.capabilities['mode'];
    const rt = new GpuRuntime('gpu');
    expect(before).toBe(rt.mode);
    rt.dispose();
    b.expectation({ circuit: new CircuitBuilder(2).h(0).cnot(0, 1).build(), params: [] }, [pauliZ(0)]);
    // after a run: the modes of the kernels that were built (a fallback to gpu.js's CPU kernel would show here)
    expect(b.capabilities['mode']).toBe(before);
    expect(b.capabilities['gpu']).toBe(['headlessgl', 'webgl2', 'webgl'].includes(String(before)));
    const c = new StatevectorGpu({ mode: 'cpu' });
    owned.push(c);
    c.probabilities({ circuit: new CircuitBuilder(1).h(0).build(), params: [] });
    expect(c.capabilities['mode']).toBe('cpu');
    expect(c.capabilities['gpu']).toBe(false);
  });

  it('names the GL modes by kernel class: gpu.js\'s GL kernels all say mode "gpu"', () => {
    const g = gpujs as unknown as Record<string, { readonly mode?: string; readonly name: string }>;
    // the trap: WebGL2Kernel, WebGLKernel and HeadlessGLKernel inherit GLKernel's mode
    expect([g['WebGL2Kernel']!.mode, g['WebGLKernel']!.mode, g['HeadlessGLKernel']!.mode]).toEqual(['gpu', 'gpu', 'gpu']);
    expect(['WebGL2Kernel', 'WebGLKernel', 'HeadlessGLKernel', 'WebAssemblyKernel', 'CPUKernel'].map((k) => kernelClassMode(g[k]!))).toEqual(['webgl2', 'webgl', 'headlessgl', 'webasm', 'cpu']);
  });

  it('on Node without the "gl" package, gpu.js runs WebAssembly kernels', { skip: supportedModes().headlessgl }, () => {
    expect(new StatevectorGpu().capabilities['mode']).toBe('webasm');
  });

  it('refuses a mode that cannot run here, listing those that can, and an unknown mode', () => {
    const missing = (['headlessgl', 'webgl2', 'webgl'] as const).find((m) => !supportedModes()[m]);
    expect(missing).toBeDefined();
    expect(() => new StatevectorGpu({ mode: missing! })).toThrow(UnsupportedError);
    expect(() => new StatevectorGpu({ mode: missing! })).toThrow(/supported here: .*webasm/);
    expect(() => new StatevectorGpu({ mode: 'webgpu' as GpuMode })).toThrow(ValidationError);
    expect(() => new StatevectorGpu({ maxQubits: 25 })).toThrow(/maxQubits is 25/);
  });
});

// GL modes run in a browser (the playground's Chromium test) or where the "gl" package loads
for (const mode of ['headlessgl', 'webgl2'] as const) {
  describe.skipIf(!supportedModes()[mode])(`GL mode ${mode}`, () => {
    describeBackendContract(`statevector-gpu (${mode})`, () => new StatevectorGpu({ mode }), { tolerance: 1e-5, finiteDifferenceStep: 1e-2, gradientTolerance: 1e-3 });
  });
}

describe('hqml doctor: why a GPU mode is not available', () => {
  it('says which mode runs and gives a reason for each missing GPU mode', async () => {
    const f = await statevectorGpuFindings();
    const by = new Map(f.map((x) => [x.check, x]));
    const s = supportedModes();
    expect(by.get('statevector-gpu: mode')!.detail).toMatch(/gpu\.js runs "(webasm|headlessgl|webgl2|webgl|cpu)"/);
    for (const m of ['headlessgl', 'webgl2', 'webgl'] as const) {
      const x = by.get(`statevector-gpu: ${m}`)!;
      expect(x.status).toBe(s[m] ? 'ok' : 'missing');
      expect(x.detail.length).toBeGreaterThan(20);
    }
    expect(by.get('statevector-gpu: webgpu')!.detail).toMatch(/QuantumBackend contract is synchronous/);
    expect(by.get('statevector-gpu: webasm')!.status).toBe(s.webasm ? 'ok' : 'missing');
  });

  it('reports the import error of a missing optional package', { skip: supportedModes().headlessgl }, async () => {
    const f = await statevectorGpuFindings(async (spec) => (spec === 'gl' ? 'the package "gl" is not installed' : 'libstdc++.so.6: version `GLIBCXX_3.4.32\' not found'));
    expect(f.find((x) => x.check === 'statevector-gpu: headlessgl')!.detail).toMatch(/"gl" is not installed.*headless-gl/);
    expect(f.find((x) => x.check === 'statevector-gpu: webgpu')!.detail).toMatch(/GLIBCXX_3\.4\.32/);
  });
});

describe('plugin and registration', () => {
  it('registers under Tokens.QuantumBackend explicitly; options are exactly the schema, with defaults', async () => {
    const c = createContainer();
    const b = await registerStatevectorGpu(c, { reductionChunkBits: 4 });
    owned.push(b);
    expect(inject(c, Tokens.QuantumBackend)).toBe(b);
    expect(b.capabilities['precision']).toBe('complex64');
    const plugin = hqml.plugins![0]!;
    expect(plugin.id).toBe('statevector-gpu');
    await expect(plugin.register(createContainer(), { modes: 'cpu' })).rejects.toThrow(/unknown key\(s\) "modes"/);
    await expect(plugin.register(createContainer(), { mode: 'webgpu' })).rejects.toThrow(/mode.*allowed values: "gpu", "headlessgl", "webgl2", "webgl", "webasm", "cpu"/);
    await expect(plugin.register(createContainer(), { maxQubits: 30 })).rejects.toThrow(/at maxQubits/);
    expect(hqml.benchmarks!.map((s) => s.name)).toEqual(['statevector-gpu']);
    expect(hqml.doctor!.map((d) => d.name)).toEqual(['statevector-gpu']);
  });
});

describe('fusion into one- and two-qubit blocks', () => {
  it('the 10-layer circuit takes half the launches of one per gate, with the same numbers', () => {
    const n = 6;
    const g = new CircuitBuilder(n);
    for (let l = 0; l < 10; l++) {
      for (let q = 0; q < n; q++) g.rx(q, 0.3 + 0.1 * l + 0.01 * q);
      for (let q = 0; q + 1 < n; q++) g.cz(q, q + 1);
    }
    const c = g.build();
    const prog = compileCircuit(c);
    expect(gateBlocks(prog)).toHaveLength(110);
    const blocks = fuseBlocks(prog);
    expect(blocks.length).toBeLessThanOrEqual(55);
    expect(blocks.flatMap((b) => b.gates)).toHaveLength(110);
    expect(blocks.every((b) => b.gates.every((x) => x.qubits.every((q) => b.qubits.includes(q))))).toBe(true);
    const fused = new StatevectorGpu();
    const single = new StatevectorGpu({ fusion: false });
    owned.push(fused, single);
    const e = { circuit: c, params: [] };
    const a = fused.probabilities(e), b = single.probabilities(e);
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    expect(m).toBeLessThan(1e-6);
  });

  it('keeps every gate on a qubit in circuit order across blocks', () => {
    const c = new CircuitBuilder(3).h(0).cnot(0, 1).x(1).cnot(1, 2).t(0).cz(0, 2).ry(1, 0.4).build();
    const order = fuseBlocks(compileCircuit(c)).flatMap((b) => b.gates.map((g) => g.opIndex));
    for (let q = 0; q < 3; q++) {
      const onQ = order.filter((i) => (c.ops[i] as { qubits: readonly number[] }).qubits.includes(q));
      expect(onQ).toEqual([...onQ].sort((x, y) => x - y));
    }
  });
});
