/**
 * Small helpers shared by the hand-written SVG charts. The charts are plain strings: a few
 * hundred lines of SVG need no plotting library, and the output stays byte-for-byte
 * deterministic, which keeps reports diffable.
 */

/** Ten distinguishable colours (matplotlib's "tab10"), used in order. */
export const PALETTE: readonly string[] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A coordinate with two decimals: enough for the screen, short in the file. */
export function fmt(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** An element with attributes; `children` is raw (already escaped) markup. */
export function el(name: string, attrs: Readonly<Record<string, string | number>>, children?: string): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? fmt(v) : v)}"`)
    .join('');
  return children === undefined ? `<${name}${a}/>` : `<${name}${a}>${children}</${name}>`;
}

/** A text element with escaped content. */
export function text(x: number, y: number, content: string, attrs: Readonly<Record<string, string | number>> = {}): string {
  return el('text', { x, y, ...attrs }, escapeXml(content));
}

/** Wraps chart content in a standalone SVG document with a title and white background. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    el('title', {}, escapeXml(title)),
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
    text(width / 2, 22, title, { 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * About `count` round tick values covering [min, max] (steps of 1, 2 or 5 times a power of
 * ten), plus the widened domain they span.
 */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; lo: number; hi: number } {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return { ticks: [0, 1], lo: 0, hi: 1 };
  if (max - min < 1e-12) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step * 1e-6; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return { ticks, lo, hi };
}

/** The rectangle charts draw into. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Y axis with grid lines and labels; returns the markup and the value-to-pixel map. */
export function yAxis(area: PlotArea, lo: number, hi: number, ticks: readonly number[], label: string): { markup: string[]; y: (v: number) => number } {
  const y = (v: number): number => area.top + area.height - ((v - lo) / (hi - lo)) * area.height;
  const markup: string[] = [];
  for (const t of ticks) {
    markup.push(el('line', { x1: area.left, x2: area.left + area.width, y1: y(t), y2: y(t), stroke: '#e0e0e0' }));
    markup.push(text(area.left - 6, y(t) + 4, formatTick(t), { 'text-anchor': 'end' }));
  }
  markup.push(el('line', { x1: area.left, x2: area.left, y1: area.top, y2: area.top + area.height, stroke: '#333333' }));
  const cy = area.top + area.height / 2;
  markup.push(text(16, cy, label, { 'text-anchor': 'middle', transform: `rotate(-90 16 ${fmt(cy)})` }));
  return { markup, y };
}

/** A tick label without floating-point noise. */
export function formatTick(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** A legend: one coloured swatch and name per entry, top right. */
export function legend(x: number, y: number, entries: readonly { name: string; color: string }[]): string[] {
  return entries.flatMap((e, i) => [
    el('rect', { class: 'legend-swatch', x, y: y + i * 18, width: 12, height: 12, fill: e.color }),
    text(x + 18, y + i * 18 + 10, e.name),
  ]);
}
