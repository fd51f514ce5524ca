import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hqml } from './hqml.js';

/**
 * `hqml refine` as a user runs it: the real launcher finds the app and every plugin it names,
 * and swapping one refiner's annealer, or wrapping it in a mitigator, is one config line that
 * reruns that refiner's cells and nothing else.
 */
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hqml-refine-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASE = `title: swap
seeds: [0]
tfjsBackend: cpu
qubo: { candidates: [2], neighbours: [3], agreement: [0, 1] }
tuning: { annealer: { id: anneal.sa, options: { numThreads: 1 } }, sample: { numReads: 4 } }
refiners:
  - name: a
    annealer: { id: anneal.sa, options: { numThreads: 1 } }
    mitigators: []
  - name: b
    annealer: anneal.sa
    sample: { numReads: 5 }
experiments:
  - name: digits
    dataset: mnist
    classes: [1, 7]
    train: { perClass: 20 }
    validation: 0.25
    test: { perClass: 6 }
    cnn: { epochs: 1, batchSize: 8 }
`;

function variant(from: string, to: string): string {
  const lines = BASE.split('\n');
  const at = lines.map((l, i) => (l.trim() === from ? i : -1)).filter((i) => i >= 0);
  expect(at, `one line "${from}"`).toHaveLength(1);
  lines[at[0]!] = lines[at[0]!]!.replace(from, to);
  return lines.join('\n');
}

async function run(name: string, yaml: string): Promise<{ cellsRun: number; cellsReused: number; reports: Array<{ markdown: string; json: string }>; rows: Array<{ condition: string }> }> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  const r = await hqml(['refine', '--config', file, '--run-dir', join(dir, 'run'), '--quiet', '--json']);
  expect(r.stderr, r.stderr).not.toMatch(/Error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('hqml refine: one config line swaps one part', () => {
  it('runs, then an annealer swap and a mitigator each rerun only that refiner', async () => {
    const base = await run('base', BASE);
    expect(base).toMatchObject({ cellsRun: 4, cellsReused: 0 });
    expect(base.rows.map((r) => r.condition)).toEqual(['cnn', 'a', 'b']);

    const sqa = await run('sqa', variant('annealer: anneal.sa', 'annealer: anneal.sqa'));
    expect(sqa).toMatchObject({ cellsRun: 1, cellsReused: 3 });
    expect(await readFile(sqa.reports[0]!.markdown, 'utf8')).toMatch(/b: anneal\.sqa \(composed as anneal\.sqa\) \{"numReads":5\}/);

    const qac = await run('qac', variant('mitigators: []', 'mitigators: [mitigation.repetition]'));
    // against the base config: refiner a reruns, b is the base's again (its cell was overwritten by the sqa run)
    expect(qac).toMatchObject({ cellsRun: 2, cellsReused: 2 });
    const md = await readFile(qac.reports[0]!.markdown, 'utf8');
    expect(md).toMatch(/a: anneal\.sa \(numThreads 1\) \+ mitigation\.repetition \(composed as mitigation\.repetition\(anneal\.sa\)\)/);
    expect(md).toMatch(/\| a \| .* \| \+7\.6 \|/); // the claim beside the measured gain
  });
});
