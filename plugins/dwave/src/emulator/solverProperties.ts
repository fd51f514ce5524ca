import type { HardwareGraph } from '../topology/hardwareGraph.js';
import type { TopologySpec } from '../topology/topologyGraph.js';

/** The parameters an emulated QPU accepts (a subset of an Advantage system's, plus `x_seed`). */
export const EMULATED_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({
  num_reads: 'Number of states to read (answers returned).',
  annealing_time: 'Duration, in microseconds, of quantum annealing time.',
  anneal_schedule: 'Annealing schedule as (t, s) points.',
  h_gain_schedule: 'Time-dependent gain of h as (t, g) points.',
  initial_state: 'Initial state for reverse annealing.',
  reinitialize_state: 'Reinitialize the initial state for every anneal-readout cycle.',
  auto_scale: 'Scale h and J to the available ranges.',
  answer_mode: 'histogram or raw.',
  programming_thermalization: 'Microseconds to wait after programming.',
  readout_thermalization: 'Microseconds to wait after each readout.',
  label: 'Problem label.',
  x_seed: 'Emulator only: seed of the classical annealer behind it.',
});

/**
 * A solver record's `properties` for a topology graph, shaped like an Advantage system's (the
 * ranges are the published ones of current QPUs; `x_seed` is the emulator's own extra).
 */
export function emulatedProperties(graph: HardwareGraph, topology: TopologySpec, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const total = topology.type === 'chimera' ? 2 * topology.shape[0]! * topology.shape[1]! * topology.shape[2]! : topology.type === 'pegasus' ? 24 * topology.shape[0]! * (topology.shape[0]! - 1) : 4 * topology.shape[1]! * topology.shape[0]! * (2 * topology.shape[0]! + 1);
  return {
    category: 'qpu',
    chip_id: `hqml-emulated-${topology.type}-${topology.shape.join('x')}`,
    num_qubits: total,
    qubits: [...graph.nodes],
    couplers: graph.edges.map(([a, b]) => [a, b]),
    h_range: [-4, 4],
    j_range: [-1, 1],
    extended_j_range: [-2, 1],
    per_qubit_coupling_range: [-18, 15],
    annealing_time_range: [0.5, 2000],
    default_annealing_time: 20,
    num_reads_range: [1, 10000],
    max_anneal_schedule_points: 12,
    max_h_gain_schedule_points: 20,
    h_gain_schedule_range: [-4, 4],
    problem_run_duration_range: [0, 1000000],
    default_programming_thermalization: 1000,
    default_readout_thermalization: 0,
    programming_thermalization_range: [0, 10000],
    readout_thermalization_range: [0, 10000],
    problem_timing_data: { typical_programming_time: 15000, readout_time_range: [0, 0], qpu_delay_time_per_sample: 20.58, frame_period_per_sample: 0.0, version: 'emulated' },
    parameters: { ...EMULATED_PARAMETERS },
    topology: { type: topology.type, shape: [...topology.shape] },
    vfyc: false,
    ...extra,
  };
}
