import { type DiscoveredModule, createProgram, loadPluginModules, runProgram } from '@hqml/cli';

let modules: Promise<DiscoveredModule[]> | undefined;

/** What one run of the `hqml` program printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly seconds: number;
}

/**
 * Runs the `hqml` program in this process, with every workspace plugin discovered as the real
 * launcher does and the same top-level error handling (`runProgram`); seconds apart, far faster
 * than a launch. A run longer than `timeoutMs` rejects: a hang.
 */
export async function hqmlInProcess(args: readonly string[], timeoutMs = 60_000): Promise<CliResult> {
  modules ??= loadPluginModules();
  const out: string[] = [];
  const err: string[] = [];
  const { program } = createProgram({ modules: await modules, print: (l) => out.push(l), printError: (l) => err.push(l) });
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hqml ${args.join(' ')} did not finish in ${timeoutMs / 1000} s (a hang)`)), timeoutMs);
  });
  try {
    const code = await Promise.race([runProgram(program, args, (l) => err.push(l)), hang]);
    return { code, out: out.join('\n'), err: err.join('\n'), seconds: (performance.now() - t0) / 1000 };
  } finally {
    clearTimeout(timer);
  }
}
