import { Command, CommanderError } from 'commander';
import { type CommandContext, type HqmlModule, PluginRegistry, explainError } from '@hqml/core';
import { benchCommand } from './commands/bench.js';
import { doctorCommand } from './commands/doctor.js';
import { pluginsCommand } from './commands/plugins.js';
import type { DiscoveredModule } from './discovery.js';

/** What the program is built from: the discovered modules and where output goes. */
export interface ProgramInput {
  readonly modules: readonly DiscoveredModule[];
  readonly print?: (line: string) => void;
  readonly printError?: (line: string) => void;
}

/** The CLI's own command contributions, registered the same way as any package's. */
export const builtinModule: HqmlModule = { commands: [pluginsCommand, doctorCommand, benchCommand] };

/**
 * Builds the `hqml` program: the built-in commands plus every command the discovered modules
 * contribute (one registration point, no central switch).
 */
export function createProgram(input: ProgramInput): { program: Command; registry: PluginRegistry; context: CommandContext & { modules: readonly DiscoveredModule[] } } {
  const print = input.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const printError = input.printError ?? ((line: string) => process.stderr.write(`${line}\n`));
  const registry = new PluginRegistry();
  registry.addModule(builtinModule);
  for (const m of input.modules) if (m.module) registry.addModule(m.module);
  const context = { registry, print, modules: input.modules };
  const program = new Command('hqml')
    .description('hqml: hybrid quantum-classical machine learning — run reference apps, benchmarks and tools')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => print(s.replace(/\n$/, '')), writeErr: (s) => printError(s.replace(/\n$/, '')) })
    .exitOverride();
  for (const c of registry.commands()) c.register(program, context);
  return { program, registry, context };
}

/**
 * Runs the program and maps errors to exit codes: 0 ok, 1 errors, 2 usage errors. Errors hqml
 * can explain (its own, file-system errors naming the path, memory exhaustion) print one
 * message; anything else prints one line marked as an internal error, never a stack trace
 * (or a tool's minified source), unless HQML_DEBUG is set.
 */
export async function runProgram(program: Command, argv: readonly string[], printError: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const known = explainError(err);
    if (known) {
      printError(`hqml: ${known.name}: ${known.message}`);
      return 1;
    }
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    printError(`hqml: internal error: ${text.split('\n')[0]!.slice(0, 300)}`);
    printError('hqml: this is a bug in hqml or a plugin; run again with HQML_DEBUG=1 for the stack trace, and report it');
    if (process.env['HQML_DEBUG'] && err instanceof Error && err.stack) printError(err.stack);
    return 1;
  }
}
