import type { Command } from 'commander';
import {
  type CommandContext, type CommandContribution, type QuantumBackend, UnsupportedError, ValidationError,
  applyMitigators, clbitString, commandLineMitigators, createContainer, describeValue, formatObservable, maxQubit, parseNoiseSpec, parseObservable, parseQasm, readTextFile,
} from '@hqml/core';
import { qasmExportCommand } from './qasmExport.js';

/** Options of `hqml qasm run` (as commander passes them). */
export interface QasmRunOptions {
  readonly backend?: string;
  readonly probabilities?: boolean;
  readonly amplitudes?: boolean;
  readonly shots?: string;
  readonly seed?: string;
  readonly expect?: string;
  readonly threads?: string;
  readonly maxGates?: string;
  /** `name=value[,...]`, e.g. `depolarizing=0.01,readout=0.02` (see parseNoiseSpec). */
  readonly noise?: string;
  /** Mitigator references `ID[:k=v,...]`, innermost first. */
  readonly mitigator?: readonly string[];
  readonly json?: boolean;
}

/** What `hqml qasm run --json` prints (one object). */
export interface QasmRunReport {
  readonly file: string;
  readonly backend: string;
  readonly numQubits: number;
  readonly numGates: number;
  /** Qubits deferred measurement added (mid-circuit measure, reset); absent when none. */
  readonly ancillas?: number;
  /** What the keys of `probabilities` / `counts` / `amplitudes` are: measured classical bits or all qubits. */
  readonly bits: 'clbits' | 'qubits';
  readonly probabilities?: Record<string, number>;
  readonly counts?: Record<string, number>;
  readonly shots?: number;
  readonly seed?: number;
  readonly amplitudes?: Record<string, [number, number]>;
  readonly expectation?: { readonly observable: string; readonly value: number };
  /** The --noise text, when given. */
  readonly noise?: string;
  /** The ids of the mitigators, innermost first, when given. */
  readonly mitigators?: readonly string[];
  readonly wallSeconds: number;
}

/**
 * A basis index as a bit string in Qiskit's order: bit 0 (qubit 0, or classical bit 0) is the
 * rightmost character, so `"01"` on two qubits means qubit 0 is 1.
 */
export function formatBits(index: number, width: number): string {
  let s = '';
  for (let b = width - 1; b >= 0; b--) s += Math.floor(index / 2 ** b) % 2 === 1 ? '1' : '0';
  return s;
}

function intOption(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(v) || v < min) {
    throw new ValidationError({ what: `${flag} is ${describeValue(raw)}`, why: `${flag} takes an integer >= ${min}`, fix: `Pass e.g. ${flag} ${Math.max(min, 1) * 1000}` });
  }
  return v;
}

/**
 * Runs an OpenQASM 2.0 file on a backend chosen by id from the registry. Exactly one of
 * probabilities (the default), amplitudes, shots or an expectation value is computed.
 */
export async function runQasm(file: string, raw: QasmRunOptions, context: CommandContext): Promise<QasmRunReport> {
  const modes = [raw.probabilities, raw.amplitudes, raw.shots !== undefined, raw.expect !== undefined].filter(Boolean).length;
  if (modes > 1) {
    throw new ValidationError({ what: 'more than one of --probabilities, --amplitudes, --shots, --expect was given', why: 'one run computes one kind of result', fix: 'Pick one (probabilities is the default)' });
  }
  const shots = intOption('--shots', raw.shots, 1);
  const seed = intOption('--seed', raw.seed, 0) ?? 0;
  if (raw.seed !== undefined && shots === undefined) {
    throw new ValidationError({ what: '--seed was given without --shots', why: 'only sampling is random', fix: 'Add --shots N, or drop --seed' });
  }
  const threads = intOption('--threads', raw.threads, 1);
  const observable = raw.expect !== undefined ? parseObservable(raw.expect) : undefined;
  const backendId = raw.backend ?? 'statevector';
  const plugin = context.registry.get<QuantumBackend>(backendId, 'backend');
  const noise = raw.noise !== undefined ? parseNoiseSpec(raw.noise) : undefined;
  const mitigators = await commandLineMitigators<QuantumBackend>(context.registry, raw.mitigator ?? [], 'backend');
  // Bounded work before parsing: a folder, a device such as /dev/zero or a FIFO is refused, not read forever.
  const text = await readTextFile(file, { what: 'OpenQASM file', maxBytes: 64 * 2 ** 20 });
  const maxGates = intOption('--max-gates', raw.maxGates, 1);
  const program = parseQasm(text, maxGates !== undefined ? { maxGates } : {});
  const circuit = program.circuit;
  // the program's qubits; deferred measurement may add ancillas after them
  const n = program.qubitNames.length;
  if (observable && maxQubit(observable) >= n) {
    throw new ValidationError({ what: `--expect names qubit ${maxQubit(observable)}`, why: `the program has ${n} qubits`, fix: `Use qubits 0..${n - 1}` });
  }
  const inner = await plugin.register(createContainer(), { ...(threads !== undefined && { threads }), ...(noise !== undefined && { noise }) });
  const backend = applyMitigators(inner, mitigators);
  try {
    const t0 = performance.now();
    const execution = { circuit, params: [] };
    const measured = program.measurements.length > 0;
    const key = (outcome: number): string => (measured ? clbitString(program, outcome) : formatBits(outcome % 2 ** n, n));
    const base = {
      file, backend: backendId, numQubits: n, numGates: circuit.ops.length, ...(program.ancillas > 0 ? { ancillas: program.ancillas } : {}), bits: measured ? ('clbits' as const) : ('qubits' as const),
      ...(raw.noise !== undefined && { noise: raw.noise }), ...(mitigators.length > 0 && { mitigators: mitigators.map((m) => m.id) }),
    };
    if (observable) {
      const value = backend.expectation(execution, [observable])[0]!;
      return { ...base, bits: 'qubits', expectation: { observable: formatObservable(observable), value }, wallSeconds: (performance.now() - t0) / 1000 };
    }
    if (raw.amplitudes) {
      if (program.ancillas > 0 || program.conditionals > 0) {
        throw new UnsupportedError({
          what: `${file} measures or resets qubits mid-circuit${program.conditionals > 0 ? ' and applies gates under "if"' : ''}`,
          why: 'its qubits end in a mixture over the measurement outcomes, which has no single state vector (hqml runs it by deferred measurement)',
          fix: 'Use --probabilities or --shots',
        });
      }
      const sv = backend as Partial<{ amplitudes: (e: typeof execution) => { re: Float64Array; im: Float64Array } }>;
      if (typeof sv.amplitudes !== 'function') {
        throw new UnsupportedError({ what: `backend "${backendId}" does not expose amplitudes`, why: 'only state-vector simulators have them', fix: 'Use --backend statevector or --probabilities' });
      }
      const { re, im } = sv.amplitudes(execution);
      const amplitudes: Record<string, [number, number]> = {};
      for (let i = 0; i < re.length; i++) if (re[i] !== 0 || im[i] !== 0) amplitudes[formatBits(i, n)] = [re[i]!, im[i]!];
      return { ...base, bits: 'qubits', amplitudes, wallSeconds: (performance.now() - t0) / 1000 };
    }
    if (shots !== undefined) {
      const s = backend.sample(execution, shots, seed);
      const counts: Record<string, number> = {};
      for (const o of s) {
        const k = key(o);
        counts[k] = (counts[k] ?? 0) + 1;
      }
      return { ...base, counts, shots, seed, wallSeconds: (performance.now() - t0) / 1000 };
    }
    const p = backend.probabilities(execution);
    const probabilities: Record<string, number> = {};
    for (let i = 0; i < p.length; i++) {
      if (p[i]! <= 1e-15) continue;
      const k = key(i);
      probabilities[k] = (probabilities[k] ?? 0) + p[i]!;
    }
    return { ...base, probabilities, wallSeconds: (performance.now() - t0) / 1000 };
  } finally {
    backend.dispose?.();
  }
}

