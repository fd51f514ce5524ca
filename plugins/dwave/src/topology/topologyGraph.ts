import { ValidationError, describeValue } from '@hqml/core';
import { chimeraGraph } from './chimera.js';
import type { HardwareGraph, TopologyFamily } from './hardwareGraph.js';
import { pegasusGraph } from './pegasus.js';
import { zephyrGraph } from './zephyr.js';

/** A solver's `properties.topology`: Chimera `[m, n, t]`, Pegasus `[m]`, Zephyr `[m, t]`. */
export interface TopologySpec {
  readonly type: TopologyFamily;
  readonly shape: readonly number[];
}

/** The full (defect-free) graph of a topology spec. */
export function topologyGraph(spec: TopologySpec): HardwareGraph {
  const s = spec.shape;
  switch (spec.type) {
    case 'chimera':
      return chimeraGraph(s[0]!, s[1] ?? s[0]!, s[2] ?? 4);
    case 'pegasus':
      return pegasusGraph(s[0]!);
    case 'zephyr':
      return zephyrGraph(s[0]!, s[1] ?? 4);
    default:
      throw new ValidationError({ what: `topology type ${describeValue((spec as { type: unknown }).type)}`, why: 'known families are chimera, pegasus and zephyr', fix: 'Use e.g. { type: "pegasus", shape: [16] }' });
  }
}

/** Parses `pegasus:16`, `chimera:16`, `chimera:4,4,4`, `zephyr:6,4` into a spec. */
export function parseTopology(text: string): TopologySpec {
  const m = /^(chimera|pegasus|zephyr):(\d+(?:,\d+)*)$/.exec(text.trim());
  if (!m) throw new ValidationError({ what: `topology ${describeValue(text)}`, why: 'a topology is FAMILY:SHAPE', fix: 'Pass e.g. pegasus:16, chimera:16 or zephyr:6,4' });
  const shape = m[2]!.split(',').map(Number);
  const type = m[1] as TopologyFamily;
  const want = type === 'pegasus' ? [1, 1] : type === 'zephyr' ? [1, 2] : [1, 3];
  if (shape.length < want[0]! || shape.length > want[1]!) throw new ValidationError({ what: `topology ${describeValue(text)}`, why: `${type} takes ${want[0]} to ${want[1]} shape numbers`, fix: 'Pass e.g. pegasus:16, chimera:16 or zephyr:6,4' });
  const full = type === 'chimera' ? [shape[0]!, shape[1] ?? shape[0]!, shape[2] ?? 4] : type === 'zephyr' ? [shape[0]!, shape[1] ?? 4] : shape;
  return { type, shape: full };
}
