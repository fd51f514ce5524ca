/** Median of `xs` (mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Times `steps` interleaved (A, B, C, A, B, C, ...) after `warm` warm-up rounds and returns each
 * step's median wall time in milliseconds over `reps` rounds. On a shared machine, load then hits
 * every step alike, so their ratios are steadier than those of separate timing loops.
 */
export function timeInterleaved(steps: ReadonlyArray<() => void>, warm: number, reps: number): number[] {
  for (let i = 0; i < warm; i++) for (const s of steps) s();
  const ts = steps.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) {
    steps.forEach((s, k) => {
      const t0 = performance.now();
      s();
      (ts[k] as number[]).push(performance.now() - t0);
    });
  }
  return ts.map(median);
}

/** {@link timeInterleaved} for asynchronous steps (annealers): each step is awaited before the next starts. */
export async function timeInterleavedAsync(steps: ReadonlyArray<() => Promise<unknown>>, warm: number, reps: number): Promise<number[]> {
  for (let i = 0; i < warm; i++) for (const s of steps) await s();
  const ts = steps.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) {
    for (let k = 0; k < steps.length; k++) {
      const t0 = performance.now();
      await (steps[k] as () => Promise<unknown>)();
      (ts[k] as number[]).push(performance.now() - t0);
    }
  }
  return ts.map(median);
}
