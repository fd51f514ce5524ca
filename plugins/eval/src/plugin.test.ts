import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, PluginRegistry, ValidationError, createContainer, inject } from '@hqml/core';
import { EvaluatorToken } from './evaluator.js';
import { hqml } from './plugin.js';
import { registerEval } from './register.js';
import { writeReport } from './report/writeReport.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('eval plugin module', () => {
  it('exposes the eval.classification evaluator, the eval command and the eval bench suite', () => {
    const registry = PluginRegistry.of(hqml);
    const p = registry.get('eval.classification', 'evaluator');
    expect(p.kind).toBe('evaluator');
    expect(registry.commands().map((c) => c.name)).toEqual(['eval']);
    expect(registry.benchmarks().map((b) => b.name)).toEqual(['eval']);
  });

  it('registers explicitly with validated options that apply to metrics and reports', async () => {
    const container = createContainer();
    await registerEval(container, { zeroDivision: 1, confidence: 0.9 });
    const ev = inject(container, EvaluatorToken);
    expect(ev.metrics([0, 0], [0, 0], 2).precision).toEqual([1, 1]);
    expect(ev.metricsFromLogits([1, 0, 1, 0], [0, 0], 2).precision).toEqual([1, 1]);
    const m = ev.metrics([0, 1], [0, 1], 2);
    const r = ev.report({ title: 't', seeds: [1, 2], backend: 'b', wallTimeSeconds: 0, conditions: [{ name: 'c', runs: [{ seed: 1, metrics: m }, { seed: 2, metrics: m }] }] });
    expect(r.confidence).toBe(0.9);
    await expect(registerEval(createContainer(), { zeroDivision: 2 } as never)).rejects.toThrow(ValidationError);
    await expect(registerEval(createContainer(), { confidence: 1.5 })).rejects.toThrow(/confidence/);
    // Defaults.
    const d = inject(await (async () => { const c = createContainer(); await registerEval(c); return c; })(), EvaluatorToken);
    expect([d.zeroDivision, d.confidence]).toEqual([0, 0.95]);
  });

  it('`hqml eval check` recomputes a report and fails on a tampered number; `render` rewrites it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hqml-eval-cli-'));
    dirs.push(dir);
    const container = createContainer();
    const ev = await registerEval(container);
    const runs = [1, 2, 3].map((seed) => ({ seed, metrics: ev.metrics([0, 1, 1, 0, 1], seed === 2 ? [0, 1, 0, 0, 0] : [0, 1, 1, 0, 0], 2) }));
    const report = ev.report({ title: 'cli', seeds: [1, 2, 3], backend: 'statevector', wallTimeSeconds: 1, conditions: [{ name: 'baseline', runs }] });
    const files = await writeReport(report, dir);

    const lines: string[] = [];
    const program = new Command().exitOverride();
    for (const c of hqml.commands!) c.register(program, { registry: PluginRegistry.of(hqml), print: (l) => lines.push(l) });
    await program.parseAsync(['eval', 'check', files.json, '--json'], { from: 'user' });
    const out = JSON.parse(lines[0]!) as { ok: boolean; conditions: { accuracy: { mean: number } }[] };
    expect(out.ok).toBe(true);
    expect(out.conditions[0]!.accuracy.mean).toBeCloseTo((0.8 + 0.6 + 0.8) / 3, 14);

    const json = JSON.parse(await readFile(files.json, 'utf8')) as { conditions: { runs: { metrics: { accuracy: number } }[] }[] };
    json.conditions[0]!.runs[0]!.metrics.accuracy = 0.9;
    const bad = join(dir, 'tampered.json');
    await writeFile(bad, JSON.stringify(json));
    await expect(program.parseAsync(['eval', 'check', bad], { from: 'user' })).rejects.toThrow(DataError);
    await expect(program.parseAsync(['eval', 'check', join(dir, 'missing.json')], { from: 'user' })).rejects.toThrow(/Cannot read report/);

    const out2 = join(dir, 'rerendered');
    await program.parseAsync(['eval', 'render', files.json, '--out', out2], { from: 'user' });
    expect((await readdir(out2)).sort()).toEqual(['plots', 'report.json', 'report.md']);
    expect(await readFile(join(out2, 'report.md'), 'utf8')).toBe(await readFile(files.markdown, 'utf8'));
  });

  it('the bench suite yields one record per case (quick mode)', async () => {
    const records = [];
    for await (const r of hqml.benchmarks![0]!.run({ quick: true })) records.push(r);
    expect(records.map((r) => r.case)).toEqual(['metrics-from-labels', 'metrics-from-logits', 't-quantile', 'write-report']);
    for (const r of records) expect(r.value).toBeGreaterThan(0);
  });
});
