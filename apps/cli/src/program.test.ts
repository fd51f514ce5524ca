import { describe, expect, it } from 'vitest';
import { definePlugin, type HqmlModule, ValidationError } from '@hqml/core';
import { z } from 'zod';
import { createProgram, runProgram } from './program.js';
import type { DiscoveredModule } from './discovery.js';

const demo: HqmlModule = {
  plugins: [
    definePlugin({ id: 'anneal.demo', kind: 'annealer', description: 'a demo annealer', capabilities: { maxVariables: 26 }, create: () => ({}) }),
    definePlugin({
      id: 'backend.demo',
      kind: 'backend',
      description: 'a demo backend',
      options: z.object({ threads: z.number().int().min(1).default(2).describe('worker threads'), method: z.enum(['a', 'b']).optional(), shape: z.array(z.number()) }).strict(),
      create: () => ({}),
    }),
  ],
  commands: [
    {
      name: 'greet',
      register(program, ctx) {
        program.command('greet').argument('<who>').option('--json').action((who: string, o: { json?: boolean }) => {
          if (who === 'nobody') throw new ValidationError({ what: 'greet nobody', why: 'there is nobody to greet' });
          ctx.print(o.json ? JSON.stringify({ hello: who }) : `hello ${who}`);
        });
      },
    },
  ],
  benchmarks: [
    {
      name: 'demo',
      description: 'a demo suite',
      async *run({ quick }) {
        yield { suite: 'demo', case: 'one', sizes: { n: quick ? 1 : 2 }, threads: 1, metric: 'time', value: 1.5, unit: 'ms' };
      },
    },
  ],
  doctor: [{ name: 'demo', run: async () => [{ check: 'demo backend', status: 'ok', detail: 'loads' }] }],
};

function run(argv: string[], modules: DiscoveredModule[] = [{ packageName: '@hqml/demo', version: '1.0.0', specifier: '@hqml/demo/plugin', module: demo }]) {
  const out: string[] = [];
  const err: string[] = [];
  const { program } = createProgram({ modules, print: (l) => out.push(l), printError: (l) => err.push(l) });
  return runProgram(program, argv, (l) => err.push(l)).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

describe('hqml program', () => {
  it('lists plugins with kind and capabilities, as text and JSON', async () => {
    const text = await run(['plugins']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/anneal\.demo\s+annealer\s+maxVariables=26\s+a demo annealer/);
    const json = JSON.parse((await run(['plugins', '--json'])).out) as { plugins: Array<{ id: string; options: unknown }>; packages: Array<{ name: string; loaded: boolean }> };
    expect(json.plugins.map((p) => p.id)).toEqual(['anneal.demo', 'backend.demo']);
    expect(json.plugins[0]!.options).toBeNull();
    expect(json.plugins[1]!.options).toMatchObject({ type: 'object', additionalProperties: false, required: ['shape'], properties: { threads: { type: 'integer', minimum: 1, default: 2, description: 'worker threads' }, method: { enum: ['a', 'b'] } } });
    expect(json.packages).toEqual([{ name: '@hqml/demo', version: '1.0.0', loaded: true }]);
  });

  it('shows one plugin with its options; an unknown id lists the registered ones', async () => {
    const r = await run(['plugins', 'backend.demo']);
    expect(r.out).toMatch(/^backend\.demo \(backend\): a demo backend/);
    expect(r.out).toMatch(/threads\s+integer >= 1\s+2\s+worker threads/);
    expect(r.out).toMatch(/method\s+"a" \| "b"\s+-/);
    expect(r.out).toMatch(/shape\s+number\[\]\s+required/);
    expect((await run(['plugins', 'anneal.demo'])).out).toMatch(/options: none/);
    const missing = await run(['plugins', 'qsim']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/"qsim".*anneal\.demo, backend\.demo/);
  });

  it('reports packages that failed to load instead of dying', async () => {
    const r = await run(['plugins'], [{ packageName: '@hqml/broken', version: '0.0.1', specifier: '@hqml/broken/plugin', error: 'boom' }]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/@hqml\/broken could not be loaded: boom/);
  });

  it('runs contributed commands and maps hqml errors to exit code 1', async () => {
    expect((await run(['greet', 'ada', '--json'])).out).toBe('{"hello":"ada"}');
    const bad = await run(['greet', 'nobody']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/ValidationError: greet nobody: there is nobody to greet/);
  });

  it('explains file-system errors with the path, and never prints a stack trace', async () => {
    const thrower: HqmlModule = {
      commands: [
        {
          name: 'boom',
          register(program) {
            program.command('boom <kind>').action((kind: string) => {
              if (kind === 'fs') throw Object.assign(new Error("EACCES: permission denied, open '/root/out.json'"), { code: 'EACCES', syscall: 'open', path: '/root/out.json', errno: -13 });
              if (kind === 'enotdir') throw Object.assign(new Error('ENOTDIR: not a directory'), { code: 'ENOTDIR', syscall: 'mkdir', path: '/etc/hosts/run' });
              if (kind === 'oom') throw new RangeError('Array buffer allocation failed');
              throw new TypeError(`${'x'.repeat(30_000)}\n    at minified (file.js:1:1)`);
            });
          },
        },
      ],
    };
    const mods = [{ packageName: '@hqml/thrower', version: '1.0.0', specifier: '@hqml/thrower/plugin', module: thrower }];
    const fs = await run(['boom', 'fs'], mods);
    expect(fs.code).toBe(1);
    expect(fs.err).toBe('hqml: ValidationError: Cannot open /root/out.json: permission denied (EACCES). Choose a location you may write to, or change its permissions.');
    expect((await run(['boom', 'enotdir'], mods)).err).toMatch(/Cannot create the folder \/etc\/hosts\/run: a part of the path is a file, not a folder \(ENOTDIR\)/);
    expect((await run(['boom', 'oom'], mods)).err).toMatch(/^hqml: ResourceError: Out of memory/);
    const bug = await run(['boom', 'bug'], mods);
    expect(bug.code).toBe(1);
    expect(bug.err).toMatch(/^hqml: internal error: TypeError: x+\nhqml: this is a bug/);
    expect(bug.err.length).toBeLessThan(600);
    expect(bug.err).not.toMatch(/ at /);
  });

  it('gives usage errors exit code 2', async () => {
    expect((await run(['nosuch'])).code).toBe(2);
    expect((await run(['plugins', '--kind', 'toaster'])).code).toBe(1);
  });

  it('lists and runs benchmark suites, one JSON object per line', async () => {
    expect((await run(['bench'])).out).toMatch(/demo\s+a demo suite/);
    const r = await run(['bench', 'demo', '--json', '--quick']);
    expect(JSON.parse(r.out)).toEqual({ suite: 'demo', case: 'one', sizes: { n: 1 }, threads: 1, metric: 'time', value: 1.5, unit: 'ms' });
    const missing = await run(['bench', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No benchmark suite with id "nope".*demo/);
  });

  it('doctor reports the environment and contributed checks', async () => {
    const r = await run(['doctor', '--json']);
    const { findings } = JSON.parse(r.out) as { findings: Array<{ check: string; status: string; detail: string }> };
    expect(findings.find((f) => f.check === 'node')?.detail).toContain(process.versions.node);
    expect(findings.find((f) => f.check === 'demo backend')?.status).toBe('ok');
  });
});
