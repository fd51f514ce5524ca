import { availableParallelism, cpus, freemem, totalmem } from 'node:os';
import type { CommandContribution, DoctorFinding } from '@hqml/core/registry';
import { type PackageState, packageStates } from '../packageStates.js';
import type { CliContext } from '../program.js';
import { formatTable } from '../table.js';

const GiB = 1024 ** 3;

/** The environment facts the CLI itself can tell. */
export function environmentFindings(packages: readonly PackageState[]): DoctorFinding[] {
  const major = Number(process.versions.node.split('.')[0]);
  const out: DoctorFinding[] = [
    { check: 'node', status: major >= 20 ? 'ok' : 'warn', detail: `Node.js ${process.versions.node}${major >= 20 ? '' : ' (hqml needs >= 20)'}` },
    { check: 'platform', status: 'ok', detail: `${process.platform} ${process.arch}` },
    { check: 'cpus', status: 'ok', detail: `${availableParallelism()} usable (${cpus()[0]?.model.trim() ?? 'unknown model'})` },
    { check: 'memory', status: 'ok', detail: `${(freemem() / GiB).toFixed(1)} GiB free of ${(totalmem() / GiB).toFixed(1)} GiB` },
  ];
  for (const p of packages) {
    out.push(p.error !== undefined ? { check: `package ${p.name}`, status: 'warn', detail: `not loaded: ${p.error}` } : { check: `package ${p.name}`, status: 'ok', detail: `${p.version} loaded` });
  }
  return out;
}

/** `hqml doctor`: environment report (Node, CPUs, memory, packages, and every contributed check). */
export const doctorCommand: CommandContribution = {
  name: 'doctor',
  register(program, context) {
    const ctx = context as CliContext;
    program
      .command('doctor')
      .description('report the environment: Node version, CPUs, memory, plugin packages, TF.js backends, data sets')
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean }) => {
        // Every package is imported, so that one that fails to is reported (below), not fatal.
        await ctx.registry.load().catch(() => undefined);
        const findings: DoctorFinding[] = environmentFindings(packageStates(ctx.modules, ctx.registry));
        for (const check of ctx.registry.doctorChecks()) {
          try {
            findings.push(...(await check.run()));
          } catch (err) {
            findings.push({ check: check.name, status: 'warn', detail: `the check failed: ${err instanceof Error ? err.message : String(err)}` });
          }
        }
        if (opts.json) ctx.print(JSON.stringify({ findings }));
        else ctx.print(formatTable(['check', 'status', 'detail'], findings.map((f) => [f.check, f.status, f.detail])));
      });
  },
};
