import type { Command } from 'commander';
import { type Annealer, type CommandContext, type CommandContribution, ValidationError, createContainer, describeValue } from '@hqml/core';
import { SapiEmulator } from './emulator/sapiEmulator.js';
import { parseTopology } from './topology/topologyGraph.js';

interface EmulateOptions {
  topology: string[];
  sampler: string;
  host: string;
  port: string;
  tokenEnv?: string;
  delayMs: string;
}

/** Starts an emulator from CLI options; resolves to it (the caller stops it). */
export async function startEmulatorFromCli(raw: EmulateOptions, context: CommandContext): Promise<SapiEmulator> {
  const port = Number(raw.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValidationError({ what: `--port is ${describeValue(raw.port)}`, why: 'a port is 0..65535 (0: any free port)', fix: 'Pass e.g. --port 0' });
  const delay = Number(raw.delayMs);
  if (!(delay >= 0)) throw new ValidationError({ what: `--delay-ms is ${describeValue(raw.delayMs)}`, why: 'the processing delay is a non-negative number of milliseconds' });
  let token: string | undefined;
  if (raw.tokenEnv !== undefined) {
    token = process.env[raw.tokenEnv];
    if (!token) throw new ValidationError({ what: `--token-env ${raw.tokenEnv} names an empty variable`, why: 'the emulator would accept no token', fix: `export ${raw.tokenEnv}=... first` });
  }
  const topologies = raw.topology.length > 0 ? raw.topology : ['pegasus:6'];
  const solvers = [];
  for (const t of topologies) {
    const spec = parseTopology(t);
    const annealer = await context.registry.get<Annealer>(raw.sampler, 'annealer').register(createContainer());
    solvers.push({ name: `Emulated_${spec.type}_${spec.shape.join('x')}`, topology: spec, annealer });
  }
  const emu = new SapiEmulator({ solvers, host: raw.host, port, processingDelayMs: delay, ...(token !== undefined && { token }) });
  await emu.start();
  return emu;
}

/** `hqml dwave emulate`: an offline SAPI server to develop and test against without a token. */
export const dwaveCommand: CommandContribution = {
  name: 'dwave',
  register(program: Command, context: CommandContext): void {
    const dwave = program.command('dwave').description('D-Wave tools: an offline SAPI emulator');
    dwave
      .command('emulate')
      .description('Serve the SAPI protocol locally with emulated QPU graphs and an hqml annealer behind them')
      .option('--topology <spec>', 'pegasus:M, chimera:M[,N,T] or zephyr:M[,T]; repeat for several solvers', (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--sampler <id>', 'the annealer plugin behind the QPU', 'anneal.sa')
      .option('--host <host>', 'address to listen on (loopback keeps it local)', '127.0.0.1')
      .option('--port <n>', 'port (0: any free port)', '0')
      .option('--token-env <VAR>', 'accept only the token in this environment variable (default: any non-empty token)')
      .option('--delay-ms <ms>', 'milliseconds a problem stays PENDING', '5')
      .action(async (raw: EmulateOptions) => {
        const emu = await startEmulatorFromCli(raw, context);
        context.print(`SAPI emulator listening: ${emu.endpoint}`);
        context.print(`export DWAVE_API_ENDPOINT=${emu.endpoint}`);
        context.print(raw.tokenEnv ? `accepting the token in $${raw.tokenEnv}` : 'accepting any non-empty DWAVE_API_TOKEN');
        await new Promise<void>((resolveStop) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void emu.stop().then(resolveStop);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      });
  },
};
