import { Circuit, CircuitBuilder, type GateName, type Observable, type Op, Rng, inverseOps, pauliString } from '@hqml/core';

/** A benchmark circuit with the observable measured and its noise-free value. */
export interface BenchCircuit {
  readonly name: string;
  readonly circuit: Circuit;
  readonly observable: Observable;
  readonly ideal: number;
}

/** GHZ state on n qubits (H, then a CNOT chain); `<Z0 Z(n-1)>` is 1. */
export function ghzCircuit(n: number): BenchCircuit {
  const b = new CircuitBuilder(n).h(0);
  for (let q = 0; q + 1 < n; q++) b.cnot(q, q + 1);
  return { name: `ghz-${n}`, circuit: b.build(), observable: pauliString('ZZ', [0, n - 1]), ideal: 1 };
}

const CLIFFORDS: readonly GateName[] = ['H', 'S', 'Sdg', 'X', 'Y', 'Z', 'SX'];

/**
 * A mirror circuit (after Proctor et al. and Mitiq's benchmarks): `layers` random layers (a random
 * one-qubit Clifford on every qubit, then CNOTs on a random pairing), their inverse, then X on a
 * random subset, so that the noise-free result is one bit string b. The observable is the parity
 * `Z0 Z1 ... Z(n-1)`, whose noise-free value is (-1)^|b|. The circuit has 2 x `layers` layers.
 */
export function mirrorCircuit(n: number, layers: number, seed: number): BenchCircuit {
  const rng = Rng.from(`mirror:${n}:${layers}:${seed}`);
  const half: Op[] = [];
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < n; q++) half.push({ gate: CLIFFORDS[rng.int(CLIFFORDS.length)]!, qubits: [q], angles: [] });
    const order = rng.permutation(n);
    for (let k = 0; k + 1 < n; k += 2) half.push({ gate: 'CNOT', qubits: [order[k]!, order[k + 1]!], angles: [] });
  }
  const flips: Op[] = [];
  let ones = 0;
  for (let q = 0; q < n; q++) {
    if (rng.float() < 0.5) {
      flips.push({ gate: 'X', qubits: [q], angles: [] });
      ones++;
    }
  }
  const circuit = new Circuit({ numQubits: n, numParams: 0, numInputs: 0, ops: [...half, ...inverseOps(half), ...flips] });
  return { name: `mirror-${n}x${2 * layers}-s${seed}`, circuit, observable: pauliString('Z'.repeat(n), Array.from({ length: n }, (_, q) => q)), ideal: ones % 2 === 0 ? 1 : -1 };
}

/** A random 5-qubit-style circuit: `layers` of RY/RZ rotations with random angles and a CNOT chain. */
export function randomCircuit(n: number, layers: number, seed: number): Circuit {
  const rng = Rng.from(`random-circuit:${n}:${layers}:${seed}`);
  const b = new CircuitBuilder(n);
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < n; q++) b.ry(q, (rng.float() * 2 - 1) * Math.PI).rz(q, (rng.float() * 2 - 1) * Math.PI);
    for (let q = 0; q + 1 < n; q++) b.cnot(q, q + 1);
  }
  return b.build();
}
