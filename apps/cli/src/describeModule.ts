import { isDeepStrictEqual } from 'node:util';
import { Command, Help } from 'commander';
import { type CommandContribution, type CommandDeclaration, type HqmlManifest, type HqmlModule, type HqmlPlugin, MANIFEST_FORMAT, PluginRegistry, ValidationError } from '@hqml/core/registry';
import { optionsJsonSchema } from './commands/optionsJsonSchema.js';

/** `value` when JSON keeps it as it is (a manifest is JSON); a ValidationError naming `what` otherwise. */
function jsonOnly<T>(value: T, what: string): T {
  const copy = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  if (!isDeepStrictEqual(copy, value ?? null)) {
    throw new ValidationError({ what: `${what} are not plain JSON`, why: 'a manifest describes plugins as JSON, and this value would change on the way (a function, undefined, NaN or Infinity, a class instance)', fix: 'Declare it with strings, finite numbers, booleans, null, arrays and plain objects' });
  }
  return value;
}

/**
 * The top-level command a contribution registers, as `hqml --help` lists it: the contribution
 * is registered on a scratch program (registration only declares; nothing runs).
 */
function describeCommand(c: CommandContribution, owner: string): CommandDeclaration {
  const scratch = new Command('hqml');
  c.register(scratch, { registry: new PluginRegistry(), print: () => {} });
  const [cmd, ...more] = scratch.commands;
  if (!cmd || more.length > 0 || cmd.name() !== c.name) {
    throw new ValidationError({
      what: `The command contribution "${c.name}" of ${owner} registers ${scratch.commands.map((x) => `"${x.name()}"`).join(', ') || 'no command'}`,
      why: 'a contribution registers exactly one top-level command, named after it (subcommands go under it), so that the CLI can find it by name',
      fix: `Register \`program.command('${c.name}')\` and put everything else under it`,
    });
  }
  const help = new Help();
  return { name: c.name, aliases: cmd.aliases(), description: help.subcommandDescription(cmd), helpTerm: help.subcommandTerm(cmd) };
}

function describePlugin(p: HqmlPlugin): HqmlManifest['plugins'][number] {
  return {
    id: p.id,
    kind: p.kind,
    description: p.description,
    capabilities: jsonOnly({ ...p.capabilities }, `The capabilities of plugin "${p.id}"`),
    options: jsonOnly(optionsJsonSchema(p), `The options of plugin "${p.id}" as JSON Schema`),
  };
}

/**
 * The manifest of a package's `hqml` module: what `hqml plugins`, `hqml --help`, `hqml bench`
 * and `hqml doctor` show of it, generated from the code (ids, kinds, descriptions, capabilities,
 * option schemas as JSON Schema, commands with their help entries, suites, checks), so that the
 * CLI can show all of it without importing the module.
 */
export function describeModule(module: HqmlModule, pkg: { readonly name: string; readonly version: string }): HqmlManifest {
  return {
    format: MANIFEST_FORMAT,
    package: pkg.name,
    version: pkg.version,
    plugins: (module.plugins ?? []).map(describePlugin),
    commands: (module.commands ?? []).map((c) => describeCommand(c, pkg.name)),
    benchmarks: (module.benchmarks ?? []).map(({ name, description }) => ({ name, description })),
    doctor: (module.doctor ?? []).map(({ name }) => ({ name })),
  };
}
