import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PYTHONS = ['python3', '/usr/bin/python3'];
let found: Promise<string | undefined> | undefined;

/**
 * The first Python that can import torch (`python3` on PATH, then Debian's `/usr/bin/python3`,
 * where `apt-get install python3-torch` puts it), or undefined. Probed once per process.
 */
export function findTorchPython(): Promise<string | undefined> {
  found ??= (async () => {
    for (const python of PYTHONS) {
      try {
        await run(python, ['-c', 'import torch'], { timeout: 120_000 });
        return python;
      } catch {
        // not this one
      }
    }
    return undefined;
  })();
  return found;
}

/** Options of {@link runTorchPeer}. */
export interface TorchPeerOptions {
  /** Written to the script's stdin (e.g. a JSON request). */
  readonly input?: string;
  /** Default 10 minutes. */
  readonly timeoutMs?: number;
}

/**
 * Runs a PyTorch peer script (a benchmark's or a test's reference implementation under a
 * package's `bench/`) and parses the last line of its stdout as JSON. Resolves to undefined when
 * no Python with torch is installed, so benches omit the peer's records and tests skip; a script
 * that fails once started is an error (its stderr in the message), never a silent omission.
 */
export async function runTorchPeer<T>(script: string, args: readonly string[], options: TorchPeerOptions = {}): Promise<T | undefined> {
  const python = await findTorchPython();
  if (python === undefined) return undefined;
  // OpenMP's default busy-waiting makes a 2-thread torch 10-20x slower on a loaded machine (its
  // threads spin while the cores run other work); passive waiting is what a shared machine needs.
  const env = { ...process.env, OMP_WAIT_POLICY: process.env['OMP_WAIT_POLICY'] ?? 'PASSIVE' };
  const p = run(python, [script, ...args], { timeout: options.timeoutMs ?? 600_000, maxBuffer: 256 * 1024 * 1024, env });
  p.child.stdin?.end(options.input ?? '');
  const { stdout } = await p;
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
}
