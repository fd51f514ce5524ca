import type { CommandContribution, PluginKind } from '@hqml/core';
import { PLUGIN_KINDS, ValidationError } from '@hqml/core';
import type { DiscoveredModule } from '../discovery.js';
import { formatTable } from '../table.js';

function capabilityText(c: Readonly<Record<string, unknown>>): string {
  return Object.entries(c)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

/** `hqml plugins`: every registered plugin with id, kind and declared capabilities. */
export const pluginsCommand: CommandContribution = {
  name: 'plugins',
  register(program, ctx) {
    program
      .command('plugins')
      .description('list every registered plugin with its id, kind and declared capabilities')
      .option('--kind <kind>', `only plugins of this kind (${PLUGIN_KINDS.join(', ')})`)
      .option('--json', 'print JSON')
      .action((opts: { kind?: string; json?: boolean }) => {
        if (opts.kind !== undefined && !PLUGIN_KINDS.includes(opts.kind as PluginKind)) {
          throw new ValidationError({ what: `--kind ${opts.kind}`, why: `kinds are ${PLUGIN_KINDS.join(', ')}`, fix: 'Pass one of them' });
        }
        const plugins = ctx.registry.list(opts.kind as PluginKind | undefined);
        const modules = ((ctx as { modules?: readonly DiscoveredModule[] }).modules ?? []);
        const failed = modules.filter((m) => m.error);
        if (opts.json) {
          ctx.print(JSON.stringify({
            plugins: plugins.map((p) => ({ id: p.id, kind: p.kind, description: p.description, capabilities: p.capabilities })),
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