/** Entries sorted by bit string (objects keep integer-like keys such as "11" first). */
function sorted<T>(o: Record<string, T> | undefined): [string, T][] {
  return Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
}

function printReport(r: QasmRunReport, print: (line: string) => void): void {
  print(`${r.file}: ${r.numQubits} qubits${r.ancillas ? ` (+${r.ancillas} for mid-circuit measurement)` : ''}, ${r.numGates} gates on ${r.backend} (${r.wallSeconds.toFixed(3)} s)`);
  print(`bit order: ${r.bits === 'clbits' ? 'classical bits' : 'qubits'}, bit 0 rightmost (Qiskit)`);
  if (r.noise !== undefined || r.mitigators !== undefined) print(`noise: ${r.noise ?? 'none'}; mitigators: ${r.mitigators?.join(' -> ') ?? 'none'}`);
  if (r.expectation) print(`<${r.expectation.observable}> = ${r.expectation.value}`);
  for (const [k, v] of sorted(r.probabilities)) print(`${k}  ${v.toFixed(10)}`);
  for (const [k, v] of sorted(r.counts)) print(`${k}  ${v}`);
  for (const [k, [re, im]] of sorted(r.amplitudes)) print(`${k}  ${re.toFixed(10)} ${im >= 0 ? '+' : '-'} ${Math.abs(im).toFixed(10)}i`);
}

/** `hqml qasm run FILE`: runs an OpenQASM 2.0 file on a backend. */
export const qasmCommand: CommandContribution = {
  name: 'qasm',
  register(program: Command, context: CommandContext): void {
    const qasm = program.command('qasm').description('OpenQASM 2.0 programs');
    qasm
      .command('run')
      .argument('<file>', 'OpenQASM 2.0 file (qelib1.inc gates)')
      .description(
        'Run an OpenQASM 2.0 file and print probabilities (default), amplitudes, shot counts or an expectation value. ' +
          'Bit strings follow Qiskit: qubit 0 (or classical bit 0) is the rightmost character and the least significant bit of an index; ' +
          'with measure statements, keys are the classical bits.',
      )
      .option('--backend <id>', 'backend plugin id', 'statevector')
      .option('--probabilities', 'print basis-state probabilities (default)')
      .option('--amplitudes', 'print the final state vector')
      .option('--shots <n>', 'sample n shots')
      .option('--seed <s>', 'seed of the shots (default 0)')
      .option('--expect <observable>', 'expectation value of a Pauli sum, e.g. "Z0 Z1" or "0.5*X0 + Z1"')
      .option('--threads <n>', 'threads of the backend')
      .option('--max-gates <n>', 'gate budget after expanding gate definitions and if (default 1000000)')
      .option('--noise <spec>', 'noise model: name=value[,...], e.g. depolarizing=0.01,readout=0.02 (a channel after every gate; readout flip probability)')
      .option('--mitigator <ref>', 'mitigator plugin ID[:key=value,...], repeatable, innermost first, e.g. mitigation.zne:scaleFactors=[1,3,5]', (v: string, prev: string[]) => [...prev, v], [] as string[])
      .option('--json', 'print one JSON object')
      .action(async (file: string, raw: QasmRunOptions) => {
        const report = await runQasm(file, raw, context);
        if (raw.json) context.print(JSON.stringify(report));
        else printReport(report, context.print);
      });
    qasmExportCommand(qasm, context);
  },
};
