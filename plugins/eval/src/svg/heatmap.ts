import { ValidationError } from '@hqml/core';
import { el, escapeXml, fmt, formatTick, svgDocument, text } from './svgDocument.js';

/** Specification of a {@link heatmap}. */
export interface HeatmapSpec {
  readonly title: string;
  /** `values[r][c]`; rows top to bottom, columns left to right. */
  readonly values: readonly (readonly number[])[];
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly xLabel: string;
  readonly yLabel: string;
  /**
   * Colour each cell by its share of the row (for a confusion matrix: the recall of that row's
   * class), so that rare classes are as readable as common ones. Default true.
   */
  readonly normalizeRows?: boolean;
}

// White to dark blue; text switches to white on dark cells.
function shade(f: number): string {
  const c = (a: number, b: number): string => Math.round(a + (b - a) * f).toString(16).padStart(2, '0');
  return `#${c(0xff, 0x08)}${c(0xff, 0x30)}${c(0xff, 0x6b)}`;
}

/** A heatmap (confusion matrix): one `<rect class="cell">` per value, with the value written in it. */
export function heatmap(spec: HeatmapSpec): string {
  const rows = spec.values.length;
  const cols = rows > 0 ? spec.values[0]!.length : 0;
  if (rows === 0 || cols === 0 || spec.values.some((r) => r.length !== cols) || spec.rowLabels.length !== rows || spec.colLabels.length !== cols) {
    throw new ValidationError({
      what: `heatmap "${spec.title}": ${rows} rows, ${cols} columns, ${spec.rowLabels.length} row labels, ${spec.colLabels.length} column labels`,
      why: 'a heatmap needs a non-empty rectangular matrix with one label per row and per column',
      fix: 'Pass matching labels',
    });
  }
  const normalize = spec.normalizeRows ?? true;
  const labelWidth = Math.min(160, 24 + 7 * Math.max(...spec.rowLabels.map((l) => l.length)));
  const cell = Math.max(28, Math.min(64, Math.floor(560 / Math.max(rows, cols))));
  const left = 30 + labelWidth;
  const top = 48;
  const width = left + cols * cell + 24;
  const height = top + rows * cell + 64;
  const max = Math.max(...spec.values.flat().filter(Number.isFinite), 0);
  const body: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row = spec.values[r]!;
    const rowSum = row.reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0);
    for (let c = 0; c < cols; c++) {
      const v = row[c]!;
      const f = !Number.isFinite(v) ? 0 : normalize ? (rowSum > 0 ? v / rowSum : 0) : max > 0 ? v / max : 0;
      const x = left + c * cell;
      const y = top + r * cell;
      body.push(el('rect', { class: 'cell', x, y, width: cell, height: cell, fill: shade(f), stroke: '#ffffff' }, el('title', {}, escapeXml(`${spec.rowLabels[r]} → ${spec.colLabels[c]}: ${formatTick(v)}`))));
      body.push(text(x + cell / 2, y + cell / 2 + 4, Number.isFinite(v) ? formatTick(v) : '–', { 'text-anchor': 'middle', fill: f > 0.5 ? '#ffffff' : '#000000', 'font-size': cell < 36 ? 10 : 12 }));
    }
    body.push(text(left - 6, top + r * cell + cell / 2 + 4, spec.rowLabels[r]!, { 'text-anchor': 'end' }));
  }
  for (let c = 0; c < cols; c++) body.push(text(left + c * cell + cell / 2, top + rows * cell + 16, spec.colLabels[c]!, { 'text-anchor': 'middle' }));
  body.push(text(left + (cols * cell) / 2, height - 14, spec.xLabel, { 'text-anchor': 'middle' }));
  const cy = top + (rows * cell) / 2;
  body.push(text(14, cy, spec.yLabel, { 'text-anchor': 'middle', transform: `rotate(-90 14 ${fmt(cy)})` }));
  return svgDocument(Math.max(width, 320), height, spec.title, body);
}
