import { IsingModel, type Rng, ValidationError, type VariableLabel, describeValue } from '@hqml/core';

/**
 * The protection strategies of Pudenz, Albash and Lidar (Nat. Commun. 5:3243, 2014), plus nested
 * QAC (Vinci, Albash and Lidar, npj Quantum Inf. 2:16017, 2016):
 * - `qac`: each logical spin becomes 3 problem spins and 1 penalty spin; every problem spin gets
 *   the logical field, each logical coupling is repeated on the 3 copy pairs, each problem spin is
 *   coupled ferromagnetically to the penalty spin with strength `penalty` (beta); decoding is the
 *   majority vote of the 3 problem spins;
 * - `ep`: the same encoded problem (energy penalty) but no decoding: each read is read off one
 *   problem copy, chosen at random per read;
 * - `c`: classical repetition: `copies` independent copies of the problem (default 4, the
 *   physical spins QAC uses), no penalty, majority vote with ties broken at random;
 * - `nested`: nested QAC of order C = `copies`: every logical spin becomes C copies, each logical
 *   coupling becomes C^2 couplings between all copy pairs, fields are multiplied by C (so an
 *   aligned state has C^2 times the logical energy and the h:J ratio is kept), the copies of a
 *   spin are coupled ferromagnetically in a complete graph with strength `penalty` (gamma);
 *   decoding is the majority vote over the C copies, ties broken at random. (Vinci et al. then
 *   minor-embed this graph; here it is an ordinary Ising model, so any annealer, and an embedding
 *   composite in front of a QPU, can run it.)
 *
 * The unprotected strategy U is the child annealer alone.
 */
export type RepetitionStrategy = 'qac' | 'ep' | 'c' | 'nested';

/** All strategies, for help and validation. */
export const REPETITION_STRATEGIES: readonly RepetitionStrategy[] = ['qac', 'ep', 'c', 'nested'];

/** Options of {@link encodeRepetition}; every field has a stated default. */
export interface RepetitionCodeOptions {
  /** Default `qac`. */
  readonly strategy?: RepetitionStrategy;
  /** Penalty coupling strength (beta for qac/ep, gamma for nested), > 0; default 0.5. Unused by `c`. */
  readonly penalty?: number;
  /** Copies per logical spin: `c` default 4, `nested` (order C) default 3; qac/ep always use 3 + 1. */
  readonly copies?: number;
  /** Scale alpha of the logical fields and couplings in the encoded problem (default 1). */
  readonly scale?: number;
}

/** A logical problem encoded into a physical one, with its decoder. */
export interface EncodedProblem {
  readonly strategy: RepetitionStrategy;
  /** The physical Ising model (an ordinary model: any annealer samples it). */
  readonly model: IsingModel;
  readonly numLogical: number;
  /** The physical indices of each logical spin's problem copies (penalty spins excluded). */
  readonly copies: readonly (readonly number[])[];
  /** The penalty spin of each logical spin (qac/ep), else empty. */
  readonly penaltySpins: readonly number[];
  /**
   * Decodes physical rows (`count x physical`) into logical rows (`count x logical`); `rng` breaks
   * ties (c, nested) and picks the copy read (ep). Also counts the logical spins whose copies
   * disagreed.
   */
  decode(rows: Int8Array, count: number, rng: Rng): { logical: Int8Array; disagreements: number };
}

function checkOptions(options: RepetitionCodeOptions): Required<RepetitionCodeOptions> {
  const strategy = options.strategy ?? 'qac';
  if (!REPETITION_STRATEGIES.includes(strategy)) {
    throw new ValidationError({ what: `strategy ${describeValue(strategy)}`, why: `strategies are ${REPETITION_STRATEGIES.join(', ')}`, fix: 'Use "qac" (default), "ep", "c" or "nested"' });
  }
  const penalty = options.penalty ?? 0.5;
  if (typeof penalty !== 'number' || !Number.isFinite(penalty) || penalty < 0) {
    throw new ValidationError({ what: `penalty ${describeValue(options.penalty)}`, why: 'the penalty coupling is a finite number >= 0', fix: 'Pass e.g. penalty: 0.5' });
  }
  const copies = options.copies ?? (strategy === 'nested' ? 3 : strategy === 'c' ? 4 : 3);
  if (!Number.isSafeInteger(copies) || copies < 1 || ((strategy === 'qac' || strategy === 'ep') && copies !== 3)) {
    throw new ValidationError({
      what: `copies ${describeValue(options.copies)} for strategy ${strategy}`,
      why: strategy === 'qac' || strategy === 'ep' ? 'QAC and EP use 3 problem copies and 1 penalty spin per logical spin' : 'copies is a positive integer',
      fix: strategy === 'qac' || strategy === 'ep' ? 'Leave copies out, or use strategy "nested" for other orders' : 'Pass e.g. copies: 3',
    });
  }
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new ValidationError({ what: `scale ${describeValue(options.scale)}`, why: 'alpha scales the logical problem and is a finite number > 0', fix: 'Pass e.g. scale: 1' });
  }
  return { strategy, penalty, copies, scale };
}

