/**
 * The generator inside the sweep loops: Marsaglia's xorshift128 on four 32-bit words.
 *
 * Design note: the hot loops inline the same four shifts on local variables (a call per
 * attempt costs more than the arithmetic); this module holds the seeding and the helpers used
 * outside the loops. Every stream is seeded from words drawn from core's `Rng`, so the user's
 * seed fixes every number.
 */

/** A 32-bit finalizer (splitmix/murmur style) used to derive stream seeds. */
export function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return z ^ (z >>> 15);
}

/**
 * Seeds `out` (4 words) for read `index` of a run whose base seed is `(a, b)`: the stream of a
 * read depends on its index only, never on which thread runs it.
 */
export function seedStream(a: number, b: number, index: number, out: Int32Array): Int32Array {
  for (let k = 0; k < 4; k++) out[k] = mix32(mix32(a ^ Math.imul(4 * index + k + 1, 0x9e3779b9)) ^ b);
  if ((out[0]! | out[1]! | out[2]! | out[3]!) === 0) out[0] = 1;
  return out;
}

/** The next signed 32-bit output of the stream in `s` (advances it). */
export function nextInt32(s: Int32Array): number {
  const x = s[0]!;
  const t = x ^ (x << 11);
  s[0] = s[1]!;
  s[1] = s[2]!;
  s[2] = s[3]!;
  const w = s[3]!;
  const r = w ^ (w >>> 19) ^ t ^ (t >>> 8);
  s[3] = r;
  return r;
}

/** A float uniform in [0, 1) (32 bits) from the stream. */
export function nextFloat(s: Int32Array): number {
  return (nextInt32(s) >>> 0) * 2.3283064365386963e-10;
}

/** Fills `state` with uniform random spins. */
export function randomSpins(s: Int32Array, state: Int8Array): void {
  for (let i = 0; i < state.length; i++) state[i] = nextInt32(s) < 0 ? -1 : 1;
}
