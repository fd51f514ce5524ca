import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { CircuitBuilder, DataError, PluginNotFoundError, PluginRegistry, QasmResourceError, QasmSyntaxError, UnsupportedError, ValidationError, createContainer, input, inject, param, parseQasm, Tokens } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { hqml } from './plugin.js';
import { registerStatevector } from './register.js';
import { StatevectorBackend } from './statevectorBackend.js';
import { formatBits } from './qasmCommand.js';

const dir = mkdtempSync(join(tmpdir(), 'hqml-qasm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
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

describe('hqml qasm run: classical registers, mid-circuit measurement, budgets', () => {
  it('keys bit 35 of a 40-bit register correctly', async () => {
    const f = file('wide.qasm', 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[40];\nx q[0];\nmeasure q[0] -> c[35];\nmeasure q[1] -> c[0];\n');
    const r = JSON.parse((await run(['qasm', 'run', f, '--json', '--threads', '1']))[0]!);
    const key = Object.keys(r.probabilities)[0]!;
    expect(Object.keys(r.probabilities)).toHaveLength(1);
    expect(key).toHaveLength(40);
    expect(key.indexOf('1')).toBe(40 - 1 - 35);
  });

  it('runs a gate after a measure after it (teleportation-style if), keys over the program\'s qubits, refuses amplitudes', async () => {
    const f = file('mid.qasm', 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncreg c[2];\nh q[0];\nmeasure q[0] -> c[0];\nx q[0];\nmeasure q[0] -> c[1];\n');
    const r = JSON.parse((await run(['qasm', 'run', f, '--json', '--threads', '1']))[0]!);
    expect(r.ancillas).toBe(1);
    expect(r.probabilities).toEqual({ '01': expect.closeTo(0.5, 12), '10': expect.closeTo(0.5, 12) });
    await expect(run(['qasm', 'run', f, '--amplitudes'])).rejects.toThrow(UnsupportedError);
    const reset = file('reset.qasm', 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\nreset q[0];\nx q[1];\n');
    const p = JSON.parse((await run(['qasm', 'run', reset, '--json', '--threads', '1']))[0]!);
    expect(p.probabilities).toEqual({ '10': expect.closeTo(1, 12) });
    await expect(run(['qasm', 'run', reset, '--expect', 'Z2'])).rejects.toThrow(/names qubit 2: the program has 2 qubits/);
  });

  it('refuses an exponential gate definition under the budget, and --max-gates raises it', async () => {
    let src = 'OPENQASM 2.0;\nqreg q[1];\ngate g0 a { x a; }\n';
    for (let i = 1; i <= 12; i++) src += `gate g${i} a { g${i - 1} a; g${i - 1} a; }\n`;
    const f = file('exp.qasm', `${src}g12 q[0];\n`);
    await expect(run(['qasm', 'run', f, '--max-gates', '1000'])).rejects.toThrow(QasmResourceError);
    const r = JSON.parse((await run(['qasm', 'run', f, '--max-gates', '5000', '--json', '--threads', '1']))[0]!);
    expect(r.numGates).toBe(4096);
    await expect(run(['qasm', 'run', f, '--max-gates', 'lots'])).rejects.toThrow(/--max-gates is "lots"/);
  });
});

describe('hqml qasm export', () => {
  const c = new CircuitBuilder(2).ry(0, param(0)).rx(1, input(0, 2)).cnot(0, 1).build();
  const circuitFile = file('circuit.json', JSON.stringify(c.toJSON()));

  it('prints the bound circuit, or writes it atomically with --out', async () => {
    const lines = await run(['qasm', 'export', circuitFile, '--params', '0.5', '--inputs', '0.25', '--no-measure']);
    expect(lines.join('\n')).toBe('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nry(0.5) q[0];\nrx(0.5) q[1];\ncx q[0],q[1];');
    const out = join(dir, 'out.qasm');
    writeFileSync(join(dir, 'p.json'), '[0.5]');
    await run(['qasm', 'export', circuitFile, '--params', `@${join(dir, 'p.json')}`, '--inputs', '0.25', '--out', out]);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/measure q -> c;\n$/);
    expect(parseQasm(text).circuit.ops).toHaveLength(3);
    const bundle = file('bundle.json', JSON.stringify({ circuit: c.toJSON(), params: [0.5], inputs: [0.25] }));
    expect((await run(['qasm', 'export', bundle, '--no-measure'])).join('\n')).toBe(lines.join('\n'));
  });

  it('gives clear errors for missing values, bad numbers, bad files', async () => {
    await expect(run(['qasm', 'export', circuitFile, '--inputs', '0.25'])).rejects.toThrow(/got 0 parameter value\(s\)/);
    await expect(run(['qasm', 'export', circuitFile, '--params', '0.5,x', '--inputs', '1'])).rejects.toThrow(ValidationError);
    await expect(run(['qasm', 'export', join(dir, 'missing.json')])).rejects.toThrow(DataError);
    await expect(run(['qasm', 'export', bell])).rejects.toThrow(/is not JSON/);
    await expect(run(['qasm', 'export', circuitFile, '--params', '1', '--inputs', '1', '--out', join(bell, 'x.qasm')])).rejects.toThrow(/Cannot write .*x\.qasm/);
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
