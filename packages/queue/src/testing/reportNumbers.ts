/** Keys whose values are times, dates, paths or machine facts: they differ between two runs of the same cells. */
const VOLATILE = new Set(['seconds', 'samplesPerSecond', 'trainSeconds', 'wallTimeSeconds', 'createdAt', 'environment', 'finishedAt']);

/**
 * The numbers of an evaluator report (`report.json`) without what differs between two runs of
 * the same cells (timings, dates, the machine, the invocation note with its run directory and
 * counts): two runs whose cells computed the same thing give equal values, to the last digit.
 * Timing-derived summaries (the mean of `trainSeconds`) are dropped with their inputs.
 */
export function reportNumbers(report: unknown): unknown {
  const strip = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (VOLATILE.has(k)) continue;
        if (key === 'summary' && k === 'trainSeconds') continue;
        if (k === 'notes') {
          out[k] = (x as string[]).filter((n) => !n.startsWith('This invocation ran'));
          continue;
        }
        if (k === 'config') continue; // the config echo carries the run directory
        out[k] = strip(x, k);
      }
      return out;
    }
    return v;
  };
  return strip(report);
}
