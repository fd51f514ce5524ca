import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchRecord, type BenchSuite, DataError } from '@hqml/core/registry';
import { buildProblem } from '../bin/buildState.js';

const BIN = fileURLToPath(new URL('../bin/hqml.js', import.meta.url));
const MAIN = new URL('../dist/main.js', import.meta.url).href;
// Loaded first into each measured process: at exit it writes the process's CPU time (every
// thread, since the process started: getrusage) to file descriptor 3.
const CPU_AT_EXIT = `data:text/javascript,${encodeURIComponent("import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(3, JSON.stringify(process.cpuUsage())));")}`;

/** How a command line is started, from the fastest possible to the launcher before builds. */
const LAUNCHERS = {
  /** `node -e 0`: Node itself, the floor. */
  node: () => ['-e', '0'],
  /** The launcher as installed: the build, manifests, plugins imported on demand. */
  build: (args: readonly string[]) => [BIN, ...args],
  /** The build with every plugin imported at start (what the manifests save). */
  'build-eager': (args: readonly string[]) => ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(${JSON.stringify(args)});`],
  /** `HQML_SOURCE=1`: tsx and every plugin imported at start, the launcher before builds. */
  sources: (args: readonly string[]) => [BIN, ...args],
} as const;
type Launcher = keyof typeof LAUNCHERS;

/** One run: wall seconds from spawn to exit, and the process's user CPU seconds. */
function runOnce(launcher: Launcher, args: readonly string[]): Promise<{ wall: number; user: number }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...(launcher === 'sources' ? { HQML_SOURCE: '1' } : {}) };
    delete env['HQML_DEBUG'];
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', CPU_AT_EXIT, ...LAUNCHERS[launcher](args)], { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let usage = '';
    let stderr = '';
    child.stdio[3]!.on('data', (d: Buffer) => (usage += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new DataError({ what: `hqml ${args.join(' ')} (${launcher}) exited with ${code}`, why: stderr.trim() || 'no output' }));
      resolve({ wall, user: (JSON.parse(usage) as { user: number }).user / 1e6 });
    });
  });
}

/**
 * `hqml bench startup`: how long `hqml --help` and `hqml plugins` take to start and finish, as
 * installed (the build) against the build importing every plugin at start, the launcher before
 * builds (TypeScript sources through tsx, every plugin imported) and bare Node, interleaved so that
 * a shared machine's load hits all alike. Medians of wall and user CPU seconds, and the speed-ups
 * of the build over the sources in the same run.
 */
export const startupBench: BenchSuite = {
  name: 'startup',
  description: 'hqml --help and hqml plugins: wall and user CPU seconds, build vs sources (the launcher before builds) vs bare Node, interleaved',
  async *run({ quick }) {
    const problem = buildProblem(fileURLToPath(new URL('../bin', import.meta.url)));
    if (problem) throw new DataError({ what: 'The startup suite needs a current build', why: `${problem.summary} (${problem.detail})`, fix: 'Run `npm run build` first' });
    const { median } = await import('@hqml/core');
    const runs = quick ? 3 : 9;
    const cases = { help: ['--help'], plugins: ['plugins'] } as const;
    for (const [name, args] of Object.entries(cases)) {
      const launchers = name === 'help' ? (['node', 'build', 'build-eager', 'sources'] as const) : (['build', 'build-eager', 'sources'] as const);
      const times = new Map<Launcher, Array<{ wall: number; user: number }>>(launchers.map((l) => [l, []]));
      await runOnce('build', args); // warm the file cache
      for (let i = 0; i < runs; i++) for (const l of launchers) times.get(l)!.push(await runOnce(l, args));
      const medians = new Map([...times].map(([l, ts]) => [l, { wall: median(ts.map((t) => t.wall)), user: median(ts.map((t) => t.user)) }]));
      for (const [l, m] of medians) {
        const sizes = { launcher: l };
        yield { suite: 'startup', case: name, sizes, threads: 1, metric: 'wall-median', value: m.wall, unit: 's', runs } satisfies BenchRecord;
        yield { suite: 'startup', case: name, sizes, threads: 1, metric: 'user-cpu-median', value: m.user, unit: 's', runs } satisfies BenchRecord;
      }
      const build = medians.get('build')!;
      for (const l of ['build-eager', 'sources'] as const) {
        const other = medians.get(l)!;
        yield { suite: 'startup', case: name, sizes: { launcher: 'build', versus: l }, threads: 1, metric: 'speedup-wall', value: other.wall / build.wall, unit: 'x' } satisfies BenchRecord;
        yield { suite: 'startup', case: name, sizes: { launcher: 'build', versus: l }, threads: 1, metric: 'speedup-user-cpu', value: other.user / build.user, unit: 'x' } satisfies BenchRecord;
      }
    }
  },
};
