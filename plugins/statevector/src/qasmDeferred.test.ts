import { Rng, clbitString, parseQasm } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { type DynStatement, branchingDistribution, dynamicQasm } from './test/branchingOracle.js';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

/** Joint distribution of (classical bits, final readout of the program's qubits) from the parsed circuit. */
function ours(src: string): Map<string, number> {
  const program = parseQasm(src);
  const n = program.qubitNames.length;
  const p = b.probabilities({ circuit: program.circuit, params: [] });
  const out = new Map<string, number>();
  for (let i = 0; i < p.length; i++) {
    if (p[i]! < 1e-15) continue;
    let qs = '';
    for (let q = n - 1; q >= 0; q--) qs += Math.floor(i / 2 ** q) % 2;
    const key = `${clbitString(program, i)}|${qs}`;
    out.set(key, (out.get(key) ?? 0) + p[i]!);
  }
  return out;
}

function expectSameDistribution(a: Map<string, number>, e: Map<string, number>): void {
  for (const k of new Set([...a.keys(), ...e.keys()])) {
    expect(Math.abs((a.get(k) ?? 0) - (e.get(k) ?? 0)), `outcome ${k}`).toBeLessThan(1e-9);
  }
}

type Gate = DynStatement & { kind: 'gate' };
/** A random gate: [qasm name, oracle name, arity, oracle parameter names (our angle scaled by the factor)]. */
const POOL: [string, string, number, [string, number][]][] = [
  ['h', 'h', 1, []], ['x', 'x', 1, []], ['y', 'y', 1, []], ['z', 'z', 1, []], ['s', 's', 1, []], ['sdg', 'sdg', 1, []], ['t', 't', 1, []], ['tdg', 'tdg', 1, []],
  ['sx', 'srn', 1, []], ['id', 'id', 1, []], ['rx', 'rx', 1, [['theta', 1]]], ['ry', 'ry', 1, [['theta', 1]]], ['rz', 'rz', 1, [['phi', 1]]],
  ['u1', 'u1', 1, [['lambda', 1]]], ['u3', 'u3', 1, [['theta', 1], ['phi', 1], ['lambda', 1]]],
  ['cx', 'cx', 2, []], ['cz', 'cz', 2, []], ['swap', 'swap', 2, []], ['ch', 'ch', 2, []], ['crx', 'crx', 2, [['theta', 1]]], ['cry', 'cry', 2, [['theta', 1]]],
  ['crz', 'crz', 2, [['phi', 1]]], ['cu1', 'cu1', 2, [['lambda', 1]]], ['cu3', 'cu3', 2, [['theta', 1], ['phi', 1], ['lambda', 1]]],
  ['rxx', 'xx', 2, [['theta', 0.5]]], ['ryy', 'yy', 2, [['theta', 0.5]]], ['rzz', 'zz', 2, [['theta', 1]]], ['ccx', 'ccx', 3, []], ['cswap', 'cswap', 3, []],
];
function randomGate(rng: Rng, n: number): Gate {
  const [q, o, arity, ps] = POOL[rng.int(POOL.length)]!;
  const wires = [...rng.permutation(n)].slice(0, arity);
  const angles = ps.map(() => (rng.float() - 0.5) * 6);
  const params = Object.fromEntries(ps.map(([name, k], i) => [name, angles[i]! * k]));
  return { kind: 'gate', name: o, wires, params, qasm: `${q}${angles.length ? `(${angles.join(',')})` : ''} ${wires.map((w) => `q[${w}]`).join(',')};` };
}

/** A random program mixing gates, mid-circuit measurement, reset and if, on q[3], c[2], d[1]. */
function randomDynamic(seed: number): DynStatement[] {
  const rng = Rng.from(seed);
  const n = 3;
  const out: DynStatement[] = [];
  let measured = 0;
  while (out.length < 22) {
    const r = rng.float();
    if (r < 0.15 && measured < 6) { out.push({ kind: 'measure', qubit: rng.int(n), clbit: rng.int(3) }); measured++; }
    else if (r < 0.25 && measured < 6) { out.push({ kind: 'reset', qubit: rng.int(n) }); measured++; }
    else if (r < 0.45) {
      const useD = rng.int(3) === 0;
      out.push(useD ? { kind: 'if', offset: 2, size: 1, value: rng.int(2), then: randomGate(rng, n) } : { kind: 'if', offset: 0, size: 2, value: rng.int(5), then: randomGate(rng, n) });
    } else out.push(randomGate(rng, n));
  }
  return out;
}

const cregs = [{ name: 'c', size: 2 }, { name: 'd', size: 1 }];

describe('measure, reset and if by deferred measurement, against an exact branching simulation', () => {
  it('a gate after a measure on the same qubit is not moved before it', () => {
    // measure |+> into c[0], then x: c[0] is 0 or 1 with 1/2 each, and the qubit ends flipped
    const prog: DynStatement[] = [{ kind: 'gate', name: 'h', wires: [0], qasm: 'h q[0];' }, { kind: 'measure', qubit: 0, clbit: 0 }, { kind: 'gate', name: 'x', wires: [0], qasm: 'x q[0];' }, { kind: 'measure', qubit: 0, clbit: 1 }];
    const src = dynamicQasm(1, [{ name: 'c', size: 2 }], prog);
    const d = ours(src);
    expectSameDistribution(d, branchingDistribution(1, 2, prog));
    expect(d.get('10|1')).toBeCloseTo(0.5, 12);
    expect(d.get('01|0')).toBeCloseTo(0.5, 12);
    expect(parseQasm(src).ancillas).toBe(1);
  });

  it('teleportation with if: the state arrives whatever the measured bits', () => {
    // teleport ry(1.1)|0> from q[0] to q[2]
    const prog: DynStatement[] = [
      { kind: 'gate', name: 'ry', wires: [0], params: { theta: 1.1 }, qasm: 'ry(1.1) q[0];' },
      { kind: 'gate', name: 'h', wires: [1], qasm: 'h q[1];' },
      { kind: 'gate', name: 'cx', wires: [1, 2], qasm: 'cx q[1],q[2];' },
      { kind: 'gate', name: 'cx', wires: [0, 1], qasm: 'cx q[0],q[1];' },
      { kind: 'gate', name: 'h', wires: [0], qasm: 'h q[0];' },
      { kind: 'measure', qubit: 0, clbit: 0 },
      { kind: 'measure', qubit: 1, clbit: 1 },
      { kind: 'if', offset: 1, size: 1, value: 1, then: { kind: 'gate', name: 'x', wires: [2], qasm: 'x q[2];' } },
      { kind: 'if', offset: 0, size: 1, value: 1, then: { kind: 'gate', name: 'z', wires: [2], qasm: 'z q[2];' } },
    ];
    const src = dynamicQasm(3, [{ name: 'm0', size: 1 }, { name: 'm1', size: 1 }], prog);
    const d = ours(src);
    expectSameDistribution(d, branchingDistribution(3, 2, prog));
    let p1 = 0;
    for (const [k, v] of d) if (k.split('|')[1]![0] === '1') p1 += v;
    expect(p1).toBeCloseTo(Math.sin(1.1 / 2) ** 2, 12);
    expect(parseQasm(src).ancillas).toBe(0);
  });

  for (let seed = 1; seed <= 60; seed++) {
    it(`random dynamic program ${seed}: joint distribution of classical bits and qubits`, () => {
      const prog = randomDynamic(seed);
      expectSameDistribution(ours(dynamicQasm(3, cregs, prog)), branchingDistribution(3, 3, prog));
    });
  }
});
