import { ValidationError, describeValue } from '@hqml/core';

/**
 * Parses a `--seeds` command-line value: distinct non-negative integers separated by commas
 * (`0,1,2`), or a range `A-B` (`0-4`), or both (`0-2,7`).
 */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  const fail = (why: string): never => {
    throw new ValidationError({ what: `--seeds is ${describeValue(text)}`, why, fix: 'Pass distinct non-negative integers, e.g. --seeds 0,1,2 or --seeds 0-4' });
  };
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.every((p) => p === '')) fail('it lists no seed');
  for (const p of parts) {
    if (p === '') fail('it has an empty entry');
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(p);
    if (range) {
      const a = Number(range[1]), b = Number(range[2]);
      if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a) fail(`"${p}" is not a range A-B with A <= B`);
      if (b - a >= 100_000) fail(`"${p}" asks for ${b - a + 1} seeds`);
      for (let s = a; s <= b; s++) seeds.push(s);
      continue;
    }
    if (!/^\d+$/.test(p) || !Number.isSafeInteger(Number(p))) fail(`"${p}" is not a non-negative integer`);
    seeds.push(Number(p));
  }
  const seen = new Set<number>();
  for (const s of seeds) {
    if (seen.has(s)) fail(`seed ${s} is listed twice`);
    seen.add(s);
  }
  return seeds;
}
