const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** At most this many bars; the rest are summed into one "other" bar. */
export const MAX_BARS = 64;

/**
 * A bar chart of probabilities (values in [0, 1]) as an SVG element: one bar per entry, its
 * label under it (rotated when there are many), the value above it when there is room.
 */
export function barChart(entries: readonly { readonly label: string; readonly value: number }[], width = 760, height = 260): SVGSVGElement {
  let shown = entries;
  if (entries.length > MAX_BARS) {
    const top = [...entries].sort((a, b) => b.value - a.value).slice(0, MAX_BARS - 1).sort((a, b) => (a.label < b.label ? -1 : 1));
    const rest = entries.reduce((s, e) => s + e.value, 0) - top.reduce((s, e) => s + e.value, 0);
    shown = [...top, { label: `${entries.length - top.length} others`, value: rest }];
  }
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': 'probabilities' });
  const left = 36;
  const bottom = shown.length > 16 ? 70 : 30;
  const plotH = height - bottom - 18;
  const max = Math.max(1e-12, ...shown.map((e) => e.value));
  const yMax = max > 0.5 ? 1 : Math.ceil(max * 10) / 10;
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const y = 18 + plotH * (1 - t);
    svg.append(el('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }), el('text', { x: left - 4, y: y + 4, class: 'axis', 'text-anchor': 'end' }, (t * yMax).toFixed(2)));
  }
  const step = (width - left) / Math.max(1, shown.length);
  const barW = Math.max(1, step * 0.75);
  shown.forEach((e, i) => {
    const h = (plotH * e.value) / yMax;
    const x = left + i * step + (step - barW) / 2;
    const bar = el('rect', { x, y: 18 + plotH - h, width: barW, height: Math.max(0, h), class: 'bar' });
    bar.append(el('title', {}, `${e.label}: ${e.value.toFixed(6)}`));
    svg.append(bar);
    const lx = x + barW / 2;
    const ly = 18 + plotH + 14;
    svg.append(el('text', shown.length > 16 ? { x: lx, y: ly, class: 'label', transform: `rotate(-60 ${lx} ${ly})`, 'text-anchor': 'end' } : { x: lx, y: ly, class: 'label', 'text-anchor': 'middle' }, e.label));
    if (shown.length <= 16) svg.append(el('text', { x: lx, y: 18 + plotH - h - 4, class: 'value', 'text-anchor': 'middle' }, e.value.toFixed(3)));
  });
  return svg;
}

/** One line of a line chart. */
export interface Series {
  readonly name: string;
  /** Points (x, y). */
  readonly points: readonly (readonly [number, number])[];
  readonly className: string;
}

/** A line chart (the live loss curve): axes scaled to the data, one polyline per series, a legend. */
export function lineChart(series: readonly Series[], xLabel: string, width = 760, height = 260): SVGSVGElement {
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': 'loss curve' });
  const left = 44;
  const top = 14;
  const plotW = width - left - 10;
  const plotH = height - top - 34;
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const yMax = Math.max(1e-9, ...all.map((p) => p[1])) * 1.05;
  const sx = (x: number): number => left + (plotW * x) / xMax;
  const sy = (y: number): number => top + plotH * (1 - y / yMax);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    svg.append(el('line', { x1: left, x2: left + plotW, y1: sy(v), y2: sy(v), class: 'grid' }), el('text', { x: left - 4, y: sy(v) + 4, class: 'axis', 'text-anchor': 'end' }, v.toFixed(2)));
  }
  const xStep = 10 ** Math.floor(Math.log10(xMax)) * (xMax / 10 ** Math.floor(Math.log10(xMax)) > 5 ? 1 : 0.5);
  for (let x = 0; x <= xMax; x += Math.max(1, xStep)) svg.append(el('text', { x: sx(x), y: top + plotH + 14, class: 'axis', 'text-anchor': 'middle' }, String(Math.round(x))));
  svg.append(el('text', { x: left + plotW / 2, y: height - 4, class: 'axis', 'text-anchor': 'middle' }, xLabel));
  series.forEach((s, k) => {
    if (s.points.length > 1) svg.append(el('polyline', { points: s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' '), class: `line ${s.className}` }));
    if (s.points.length < 40) for (const [x, y] of s.points) svg.append(el('circle', { cx: sx(x), cy: sy(y), r: 2.5, class: `dot ${s.className}` }));
    const lx = left + plotW - 320 + k * 170;
    svg.append(el('rect', { x: lx, y: top + 4, width: 12, height: 4, class: `swatch ${s.className}` }), el('text', { x: lx + 18, y: top + 10, class: 'axis' }, s.name));
  });
  return svg;
}
