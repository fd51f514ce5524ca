import type { BenchRecord } from '@hqml/core';

/** One record of the `mitigation` suite. */
export function record(
  kase: string,
  sizes: Readonly<Record<string, number | string>>,
  metric: string,
  value: number,
  unit: string,
  extra: Readonly<Record<string, unknown>> = {},
): BenchRecord {
  return { suite: 'mitigation', case: kase, sizes, threads: 1, metric, value, unit, ...extra };
}

/** Rounds for JSON output (the figures are not meaningful beyond this). */
export function round(v: number, digits = 6): number {
  return Number.isFinite(v) ? Number(v.toPrecision(digits)) : v;
}