/** Validates repetition-code options (before any sampling) and fills in the defaults. */
export function resolveRepetitionOptions(options: RepetitionCodeOptions = {}): Readonly<Required<RepetitionCodeOptions>> {
  return Object.freeze(checkOptions(options));
}

/**
 * Encodes a logical Ising model (see {@link RepetitionStrategy}). The encoded model's offset is
 * 0: returned samples are decoded and their energies computed on the logical model.
 */
export function encodeRepetition(model: IsingModel, options: RepetitionCodeOptions = {}): EncodedProblem {
  const o = checkOptions(options);
  const n = model.numVariables;
  const label = (i: number): VariableLabel => model.labels[i] ?? i;
  const h: number[] = [];
  const J: Array<readonly [number, number, number]> = [];
  const labels: VariableLabel[] = [];
  const copies: number[][] = [];
  const penaltySpins: number[] = [];
  const inter = model.interactions();
  if (o.strategy === 'qac' || o.strategy === 'ep') {
    for (let i = 0; i < n; i++) {
      copies.push([4 * i, 4 * i + 1, 4 * i + 2]);
      penaltySpins.push(4 * i + 3);
      for (let l = 0; l < 3; l++) {
        h.push(o.scale * model.linear[i]!);
        labels.push(`${label(i)}#${l}`);
      }
      h.push(0);
      labels.push(`${label(i)}#p`);
      for (let l = 0; l < 3; l++) if (o.penalty > 0) J.push([4 * i + l, 4 * i + 3, -o.penalty]);
    }
    for (const t of inter) for (let l = 0; l < 3; l++) J.push([4 * t.i + l, 4 * t.j + l, o.scale * t.value]);
  } else if (o.strategy === 'c') {
    const C = o.copies;
    // Copy c of spin i is physical c*n + i: C independent copies of the problem.
    for (let i = 0; i < n; i++) copies.push(Array.from({ length: C }, (_, c) => c * n + i));
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < n; i++) {
        h.push(o.scale * model.linear[i]!);
        labels.push(`${label(i)}#${c}`);
      }
      for (const t of inter) J.push([c * n + t.i, c * n + t.j, o.scale * t.value]);
    }
  } else {
    const C = o.copies;
    for (let i = 0; i < n; i++) {
      copies.push(Array.from({ length: C }, (_, c) => C * i + c));
      for (let c = 0; c < C; c++) {
        h.push(o.scale * C * model.linear[i]!);
        labels.push(`${label(i)}#${c}`);
      }
      if (o.penalty > 0) for (let a = 0; a < C; a++) for (let b = a + 1; b < C; b++) J.push([C * i + a, C * i + b, -o.penalty]);
    }
    for (const t of inter) for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) J.push([C * t.i + a, C * t.j + b, o.scale * t.value]);
  }
  const physical = IsingModel.from({ h, J, numVariables: h.length, labels });
  const N = h.length;
  const strategy = o.strategy;
  return {
    strategy,
    model: physical,
    numLogical: n,
    copies,
    penaltySpins,
    decode(rows: Int8Array, count: number, rng: Rng) {
      const logical = new Int8Array(count * n);
      let disagreements = 0;
      for (let r = 0; r < count; r++) {
        const base = r * N;
        const pick = strategy === 'ep' ? rng.int(3) : -1;
        for (let i = 0; i < n; i++) {
          const cs = copies[i]!;
          let sum = 0;
          for (const p of cs) sum += rows[base + p]!;
          if (Math.abs(sum) !== cs.length) disagreements++;
          let s: number;
          if (pick >= 0) s = rows[base + cs[pick]!]!;
          else s = sum > 0 ? 1 : sum < 0 ? -1 : rng.float() < 0.5 ? 1 : -1;
          logical[r * n + i] = s;
        }
      }
      return { logical, disagreements };
    },
  };
}
