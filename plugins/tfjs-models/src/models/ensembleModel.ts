import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ClassicalModel, type DataSplit, DataError, TrainingHistory, ValidationError, describeValue, writeFileAtomic, type EpochRecord } from '@hqml/core';
import type { TfjsFitOptions } from './tfjsModel.js';

/**
 * An ensemble teacher: its logits are the mean of its members' logits (the seed's "ensemble" of
 * LeNet-5 and AlexNet). `fit` trains each member in turn with its own seed and checkpoint
 * subdirectory; the history has one record per epoch with metrics averaged over the members
 * that ran that epoch, and each member's history in `meta.members`.
 */
export class EnsembleModel implements ClassicalModel {
  readonly id = 'ensemble';
  readonly inputShape: readonly number[];
  readonly outputSize: number;
  readonly members: readonly ClassicalModel[];

  constructor(members: readonly ClassicalModel[]) {
    if (members.length < 1) throw new ValidationError({ what: 'ensemble: no members', why: 'an ensemble averages at least one model', fix: 'Pass members, e.g. [lenet5, alexnet]' });
    const first = members[0] as ClassicalModel;
    for (const m of members) {
      if (JSON.stringify(m.inputShape) !== JSON.stringify(first.inputShape) || m.outputSize !== first.outputSize) {
        throw new ValidationError({ what: `ensemble: member ${m.id} has input ${describeValue(m.inputShape)} and ${m.outputSize} outputs`, why: `member ${first.id} has ${describeValue(first.inputShape)} and ${first.outputSize}`, fix: 'Build all members for the same data set' });
      }
    }
    this.members = Object.freeze([...members]);
    this.inputShape = first.inputShape;
    this.outputSize = first.outputSize;
  }

  get parameterCount(): number {
    return this.members.reduce((n, m) => n + m.parameterCount, 0);
  }

  async fit(train: DataSplit, options: TfjsFitOptions): Promise<TrainingHistory> {
    const histories: TrainingHistory[] = [];
    for (const [i, m] of this.members.entries()) {
      const dir = options.checkpointDir ? join(options.checkpointDir, `member-${i}`) : undefined;
      const { checkpointDir: _c, ...rest } = options;
      histories.push(await m.fit(train, { ...rest, seed: (options.seed ?? 0) + i, ...(dir ? { checkpointDir: dir } : {}) }));
    }
    const n = Math.max(...histories.map((h) => h.epochs.length));
    const epochs: EpochRecord[] = [];
    for (let e = 0; e < n; e++) {
      const recs = histories.map((h) => h.epochs[e]).filter((r): r is EpochRecord => r !== undefined);
      const mean = (k: string): number | undefined => {
        const v = recs.map((r) => r[k]).filter((x): x is number => typeof x === 'number');
        return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
      };
      const rec: Record<string, number> = { epoch: e + 1 };
      for (const k of ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'seconds']) {
        const v = mean(k);
        if (v !== undefined) rec[k] = v;
      }
      epochs.push(rec as unknown as EpochRecord);
    }
    return new TrainingHistory(epochs, { members: histories.map((h, i) => ({ id: this.members[i]?.id, ...h.toJSON() })) });
  }

  async logits(x: Float32Array, count: number): Promise<Float32Array> {
    const out = new Float32Array(count * this.outputSize);
    for (const m of this.members) {
      const l = await m.logits(x, count);
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (l[i] as number) / this.members.length;
    }
    return out;
  }

  /** Saves each member to `dir/member-<i>` and an `ensemble.json` listing them. */
  async save(dir: string): Promise<void> {
    for (const [i, m] of this.members.entries()) {
      const sub = join(dir, `member-${i}`);
      await mkdir(sub, { recursive: true });
      await m.save(sub);
    }
    await writeFileAtomic(join(dir, 'ensemble.json'), JSON.stringify({ format: 'hqml-ensemble', members: this.members.map((m, i) => ({ id: m.id, dir: `member-${i}` })) }));
  }

  async load(dir: string): Promise<void> {
    let json: { format?: string; members?: Array<{ id: string; dir: string }> };
    try {
      json = JSON.parse(await readFile(join(dir, 'ensemble.json'), 'utf8')) as typeof json;
    } catch (cause) {
      throw new DataError({ what: `Cannot read ${join(dir, 'ensemble.json')}`, why: (cause as Error).message, fix: 'Pass a directory written by an ensemble save()', cause });
    }
    const ids = (json.members ?? []).map((m) => m.id);
    if (json.format !== 'hqml-ensemble' || JSON.stringify(ids) !== JSON.stringify(this.members.map((m) => m.id))) {
      throw new ValidationError({ what: `${dir} holds an ensemble of [${ids.join(', ')}]`, why: `this ensemble is [${this.members.map((m) => m.id).join(', ')}]`, fix: 'Build the ensemble with the same members' });
    }
    for (const [i, m] of this.members.entries()) await m.load(join(dir, `member-${i}`));
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
  }
}
