import type { CommandContribution, HqmlPlugin, PluginDeclaration, PluginKind } from '@hqml/core/registry';
import { PLUGIN_KINDS, ValidationError } from '@hqml/core/registry';
import { packageStates } from '../packageStates.js';
import type { CliContext } from '../program.js';
import { formatTable } from '../table.js';
import { optionRows } from './pluginOptions.js';

function capabilityText(c: Readonly<Record<string, unknown>>): string {
  return Object.entries(c)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

/**
 * What is shown of `plugins`: a package's manifest where it has one (nothing imported), else
 * the plugin itself, its options converted to JSON Schema (zod is imported for that only).
 */
async function declarations(ctx: CliContext, plugins: readonly HqmlPlugin[]): Promise<PluginDeclaration[]> {
  const undeclared = plugins.some((p) => !ctx.registry.declaration(p.id));
  const toJsonSchema = undeclared ? (await import('./optionsJsonSchema.js')).optionsJsonSchema : undefined;
  return plugins.map((p) => ctx.registry.declaration(p.id) ?? { id: p.id, kind: p.kind, description: p.description, capabilities: p.capabilities, options: toJsonSchema!(p) });
}

/**
 * `hqml plugins [id]`: every registered plugin with id, kind and declared capabilities; with an
 * id, that plugin and its options (name, type, default, description). `--json` includes every
 * plugin's option schema as JSON Schema.
 */
export const pluginsCommand: CommandContribution = {
  name: 'plugins',
  register(program, context) {
    const ctx = context as CliContext;
    program
      .command('plugins')
      .argument('[id]', 'show one plugin and its options')
      .description('list every registered plugin with its id, kind and declared capabilities; `hqml plugins ID` shows a plugin\'s options')
      .option('--kind <kind>', `only plugins of this kind (${PLUGIN_KINDS.join(', ')})`)
      .option('--json', 'print JSON, with each plugin\'s option schema (JSON Schema)')
      .action(async (id: string | undefined, opts: { kind?: string; json?: boolean }) => {
        if (id !== undefined) {
          const [p] = await declarations(ctx, [ctx.registry.get(id, opts.kind as PluginKind | undefined)]);
          if (opts.json) {
            ctx.print(JSON.stringify(p));
            return;
          }
          ctx.print(`${p!.id} (${p!.kind}): ${p!.description}`);
          if (Object.keys(p!.capabilities).length) ctx.print(`capabilities: ${capabilityText(p!.capabilities)}`);
          const rows = optionRows(p!.options);
          ctx.print(rows.length ? `options:\n${formatTable(['option', 'type', 'default', 'description'], rows)}` : 'options: none');
          return;
        }
        if (opts.kind !== undefined && !PLUGIN_KINDS.includes(opts.kind as PluginKind)) {
          throw new ValidationError({ what: `--kind ${opts.kind}`, why: `kinds are ${PLUGIN_KINDS.join(', ')}`, fix: 'Pass one of them' });
        }
        const plugins = await declarations(ctx, ctx.registry.list(opts.kind as PluginKind | undefined));
        const packages = packageStates(ctx.modules, ctx.registry);
        if (opts.json) {
          ctx.print(JSON.stringify({ plugins, packages }));
          return;
        }
        if (plugins.length === 0) ctx.print('No plugins registered.');
        else ctx.print(formatTable(['id', 'kind', 'capabilities', 'description'], plugins.map((p) => [p.id, p.kind, capabilityText(p.capabilities), p.description])));
        for (const m of packages) if (m.error !== undefined) ctx.print(`! ${m.name} could not be loaded: ${m.error}`);
      });
  },
};
