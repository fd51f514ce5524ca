import { ValidationError } from '@hqml/core';
import { PALETTE, el, escapeXml, fmt, formatTick, legend, niceTicks, svgDocument, text, yAxis } from './svgDocument.js';

/** One bar: a value and, optionally, an error bar from `lower` to `upper` (e.g. a 95% CI). */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly lower?: number;
  readonly upper?: number;
}

/** A group of bars sharing an x position (e.g. one data set / qubit count). */
export interface BarGroup {
  readonly label: string;
  readonly bars: readonly Bar[];
}

/** Specification of a {@link barChart}. */
export interface BarChartSpec {
  readonly title: string;
  readonly yLabel: string;
  readonly groups: readonly BarGroup[];
  /** Y range; default: from the data, including 0 only when the data are near it. */
  readonly yDomain?: readonly [number, number];
  readonly width?: number;
  readonly height?: number;
}

/**
 * A grouped bar chart with error bars (baseline vs distilled with their confidence intervals).
 * Bars with the same label share a colour across groups. Emits one `<rect class="bar">` per bar
 * and one `<path class="error-bar">` per bar that has an interval.
 */
export function barChart(spec: BarChartSpec): string {
  const all = spec.groups.flatMap((g) => g.bars);
  if (all.length === 0) throw new ValidationError({ what: `barChart "${spec.title}": no bars`, why: 'a bar chart needs at least one bar', fix: 'Pass at least one group with a bar' });
  const keys = [...new Set(all.map((b) => b.label))];
  const width = spec.width ?? Math.max(480, 140 + spec.groups.length * (keys.length * 36 + 40) + 180);
  const height = spec.height ?? 420;
  const legendWidth = Math.min(220, 30 + 7 * Math.max(...keys.map((k) => k.length)));
  const area = { left: 64, top: 40, width: width - 64 - legendWidth - 16, height: height - 40 - 56 };
  const extent = all.flatMap((b) => [b.value, b.lower ?? b.value, b.upper ?? b.value]).filter(Number.isFinite);
  let [dmin, dmax] = spec.yDomain ?? [Math.min(...extent), Math.max(...extent)];
  if (!spec.yDomain) {
    // Bars measure from the baseline, so start at 0 unless that would squash the differences.
    if (dmin > 0 && dmin < 0.5 * dmax) dmin = 0;
    const pad = (dmax - dmin) * 0.08 || 0.05;
    dmin = dmin === 0 ? 0 : dmin - pad;
    dmax += pad;
  }
  const yt = niceTicks(dmin, dmax, 5);
  const ya = yAxis(area, yt.lo, yt.hi, yt.ticks, spec.yLabel);
  const body: string[] = [...ya.markup];
  const base = area.top + area.height;
  body.push(el('line', { x1: area.left, x2: area.left + area.width, y1: base, y2: base, stroke: '#333333' }));
  const groupWidth = area.width / spec.groups.length;
  spec.groups.forEach((g, gi) => {
    const inner = groupWidth * 0.8;
    const barWidth = inner / Math.max(1, g.bars.length);
    const gx = area.left + gi * groupWidth + (groupWidth - inner) / 2;
    g.bars.forEach((b, bi) => {
      const color = PALETTE[keys.indexOf(b.label) % PALETTE.length]!;
      const x = gx + bi * barWidth + barWidth * 0.1;
      const w = barWidth * 0.8;
      const yv = ya.y(Math.max(yt.lo, Math.min(yt.hi, b.value)));
      const y0 = ya.y(Math.max(yt.lo, Math.min(yt.hi, 0)));
      const interval = b.lower !== undefined && b.upper !== undefined ? ` [${formatTick(b.lower)}, ${formatTick(b.upper)}]` : '';
      body.push(el('rect', { class: 'bar', x, y: Math.min(yv, y0), width: w, height: Math.abs(y0 - yv), fill: color }, el('title', {}, escapeXml(`${g.label} / ${b.label}: ${formatTick(b.value)}${interval}`))));
      if (b.lower !== undefined && b.upper !== undefined && Number.isFinite(b.lower) && Number.isFinite(b.upper)) {
        const cx = x + w / 2;
        const lo = ya.y(Math.max(yt.lo, b.lower));
        const hi = ya.y(Math.min(yt.hi, b.upper));
        const cap = Math.min(8, w / 3);
        body.push(el('path', { class: 'error-bar', d: `M${fmt(cx)},${fmt(lo)}V${fmt(hi)}M${fmt(cx - cap)},${fmt(lo)}H${fmt(cx + cap)}M${fmt(cx - cap)},${fmt(hi)}H${fmt(cx + cap)}`, stroke: '#000000', 'stroke-width': 1.2, fill: 'none' }));
      }
    });
    body.push(text(area.left + gi * groupWidth + groupWidth / 2, base + 18, g.label, { 'text-anchor': 'middle' }));
  });
  body.push(...legend(area.left + area.width + 16, area.top, keys.map((k, i) => ({ name: k, color: PALETTE[i % PALETTE.length]! }))));
  return svgDocument(width, height, spec.title, body);
}
