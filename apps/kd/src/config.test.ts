import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKdConfig, parseKdConfig } from './config.js';
import { planCells } from './runKd.js';
import { teacherSpecOf } from './teacherCache.js';

const configs = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'configs');

describe('kd configs', () => {
  it('quick.yaml: MNIST 0-7, 150 per class, LeNet-5 teacher, 4-qubit students, 3 seeds -> 6 cells', async () => {
    const c = await loadKdConfig(join(configs, 'quick.yaml'));
    expect(c.seeds).toEqual([0, 1, 2]);
    const [e] = c.experiments;
    expect(e).toMatchObject({ dataset: 'mnist', classes: [0, 1, 2, 3, 4, 5, 6, 7], train: { perClass: 150 }, test: { perClass: 150 }, student: { model: 'qnn', qubits: 4 } });
    expect(c.trainers.distilled).toEqual({ id: 'distill.kd', options: { temperature: 3, alpha: 0.9 } });
    const cells = planCells(c);
    expect(cells.map((x) => x.id)).toEqual([0, 1, 2].flatMap((s) => [`mnist-0-7-4q--baseline--s${s}`, `mnist-0-7-4q--kd-lenet5--s${s}`]));
    expect(new Set(cells.map((x) => x.key)).size).toBe(6);
  });

  it('seed-004-grid.yaml: 6 experiments x (baseline + 3 teachers) x 5 seeds, with the seed figures as references', async () => {
    const c = await loadKdConfig(join(configs, 'seed-004-grid.yaml'));
    expect(planCells(c)).toHaveLength(120);
    const fm = c.experiments.find((e) => e.name === 'fmnist-0-5-3q')!;
    expect(fm.reference).toEqual({ baseline: 65.0, 'kd-lenet5': 77.0, 'kd-alexnet': 83.4, 'kd-ensemble': 67.9 });
    // The ensemble's members are the very teachers named alone (same cache entries).
    const [lenet, alex, ens] = fm.teachers.map((t) => teacherSpecOf(fm, fm.classes!, t, c.teacherTraining));
    expect(ens).toEqual({ model: 'ensemble', members: [lenet, alex] });
  });

  it('paper-v2.yaml: 72 experiments x 2 conditions x 5 seeds, teachers trained up to 15 epochs with a validation hold-out', async () => {
    const c = await loadKdConfig(join(configs, 'paper-v2.yaml'));
    expect(c.experiments).toHaveLength(72);
    expect(planCells(c)).toHaveLength(720);
    expect(c.teacherTraining).toMatchObject({ epochs: 15, validation: 0.1 });
  });

  it('seed-004-strong.yaml and its tuning grid: the same experiments and teachers; tuning on seeds 100-101, distilled only, one (T, alpha) per file', async () => {
    const strong = await loadKdConfig(join(configs, 'seed-004-strong.yaml'));
    const grid = await loadKdConfig(join(configs, 'seed-004-grid.yaml'));
    expect(planCells(strong)).toHaveLength(120);
    expect(strong.teacherTraining).toMatchObject({ epochs: 15, validation: 0.1 });
    expect(strong.experiments.map((e) => ({ ...e, teachers: [] }))).toEqual(grid.experiments.map((e) => ({ ...e, teachers: [] })));
    const teachersOf = (c: typeof strong) => c.experiments.flatMap((e) => e.teachers.map((t) => JSON.stringify(teacherSpecOf(e, e.classes!, t, c.teacherTraining))));
    const settings = new Set<string>();
    for (const T of [1, 3, 6]) {
      for (const a of [0.3, 0.7]) {
        const t = await loadKdConfig(join(configs, 'tune', `seed-004-T${T}-a${a}.yaml`));
        expect(t.seeds).toEqual([100, 101]);
        expect(t.trainers.distilled).toEqual({ id: 'distill.kd', options: { temperature: T, alpha: a } });
        const cells = planCells(t);
        expect(cells).toHaveLength(36);
        expect(cells.every((x) => x.condition.startsWith('kd-'))).toBe(true);
        // The very teachers of seed-004-strong (one cache entry each).
        expect(teachersOf(t)).toEqual(teachersOf(strong));
        settings.add(`${T}/${a}`);
      }
    }
    expect(settings.size).toBe(6);
  });

  it('cell keys change with what determines the numbers and not with labels or references', async () => {
    const c = await loadKdConfig(join(configs, 'quick.yaml'));
    const base = planCells(c).map((x) => x.key);
    const relabelled = planCells({ ...c, experiments: c.experiments.map((e) => ({ ...e, label: 'other', reference: {} })) }).map((x) => x.key);
    expect(relabelled).toEqual(base);
    const hotter = planCells({ ...c, trainers: { ...c.trainers, distilled: { id: 'distill.kd', options: { temperature: 4, alpha: 0.9 } } } }).map((x) => x.key);
    expect(hotter.filter((k, i) => k !== base[i])).toHaveLength(3); // the KD cells only
    const other = planCells({ ...c, backend: { id: 'statevector', options: { noise: { channels: [{ kind: 'depolarizing', probability: 0.01 }] } } } }).map((x) => x.key);
    expect(other.filter((k, i) => k !== base[i])).toHaveLength(6);
    const mitigated = planCells({ ...c, mitigators: ['mitigation.zne'] }).map((x) => x.key);
    expect(mitigated.filter((k, i) => k !== base[i])).toHaveLength(6);
  });

  it('noisy-zne.yaml: experiments may run on their own backend and mitigators, and their cells say so', async () => {
    const c = await loadKdConfig(join(configs, 'noisy-zne.yaml'));
    const cells = planCells(c);
    const spec = (exp: string) => cells.find((x) => x.experiment === exp)!.spec;
    expect(spec('ideal')).toMatchObject({ backend: 'statevector', mitigators: [] });
    expect(spec('noisy')).toMatchObject({ backend: { id: 'statevector' }, mitigators: [] });
    expect(spec('noisy-zne').mitigators).toEqual([{ id: 'mitigation.zne', options: { scaleFactors: [1, 3, 5], factory: 'richardson' } }]);
    expect(spec('noisy-zne').data).not.toHaveProperty('mitigators');
  });

  it('invalid configs fail with the offending key', () => {
    const ok = { title: 't', seeds: [0], experiments: [{ name: 'x', dataset: 'mnist', classes: [0, 1], train: { perClass: 10 }, student: { qubits: 2 } }] };
    expect(() => parseKdConfig(ok)).not.toThrow();
    expect(() => parseKdConfig({ ...ok, seeds: [] })).toThrow(/seeds/);
    expect(() => parseKdConfig({ ...ok, seeds: [1, 1] })).toThrow(/seed 1 is listed twice/);
    expect(() => parseKdConfig({ ...ok, tpyo: 1 })).toThrow(/tpyo/);
    expect(() => parseKdConfig({ ...ok, experiments: [{ ...ok.experiments[0], train: { perClas: 3 } }] })).toThrow(/experiments\[0\]\.train.*perClas/);
  });

  it('keys of earlier versions are refused with their replacement', () => {
    const ok = { title: 't', seeds: [0], experiments: [{ name: 'x', dataset: 'mnist', classes: [0, 1], train: { perClass: 10 }, student: { qubits: 2 } }] };
    expect(() => parseKdConfig({ ...ok, kd: { alpha: 0.5 } })).toThrow(/"kd" was replaced.*trainers: \{ distilled/);
    expect(() => parseKdConfig({ ...ok, experiments: [{ ...ok.experiments[0], trainPerClass: 10 }] })).toThrow(/experiments\[0\]\.trainPerClass.*Write train: \{ perClass: N \}/);
  });
});
