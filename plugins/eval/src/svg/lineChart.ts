import { ValidationError } from '@hqml/core';
import { PALETTE, el, escapeXml, fmt, legend, niceTicks, svgDocument, text, yAxis } from './svgDocument.js';

/** One line of a {@link lineChart}. */
export interface LineSeries {
  readonly name: string;
  /** (x, y) points; non-finite y values break the line. */
  readonly points: readonly (readonly [number, number])[];
  /** Series with the same legend entry share a colour and one legend line (e.g. all seeds of a condition). */
  readonly legend?: string;
}

/** Specification of a {@link lineChart}. */
export interface LineChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * A line plot (training curves): one `<polyline class="series">` per series, colours by legend
 * entry.
 */
export function lineChart(spec: LineChartSpec): string {
  if (spec.series.length === 0) throw new ValidationError({ what: `lineChart "${spec.title}": no series`, why: 'a line plot needs at least one series', fix: 'Pass the runs that have a training history' });
  const width = spec.width ?? 720;
  const height = spec.height ?? 420;
  const keys = [...new Set(spec.series.map((s) => s.legend ?? s.name))];
  const color = (s: LineSeries): string => PALETTE[keys.indexOf(s.legend ?? s.name) % PALETTE.length]!;
  const legendWidth = Math.min(220, 30 + 7 * Math.max(...keys.map((k) => k.length)));
  const area = { left: 64, top: 40, width: width - 64 - legendWidth - 16, height: height - 40 - 52 };
  const pts = spec.series.flatMap((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const xt = niceTicks(Math.min(...xs), Math.max(...xs), 6);
  const yt = niceTicks(Math.min(...ys), Math.max(...ys), 5);
  const x = (v: number): number => area.left + ((v - xt.lo) / (xt.hi - xt.lo)) * area.width;
  const ya = yAxis(area, yt.lo, yt.hi, yt.ticks, spec.yLabel);
  const body: string[] = [...ya.markup];
  const base = area.top + area.height;
  body.push(el('line', { x1: area.left, x2: area.left + area.width, y1: base, y2: base, stroke: '#333333' }));
  for (const t of xt.ticks) {
    body.push(el('line', { x1: x(t), x2: x(t), y1: base, y2: base + 4, stroke: '#333333' }));
    body.push(text(x(t), base + 18, String(Number(t.toPrecision(6))), { 'text-anchor': 'middle' }));
  }
  body.push(text(area.left + area.width / 2, height - 12, spec.xLabel, { 'text-anchor': 'middle' }));
  for (const s of spec.series) {
    // Split at non-finite values so a missing epoch shows as a gap, not a false line.
    const segments: string[][] = [[]];
    for (const [px, py] of s.points) {
      if (Number.isFinite(px) && Number.isFinite(py)) segments[segments.length - 1]!.push(`${fmt(x(px))},${fmt(ya.y(py))}`);
      else segments.push([]);
    }
    const points = segments.filter((g) => g.length > 0).map((g) => g.join(' '));
    for (const p of points) body.push(el('polyline', { class: 'series', points: p, fill: 'none', stroke: color(s), 'stroke-width': 1.5 }, el('title', {}, escapeXml(s.name))));
  }
  body.push(...legend(area.left + area.width + 16, area.top, keys.map((k, i) => ({ name: k, color: PALETTE[i % PALETTE.length]! }))));
  return svgDocument(width, height, spec.title, body);
}
