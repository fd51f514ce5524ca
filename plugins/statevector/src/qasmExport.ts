import type { Command } from 'commander';
import { type CommandContext, Circuit, DataError, HqmlError, ValidationError, checkNestingDepth, describeValue, readTextFile, toQasm, writeFileAtomic } from '@hqml/core';

/** Options of `hqml qasm export` (as commander passes them). */
export interface QasmExportCliOptions {
  readonly params?: string;
  readonly inputs?: string;
  readonly measure?: boolean;
  readonly out?: string;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    // Bounded work before parsing: regular files of modest size only, nesting checked.
    text = await readTextFile(file, { what, maxBytes: 256 * 2 ** 20 });
    checkNestingDepth(text, file);
  } catch (err) {
    if (!(err instanceof HqmlError)) throw err;
    throw new DataError({ what: `Cannot read ${what} ${file}`, why: err.message, fix: 'Check the path', cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new DataError({ what: `${what} ${file} is not JSON`, why: (err as Error).message, fix: 'Pass the file Circuit#toJSON wrote (or { "circuit", "params", "inputs" })', cause: err });
  }
}

/** `--params 0.1,0.2` or `--params @values.json` (a JSON array of numbers). */
async function values(flag: string, raw: string | undefined): Promise<number[] | undefined> {
  if (raw === undefined) return undefined;
  const parsed: unknown = raw.startsWith('@') ? await readJson(raw.slice(1), `${flag} file`) : raw.trim() === '' ? [] : raw.split(',').map((x) => (x.trim() === '' ? Number.NaN : Number(x)));
  if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new ValidationError({ what: `${flag} is ${describeValue(raw)}`, why: 'it takes finite numbers, comma-separated, or @file.json holding a JSON array of numbers', fix: `Pass e.g. ${flag} 0.1,0.2` });
  }
  return parsed as number[];
}

/**
 * Writes a circuit (the JSON of Circuit#toJSON, or `{ circuit, params, inputs }`) as OpenQASM 2.0
 * with its parameters and one sample's inputs bound; prints it, or writes it atomically to `out`.
 * Returns the text.
 */
export async function exportQasm(file: string, raw: QasmExportCliOptions, context: CommandContext): Promise<string> {
  const json = await readJson(file, 'circuit file');
  const bundle = typeof json === 'object' && json !== null && 'circuit' in json ? (json as { circuit: unknown; params?: unknown; inputs?: unknown }) : { circuit: json };
  const circuit = Circuit.fromJSON(bundle.circuit);
  const params = (await values('--params', raw.params)) ?? (bundle.params as number[] | undefined);
  const inputs = (await values('--inputs', raw.inputs)) ?? (bundle.inputs as number[] | undefined);
  const text = toQasm(circuit, { ...(params ? { params } : {}), ...(inputs ? { inputs } : {}), measure: raw.measure !== false });
  if (raw.out !== undefined) {
    try {
      await writeFileAtomic(raw.out, text);
    } catch (err) {
      throw new DataError({ what: `Cannot write ${raw.out}`, why: (err as Error).message, fix: 'Check that the folder exists and is writable', cause: err });
    }
    context.print(`wrote ${raw.out} (${circuit.numQubits} qubits)`);
  } else {
    context.print(text.trimEnd());
  }
  return text;
}

/** Adds `hqml qasm export FILE` to the `qasm` command. */
export function qasmExportCommand(qasm: Command, context: CommandContext): void {
  qasm
    .command('export')
    .argument('<circuit.json>', 'a circuit as Circuit#toJSON writes it, or { "circuit", "params", "inputs" }')
    .description(
      'Write a circuit as OpenQASM 2.0 with its trainable parameters and one sample\'s inputs bound ' +
        '(amplitude encoding becomes an RY/CNOT state preparation). Qubit 0 is q[0], the least significant bit.',
    )
    .option('--params <values>', 'parameter values: 0.1,0.2,... or @file.json')
    .option('--inputs <values>', 'one sample\'s input features: 0.1,0.2,... or @file.json')
    .option('--no-measure', 'leave out the final "measure q -> c;"')
    .option('--out <file>', 'write to this file (atomically) instead of printing')
    .action(async (file: string, raw: QasmExportCliOptions) => {
      await exportQasm(file, raw, context);
    });
}
