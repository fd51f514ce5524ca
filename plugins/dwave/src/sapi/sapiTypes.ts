import type { QpAnswer, QpProblemData } from './qpCodec.js';

/** A solver's identity as jobs and statuses carry it. */
export interface SolverIdentity {
  readonly name: string;
  readonly version?: { readonly graph_id?: string };
}

/** A solver definition (`GET solvers/remote/`). */
export interface SolverRecord {
  readonly identity: SolverIdentity;
  readonly status?: string;
  readonly description?: string;
  readonly avg_load?: number;
  readonly properties: Readonly<Record<string, unknown>> & {
    readonly qubits?: readonly number[];
    readonly couplers?: readonly (readonly [number, number])[];
    readonly parameters?: Readonly<Record<string, string>>;
    readonly category?: string;
    readonly topology?: { readonly type: string; readonly shape: readonly number[] };
  };
}

/** One job of a submission. */
export interface ProblemJob {
  readonly solver: SolverIdentity;
  readonly type: 'ising' | 'qubo';
  readonly label: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly data: QpProblemData;
}

/** SAPI problem states; the last three are terminal. */
export type ProblemState = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** A problem's status (submit reply, poll, `GET problems/{id}/`). */
export interface ProblemStatus {
  readonly id: string;
  readonly status: ProblemState;
  readonly label?: string;
  readonly type?: 'ising' | 'qubo';
  readonly solver?: SolverIdentity | string;
  readonly submitted_on?: string;
  readonly solved_on?: string;
  readonly error_message?: string;
  readonly answer?: QpAnswer;
}

/** A per-job refusal in a submit reply. */
export interface ProblemSubmitError {
  readonly error_code: number;
  readonly error_msg: string;
}

/** Whether a state is terminal. */
export function isTerminal(state: ProblemState): boolean {
  return state === 'COMPLETED' || state === 'FAILED' || state === 'CANCELLED';
}
