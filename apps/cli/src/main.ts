import { loadPluginModules } from './discovery.js';
import { createProgram, runProgram } from './program.js';

/** Entry point of the `hqml` command. */
export async function main(argv: readonly string[]): Promise<number> {
  const modules = await loadPluginModules();
  if (process.env['HQML_DEBUG']) for (const m of modules) if (m.error) process.stderr.write(`hqml: could not load ${m.specifier}: ${m.error}\n`);
  const { program } = createProgram({ modules });
  return runProgram(program, argv);
}
