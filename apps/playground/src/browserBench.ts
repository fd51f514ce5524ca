import { type BenchRecord, type BenchSuite, PluginRegistry } from '@hqml/core';
import { hqml as datasets } from '@hqml/datasets/plugin';
import { launchChromium } from './chromium.js';
import { startPlayground } from './server.js';

const SUITE = 'playground';

/** What the page's `hqmlPlayground.bench` returns (web/main.ts). */
interface PageBench {
  readonly msPerGate: number;
  readonly id: string;
  readonly mode: string;
  readonly precision: string;
}

type Case = 'gate-1q' | 'cnot' | 'layers10';

/**
 * `hqml bench playground`: statevector-gpu's cases (a one-qubit gate and a CNOT, one launch
 * each, and the 10-layer circuit, fused) timed per gate inside the playground page in Debian's
 * Chromium, headless (playwright-core): the GPU backend runs gpu.js's WebGL kernels there (on
 * SwiftShader, Chromium's software GPU), next to the CPU backend in the same page (`statevector`
 * on one thread: its JavaScript engine for single states; its single-state WebAssembly engine
 * needs Node), with their ratio. The gate cases run gate by gate on both (statevector-gpu
 * unfused, the CPU backend without fusion and cache blocking), the 10-layer circuit as each runs
 * by default, as in statevector-gpu's Node suite. Chromium's clock moves in 100 µs steps in the
 * page, so each timing repeats a short circuit until it spans 20 ms (`perGateMs`'s `minStepMs`).
 * n = 12..18, `quick` 12 and 16:
 * Chromium's flags keep it on SwiftShader, where a gate on 2^18 amplitudes takes about a second
 * on the project's shared 2-core machine, so a 10-layer circuit at n = 20 would take most of an
 * hour per timing round (a GL launch holds 2^24 cells: at most 23 qubits in any case).
 */
export const playgroundBenchSuite: BenchSuite = {
  name: SUITE,
  description: 'statevector-gpu in headless Chromium: WebGL kernels (SwiftShader) next to the CPU backend in the same page, gates and the 10-layer circuit, n = 12..18',
  async *run({ quick }) {
    // A bench suite is not handed the CLI's registry: the page's data set is resolved in one of its own.
    const server = await startPlayground({ port: 0, registry: PluginRegistry.of(datasets) });
    try {
      const chromium = await launchChromium({ timeoutMs: 1_800_000 });
      try {
        const page = chromium.page;
        await page.goto(server.url);
        const renderer = await page.evaluate(() => (globalThis as unknown as { hqmlPlayground: { renderer: string } }).hqmlPlayground.renderer);
        const bench = (backend: 'cpu' | 'gpu', c: Case, n: number, reps: number): Promise<PageBench> =>
          page.evaluate(([b, cs, nn, r]) => (globalThis as unknown as { hqmlPlayground: { bench(...a: unknown[]): PageBench } }).hqmlPlayground.bench(b, cs, nn, r), [backend, c, n, reps] as const);
        const record = (c: string, sizes: Record<string, number | string>, metric: string, value: number, unit: string): BenchRecord => ({ suite: SUITE, case: c, n: sizes['n'], sizes, threads: 1, metric, value: Number(value.toPrecision(4)), unit });
        for (const n of quick ? [12, 16] : [12, 14, 16, 18]) {
          const reps = n >= 18 ? 1 : 3;
          for (const c of ['gate-1q', 'cnot', 'layers10'] as const) {
            const gpu = await bench('gpu', c, n, reps);
            const cpu = await bench('cpu', c, n, reps);
            const gpuSizes = { n, backend: gpu.id, mode: gpu.mode, precision: gpu.precision, renderer, ...(c === 'layers10' ? { layers: 10 } : {}) };
            yield record(c, gpuSizes, 'time-per-gate', gpu.msPerGate, 'ms');
            yield record(`${c}-page-cpu-peer`, { n, backend: cpu.id, engine: cpu.mode, precision: cpu.precision, ...(c === 'layers10' ? { layers: 10 } : { fusion: 'off', cacheBlocking: 'off' }) }, 'time-per-gate', cpu.msPerGate, 'ms');
            yield record(`${c}-vs-page-cpu`, gpuSizes, 'time-ratio', gpu.msPerGate / cpu.msPerGate, 'x');
          }
        }
      } finally {
        await chromium.close();
      }
    } finally {
      await server.close();
    }
  },
};
