import type { CommandContribution } from '@hqml/core';
import { ValidationError, describeValue } from '@hqml/core';
import { DEFAULT_PORT, startPlayground, writePlayground } from './server.js';

/** Options of `hqml playground` as commander passes them. */
interface PlaygroundCliOptions {
  readonly port: string;
  readonly host: string;
  readonly digits?: string;
  readonly perClass?: string;
  readonly out?: string;
}

function intFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(v)) throw new ValidationError({ what: `${flag} is ${describeValue(raw)}`, why: `${flag} takes an integer`, fix: `Pass e.g. ${flag} 150` });
  return v;
}

function digitsFlag(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((s) => s.trim());
  const digits = parts.map(Number);
  if (parts.some((p) => p === '') || digits.some((d) => !Number.isInteger(d))) {
    throw new ValidationError({ what: `--digits is ${describeValue(raw)}`, why: 'it is a comma-separated list of digits 0-9', fix: 'Pass e.g. --digits 0,1 or --digits 3,5,8' });
  }
  return digits;
}

/** `hqml playground`: serves the browser playground on localhost (or writes it as static files with --out). */
export const playgroundCommand: CommandContribution = {
  name: 'playground',
  register(program, ctx) {
    program
      .command('playground')
      .description('serve hqml in the browser on localhost: OpenQASM 2 programs on the CPU and GPU (gpu.js/WebGL) statevector backends, and a quantum classifier trained on MNIST in the page')
      .option('--port <n>', 'port (0: any free port)', String(DEFAULT_PORT))
      .option('--host <address>', 'interface to listen on', '127.0.0.1')
      .option('--digits <list>', 'MNIST digits the classifier tells apart, 2 to 4 (default 0,1)')
      .option('--per-class <n>', 'training images per digit (default 150)')
      .option('--out <dir>', 'write the site (page, ES module bundle, data) into this folder instead of serving it')
      .action(async (opts: PlaygroundCliOptions) => {
        const digits = digitsFlag(opts.digits);
        const perClass = intFlag('--per-class', opts.perClass);
        const data = { registry: ctx.registry, ...(digits ? { digits } : {}), ...(perClass !== undefined ? { perClass } : {}) };
        if (opts.out !== undefined) {
          const files = await writePlayground(opts.out, data);
          ctx.print(`wrote ${files.length} files into ${opts.out}: serve the folder with any static web server`);
          return;
        }
        const port = intFlag('--port', opts.port);
        const server = await startPlayground({ ...data, host: opts.host, ...(port !== undefined ? { port } : {}) });
        ctx.print(`hqml playground: ${server.url} (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().then(resolve, resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      });
  },
};
