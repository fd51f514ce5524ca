import { readFileSync } from 'node:fs';

/**
 * CPU seconds spent by the calling thread, from Linux's `/proc/thread-self/schedstat`
 * (nanoseconds on CPU), or `undefined` where that file does not exist. Benchmarks on a shared
 * machine report rates per CPU second beside rates per wall second, because other processes
 * steal wall time but not this thread's CPU time.
 */
export function threadCpuSeconds(): number | undefined {
  try {
    const text = readFileSync('/proc/thread-self/schedstat', 'utf8');
    const ns = Number(text.split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e9 : undefined;
  } catch {
    return undefined;
  }
}
