import { describe, expect, it } from 'vitest';
import { type QpAnswer, decodeQpAnswer, decodeQpProblem, encodeQp, encodeQpAnswer } from './qpCodec.js';

// Byte patterns written out by hand from IEEE 754 (little-endian), not produced by the code under test.
const ONE = [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]; // 1.0 = 0x3FF0000000000000
const MINUS_ONE = [0, 0, 0, 0, 0, 0, 0xf0, 0xbf]; // -1.0 = 0xBFF0000000000000
const MINUS_THREE = [0, 0, 0, 0, 0, 0, 0x08, 0xc0]; // -3.0 = 0xC008000000000000
const HALF = [0, 0, 0, 0, 0, 0, 0xe0, 0x3f]; // 0.5 = 0x3FE0000000000000
const NAN = [0, 0, 0, 0, 0, 0, 0xf8, 0x7f]; // quiet NaN = 0x7FF8000000000000
const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');
const int32 = (...v: number[]): number[] => v.flatMap((x) => [x & 0xff, (x >> 8) & 0xff, (x >> 16) & 0xff, (x >>> 24) & 0xff]);

describe('qp encoding (SAPI problem data)', () => {
  const solver = { qubits: [0, 1, 2, 3], couplers: [[0, 1], [1, 2], [2, 3], [0, 3]] as Array<[number, number]> };

  it('worked example: h = {0: 1, 1: 1}, J = {(0,1): -1} on a 4-cycle -> lin [1, 1, NaN, NaN], quad [-1]', () => {
    const data = encodeQp(solver, new Map([[0, 1], [1, 1]]), [[0, 1, -1]]);
    expect(data.lin).toBe(b64([...ONE, ...ONE, ...NAN, ...NAN]));
    // the same string dwave-cloud-client's coder test expects
    expect(data.lin).toBe('AAAAAAAA8D8AAAAAAADwPwAAAAAAAPh/AAAAAAAA+H8=');
    expect(data.quad).toBe(b64(MINUS_ONE));
    expect(data.quad).toBe('AAAAAAAA8L8=');
    expect(data).toMatchObject({ format: 'qp', offset: 0 });
  });

  it('sums (u,v) and (v,u), keeps zero-bias active qubits, and lists quad only for couplers between active qubits', () => {
    // qubit 3 is active through J(3,0) with no h; qubit 2 is inactive; coupler (0,1) gets 0.25 + 0.25
    const data = encodeQp(solver, new Map([[0, 0.5]]), [[0, 1, 0.25], [1, 0, 0.25], [3, 0, -3]], 1.5);
    expect(data.lin).toBe(b64([...HALF, 0, 0, 0, 0, 0, 0, 0, 0, ...NAN, 0, 0, 0, 0, 0, 0, 0, 0]));
    // active couplers in solver order: (0,1) -> 0.5, (0,3) -> -3; (1,2), (2,3) touch inactive qubit 2
    expect(data.quad).toBe(b64([...HALF, ...MINUS_THREE]));
    expect(data.offset).toBe(1.5);
    expect(decodeQpProblem(solver, data)).toEqual({ linear: new Map([[0, 0.5], [1, 0], [3, 0]]), quadratic: [[0, 1, 0.5], [0, 3, -3]], offset: 1.5 });
  });

  it('refuses couplings that are not couplers and qubits that are not in the working graph', () => {
    expect(() => encodeQp(solver, new Map(), [[0, 2, 1]])).toThrow(/not a coupler/);
    expect(() => encodeQp(solver, new Map([[7, 1]]), [])).toThrow(/not in the solver's working graph/);
    expect(() => encodeQp(solver, new Map([[0, Number.NaN]]), [])).toThrow(/finite/);
  });
});

describe('qp decoding (SAPI answers)', () => {
  it('worked example: active [0,1,2,5,7], solutions 0xA0 0x58 -> (+1,-1,+1,-1,-1), (-1,+1,-1,+1,+1)', () => {
    // 0xA0 = 1010 0000: the first five bits are 1,0,1,0,0; 0x58 = 0101 1000: 0,1,0,1,1
    const answer: QpAnswer = {
      format: 'qp',
      num_variables: 8,
      active_variables: b64(int32(0, 1, 2, 5, 7)),
      solutions: b64([0xa0, 0x58]),
      energies: b64([...MINUS_THREE, ...MINUS_ONE]),
      num_occurrences: b64(int32(7, 3)),
    };
    expect(answer.solutions).toBe('oFg=');
    const d = decodeQpAnswer(answer, 'ising');
    expect(Array.from(d.activeVariables)).toEqual([0, 1, 2, 5, 7]);
    expect(Array.from(d.samples)).toEqual([1, -1, 1, -1, -1, -1, 1, -1, 1, 1]);
    expect(Array.from(d.energies)).toEqual([-3, -1]);
    expect(Array.from(d.numOccurrences)).toEqual([7, 3]);
    expect(Array.from(decodeQpAnswer(answer, 'qubo').samples)).toEqual([1, 0, 1, 0, 0, 0, 1, 0, 1, 1]);
  });

  it('adds the offset to the energies and ignores padding bytes beyond the samples', () => {
    // one sample of five -1 spins (byte 0x00) followed by three unused bytes; E = -15 + offset 2
    const answer: QpAnswer = {
      format: 'qp',
      num_variables: 5,
      active_variables: b64(int32(0, 1, 2, 3, 4)),
      solutions: b64([0x00, 0xff, 0xff, 0xff]),
      energies: b64([0, 0, 0, 0, 0, 0, 0x2e, 0xc0]), // -15.0 = 0xC02E000000000000
      num_occurrences: b64(int32(100)),
      offset: 2,
    };
    const d = decodeQpAnswer(answer, 'ising');
    expect(Array.from(d.samples)).toEqual([-1, -1, -1, -1, -1]);
    expect(Array.from(d.energies)).toEqual([-13]);
    expect(Array.from(d.numOccurrences)).toEqual([100]);
  });

  it('nine active variables take two bytes per sample; the ninth is the top bit of the second byte', () => {
    const answer: QpAnswer = {
      format: 'qp',
      num_variables: 9,
      active_variables: b64(int32(0, 1, 2, 3, 4, 5, 6, 7, 8)),
      solutions: b64([0x01, 0x80, 0xfe, 0x00]),
      energies: b64([...ONE, ...ONE]),
    };
    const d = decodeQpAnswer(answer, 'qubo');
    expect(Array.from(d.samples)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(Array.from(d.numOccurrences)).toEqual([1, 1]);
  });

  it('encodeQpAnswer is the inverse of decodeQpAnswer', () => {
    const samples = [1, -1, 1, 1, -1, -1, -1, -1, 1, 1, -1, 1, 1, -1, 1, -1, 1, -1, -1, -1];
    const enc = encodeQpAnswer({ numVariables: 20, activeVariables: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18], samples, energies: [-2.5, 4], numOccurrences: [2, 9], offset: 0.5 });
    const d = decodeQpAnswer(enc, 'ising');
    expect(Array.from(d.samples)).toEqual(samples);
    expect(Array.from(d.energies)).toEqual([-2, 4.5]);
    expect(Array.from(d.numOccurrences)).toEqual([2, 9]);
  });

  it('refuses malformed answers with a DataError', () => {
    const ok = encodeQpAnswer({ numVariables: 2, activeVariables: [0, 1], samples: [1, 1], energies: [0], numOccurrences: [1] });
    expect(() => decodeQpAnswer({ ...ok, energies: [1, 2] as unknown as string }, 'ising')).toThrow(/base64/);
    expect(() => decodeQpAnswer({ ...ok, num_occurrences: b64(int32(1, 1)) }, 'ising')).toThrow(/one count per sample/);
    expect(() => decodeQpAnswer({ ...ok, solutions: '' }, 'ising')).toThrow(/need 1/);
  });
});
