import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { ValidationError } from './errors.js';

/** A seed: any safe integer (hashed to 32 bits) or a string (hashed). */
export type Seed = number | string;

/** Hashes a seed to an unsigned 32-bit integer (FNV-1a over the decimal or string form). */
export function seedToUint32(seed: Seed): number {
  if (typeof seed === 'number' && (!Number.isSafeInteger(seed))) {
    throw new ValidationError({ what: `seed ${seed} is not a safe integer`, why: 'seeds must be integers so that runs can be repeated exactly', fix: 'Pass an integer seed such as 0 or 1234' });
  }
  if (typeof seed === 'number' && seed >= 0 && seed <= 0xffffffff) return seed >>> 0;
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The one source of randomness in hqml: a seeded xoroshiro128+ generator from `pure-rand`.
 *
 * Design note: pure-rand is well tested and fast, and its generators can `jump`, which gives
 * statistically independent streams for workers and replicas from one user seed ({@link Rng.split}).
 * The same seed always gives the same sequence on every platform.
 */
export class Rng {
  private readonly gen: JumpableRandomGenerator;

  private constructor(gen: JumpableRandomGenerator) {
    this.gen = gen;
  }

  /** A generator seeded by `seed`. */
  static from(seed: Seed): Rng {
    return new Rng(xoroshiro128plus(seedToUint32(seed) | 0));
  }

  /** A float uniform in [0, 1) with 53 random bits. */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** An integer uniform in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new ValidationError({ what: `Rng.int(${n})`, why: 'the bound must be a positive integer' });
    }
    return uniformInt(this.gen, 0, n - 1);
  }

  /** A uniform unsigned 32-bit integer (for seeding other generators). */
  uint32(): number {
    return this.gen.next() >>> 0;
  }

  /** A standard normal variate (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Shuffles `arr` in place (Fisher-Yates) and returns it. */
  shuffle<T, A extends { length: number; [i: number]: T }>(arr: A): A {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = uniformInt(this.gen, 0, i);
      const t = arr[i] as T;
      arr[i] = arr[j] as T;
      arr[j] = t;
    }
    return arr;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * `k` independent generators, derived by jumping (2^64 steps apart), for workers, reads or
   * replicas. This generator is advanced past them.
   */
  split(k: number): Rng[] {
    const out: Rng[] = [];
    for (let i = 0; i < k; i++) {
      this.gen.jump();
      out.push(new Rng(this.gen.clone()));
    }
    this.gen.jump();
    return out;
  }

  /** An independent copy in the same state. */
  clone(): Rng {
    return new Rng(this.gen.clone());
  }
}

/** Shorthand for {@link Rng.from}. */
export function createRng(seed: Seed): Rng {
  return Rng.from(seed);
}
