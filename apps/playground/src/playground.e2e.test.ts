import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Circuit, PluginRegistry, parseObservable } from '@hqml/core';
import { hqml as datasets } from '@hqml/datasets/plugin';
import { randomCircuit, randomValues } from '@hqml/core/testing';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from './bundle.js';
import { CHROMIUM_PATH, type ChromiumSession, launchChromium } from './chromium.js';
import { QuantumClassifier, epochBatches, gatherRows } from './classifier.js';
import { EXAMPLES } from './examples.js';
import type { MnistFeatureFile } from './mnistFeatures.js';
import { runProgram } from './qasmRun.js';
import { type PlaygroundServer, startPlayground } from './server.js';

/** What the page keeps on `window.hqmlPlayground` (web/main.ts), as read back here. */
interface PageState {
  lastRun: { backend: string; mode: string; probabilities: { bits: string; p: number }[]; amplitudes: { re: number[]; im: number[] } | null } | null;
  lastError: string | null;
  training: { backend: string; mode: string; running: boolean; step: number; totalSteps: number; losses: number[]; epochs: { testAccuracy: number }[] };
  renderer: string;
}

/**
 * Whether the browser test must run: in CI (`CI` set, or `HQML_REQUIRE_CHROMIUM=1`, which .ci/run
 * sets after installing Chromium) it never skips, so a missing Chromium fails there with
 * launchChromium's error instead of passing unseen.
 */
