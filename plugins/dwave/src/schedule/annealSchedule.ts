import { ValidationError, describeValue } from '@hqml/core';

/** A piecewise-linear schedule: `[t (µs), value]` points. */
export type SchedulePoints = readonly (readonly [number, number])[];

const fail = (what: string, why: string, fix: string): never => {
  throw new ValidationError({ what, why, fix });
};

/**
 * Checks an `anneal_schedule` against a solver (D-Wave's documented rules, as dwave-system's
 * `validate_anneal_schedule`): 2..max_anneal_schedule_points points (one more for reverse),
 * strictly increasing t, the last point at s = 1 and t <= annealing_time_range[1]; a forward
 * anneal starts at (0, 0) with s non-decreasing; a reverse anneal starts at s = 1 and needs an
 * initial state; |slope| <= 1 / annealing_time_range[0].
 */
export function checkAnnealSchedule(schedule: unknown, properties: Readonly<Record<string, unknown>>, options: { hasInitialState: boolean }): 'forward' | 'reverse' {
  const range = properties.annealing_time_range as readonly [number, number] | undefined;
  const maxPoints = properties.max_anneal_schedule_points as number | undefined;
  if (!range || maxPoints === undefined) fail('anneal_schedule was given', 'the solver has no annealing_time_range or max_anneal_schedule_points', 'Use annealing_time instead');
  if (!Array.isArray(schedule) || !schedule.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
    fail(`anneal_schedule is ${describeValue(schedule)}`, 'a schedule is a list of [t, s] pairs of finite numbers', 'Pass e.g. [[0, 0], [20, 1]]');
  }
  const pts = schedule as Array<[number, number]>;
  const reverse = pts[0]?.[1] === 1;
  const limit = maxPoints! + (reverse ? 1 : 0);
  if (pts.length < 2 || pts.length > limit) fail(`anneal_schedule has ${pts.length} points`, `this solver takes 2 to ${limit}`, 'Merge points of equal slope');
  for (let k = 1; k < pts.length; k++) if (!(pts[k]![0] > pts[k - 1]![0])) fail(`anneal_schedule point ${k} has t = ${pts[k]![0]} after t = ${pts[k - 1]![0]}`, 'time must strictly increase', 'Sort the points by time and remove duplicates');
  for (const [k, [, s]] of pts.entries()) if (s < 0 || s > 1) fail(`anneal_schedule point ${k} has s = ${s}`, 'the anneal fraction s lies in [0, 1]', 'Clip s to [0, 1]');
  const [t0, s0] = pts[0]!;
  const [tEnd, sEnd] = pts[pts.length - 1]!;
  if (sEnd !== 1) fail(`the last anneal_schedule point has s = ${sEnd}`, 'every anneal ends at s = 1', 'End the schedule with [t, 1]');
  if (tEnd > range![1]) fail(`anneal_schedule ends at t = ${tEnd} µs`, `this solver anneals for at most ${range![1]} µs`, 'Shorten the schedule');
  if (t0 !== 0) fail(`anneal_schedule starts at t = ${t0}`, 'a schedule starts at t = 0', 'Start with [0, 0] (forward) or [0, 1] (reverse)');
  if (reverse) {
    if (!options.hasInitialState) fail('a reverse anneal_schedule (starting at s = 1) was given without initial_state', 'reverse annealing starts from a classical state', 'Pass initial_state with one value per active qubit');
  } else if (s0 !== 0) {
    fail(`anneal_schedule starts at s = ${s0}`, 'a forward anneal starts at (0, 0) and a reverse one at s = 1', 'Start with [0, 0] or [0, 1]');
  } else {
    for (let k = 1; k < pts.length; k++) if (pts[k]![1] < pts[k - 1]![1]) fail(`forward anneal_schedule decreases s at point ${k}`, 'in a forward anneal s never decreases', 'Use a reverse anneal (start at s = 1) to go back');
  }
  const maxSlope = 1 / range![0];
  for (let k = 1; k < pts.length; k++) {
    const slope = Math.abs((pts[k]![1] - pts[k - 1]![1]) / (pts[k]![0] - pts[k - 1]![0]));
    if (Math.round(slope * 1e10) / 1e10 > maxSlope) fail(`anneal_schedule segment ${k - 1}-${k} has slope ${slope.toPrecision(4)} per µs`, `the solver allows at most 1/${range![0]} = ${maxSlope} per µs`, 'Stretch that segment in time');
  }
  return reverse ? 'reverse' : 'forward';
}

/**
 * Checks an `h_gain_schedule`: 2..max_h_gain_schedule_points points, strictly increasing t from
 * t = 0, gains within `h_gain_schedule_range`, ending no later than the anneal (`endTime`).
 */
export function checkHGainSchedule(schedule: unknown, properties: Readonly<Record<string, unknown>>, endTime: number): void {
  const maxPoints = properties.max_h_gain_schedule_points as number | undefined;
  const range = properties.h_gain_schedule_range as readonly [number, number] | undefined;
  if (maxPoints === undefined || !range) fail('h_gain_schedule was given', 'the solver has no max_h_gain_schedule_points or h_gain_schedule_range', 'Drop h_gain_schedule for this solver');
  if (!Array.isArray(schedule) || !schedule.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
    fail(`h_gain_schedule is ${describeValue(schedule)}`, 'a schedule is a list of [t, g] pairs of finite numbers', 'Pass e.g. [[0, 1], [20, 1]]');
  }
  const pts = schedule as Array<[number, number]>;
  if (pts.length < 2 || pts.length > maxPoints!) fail(`h_gain_schedule has ${pts.length} points`, `this solver takes 2 to ${maxPoints}`, 'Merge points');
  if (pts[0]![0] !== 0) fail(`h_gain_schedule starts at t = ${pts[0]![0]}`, 'it starts at t = 0', 'Start with [0, g]');
  for (let k = 1; k < pts.length; k++) if (!(pts[k]![0] > pts[k - 1]![0])) fail(`h_gain_schedule point ${k} has t = ${pts[k]![0]} after t = ${pts[k - 1]![0]}`, 'time must strictly increase', 'Sort the points by time');
  for (const [k, [, g]] of pts.entries()) if (g < range![0] || g > range![1]) fail(`h_gain_schedule point ${k} has gain ${g}`, `the solver's h_gain_schedule_range is [${range![0]}, ${range![1]}]`, 'Scale the gains into the range');
  if (pts[pts.length - 1]![0] > endTime + 1e-9) fail(`h_gain_schedule ends at t = ${pts[pts.length - 1]![0]} µs`, `the anneal ends at t = ${endTime} µs`, 'End the gain schedule with the anneal');
}
