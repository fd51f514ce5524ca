import { type Annealer, type BenchRecord, IsingModel, Rng } from '@hqml/core';
import { summarize } from '@hqml/eval';
import { ControlNoiseComposite } from '../annealer/controlNoise.js';
import { RepetitionComposite } from '../annealer/repetitionComposite.js';
import { flipModel } from '../annealer/spinReversal.js';
import { HARDWARE_SQA, benchSqa, groundFraction, sampleHardware } from './annealerBench.js';
import { record, round } from './record.js';

/**
 * An antiferromagnetic chain (J = +1 on every bond) of n spins, seen in a random gauge (instance
 * k > 0; spin-flip symmetry makes every gauge the same problem). `pinned` adds h_0 = +1, so the
 * ground state is unique; a free chain (h = 0) has two ground states.
 */
export function afChain(n: number, instance: number, pinned: boolean): { model: IsingModel; ground: number } {
  const base = IsingModel.from({ ...(pinned && { h: [1] }), J: Array.from({ length: n - 1 }, (_, i) => [i, i + 1, 1] as const), numVariables: n });
  const ground = -(n - 1) - (pinned ? 1 : 0);
  if (instance === 0) return { model: base, ground };
  const rng = Rng.from(`af-chain-gauge:${n}:${instance}`);
  return { model: flipModel(base, Array.from({ length: n }, () => rng.float() < 0.5)), ground };
}

interface Config {
  readonly strategy: string;
  readonly penalty?: number;
  readonly wrap: (a: Annealer) => Annealer;
}

const PENALTIES = [0.1, 0.2, 0.3, 0.5];

function configs(full: boolean): Config[] {
  const out: Config[] = [
    { strategy: 'U', wrap: (a) => a },
    { strategy: 'C', wrap: (a) => new RepetitionComposite(a, { strategy: 'c', copies: 4 }) },
  ];
  for (const penalty of full ? PENALTIES : [0.2]) {
    out.push({ strategy: 'EP', penalty, wrap: (a) => new RepetitionComposite(a, { strategy: 'ep', penalty }) });
    out.push({ strategy: 'QAC', penalty, wrap: (a) => new RepetitionComposite(a, { strategy: 'qac', penalty }) });
  }
  if (full) for (const penalty of [0.3, 1]) out.push({ strategy: 'NQAC3', penalty, wrap: (a) => new RepetitionComposite(a, { strategy: 'nested', copies: 3, penalty }) });
  return out;
}

/**
 * Quantum annealing correction on antiferromagnetic chains (8-64 logical spins) under control
 * noise (sigma = 0.05 on h and J, redrawn per read) on SQA at a fixed temperature, with the same
 * sweeps and reads for every strategy: ground-state probability of U, C, EP and QAC (and nested
 * QAC of order 3) with 95% t-intervals over instances x seeds, the penalty sweep, and the
 * noise-free ("ideal") figures of U, C, EP and QAC at penalty 0.2 beside them.
 */
export async function* qacBench(quick: boolean): AsyncGenerator<BenchRecord> {
  const sizes = quick ? [8] : [8, 16, 32, 64];
  const instances = quick ? 1 : 3;
  const seeds = quick ? 2 : 2;
  const reads = quick ? 20 : 50;
  const sigma = 0.05;
  const sqa = benchSqa();
  try {
    const runs: { n: number; pinned: boolean }[] = [...sizes.map((n) => ({ n, pinned: true })), ...(quick ? [] : [{ n: 16, pinned: false }])];
    for (const { n, pinned } of runs) {
      for (const noise of [sigma, 0]) {
        for (const cfg of configs(!quick && noise > 0 && pinned)) {
          if (noise === 0 && cfg.strategy === 'NQAC3') continue;
          const values: number[] = [];
          let disagreement = 0;
          for (let inst = 0; inst < instances; inst++) {
            const { model, ground } = afChain(n, inst, pinned);
            for (let seed = 0; seed < seeds; seed++) {
              const annealer = cfg.wrap(noise > 0 ? new ControlNoiseComposite(sqa, { sigma: noise }) : sqa);
              const ss = await sampleHardware(annealer, model, reads, 1000 * inst + seed);
              values.push(groundFraction(ss, ground));
              disagreement += typeof ss.info['disagreementRate'] === 'number' ? (ss.info['disagreementRate'] as number) : 0;
            }
          }
          const s = summarize(values);
          yield record(
            'qac',
            { logical: n, chain: pinned ? 'pinned' : 'free', strategy: cfg.strategy, ...(cfg.penalty !== undefined && { penalty: cfg.penalty }), controlNoise: noise, reads, runs: values.length },
            'ground-state-probability',
            round(s.mean, 4),
            'fraction',
            { ci95: s.ci ? [round(s.ci.lower, 4), round(s.ci.upper, 4)] : null, disagreementRate: round(disagreement / values.length, 4), sqa: HARDWARE_SQA },
          );
        }
      }
    }
  } finally {
    await sqa.dispose?.();
  }
}
