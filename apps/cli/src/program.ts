import { Command, CommanderError, Help } from 'commander';
import { type CommandContext, type HqmlModule, LazyPluginRegistry, explainError } from '@hqml/core/registry';
import { benchCommand } from './commands/bench.js';
import { doctorCommand } from './commands/doctor.js';
import { pluginsCommand } from './commands/plugins.js';
import { type DiscoveredModule, importHqmlModule } from './discovery.js';
import { startupBench } from './startupBench.js';

/** What the program is built from: the discovered modules and where output goes. */
export interface ProgramInput {
  readonly modules: readonly DiscoveredModule[];
  /** The registry of `modules` ({@link createRegistry}); built from them when absent. */
  readonly registry?: LazyPluginRegistry;
  readonly print?: (line: string) => void;
  readonly printError?: (line: string) => void;
}

/** The services the CLI gives commands: {@link CommandContext} plus what discovery found. */
export interface CliContext extends CommandContext {
  readonly registry: LazyPluginRegistry;
  readonly modules: readonly DiscoveredModule[];
}

/** The CLI's own command contributions (and its start-up suite), registered the same way as any package's. */
export const builtinModule: HqmlModule = { commands: [pluginsCommand, doctorCommand, benchCommand], benchmarks: [startupBench] };

/**
 * The registry of the discovered modules: the CLI's own commands, every imported module, and
 * every package known by its manifest (imported on first use).
 */
export function createRegistry(modules: readonly DiscoveredModule[]): LazyPluginRegistry {
  const registry = new LazyPluginRegistry();
  registry.addModule(builtinModule);
  for (const m of modules) {
    if (m.module) registry.addModule(m.module);
    else if (m.manifest) {
      registry.addPackage(m.manifest, () => {
        if (process.env['HQML_DEBUG']) process.stderr.write(`hqml: importing ${m.packageName}\n`);
        return importHqmlModule(m.specifier);
      });
    }
  }
  return registry;
}

/**
 * Builds the `hqml` program: the built-in commands plus every command the discovered modules
 * contribute (one registration point, no central switch). A command of a package that is not
 * imported yet is listed from its manifest; {@link programFor} imports the one a command line runs.
 */
export function createProgram(input: ProgramInput): { program: Command; registry: LazyPluginRegistry; context: CliContext } {
  const print = input.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const printError = input.printError ?? ((line: string) => process.stderr.write(`${line}\n`));
  const registry = input.registry ?? createRegistry(input.modules);
  const context: CliContext = { registry, print, modules: input.modules };
  // The help of a command that is only declared shows the entry its manifest recorded.
  const declaredTerms = new WeakMap<Command, string>();
  const program = new Command('hqml')
    .description('hqml: hybrid quantum-classical machine learning — run reference apps, benchmarks and tools')
    .showHelpAfterError()
    .configureHelp({
      subcommandTerm(this: Help, cmd: Command): string {
        return declaredTerms.get(cmd) ?? Help.prototype.subcommandTerm.call(this, cmd);
      },
    })
    .configureOutput({ writeOut: (s) => print(s.replace(/\n$/, '')), writeErr: (s) => printError(s.replace(/\n$/, '')) })
    .exitOverride();
  for (const c of registry.commands()) {
    c.register(program, context);
    const declared = registry.commandDeclaration(c);
    if (declared) declaredTerms.set(program.commands[program.commands.length - 1]!, declared.helpTerm);
  }
  return { program, registry, context };
}

/**
 * The subcommand a command line runs (`hqml kd ...` → `kd`; `hqml help kd` → `kd`), or undefined
 * for the program's own help. The program has no options of its own besides `--help`.
 */
export function commandWord(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * The program for one command line: the package that contributes the command `argv` runs is
 * imported first (manifest-declared packages are imported only when needed), then the program
 * is built. A package that fails to import is a PluginLoadError naming it.
 */
export async function programFor(argv: readonly string[], input: ProgramInput): Promise<ReturnType<typeof createProgram>> {
  const registry = input.registry ?? createRegistry(input.modules);
  const word = commandWord(argv);
  if (word !== undefined) await registry.loadCommand(word);
  return createProgram({ ...input, registry });
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

/** {@link programFor} then {@link runProgram}: the whole command line, with exit codes. */
export async function runCli(argv: readonly string[], input: ProgramInput): Promise<number> {
  const printError = input.printError ?? ((l: string) => process.stderr.write(`${l}\n`));
  let program: Command;
  try {
    ({ program } = await programFor(argv, input));
  } catch (err) {
    const known = explainError(err);
    if (!known) throw err;
    printError(`hqml: ${known.name}: ${known.message}`);
    return 1;
  }
  return runProgram(program, argv, printError);
}
