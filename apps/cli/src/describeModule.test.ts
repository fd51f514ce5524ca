import { describe, expect, it } from 'vitest';
import { definePlugin, type HqmlModule, MANIFEST_FORMAT, ValidationError, parseManifest } from '@hqml/core';
import { z } from 'zod';
import { optionsJsonSchema } from './commands/optionsJsonSchema.js';
import { describeModule } from './describeModule.js';

const options = z.object({ threads: z.number().int().min(1).default(2).describe('worker threads'), method: z.enum(['a', 'b']).optional() }).strict();
const backend = definePlugin({ id: 'backend.demo', kind: 'backend', description: 'a demo backend', capabilities: { maxQubits: 20, methods: ['adjoint'], nested: { a: null } }, options, create: () => ({}) });
const module: HqmlModule = {
  plugins: [backend, definePlugin({ id: 'anneal.demo', kind: 'annealer', description: 'a demo annealer', create: () => ({}) })],
  commands: [
    {
      name: 'greet',
      register(program) {
        program.command('greet').alias('hi').argument('<who>').option('--json').description('say hello').action(() => {});
      },
    },
  ],
  benchmarks: [{ name: 'demo', description: 'a demo suite', async *run() {} }],
  doctor: [{ name: 'demo', run: async () => [] }],
};

describe('describeModule', () => {
  it('describes plugins, commands, suites and checks as JSON a manifest can hold', () => {
    const m = describeModule(module, { name: '@hqml/demo', version: '1.2.3' });
    expect(m).toEqual({
      format: MANIFEST_FORMAT,
      package: '@hqml/demo',
      version: '1.2.3',
      plugins: [
        { id: 'backend.demo', kind: 'backend', description: 'a demo backend', capabilities: { maxQubits: 20, methods: ['adjoint'], nested: { a: null } }, options: optionsJsonSchema(backend) },
        { id: 'anneal.demo', kind: 'annealer', description: 'a demo annealer', capabilities: {}, options: null },
      ],
      commands: [{ name: 'greet', aliases: ['hi'], description: 'say hello', helpTerm: 'greet|hi [options] <who>' }],
      benchmarks: [{ name: 'demo', description: 'a demo suite' }],
      doctor: [{ name: 'demo' }],
    });
    expect(m.plugins[0]!.options).toMatchObject({ type: 'object', additionalProperties: false, properties: { threads: { type: 'integer', minimum: 1, default: 2, description: 'worker threads' } } });
    // What is written is what is read back.
    expect(parseManifest(JSON.parse(JSON.stringify(m)), 'm.json')).toEqual(m);
  });

  it('refuses what JSON would change, naming the plugin', () => {
    const odd = (capabilities: Record<string, unknown>) => ({ plugins: [definePlugin({ id: 'odd', kind: 'backend', description: 'x', capabilities, create: () => ({}) })] });
    expect(() => describeModule(odd({ maxQubits: Infinity }), { name: 'p', version: '1.0.0' })).toThrow(ValidationError);
    expect(() => describeModule(odd({ maxQubits: Infinity }), { name: 'p', version: '1.0.0' })).toThrow(/The capabilities of plugin "odd" are not plain JSON: a manifest describes plugins as JSON/);
    expect(() => describeModule(odd({ check: () => true }), { name: 'p', version: '1.0.0' })).toThrow(/plugin "odd"/);
    expect(() => describeModule(odd({ when: new Date(0) }), { name: 'p', version: '1.0.0' })).toThrow(/plugin "odd"/);
  });

  it('needs each command contribution to register one top-level command named after it', () => {
    const two: HqmlModule = { commands: [{ name: 'a', register: (p) => void (p.command('a'), p.command('b')) }] };
    expect(() => describeModule(two, { name: '@hqml/x', version: '1.0.0' })).toThrow(/The command contribution "a" of @hqml\/x registers "a", "b": a contribution registers exactly one top-level command/);
    const misnamed: HqmlModule = { commands: [{ name: 'a', register: (p) => void p.command('z') }] };
    expect(() => describeModule(misnamed, { name: '@hqml/x', version: '1.0.0' })).toThrow(/registers "z"/);
    const none: HqmlModule = { commands: [{ name: 'a', register: () => {} }] };
    expect(() => describeModule(none, { name: '@hqml/x', version: '1.0.0' })).toThrow(/registers no command/);
  });
});
