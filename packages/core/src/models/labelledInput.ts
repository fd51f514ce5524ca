import { ValidationError, describeValue } from '../errors.js';
import { type VariableLabel, formatLabel, labelKey, toLabel } from './labels.js';
import type { QuadraticModelInput } from './quadraticModel.js';

/**
 * Linear biases as a dimod user writes them: a `Map` (any labels), a list of `[label, bias]`
 * entries, a plain object (`{ a: 1, 0: -1 }`), or a list/typed array of biases (variables
 * 0..n-1, as dimod accepts a list for `h`).
 *
 * Plain-object keys that are canonical integers ("0", "17", "-3") become numbers, because
 * JavaScript turns the key of `{ 0: 1 }` into the string "0" and a dimod user meant the integer.
 * Use a Map for a string label such as "0".
 */
export type LinearBiases = ArrayLike<number> | Iterable<readonly [VariableLabel, number]> | Readonly<Record<string, number>>;

/**
 * Quadratic biases (dimod's `J` or `Q`): a `Map` keyed by `[u, v]` pairs, a list of
 * `[[u, v], bias]` entries (`[...map]`), or a list of `[u, v, bias]` triples. Entries naming the
 * same pair (in either order) are summed, as dimod's `add_quadratic` does.
 */
export type QuadraticBiases = Iterable<readonly [VariableLabel, VariableLabel, number] | readonly [readonly [VariableLabel, VariableLabel], number]>;

const CANONICAL_INT = /^(0|-?[1-9]\d{0,15})$/;

function objectKey(key: string): VariableLabel {
  if (CANONICAL_INT.test(key)) {
    const n = Number(key);
    if (Number.isSafeInteger(n)) return n;
  }
  return key;
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function bias(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError({ what: `${where} is ${describeValue(v)}`, why: 'biases must be finite numbers', fix: 'Replace the value with a finite number' });
  return v;
}

/** Collects variables in first-seen order (dimod's order: `h` first, then new ones from `J`). */
class Variables {
  readonly labels: VariableLabel[] = [];
  private readonly index = new Map<string, number>();

  add(label: VariableLabel): number {
    const key = labelKey(label);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.labels.length;
      this.labels.push(label);
      this.index.set(key, i);
    }
    return i;
  }
}

function linearEntries(h: unknown, name: string): Array<[unknown, unknown, string]> {
  if (h === undefined || h === null) return [];
  if (typeof h === 'string') throw new ValidationError({ what: `${name} is a string`, why: 'linear biases are a Map, an object, a list of [label, bias] or a list of numbers', fix: `Pass e.g. new Map([['a', 1]]) or { a: 1 }` });
  if (Array.isArray(h) || ArrayBuffer.isView(h)) {
    const arr = Array.from(h as ArrayLike<unknown>);
    if (arr.every((v) => typeof v === 'number')) return arr.map((v, i) => [i, v, `${name}[${i}]`]);
    return arr.map((e, k) => {
      if (!Array.isArray(e) || e.length !== 2) throw new ValidationError({ what: `${name}[${k}] is ${describeValue(e)}`, why: 'a list of linear biases holds numbers (index-labelled) or [label, bias] pairs', fix: "Pass [['a', 1], ['b', -1]] or [1, -1]" });
      return [e[0], e[1], `${name}[${k}]`];
    });
  }
  if (isIterable(h)) {
    return Array.from(h, (e, k) => {
      if (!Array.isArray(e) || e.length !== 2) throw new ValidationError({ what: `${name} entry ${k} is ${describeValue(e)}`, why: 'entries of linear biases are [label, bias] pairs', fix: "Pass a Map or [['a', 1], ...]" });
      return [e[0], e[1], `${name} entry ${k}`];
    });
  }
  if (typeof h === 'object') return Object.entries(h).map(([k, v]) => [objectKey(k), v, `${name}[${JSON.stringify(k)}]`]);
  throw new ValidationError({ what: `${name} is ${describeValue(h)}`, why: 'linear biases are a Map, an object, a list of [label, bias] or a list of numbers', fix: 'Pass e.g. { a: 1, b: -1 }' });
}

function quadraticEntries(J: unknown, name: string): Array<[unknown, unknown, unknown, string]> {
  if (J === undefined || J === null) return [];
  if (!isIterable(J) || typeof J === 'string') {
    throw new ValidationError({
      what: `${name} is ${describeValue(J)}`,
      why: 'quadratic biases are keyed by pairs of labels, which a JavaScript object cannot have as keys',
      fix: `Pass a Map keyed by [u, v] pairs, or a list of [u, v, bias] triples, e.g. [['a', 'b', -1]]`,
    });
  }
  return Array.from(J, (e, k): [unknown, unknown, unknown, string] => {
    const where = `${name} entry ${k}`;
    if (Array.isArray(e) && e.length === 3) return [e[0], e[1], e[2], where];
    if (Array.isArray(e) && e.length === 2 && Array.isArray(e[0]) && e[0].length === 2) return [e[0][0], e[0][1], e[1], where];
    throw new ValidationError({ what: `${where} is ${describeValue(e)}`, why: 'each quadratic bias is [u, v, bias] or [[u, v], bias]', fix: "Pass e.g. [['a', 'b', -1]] or new Map([[['a', 'b'], -1]])" });
  });
}

/**
 * Turns dimod-style dictionaries into an index-based model input with labels.
 * `diagonal: 'linear'` (QUBOs) folds `(u, u)` entries into the linear biases; `'error'` (Ising)
 * refuses them, as dimod refuses a spin interacting with itself.
 */
export function labelledInput(linear: unknown, quadratic: unknown, offset: number, names: { linear: string; quadratic: string }, diagonal: 'linear' | 'error'): QuadraticModelInput {
  const vars = new Variables();
  const lin: number[] = [];
  const addLinear = (i: number, b: number): void => {
    while (lin.length <= i) lin.push(0);
    lin[i] = lin[i]! + b;
  };
  for (const [rawLabel, rawBias, where] of linearEntries(linear, names.linear)) {
    const label = toLabel(rawLabel, `${where}'s label`);
    addLinear(vars.add(label), bias(rawBias, where));
  }
  const quad: Array<[number, number, number]> = [];
  for (const [ru, rv, rb, where] of quadraticEntries(quadratic, names.quadratic)) {
    const u = toLabel(ru, `${where}'s first label`);
    const v = toLabel(rv, `${where}'s second label`);
    const b = bias(rb, `${where} (${formatLabel(u)}, ${formatLabel(v)})`);
    const i = vars.add(u);
    const j = vars.add(v);
    if (i === j) {
      if (diagonal === 'linear') {
        addLinear(i, b);
        continue;
      }
      throw new ValidationError({ what: `${where} couples ${formatLabel(u)} with itself`, why: 'a spin times itself is 1, so this is not an interaction', fix: 'Add the bias to the offset instead' });
    }
    quad.push([i, j, b]);
  }
  if (typeof offset !== 'number' || !Number.isFinite(offset)) throw new ValidationError({ what: `offset is ${describeValue(offset)}`, why: 'the offset is a finite number', fix: 'Pass a finite offset (default 0)' });
  return { linear: lin, quadratic: quad, offset, numVariables: vars.labels.length, labels: vars.labels };
}
