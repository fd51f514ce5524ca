/** SVG plots specific to the annealer app (the eval package draws curves, confusion matrices and bars). */

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function num(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)) : '–';
}

/** Blue (negative) through white to red (positive), for signed amplitudes scaled by `bound`. */
function diverging(v: number, bound: number): string {
  const f = Math.max(-1, Math.min(1, bound > 0 ? v / bound : 0));
  const c = (x: number): string => Math.round(x).toString(16).padStart(2, '0');
  return f >= 0 ? `#ff${c(255 * (1 - f))}${c(255 * (1 - f))}` : `#${c(255 * (1 + f))}${c(255 * (1 + f))}ff`;
}

/**
 * Mean schedules per class as small-multiple heatmaps: one panel per class, rows = control
 * terms, columns = time steps, colour = mean amplitude (diverging, scaled to the amplitude bound).
 */
export function scheduleHeatmaps(title: string, means: readonly (readonly number[])[], classNames: readonly string[], termLabels: readonly string[], steps: number, bound: number): string {
  const m = termLabels.length;
  const cell = Math.max(8, Math.min(22, Math.floor(200 / Math.max(steps, m))));
  const labelW = 44;
  const panelW = labelW + steps * cell + 16;
  const panelH = 22 + m * cell + 18;
  const perRow = Math.min(5, means.length);
  const rows = Math.ceil(means.length / perRow);
  const width = perRow * panelW + 20;
  const height = 40 + rows * panelH + 30;
  const parts: string[] = [];
  means.forEach((mean, c) => {
    const ox = 10 + (c % perRow) * panelW;
    const oy = 40 + Math.floor(c / perRow) * panelH;
    parts.push(`<text x="${ox + labelW}" y="${oy + 14}" font-size="12">class ${esc(classNames[c] ?? String(c))}</text>`);
    for (let j = 0; j < m; j++) {
      if (c % perRow === 0 || m <= 6) parts.push(`<text x="${ox + labelW - 4}" y="${oy + 22 + j * cell + cell * 0.7}" font-size="9" text-anchor="end">${esc(termLabels[j]!)}</text>`);
      for (let k = 0; k < steps; k++) {
        const v = mean[k * m + j]!;
        parts.push(`<rect class="cell" x="${ox + labelW + k * cell}" y="${oy + 22 + j * cell}" width="${cell}" height="${cell}" fill="${diverging(v, bound)}" stroke="#eeeeee"><title>${esc(`class ${classNames[c]}, ${termLabels[j]}, step ${k + 1}: ${num(v)}`)}</title></rect>`);
      }
    }
    parts.push(`<text x="${ox + labelW + (steps * cell) / 2}" y="${oy + 22 + m * cell + 12}" font-size="9" text-anchor="middle">step 1..${steps}</text>`);
  });
  parts.push(`<text x="10" y="${height - 8}" font-size="10">colour: mean amplitude, blue = -${num(bound)}, white = 0, red = +${num(bound)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="#ffffff"/><text x="10" y="22" font-size="14">${esc(title)}</text>${parts.join('')}</svg>\n`;
}

/** A labelled scatter plot (the 2-D projection of the class states). */
export function scatterPlot(title: string, points: readonly (readonly [number, number])[], labels: readonly string[], caption: string): string {
  const W = 480, H = 420, pad = 50;
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  const span = (v: number[]): [number, number] => {
    const lo = Math.min(...v), hi = Math.max(...v);
    const d = hi - lo || 1;
    return [lo - 0.1 * d, hi + 0.1 * d];
  };
  const [x0, x1] = span(xs), [y0, y1] = span(ys);
  const px = (x: number): number => pad + ((x - x0) / (x1 - x0)) * (W - 2 * pad);
  const py = (y: number): number => H - pad - ((y - y0) / (y1 - y0)) * (H - 2 * pad);
  const dots = points.map((p, i) => `<circle class="point" cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="6" fill="hsl(${Math.round((360 * i) / points.length)},70%,45%)"><title>${esc(labels[i] ?? String(i))}</title></circle><text x="${(px(p[0]) + 8).toFixed(1)}" y="${(py(p[1]) + 4).toFixed(1)}" font-size="12">${esc(labels[i] ?? String(i))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif"><rect width="100%" height="100%" fill="#ffffff"/><text x="10" y="22" font-size="14">${esc(title)}</text><rect x="${pad}" y="${pad}" width="${W - 2 * pad}" height="${H - 2 * pad}" fill="none" stroke="#999999"/>${dots.join('')}<text x="10" y="${H - 12}" font-size="10">${esc(caption)}</text></svg>\n`;
}
