import type { EvaluationReport } from '@hqml/eval';
import type { QuboWeights } from './labellingQubo.js';

/** What the refinement section is built from. */
export interface RefinementSectionInput {
  readonly report: EvaluationReport;
  readonly claim: { readonly improvement: number; readonly source: string };
  /** Refiner condition names, in config order. */
  readonly refiners: readonly string[];
  /** The tuning cells, per seed. */
  readonly tune: ReadonlyArray<{ readonly seed: number; readonly result: { readonly weights: QuboWeights; readonly extra: Readonly<Record<string, number>> } }>;
}

const pp = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(digits)}`);
const pct = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : (v * 100).toFixed(digits));
const num = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/**
 * The Markdown section `hqml refine` appends to each report: the original claim beside the
 * measured accuracy gain of every refiner over the CNN alone (paired over seeds, in percentage
 * points and relative), the time per refined image, what the refiners changed, and the weights
 * chosen on the validation split per seed.
 */
export function refinementSection(input: RefinementSectionInput): string[] {
  const { report, claim, refiners } = input;
  const level = `${Math.round(report.confidence * 1000) / 10}%`;
  const mean = (c: string, m: string): number | undefined => report.summary(c, m)?.mean;
  const lines = ['## Refinement', '', '### The claim and what was measured', ''];
  lines.push(`Claimed: **+${(claim.improvement * 100).toFixed(1)}%** accuracy (${claim.source}).`, '');
  const cnn = report.values('cnn', 'accuracy');
  lines.push(
    ...table(
      ['refiner', 'accuracy gain over the CNN (points)', `${level} CI`, 'p (paired t)', 'relative gain (%)', 'claimed'],
      refiners.map((r) => {
        const d = report.compare(r, 'cnn', 'accuracy');
        const t = report.values(r, 'accuracy');
        const rel = d.seeds.map((s) => t.values[t.seeds.indexOf(s)]! / cnn.values[cnn.seeds.indexOf(s)]! - 1);
        const relMean = rel.reduce((a, b) => a + b, 0) / Math.max(1, rel.length);
        return [r, pp(d.meanDifference), d.ci ? `[${pp(d.ci.lower)}, ${pp(d.ci.upper)}]` : '–', d.pValue === null ? '–' : d.pValue < 1e-4 ? '< 1e-4' : d.pValue.toFixed(4), pp(relMean), `+${(claim.improvement * 100).toFixed(1)}`];
      }),
    ),
    '',
  );
  lines.push('### Time per refined image', '', 'Wall time of the annealer\'s `sample` call on the whole test QUBO divided by the number of test images (the CNN: inference of logits and features per image), mean over seeds; the machine was shared with other jobs, so compare rows, not absolute values.', '');
  lines.push(
    ...table(
      ['condition', 'ms per image', 'seconds per seed', 'QUBO variables', 'interactions'],
      ['cnn', ...refiners].map((c) => [c, num((mean(c, 'secondsPerImage') ?? Number.NaN) * 1000, 3), c === 'cnn' ? '–' : num(mean(c, 'annealSeconds'), 2), c === 'cnn' ? '–' : num(mean(c, 'variables'), 0), c === 'cnn' ? '–' : num(mean(c, 'interactions'), 0)]),
    ),
    '',
  );
  lines.push('### What the refiners changed', '', 'Fractions of the test images, mean over seeds: labels that differ from the network\'s, wrong labels made right (fixed) and right ones made wrong (broken), samples whose bits were not one-hot for an image, images whose true class is among their candidates (the ceiling of any refinement), and the edge purity: the weighted fraction of the test graph\'s edges that join two images of the same true class (a diagnostic read after every choice was made; agreement can only help where it exceeds the network\'s accuracy on the images it moves). Energy gain: QUBO energy of the network\'s labelling minus that of the refined labelling (positive: the refiner found a lower energy).', '');
  lines.push(
    ...table(
      ['refiner', 'changed (%)', 'fixed (%)', 'broken (%)', 'not one-hot (%)', 'candidate recall (%)', 'edge purity (%)', 'energy gain'],
      refiners.map((r) => [r, pct(mean(r, 'changed'), 2), pct(mean(r, 'fixed'), 2), pct(mean(r, 'broken'), 2), pct(mean(r, 'infeasible'), 2), pct(mean(r, 'candidateRecall')), pct(mean(r, 'edgePurity')), num(mean(r, 'energyGain'), 3)]),
    ),
    '',
  );
  lines.push('### Weights chosen on the validation split', '');
  lines.push(
    ...table(
      ['seed', 'candidates m', 'neighbours k', 'agreement lambda', 'validation accuracy, network (%)', 'validation accuracy, refined (%)'],
      input.tune.map((t) => [String(t.seed), String(t.result.weights.candidates), String(t.result.weights.neighbours), String(t.result.weights.agreement), pct(t.result.extra['networkValidationAccuracy'], 2), pct(t.result.extra['validationAccuracy'], 2)]),
    ),
    '',
  );
  return lines;
}
