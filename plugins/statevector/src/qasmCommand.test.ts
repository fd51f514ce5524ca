import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { PluginNotFoundError, PluginRegistry, QasmSyntaxError, createContainer, inject, Tokens } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { hqml } from './plugin.js';
import { registerStatevector } from './register.js';
import { StatevectorBackend } from './statevectorBackend.js';
import { formatBits } from './qasmCommand.js';

const dir = mkdtempSync(join(tmpdir(), 'hqml-qasm-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const bell = file('bell.qasm', 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0], q[1];\nmeasure q -> c;\n');
const one = file('one.qasm', 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nx q[0];\nry(pi/2) q[2];\n');
const bad = file('bad.qasm', 'OPENQASM 2.0;\nqreg q[1];\nh q[0]\nx q[0];\n');

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command();
  program.exitOverride();
  const registry = PluginRegistry.of(hqml);
  for (const c of registry.commands()) c.register(program, { registry, print: (l) => lines.push(l) });
  await program.parseAsync(args, { from: 'user' });
  return lines;
}

describe('hqml qasm run', () => {
  it('prints Bell-state probabilities keyed by classical bits, bit 0 rightmost', async () => {
    const [line] = await run(['qasm', 'run', bell, '--json', '--threads', '1']);
    const r = JSON.parse(line!);
    expect(r.bits).toBe('clbits');
    expect(Object.keys(r.probabilities).sort()).toEqual(['00', '11']);
    expect(r.probabilities['00']).toBeCloseTo(0.5, 12);
  });

  it('uses Qiskit order: x on q[0] of 3 qubits reads "001" / "101"', async () => {
    const r = JSON.parse((await run(['qasm', 'run', one, '--json', '--threads', '1']))[0]!);
    expect(r.bits).toBe('qubits');
    expect(Object.keys(r.probabilities).sort()).toEqual(['001', '101']);
    const a = JSON.parse((await run(['qasm', 'run', one, '--amplitudes', '--json', '--threads', '1']))[0]!);
    expect(a.amplitudes['101'][0]).toBeCloseTo(Math.SQRT1_2, 12);
    const e = JSON.parse((await run(['qasm', 'run', one, '--expect', 'Z0 + 0.5*X2', '--json', '--threads', '1']))[0]!);
    expect(e.expectation.value).toBeCloseTo(-1 + 0.5, 12);
    expect(formatBits(1, 3)).toBe('001');
  });

  it('samples seeded shots', async () => {
    const a = JSON.parse((await run(['qasm', 'run', bell, '--shots', '2000', '--seed', '5', '--json', '--threads', '1']))[0]!);
    const b = JSON.parse((await run(['qasm', 'run', bell, '--shots', '2000', '--seed', '5', '--json', '--threads', '1']))[0]!);
    expect(a.counts).toEqual(b.counts);
    expect(Object.keys(a.counts).sort()).toEqual(['00', '11']);
    expect(Math.abs(a.counts['00'] / 2000 - 0.5)).toBeLessThan(0.06);
    const text = await run(['qasm', 'run', bell, '--shots', '10', '--threads', '1']);
    expect(text[1]).toMatch(/bit 0 rightmost \(Qiskit\)/);
  });

  it('reports QASM errors with line and column, unknown backends with the registered ids, conflicting flags', async () => {
    await expect(run(['qasm', 'run', bad])).rejects.toThrow(QasmSyntaxError);
    await expect(run(['qasm', 'run', bad])).rejects.toThrow(/line 4, column 1/);
    await expect(run(['qasm', 'run', bell, '--backend', 'nope'])).rejects.toThrow(PluginNotFoundError);
    await expect(run(['qasm', 'run', bell, '--backend', 'nope'])).rejects.toThrow(/statevector/);
    await expect(run(['qasm', 'run', bell, '--shots', '10', '--amplitudes'])).rejects.toThrow(/more than one/);
  });
});

describe('plugin and registration', () => {
  it('registers the backend explicitly under Tokens.QuantumBackend and rejects unknown options', async () => {
    const c = createContainer();
    const b = await registerStatevector(c, { threads: 1 });
    expect(inject(c, Tokens.QuantumBackend)).toBe(b);
    expect(b).toBeInstanceOf(StatevectorBackend);
    await expect(hqml.plugins![0]!.register(createContainer(), { thread: 2 })).rejects.toThrow(/unknown key\(s\) "thread"/);
    expect(hqml.benchmarks![0]!.name).toBe('statevector');
  });

  it('takes exactly the backend options (largeStateQubits and engine included), with their values checked', async () => {
    const plugin = hqml.plugins![0]!;
    const b = await registerStatevector(createContainer(), { threads: 1, largeStateQubits: 14, blockQubits: 12, noiseMethod: 'density-matrix', engine: 'js' });
    expect(b.capabilities['engine']).toBe('js');
    b.dispose();
    await expect(plugin.register(createContainer(), { engine: 'gpu' })).rejects.toThrow(/engine.*allowed values: "auto", "js", "batch-wasm", "large-wasm"/);
    await expect(plugin.register(createContainer(), { noiseMethod: 'exact' })).rejects.toThrow(/noiseMethod.*allowed values/);
    await expect(plugin.register(createContainer(), { noise: { channels: [{ kind: 'melting', probability: 0.1 }] } })).rejects.toThrow(/at noise: .*melting/);
    await expect(plugin.register(createContainer(), { threads: 0 })).rejects.toThrow(/at threads/);
    await expect(plugin.register(createContainer(), { engine: 'batch-wasm', fusion: false })).rejects.toThrow(/batch engine always fuses/);
  });
});
