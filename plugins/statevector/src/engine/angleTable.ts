import type { Task } from './sim.js';

/**
 * Fills `vals` with the angle values of `task` for lanes `b` in [0, B), slot-major
 * (`slot * B + b`): lane `b` is row `r0 + b`, clamped to `rowEnd - 1` (so a padding lane repeats
 * the last real row). Rows map to input rows through `task.rep` (several rows per input row).
 */
export function fillAngleTable(task: Task, r0: number, rowEnd: number, B: number, vals: Float64Array): void {
  const { prog, params, inputs, rep } = task;
  const ni = prog.numInputs;
  for (const g of prog.gates) {
    for (let w = 0; w < g.angles.length; w++) {
      const a = g.angles[w]!;
      const base = (g.slot + w) * B;
      const terms = a.terms;
      let c = a.constant;
      for (let k = 0; k < terms.length; k++) if (terms[k]!.source === 'param') c += terms[k]!.coeff * (params[terms[k]!.index] as number);
      vals.fill(c, base, base + B);
      for (let k = 0; k < terms.length; k++) {
        const t = terms[k]!;
        if (t.source !== 'input') continue;
        const coeff = t.coeff;
        for (let b = 0; b < B; b++) {
          const row = Math.min(r0 + b, rowEnd - 1);
          const off = (rep === 1 ? row : Math.floor(row / rep)) * ni;
          vals[base + b] = vals[base + b]! + coeff * (inputs![off + t.index] as number);
        }
      }
    }
  }
}
