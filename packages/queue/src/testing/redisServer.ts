import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A redis-server started for a test on a loopback port. */
export interface TestRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>/0` (with the password, when one was set). */
  readonly url: string;
  /** Stops the server (SIGTERM; it saves nothing: no persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty, as a Redis without persistence comes back). */
  restart(): Promise<void>;
}

/** Whether Debian's `redis-server` is installed (`.ci/run` installs it). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real `redis-server` (Debian's; no in-memory imitation) on a free loopback port,
 * without persistence, in a temporary directory removed by `stop`. Fails with the install
 * command when redis-server is missing.
 */
export async function startTestRedis(o: { password?: string } = {}): Promise<TestRedis> {
  if (!hasRedisServer()) throw new Error('redis-server is not installed: apt-get install -y redis-server (.ci/run installs it)');
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'hqml-redis-'));
  let proc: ChildProcess | undefined;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction', ...(o.password ? ['--requirepass', o.password] : [])];
    const p = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc = p;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${out}`)), 20_000);
      p.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      p.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${out}`));
      });
    });
  };
  const stopProc = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    await new Promise((r) => {
      p.once('exit', r);
      p.kill('SIGTERM');
    });
  };
  await start();
  return {
    port,
    url: `redis://${o.password ? `:${encodeURIComponent(o.password)}@` : ''}127.0.0.1:${port}/0`,
    stop: async () => {
      await stopProc();
      await rm(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopProc();
      await start();
    },
  };
}
