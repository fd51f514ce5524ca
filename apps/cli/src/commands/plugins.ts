import type { CommandContribution, PluginKind } from '@hqml/core';
import { PLUGIN_KINDS, ValidationError } from '@hqml/core';
import type { DiscoveredModule } from '../discovery.js';
import { formatTable } from '../table.js';
import { optionRows, optionsJsonSchema } from './pluginOptions.js';

function capabilityText(c: Readonly<Record<string, unknown>>): string {
  return Object.entries(c)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

/**
 * `hqml plugins [id]`: every registered plugin with id, kind and declared capabilities; with an
 * id, that plugin and its options (name, type, default, description). `--json` includes every
 * plugin's option schema as JSON Schema.
 */
export const pluginsCommand: CommandContribution = {
  name: 'plugins',
  register(program, ctx) {
    program
      .command('plugins')
      .argument('[id]', 'show one plugin and its options')
      .description('list every registered plugin with its id, kind and declared capabilities; `hqml plugins ID` shows a plugin\'s options')
      .option('--kind <kind>', `only plugins of this kind (${PLUGIN_KINDS.join(', ')})`)
      .option('--json', 'print JSON, with each plugin\'s option schema (JSON Schema)')
      .action((id: string | undefined, opts: { kind?: string; json?: boolean }) => {
        if (id !== undefined) {
          const p = ctx.registry.get(id, opts.kind as PluginKind | undefined);
          const schema = optionsJsonSchema(p);
          if (opts.json) {
            ctx.print(JSON.stringify({ id: p.id, kind: p.kind, description: p.description, capabilities: p.capabilities, options: schema }));
            return;
          }
          ctx.print(`${p.id} (${p.kind}): ${p.description}`);
          if (Object.keys(p.capabilities).length) ctx.print(`capabilities: ${capabilityText(p.capabilities)}`);
          const rows = optionRows(schema);
          ctx.print(rows.length ? `options:\n${formatTable(['option', 'type', 'default', 'description'], rows)}` : 'options: none');
          return;
        }
        if (opts.kind !== undefined && !PLUGIN_KINDS.includes(opts.kind as PluginKind)) {
          throw new ValidationError({ what: `--kind ${opts.kind}`, why: `kinds are ${PLUGIN_KINDS.join(', ')}`, fix: 'Pass one of them' });
        }
        const plugins = ctx.registry.list(opts.kind as PluginKind | undefined);
        const modules = ((ctx as { modules?: readonly DiscoveredModule[] }).modules ?? []);
        const failed = modules.filter((m) => m.error);
        if (opts.json) {
          ctx.print(JSON.stringify({
            plugins: plugins.map((p) => ({ id: p.id, kind: p.kind, description: p.description, capabilities: p.capabilities, options: optionsJsonSchema(p) })),
            packages: modules.map((m) => ({ name: m.packageName, version: m.version, loaded: !m.error, ...(m.error !== undefined && { error: m.error }) })),
          }));
          return;
        }
        if (plugins.length === 0) ctx.print('No plugins registered.');
        else ctx.print(formatTable(['id', 'kind', 'capabilities', 'description'], plugins.map((p) => [p.id, p.kind, capabilityText(p.capabilities), p.description])));
        for (const m of failed) ctx.print(`! ${m.packageName} could not be loaded: ${m.error}`);
      });
  },
};
