import { describe, expect, it } from 'vitest';
import { featureGraph } from './featureGraph.js';
import { imageBlocks } from './imageBlocks.js';

describe('imageBlocks', () => {
  it('partitions the variables into blocks of whole images, grouped along the graph', () => {
    // Two clusters of 4 images, interleaved in file order: 0, 2, 4, 6 near (1, 0); 1, 3, 5, 7 near (0, 1).
    const f = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? [1, 0.01 * i] : [0.01 * i, 1])).flat();
    const g = featureGraph(f, 8, 2, 2, 'uniform');
    const blocks = imageBlocks(g, 3, 13); // 4 images of 3 candidates per block
    expect(blocks).toHaveLength(2);
    const all = blocks.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 24 }, (_, v) => v));
    const images = blocks.map((b) => [...new Set(b.map((v) => Math.floor(v / 3)))].sort((a, b) => a - b));
    expect(images).toEqual([[0, 2, 4, 6], [1, 3, 5, 7]]);
    for (const b of blocks) expect(b.length).toBeLessThanOrEqual(13);
  });

  it('refuses a block smaller than one image', () => {
    const g = featureGraph([1, 0, 0, 1], 2, 2, 1);
    expect(() => imageBlocks(g, 3, 2)).toThrow(/one image has 3 variables.*at least 3/);
  });
});
