import type { Team } from './sim.js';

/** Control words of a shared team: [arrived, generation, error, done flags per thread...]. */
export const CTL_ARRIVED = 0;
export const CTL_GENERATION = 1;
export const CTL_ERROR = 2;
export const CTL_DONE = 3;

/** Raised in a member when another member failed, so that no thread waits forever. */
export class PeerFailedError extends Error {}

/**
 * A team of threads over SharedArrayBuffers: a generation-counting barrier on `ctl` (short spin,
 * then `Atomics.wait`) and a fixed-order sum through `scratch` (threads x capacity).
 */
export class SharedTeam implements Team {
  constructor(
    readonly t: number,
    readonly T: number,
    private readonly ctl: Int32Array,
    private readonly scratch: Float64Array,
  ) {}

  barrier(): void {
    const ctl = this.ctl;
    const gen = Atomics.load(ctl, CTL_GENERATION);
    if (Atomics.add(ctl, CTL_ARRIVED, 1) === this.T - 1) {
      Atomics.store(ctl, CTL_ARRIVED, 0);
      Atomics.add(ctl, CTL_GENERATION, 1);
      Atomics.notify(ctl, CTL_GENERATION);
      return;
    }
    let spins = 0;
    while (Atomics.load(ctl, CTL_GENERATION) === gen) {
      if (Atomics.load(ctl, CTL_ERROR) !== 0) throw new PeerFailedError('a peer thread failed');
      if (++spins < 4000) continue;
      Atomics.wait(ctl, CTL_GENERATION, gen, 50);
    }
  }

  sum(v: Float64Array, len: number): void {
    const cap = this.scratch.length / this.T;
    for (let start = 0; start < len; start += cap) {
      const n = Math.min(cap, len - start);
      this.scratch.set(v.subarray(start, start + n), this.t * cap);
      this.barrier();
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let m = 0; m < this.T; m++) s += this.scratch[m * cap + j]!;
        v[start + j] = s;
      }
      this.barrier();
    }
  }
}
