import { ValidationError, describeValue } from '@hqml/core';
import type { SolverRecord } from './sapiTypes.js';

/** Solver features (Ocean's names): `{ name, qpu, online, topology__type, num_qubits__gte, ... }`. */
export type SolverFeatures = Readonly<Record<string, unknown>>;

const OPERATORS = ['eq', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'available', 'covers', 'regex'] as const;

/** Derived features Ocean offers besides `properties` (name, online, qpu, hybrid, avg_load, num_active_qubits). */
function derived(s: SolverRecord): Record<string, unknown> {
  const category = s.properties.category ?? (Array.isArray(s.properties.couplers) ? 'qpu' : undefined);
  return {
    name: s.identity.name,
    online: (s.status ?? 'ONLINE').toUpperCase() === 'ONLINE',
    qpu: category === 'qpu',
    hybrid: category === 'hybrid',
    avg_load: s.avg_load,
    num_active_qubits: s.properties.qubits?.length,
  };
}

function lookup(s: SolverRecord, path: readonly string[]): unknown {
  const d = derived(s);
  if (path.length === 1 && path[0]! in d) return d[path[0]!];
  let v: unknown = s.properties;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function test(value: unknown, op: (typeof OPERATORS)[number], want: unknown): boolean {
  switch (op) {
    case 'eq':
      return JSON.stringify(value) === JSON.stringify(want);
    case 'lt':
      return typeof value === 'number' && value < (want as number);
    case 'lte':
      return typeof value === 'number' && value <= (want as number);
    case 'gt':
      return typeof value === 'number' && value > (want as number);
    case 'gte':
      return typeof value === 'number' && value >= (want as number);
    case 'in':
      return Array.isArray(want) && want.some((w) => JSON.stringify(w) === JSON.stringify(value));
    case 'contains':
      return Array.isArray(value) && value.some((x) => JSON.stringify(x) === JSON.stringify(want));
    case 'available':
      return (value !== undefined) === Boolean(want);
    case 'covers':
      return Array.isArray(value) && Array.isArray(want) && value.length === 2 && want.length === 2 && (value[0] as number) <= (want[0] as number) && (want[1] as number) <= (value[1] as number);
    case 'regex':
      return typeof value === 'string' && new RegExp(`^(?:${String(want)})$`).test(value);
  }
}

/** Whether a solver has every feature (`key` or `key__op`; nested properties joined by `__`). */
export function solverMatches(s: SolverRecord, features: SolverFeatures): boolean {
  return Object.entries(features).every(([key, want]) => {
    const parts = key.split('__');
    const last = parts[parts.length - 1]!;
    const op = (OPERATORS as readonly string[]).includes(last) && parts.length > 1 ? (parts.pop() as (typeof OPERATORS)[number]) : 'eq';
    return test(lookup(s, parts), op, want);
  });
}

/**
 * Picks solvers like Ocean's `get_solver`: a name selects that solver; features filter, with the
 * defaults `qpu: true, online: true` (never an offline solver unless asked), lowest `avg_load`
 * first (unknown load last), then by name.
 */
export function filterSolvers(solvers: readonly SolverRecord[], wanted: string | SolverFeatures | undefined): SolverRecord[] {
  const features: SolverFeatures = typeof wanted === 'string' ? { online: true, name: wanted } : { qpu: true, online: true, ...(wanted ?? {}) };
  for (const k of Object.keys(features)) if (k.length === 0) throw new ValidationError({ what: `solver feature ${describeValue(k)}`, why: 'feature names are non-empty' });
  return solvers
    .filter((s) => solverMatches(s, features))
    .sort((a, b) => (a.avg_load ?? Number.POSITIVE_INFINITY) - (b.avg_load ?? Number.POSITIVE_INFINITY) || a.identity.name.localeCompare(b.identity.name));
}
