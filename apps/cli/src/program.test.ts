import { describe, expect, it } from 'vitest';
import { definePlugin, type HqmlModule, ValidationError } from '@hqml/core';
import { z } from 'zod';
import { LazyPluginRegistry } from '@hqml/core/registry';
import { describeModule } from './describeModule.js';
import { builtinModule, commandWord, createProgram, runCli, runProgram } from './program.js';
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

/** The demo package known by its manifest (generated from the module), counting its imports. */
function declared(importModule: () => Promise<HqmlModule> = async () => demo) {
  const manifest = describeModule(demo, { name: '@hqml/demo', version: '1.0.0' });
  const imports = { count: 0 };
  const modules: DiscoveredModule[] = [{ packageName: '@hqml/demo', version: '1.0.0', specifier: '@hqml/demo/plugin', manifest }];
  const registry = () =>
    new LazyPluginRegistry().addModule(builtinModule).addPackage(manifest, async () => {
      imports.count++;
      return importModule();
    });
  const runLazy = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { modules, registry: registry(), print: (l) => out.push(l), printError: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { manifest, imports, runLazy, registry, modules };
}

describe('hqml program with packages known by their manifests', () => {
  it('shows exactly what the imported package shows, importing it only to run its code', async () => {
    const { imports, runLazy } = declared();
    for (const argv of [['--help'], ['plugins'], ['plugins', 'backend.demo'], ['plugins', 'backend.demo', '--json'], ['plugins', 'anneal.demo'], ['plugins', '--kind', 'backend'], ['plugins', 'nope'], ['bench'], ['bench', '--json'], ['nosuch']]) {
      const [lazy, eager] = [await runLazy(argv), await run(argv)];
      expect(lazy, argv.join(' ')).toEqual(eager);
    }
    expect(JSON.parse((await runLazy(['plugins', '--json'])).out).plugins).toEqual(JSON.parse((await run(['plugins', '--json'])).out).plugins);
    expect(imports.count).toBe(0);
    for (const argv of [['greet', '--help'], ['help', 'greet'], ['greet', 'ada', '--json'], ['greet', 'nobody'], ['bench', 'demo', '--json', '--quick']]) {
      const before = imports.count;
      expect(await runLazy(argv), argv.join(' ')).toEqual(await run(argv));
      expect(imports.count, argv.join(' ')).toBe(before + 1);
    }
  });

  it('reports packages as not imported by `plugins --json`, and imports them all for `doctor`', async () => {
    const { runLazy, imports } = declared();
    expect(JSON.parse((await runLazy(['plugins', '--json'])).out).packages).toEqual([{ name: '@hqml/demo', version: '1.0.0', loaded: false }]);
    const { findings } = JSON.parse((await runLazy(['doctor', '--json'])).out) as { findings: Array<{ check: string; status: string; detail: string }> };
    expect(findings.find((f) => f.check === 'package @hqml/demo')).toEqual({ check: 'package @hqml/demo', status: 'ok', detail: '1.0.0 loaded' });
    expect(findings.find((f) => f.check === 'demo backend')?.status).toBe('ok');
    expect(imports.count).toBe(1);
  });

  it('a package that fails to import leaves the rest usable and is named where it is needed', async () => {
    const { runLazy } = declared(async () => {
      throw new Error('boom');
    });
    const list = await runLazy(['plugins']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/backend\.demo\s+backend/);
    const greet = await runLazy(['greet', 'ada']);
    expect(greet.code).toBe(1);
    expect(greet.err).toMatch(/^hqml: PluginLoadError: Cannot load the plugin package @hqml\/demo: boom\. .*hqml doctor/);
    const bench = await runLazy(['bench', 'demo', '--quick']);
    expect(bench.code).toBe(1);
    expect(bench.err).toMatch(/PluginLoadError: Cannot load the plugin package @hqml\/demo: boom/);
    const { findings } = JSON.parse((await runLazy(['doctor', '--json'])).out) as { findings: Array<{ check: string; status: string; detail: string }> };
    expect(findings.find((f) => f.check === 'package @hqml/demo')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/not loaded: Cannot load the plugin package @hqml\/demo: boom/) });
    expect(findings.find((f) => f.check === 'node')?.status).toBe('ok');
  });

  it('a declared command run without importing its package first says so', async () => {
    const { registry, modules } = declared();
    const err: string[] = [];
    const { program } = createProgram({ modules, registry: registry(), print: () => {}, printError: (l) => err.push(l) });
    expect(await runProgram(program, ['greet', 'ada'], (l) => err.push(l))).toBe(1);
    expect(err.join('\n')).toMatch(/The command "greet" of @hqml\/demo is not loaded.*loadCommand\("greet"\)/);
  });

  it('finds the command a command line runs', () => {
    expect(commandWord(['kd', '--config', 'x.yaml'])).toBe('kd');
    expect(commandWord(['--help'])).toBeUndefined();
    expect(commandWord(['help', 'qasm'])).toBe('qasm');
    expect(commandWord(['help'])).toBeUndefined();
    expect(commandWord([])).toBeUndefined();
  });
});

