import { describe, expect, it } from 'vitest';
import { barChart } from './barChart.js';
import { heatmap } from './heatmap.js';
import { lineChart } from './lineChart.js';
import { escapeXml, niceTicks } from './svgDocument.js';
import { countElements, parseSvg } from './xml.testutil.js';

describe('SVG charts', () => {
  it('bar chart: one bar per value, one error bar per interval, well-formed XML', () => {
    const svg = barChart({
      title: 'accuracy <baseline & distilled>',
      yLabel: 'test accuracy',
      groups: [
        { label: 'MNIST 0-5 3q', bars: [{ label: 'baseline', value: 0.9, lower: 0.85, upper: 0.95 }, { label: 'distilled', value: 0.93, lower: 0.9, upper: 0.96 }] },
        { label: 'MNIST 0-7 4q', bars: [{ label: 'baseline', value: 0.8 }, { label: 'distilled', value: 0.84, lower: 0.8, upper: 0.88 }, { label: 'teacher', value: 0.99 }] },
      ],
    });
    const doc = parseSvg(svg);
    expect(countElements(doc, 'rect', 'bar')).toBe(5);
    expect(countElements(doc, 'path', 'error-bar')).toBe(3);
    // Three distinct labels give three legend swatches.
    expect(countElements(doc, 'rect', 'legend-swatch')).toBe(3);
    expect(svg).toContain('accuracy &lt;baseline &amp; distilled&gt;');
  });

  it('bar heights are proportional to the values from a zero baseline', () => {
    const svg = barChart({ title: 't', yLabel: 'y', groups: [{ label: 'g', bars: [{ label: 'a', value: 0.25 }, { label: 'b', value: 1 }] }], yDomain: [0, 1] });
    const heights = [...svg.matchAll(/class="bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    expect(heights[0]! / heights[1]!).toBeCloseTo(0.25, 2);
  });

  it('heatmap: rows x cols cells with their counts written in', () => {
    const values = [
      [5, 1, 0],
      [2, 7, 1],
      [0, 0, 9],
      [1, 1, 1],
    ];
    const svg = heatmap({ title: 'confusion', values, rowLabels: ['a', 'b', 'c', 'd'], colLabels: ['x', 'y', 'z'], xLabel: 'predicted', yLabel: 'true' });
    const doc = parseSvg(svg);
    expect(countElements(doc, 'rect', 'cell')).toBe(12);
    expect(svg).toContain('>9</text>');
    expect(() => heatmap({ title: 'bad', values, rowLabels: ['a'], colLabels: ['x', 'y', 'z'], xLabel: '', yLabel: '' })).toThrow(/row labels/);
  });

  it('line chart: one polyline per series, gaps at missing points, shared legend entries', () => {
    const svg = lineChart({
      title: 'loss',
      xLabel: 'epoch',
      yLabel: 'loss',
      series: [
        { name: 'baseline seed 1', legend: 'baseline', points: [[1, 2], [2, 1.5], [3, 1.2]] },
        { name: 'baseline seed 2', legend: 'baseline', points: [[1, 2.1], [2, Number.NaN], [3, 1.1], [4, 1]] },
        { name: 'distilled seed 1', legend: 'distilled', points: [[1, 1.9], [2, 1.2]] },
      ],
    });
    const doc = parseSvg(svg);
    // Series 2 is split in two at its NaN: 1 + 2 + 1 polylines.
    expect(countElements(doc, 'polyline', 'series')).toBe(4);
    expect(countElements(doc, 'rect', 'legend-swatch')).toBe(2);
  });

  it('niceTicks covers the range with round steps', () => {
    expect(niceTicks(0, 1, 5).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const t = niceTicks(0.83, 0.97, 5);
    expect(t.lo).toBeLessThanOrEqual(0.83);
    expect(t.hi).toBeGreaterThanOrEqual(0.97);
    expect(t.ticks).toEqual([0.8, 0.85, 0.9, 0.95, 1]);
    expect(niceTicks(3, 3).ticks.length).toBeGreaterThan(1);
    expect(escapeXml(`a<b>"c"&'d'`)).toBe('a&lt;b&gt;&quot;c&quot;&amp;&apos;d&apos;');
  });
});
