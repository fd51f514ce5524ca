import { SampleSet, ValidationError, describeValue } from '@hqml/core';

/**
 * Option checks shared by the solvers. Each throws a ValidationError naming the option, the
 * value received and the rule, before any compute is spent.
 */

/** A positive integer, or `undefined` when absent. */
export function positiveInt(name: string, v: unknown, fix?: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
    throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `${name} must be a positive integer`, fix: fix ?? `Pass ${name} >= 1` });
  }
  return v;
}

/** A non-negative integer, or `undefined` when absent. */
export function nonNegativeInt(name: string, v: unknown, fix?: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `${name} must be a non-negative integer`, fix: fix ?? `Pass ${name} >= 0` });
  }
  return v;
}

/** A finite number > 0 (or >= 0 with `allowZero`), or `undefined` when absent. */
export function positiveNumber(name: string, v: unknown, allowZero = false): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `${name} must be a finite number ${allowZero ? '>= 0' : '> 0'}`, fix: `Pass a finite ${allowZero ? 'non-negative' : 'positive'} number` });
  }
  return v;
}

/** A boolean, or `undefined` when absent. */
export function booleanOption(name: string, v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `${name} is true or false` });
  return v;
}

/** One of a list of strings, or `undefined` when absent. */
export function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `allowed values: ${allowed.join(', ')}`, fix: `Pass one of ${allowed.map((a) => `"${a}"`).join(', ')}` });
  }
  return v as T;
}

/** A pair `[a, b]` of finite numbers > 0 (beta or gamma ranges), or `undefined`. */
export function positivePair(name: string, v: unknown, allowZero = false): readonly [number, number] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== 2) {
    throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `${name} is a pair [start, end]`, fix: 'Pass two numbers, e.g. [0.1, 5]' });
  }
  return [positiveNumber(`${name}[0]`, v[0], allowZero)!, positiveNumber(`${name}[1]`, v[1], allowZero)!];
}

/** A non-empty list of finite numbers > 0 (explicit schedules, ladders), or `undefined`. */
export function positiveList(name: string, v: unknown, allowZero = false): Float64Array | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
    throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `${name} is a list of numbers`, fix: 'Pass an array of numbers' });
  }
  const arr = Array.from(v as ArrayLike<unknown>);
  if (arr.length === 0) throw new ValidationError({ what: `${name} is empty`, why: `${name} needs at least one value`, fix: 'Pass at least one value' });
  return Float64Array.from(arr, (x, k) => positiveNumber(`${name}[${k}]`, x, allowZero)!);
}

/** A seed: a safe integer; absent means a fresh random one (reported in `info.seed`). */
export function seedOption(v: unknown): number {
  if (v === undefined) return Math.floor(Math.random() * 2 ** 32);
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new ValidationError({ what: `seed is ${describeValue(v)}`, why: 'seeds are integers so that runs can be repeated', fix: 'Pass an integer seed such as 1234' });
  }
  return v;
}

/**
 * Initial states as row-major spins: an array of rows, a flat array (k x n values), or a
 * SampleSet in SPIN form. Every value must be -1 or +1.
 */
export function initialStatesOption(v: unknown, n: number): { rows: Int8Array; numRows: number } | undefined {
  if (v === undefined) return undefined;
  let flat: ArrayLike<unknown>;
  if (v instanceof SampleSet) {
    if (v.vartype !== 'SPIN') throw new ValidationError({ what: 'initialStates is a BINARY SampleSet', why: 'the annealers work on spins', fix: "Pass sampleSet.changeVartype('SPIN')" });
    flat = v.samples;
  } else if (Array.isArray(v) && v.length > 0 && Array.isArray(v[0])) {
    flat = (v as unknown[][]).flat();
    if ((v as unknown[][]).some((row) => row.length !== n)) {
      throw new ValidationError({ what: `initialStates has a row whose length is not ${n}`, why: 'each initial state assigns every variable', fix: `Pass rows of ${n} spins` });
    }
  } else if (Array.isArray(v) || ArrayBuffer.isView(v)) flat = v as ArrayLike<unknown>;
  else throw new ValidationError({ what: `initialStates is ${describeValue(v)}`, why: 'expected rows of spins, a flat row-major array or a SampleSet', fix: 'Pass e.g. [[1, -1, 1], [-1, -1, 1]]' });
  if (n === 0 || flat.length === 0 || flat.length % n !== 0) {
    throw new ValidationError({ what: `initialStates has ${flat.length} values for ${n} variables`, why: 'initial states are whole rows, k x numVariables values', fix: `Pass a multiple of ${n} values` });
  }
  const rows = new Int8Array(flat.length);
  for (let k = 0; k < flat.length; k++) {
    const s = flat[k];
    if (s !== 1 && s !== -1) {
      throw new ValidationError({ what: `initialStates row ${Math.floor(k / n)}, variable ${k % n} is ${describeValue(s)}`, why: 'initial states are spins, -1 or +1', fix: 'Map bits to spins with s = 2x - 1' });
    }
    rows[k] = s;
  }
  return { rows, numRows: flat.length / n };
}
