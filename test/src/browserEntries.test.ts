import { runInNewContext } from 'node:vm';
import { CircuitBuilder, param, parseObservable } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { bundleForBrowser } from '@hqml/playground';
import { describe, expect, it } from 'vitest';
import { typecheckProject } from './typecheck.js';

/**
 * The browser entries bundle for the browser platform with a standard bundler (esbuild) without
 * a single Node module, and their bundles run where Node's globals do not exist.
 */
describe('browser entries', () => {
  it.each(['@hqml/core/browser', '@hqml/statevector/browser', '@hqml/statevector-gpu/browser'])('%s bundles for the browser without Node modules', async (entry) => {
    const bundle = await bundleForBrowser(entry, { format: 'esm' });
    expect(bundle.code.length).toBeGreaterThan(1000);
    expect(bundle.inputs.some((f) => f.includes('node_modules/') || f.includes('/src/'))).toBe(true);
  });

  it('the playground page type-checks with the DOM library and without Node types', () => {
    // web/tsconfig.json: lib ES2023 + DOM, types [] (so Buffer, process or a node: module anywhere in its graph is an error)
    expect(typecheckProject(new URL('../../apps/playground/web/tsconfig.json', import.meta.url).pathname)).toEqual([]);
  });

  it('the guard fails a bundle that imports Node, naming the module and the importer', async () => {
    const err = bundleForBrowser('@hqml/core');
    await expect(err).rejects.toThrow(/node:worker_threads \(from [^)]*packages\/core\/src\/workers\.ts\)/);
    await expect(err).rejects.toThrow(/Import the browser entries \(@hqml\/core\/browser/);
  });

  it('the statevector browser bundle runs without Node globals and agrees with the Node backend', async () => {
    const entry = `
      import { CircuitBuilder, parseQasm, param, parseObservable } from '@hqml/core/browser';
      import { BrowserStatevectorBackend } from '@hqml/statevector/browser';
      export function run() {
        const c = new CircuitBuilder(3).h(0).cnot(0, 1).ry(2, param(0)).cnot(1, 2).build();
        const b = new BrowserStatevectorBackend();
        const p = Array.from(b.probabilities({ circuit: c, params: [0.7] }));
        const e = Array.from(b.expectation({ circuit: c, params: [0.7] }, [parseObservable('Z1 Z2')]));
        const g = Array.from(b.vjp({ circuit: c, params: [0.7] }, [parseObservable('Z1 Z2')], [1]).params);
        const q = Array.from(b.probabilities({ circuit: parseQasm('OPENQASM 2.0; include "qelib1.inc"; qreg q[2]; h q[0]; cx q[0],q[1];').circuit, params: [] }));
        return { p, e, g, q, threads: b.capabilities.threads };
      }`;
    const bundle = await bundleForBrowser({ contents: entry, resolveDir: import.meta.dirname }, { format: 'iife', globalName: 'hqmlTest' });
    // a context with the browser's globals that the engines use, and none of Node's (no process, Buffer, require)
    // (WebAssembly from globalThis: the project's lib has no WebAssembly value, as in statevector's engines)
    const sandbox: Record<string, unknown> = { WebAssembly: (globalThis as Record<string, unknown>)['WebAssembly'], atob, console, performance, TextEncoder, TextDecoder };
    runInNewContext(bundle.code, sandbox);
    const out = (sandbox['hqmlTest'] as { run(): { p: number[]; e: number[]; g: number[]; q: number[]; threads: number } }).run();
    const node = new StatevectorBackend({ threads: 1 });
    try {
      const c = new CircuitBuilder(3).h(0).cnot(0, 1).ry(2, param(0)).cnot(1, 2).build();
      const p = node.probabilities({ circuit: c, params: [0.7] });
      out.p.forEach((v, i) => expect(v).toBeCloseTo(p[i]!, 12));
      expect(out.e[0]).toBeCloseTo(node.expectation({ circuit: c, params: [0.7] }, [parseObservable('Z1 Z2')])[0]!, 12);
      expect(out.g[0]).toBeCloseTo(node.vjp({ circuit: c, params: [0.7] }, [parseObservable('Z1 Z2')], [1]).params[0]!, 12);
    } finally {
      node.dispose();
    }
    // analytic: <Z1 Z2> = cos(theta), d/dtheta = -sin(theta); the Bell state from OpenQASM
    expect(out.e[0]).toBeCloseTo(Math.cos(0.7), 12);
    expect(out.g[0]).toBeCloseTo(-Math.sin(0.7), 12);
    expect(out.q.map((v) => Number(v.toFixed(12)))).toEqual([0.5, 0, 0, 0.5]);
    expect(out.threads).toBe(1);
  });
});