function chromiumRequired(): boolean {
  const ci = process.env['CI'];
  return (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') || process.env['HQML_REQUIRE_CHROMIUM'] === '1';
}

const PROGRAM = 'Rotations and entanglers, 6 qubits';
const BATCH = 16;

/**
 * The playground in Debian's Chromium, headless, off the network: the page loads, runs an
 * OpenQASM program on both backends (the GPU one in a WebGL mode on SwiftShader, a real run of
 * statevector-gpu's GL kernels) with the numbers of the Node backend, trains the classifier for
 * an epoch on each backend with Node's losses, and renders (a screenshot is taken and checked).
 * On a shared, loaded machine Chromium is slow: the timeouts are minutes.
 */
describe.skipIf(!chromiumRequired() && !existsSync(CHROMIUM_PATH))(`the playground in headless Chromium (skipped only where ${CHROMIUM_PATH} is absent outside CI: apt-get install chromium; .ci/run installs it, and in CI a missing Chromium fails)`, () => {
  let server: PlaygroundServer;
  let chromium: ChromiumSession;
  let data: MnistFeatureFile;
  const node = new StatevectorBackend({ threads: 1 });
  const pageErrors: string[] = [];

  const state = (): Promise<PageState> => chromium.page.evaluate(() => {
    const s = (globalThis as unknown as { hqmlPlayground: PageState }).hqmlPlayground;
    const run = s.lastRun;
    return JSON.parse(JSON.stringify({ ...s, lastRun: run && { ...run, amplitudes: run.amplitudes && { re: Array.from(run.amplitudes.re), im: Array.from(run.amplitudes.im) } } })) as PageState;
  });

  beforeAll(async () => {
    server = await startPlayground({ port: 0, registry: PluginRegistry.of(datasets) });
    data = (await (await fetch(`${server.url}data/mnist.json`)).json()) as MnistFeatureFile;
    chromium = await launchChromium({ timeoutMs: 300_000 });
    chromium.page.on('pageerror', (e) => pageErrors.push(e.message));
    await chromium.page.goto(server.url);
    await chromium.page.waitForSelector('#train-start:not([disabled])');
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    node.dispose();
  });

  async function runInPage(backend: 'cpu' | 'gpu'): Promise<NonNullable<PageState['lastRun']>> {
    const p = chromium.page;
    await p.selectOption('#example', PROGRAM);
    await p.check(`input[name="backend"][value="${backend}"]`);
    await p.evaluate(() => {
      (globalThis as unknown as { hqmlPlayground: PageState }).hqmlPlayground.lastRun = null;
    });
    await p.click('#run');
    await p.waitForFunction(() => {
      const s = (globalThis as unknown as { hqmlPlayground: PageState }).hqmlPlayground;
      return s.lastRun !== null || s.lastError !== null;
    });
    const s = await state();
    expect(s.lastError).toBeNull();
    return s.lastRun!;
  }

  it('loads with WebGL on SwiftShader, and the served data is the MNIST features', async () => {
    const s = await state();
    expect(s.renderer).toMatch(/SwiftShader/);
    expect(data.digits).toEqual([0, 1]);
    expect(data.train.y.length).toBe(300);
    expect(data.train.x.length).toBe(300 * 4);
    expect(await chromium.page.textContent('#data-note')).toMatch(/300 training and 100 test images/);
  });

  it('runs an OpenQASM program on the CPU backend with the numbers of the Node backend', async () => {
    const run = await runInPage('cpu');
    const ref = runProgram(EXAMPLES[PROGRAM]!, node);
    expect(run.backend).toBe('statevector');
    expect(run.probabilities.map((e) => e.bits)).toEqual(ref.probabilities.map((e) => e.bits));
    run.probabilities.forEach((e, i) => expect(e.p).toBeCloseTo(ref.probabilities[i]!.p, 12));
    run.amplitudes!.re.forEach((v, i) => expect(v).toBeCloseTo(ref.amplitudes!.re[i]!, 12));
    run.amplitudes!.im.forEach((v, i) => expect(v).toBeCloseTo(ref.amplitudes!.im[i]!, 12));
    // what the user sees: the chart has a bar per outcome, the table the first amplitude
    expect(await chromium.page.locator('#prob-chart rect.bar').count()).toBe(ref.probabilities.length);
    expect(await chromium.page.textContent('#amp-table tbody tr:first-child')).toContain(ref.amplitudes!.re[0]!.toFixed(6));
  });

  it('runs it on the GPU backend in a WebGL mode (SwiftShader), agreeing with Node to 1e-5', async () => {
    const run = await runInPage('gpu');
    const ref = runProgram(EXAMPLES[PROGRAM]!, node);
    expect(run.backend).toBe('statevector-gpu');
    // gpu.js ran its GL kernels: webgl2 (or webgl), not its WebAssembly or CPU fallback
    expect(['webgl2', 'webgl']).toContain(run.mode);
    expect(await chromium.page.textContent('#run-status')).toContain(run.mode);
    expect(run.probabilities.map((e) => e.bits)).toEqual(ref.probabilities.map((e) => e.bits));
    run.probabilities.forEach((e, i) => expect(Math.abs(e.p - ref.probabilities[i]!.p)).toBeLessThan(1e-5));
    run.amplitudes!.re.forEach((v, i) => expect(Math.abs(v - ref.amplitudes!.re[i]!)).toBeLessThan(1e-5));
    run.amplitudes!.im.forEach((v, i) => expect(Math.abs(v - ref.amplitudes!.im[i]!)).toBeLessThan(1e-5));
  });

  /** The losses of one epoch of the page's training, computed in Node with the same code, data and seed. */
  function nodeLosses(): number[] {
    const model = new QuantumClassifier({ qubits: 4, classes: 2, layers: 2, seed: 0, learningRate: 0.1 });
    const rows = data.train.y.length;
    return Array.from(epochBatches(rows, BATCH, 1), (idx) => {
      const b = gatherRows(data.train.x, data.train.y, 4, idx);
      return model.step(node, b.x, b.y).loss;
    });
  }

  async function trainInPage(backend: 'cpu' | 'gpu'): Promise<PageState['training']> {
    const p = chromium.page;
    await p.selectOption('#train-backend', backend);
    await p.fill('#layers', '2');
    await p.fill('#epochs', '1');
    await p.fill('#batch', String(BATCH));
    await p.fill('#lr', '0.1');
    await p.fill('#seed', '0');
    await p.click('#train-start');
    await p.waitForFunction(() => {
      const s = (globalThis as unknown as { hqmlPlayground: PageState }).hqmlPlayground;
      return (s.training.epochs.length >= 1 && !s.training.running) || s.lastError !== null;
    });
    const s = await state();
    expect(s.lastError).toBeNull();
    return s.training;
  }

  it('trains an epoch on the CPU backend: progress, and the losses Node computes', async () => {
    const t = await trainInPage('cpu');
    const ref = nodeLosses();
    expect(t.totalSteps).toBe(Math.ceil(300 / BATCH));
    expect(t.step).toBe(t.totalSteps);
    expect(await chromium.page.getAttribute('#train-progress', 'value')).toBe(String(t.totalSteps));
    expect(t.losses.length).toBe(ref.length);
    t.losses.forEach((l, i) => expect(l).toBeCloseTo(ref[i]!, 9));
    expect(t.losses.at(-1)!).toBeLessThan(0.5 * t.losses[0]!);
    expect(await chromium.page.locator('#loss-chart polyline').count()).toBeGreaterThan(0);
    expect(await chromium.page.locator('#epoch-table tbody tr').count()).toBe(1);
  });

  it('trains an epoch on the GPU backend (WebGL kernels, adjoint gradients): Node\'s losses to float32 accuracy', async () => {
    const t = await trainInPage('gpu');
    const ref = nodeLosses();
    expect(t.backend).toBe('statevector-gpu');
    expect(['webgl2', 'webgl']).toContain(t.mode);
    expect(t.losses.length).toBe(ref.length);
    // the first loss is a forward pass; later ones follow float32 gradients through Adam
    expect(Math.abs(t.losses[0]! - ref[0]!)).toBeLessThan(1e-5);
    t.losses.forEach((l, i) => expect(Math.abs(l - ref[i]!), `step ${i}`).toBeLessThan(1e-3));
    expect(t.epochs[0]!.testAccuracy).toBeGreaterThan(0.9);
  });

  it('statevector-gpu\'s GL kernels agree with Node\'s statevector: random circuits of every gate, batches, gradients, 14 and 16 qubits', async () => {
    // the backend itself in the page, outside the playground's UI: a small bundle of the browser entries
    const entry = `
      import { Circuit, parseObservable } from '@hqml/core/browser';
      import { StatevectorGpu } from '@hqml/statevector-gpu/browser';
      const gpu = new StatevectorGpu();
      export function run(cases) {
        return cases.map((c) => {
          const ex = { circuit: Circuit.fromJSON(c.circuit), params: c.params, ...(c.inputs ? { inputs: c.inputs } : {}) };
          const obs = c.observables.map((o) => parseObservable(o));
          const out = { probabilities: Array.from(gpu.probabilities(ex)) };
          if (c.full) {
            const a = gpu.amplitudes(ex);
            const adj = gpu.vjp(ex, obs, c.up, 'adjoint');
            const ps = gpu.vjp(ex, obs, c.up, 'parameter-shift');
            Object.assign(out, { expectation: Array.from(gpu.expectation(ex, obs)), re: Array.from(a.re), im: Array.from(a.im),
              adjoint: { params: Array.from(adj.params), inputs: Array.from(adj.inputs) }, shift: { params: Array.from(ps.params), inputs: Array.from(ps.inputs) } });
          }
          return { ...out, mode: gpu.capabilities.mode, maxKernelCells: gpu.capabilities.maxKernelCells };
        });
      }`;
    const bundle = await bundleForBrowser({ contents: entry, resolveDir: import.meta.dirname }, { format: 'iife', globalName: 'hqmlGlTest' });
    await chromium.page.addScriptTag({ content: bundle.code });
    const observables = ['Z0 Z1', '0.5*X2 + Y3 Z4', 'Z4'];
    const cases = [
      { circuit: randomCircuit(5, 60, 11, { numParams: 4, numInputs: 3 }), params: randomValues(4, 1), inputs: randomValues(15, 2), full: true },
      { circuit: randomCircuit(6, 40, 12, { numParams: 3 }), params: randomValues(3, 3), inputs: null, full: true },
      { circuit: randomCircuit(14, 30, 13, { numInputs: 2 }), params: [], inputs: randomValues(6, 4), full: false },
      { circuit: randomCircuit(16, 30, 14, { constantAngles: true }), params: [], inputs: null, full: false },
    ];
    // one upstream value per row and observable
    function upstream(c: (typeof cases)[number]): number[] {
      const rows = c.inputs ? c.inputs.length / c.circuit.numInputs : 1;
      return Array.from({ length: rows * observables.length }, (_, i) => Math.cos(i + 1));
    }
    type Out = { probabilities: number[]; expectation?: number[]; re?: number[]; im?: number[]; adjoint?: { params: number[]; inputs: number[] }; shift?: { params: number[]; inputs: number[] }; mode: string; maxKernelCells: number };
    const results = (await chromium.page.evaluate(
      (cs) => (globalThis as unknown as { hqmlGlTest: { run(c: unknown): unknown } }).hqmlGlTest.run(cs),
      cases.map((c) => ({ circuit: c.circuit.toJSON(), params: c.params, inputs: c.inputs, observables, full: c.full, up: upstream(c) })),
    )) as Out[];
    const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string): void => {
      expect(a.length, what).toBe(b.length);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst, what).toBeLessThan(1e-5);
    };
    cases.forEach((c, k) => {
      const r = results[k]!;
      expect(r.mode).toMatch(/^webgl2?$/);
      // GL: a launch holds at most 2^24 cells (float32 addressing), textures up to maxTextureSize^2
      expect(r.maxKernelCells).toBe(2 ** 24);
      const ex = { circuit: Circuit.fromJSON(c.circuit.toJSON()), params: c.params, ...(c.inputs ? { inputs: c.inputs } : {}) };
      close(r.probabilities, node.probabilities(ex), `case ${k} probabilities`);
      if (!c.full) return;
      const obs = observables.map((o) => parseObservable(o));
      close(r.expectation!, node.expectation(ex, obs), `case ${k} expectation`);
      const a = node.amplitudes(ex);
      close(r.re!, a.re, `case ${k} re`);
      close(r.im!, a.im, `case ${k} im`);
      const ref = node.vjp(ex, obs, upstream(c), 'adjoint');
      close(r.adjoint!.params, ref.params, `case ${k} adjoint params`);
      close(r.adjoint!.inputs, ref.inputs, `case ${k} adjoint inputs`);
      close(r.shift!.params, ref.params, `case ${k} shift params`);
      close(r.shift!.inputs, ref.inputs, `case ${k} shift inputs`);
    });
  });

  it('renders: a full-page screenshot, and no error in the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hqml-playground-shot-'));
    try {
      const file = join(dir, 'playground.png');
      await chromium.page.screenshot({ path: file, fullPage: true });
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16 and 20
      expect(png.readUInt32BE(16)).toBe(900);
      expect(png.readUInt32BE(20)).toBeGreaterThan(1500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(pageErrors).toEqual([]);
  });
});
