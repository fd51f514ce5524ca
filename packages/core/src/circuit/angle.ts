import { ValidationError } from '../errors.js';

/** Where a term of an angle takes its value from. */
export type AngleSource = 'param' | 'input';

/** One linear term of an angle: `coeff * (params|inputs)[index]`. */
export interface AngleTerm {
  readonly source: AngleSource;
  readonly index: number;
  readonly coeff: number;
}

/**
 * A gate angle: `constant + sum(coeff * value)`, where each value is a trainable parameter shared
 * by the batch or a per-sample input feature.
 *
 * Design note: one affine form covers all four cases the IR needs (a constant, a parameter
 * reference, an input reference, a combination such as `pi * x_i + theta_k`), so backends
 * evaluate angles and their derivatives by one code path. Derivatives are the coefficients.
 */
export interface AngleExpr {
  readonly constant: number;
  readonly terms: readonly AngleTerm[];
}

/** Anything the builder accepts where an angle goes. */
export type AngleLike = number | AngleExpr;

function checkIndex(kind: string, index: number): void {
  if (!Number.isInteger(index) || index < 0) {
    throw new ValidationError({
      what: `${kind} index ${index} is invalid`,
      why: 'indices are non-negative integers',
      fix: `Pass 0, 1, 2, ... to ${kind}()`,
    });
  }
}

function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new ValidationError({ what: `${name} is ${value}`, why: 'angles must be finite numbers', fix: 'Pass a finite number' });
  }
}

/** A constant angle. */
export function constant(value: number): AngleExpr {
  checkFinite('constant angle', value);
  return Object.freeze({ constant: value, terms: Object.freeze([]) });
}

/** A reference to trainable parameter `index`, times `coeff`. */
export function param(index: number, coeff = 1): AngleExpr {
  checkIndex('param', index);
  checkFinite('param coefficient', coeff);
  return Object.freeze({ constant: 0, terms: Object.freeze([Object.freeze({ source: 'param' as const, index, coeff })]) });
}

/** A reference to per-sample input feature `index`, times `coeff`. */
export function input(index: number, coeff = 1): AngleExpr {
  checkIndex('input', index);
  checkFinite('input coefficient', coeff);
  return Object.freeze({ constant: 0, terms: Object.freeze([Object.freeze({ source: 'input' as const, index, coeff })]) });
}

/** Normalises a number or expression into an expression. */
export function toAngle(a: AngleLike): AngleExpr {
  return typeof a === 'number' ? constant(a) : a;
}

/** The sum of angles (terms are kept in order; equal references are merged). */
export function addAngles(...angles: AngleLike[]): AngleExpr {
  let c = 0;
  const merged = new Map<string, AngleTerm>();
  for (const raw of angles) {
    const a = toAngle(raw);
    c += a.constant;
    for (const t of a.terms) {
      const key = `${t.source}:${t.index}`;
      const prev = merged.get(key);
      merged.set(key, prev ? { ...t, coeff: prev.coeff + t.coeff } : t);
    }
  }
  return Object.freeze({ constant: c, terms: Object.freeze([...merged.values()].map((t) => Object.freeze(t))) });
}

/** `k * a`. */
export function scaleAngle(a: AngleLike, k: number): AngleExpr {
  const e = toAngle(a);
  return Object.freeze({
    constant: e.constant * k,
    terms: Object.freeze(e.terms.map((t) => Object.freeze({ ...t, coeff: t.coeff * k }))),
  });
}

/**
 * Evaluates an angle for one sample.
 * @param inputs the batch's input matrix (row-major, B x numInputs)
 * @param inputOffset `b * numInputs` for sample b
 */
export function evaluateAngle(a: AngleExpr, params: ArrayLike<number>, inputs?: ArrayLike<number>, inputOffset = 0): number {
  let v = a.constant;
  for (const t of a.terms) {
    if (t.source === 'param') v += t.coeff * (params[t.index] as number);
    else v += t.coeff * ((inputs as ArrayLike<number>)[inputOffset + t.index] as number);
  }
  return v;
}

/** True when the angle does not depend on per-sample inputs (the same for the whole batch). */
export function isBatchConstant(a: AngleExpr): boolean {
  return a.terms.every((t) => t.source === 'param');
}

/** Human-readable form, e.g. `0.5 + 2*p[3] + x[0]`. */
export function formatAngle(a: AngleExpr): string {
  const parts: string[] = [];
  if (a.constant !== 0 || a.terms.length === 0) parts.push(String(a.constant));
  for (const t of a.terms) {
    const ref = `${t.source === 'param' ? 'p' : 'x'}[${t.index}]`;
    parts.push(t.coeff === 1 ? ref : `${t.coeff}*${ref}`);
  }
  return parts.join(' + ');
}
