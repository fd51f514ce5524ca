import { type Tree, formatFiles, joinPathFragments, names } from '@nx/devkit';
import { implementationFile, testFile } from './templates.js';

/** Options of the `plugin` generator (see schema.json). */
export interface PluginGeneratorSchema {
  readonly name: string;
  readonly kind: 'annealer' | 'backend' | 'dataset' | 'mitigator';
  readonly id?: string;
  readonly directory?: string;
}

/** Everything the templates need, derived once from the options. */
export interface TemplateVars {
  readonly packageName: string;
  readonly id: string;
  readonly kind: PluginGeneratorSchema['kind'];
  /** PascalCase class name, e.g. `MyAnnealer`. */
  readonly className: string;
  /** camelCase file/function stem, e.g. `myAnnealer`. */
  readonly stem: string;
}

const NAME = /^[a-z][a-z0-9-]*$/;

/** Validates options and derives the template variables. */
export function templateVars(options: PluginGeneratorSchema): TemplateVars {
  if (!NAME.test(options.name)) {
    throw new Error(`plugin name "${options.name}" is invalid: use lower-case words joined by "-", e.g. "my-annealer"`);
  }
  const kinds = ['annealer', 'backend', 'dataset', 'mitigator'];
  if (!kinds.includes(options.kind)) throw new Error(`--kind ${String(options.kind)} is invalid: use one of ${kinds.join(', ')}`);
  const n = names(options.name);
  return { packageName: `@hqml/${options.name}`, id: options.id ?? options.name, kind: options.kind, className: n.className, stem: n.propertyName };
}

/** The files of a new plugin package, keyed by path relative to the package root. */
export function pluginFiles(v: TemplateVars): Record<string, string> {
  const pkg = {
    name: v.packageName,
    version: '0.1.0',
    description: `hqml ${v.kind} plugin "${v.id}"`,
    type: 'module',
    license: 'Apache-2.0',
    exports: {
      '.': { '@hqml/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
      './plugin': { '@hqml/source': './src/plugin.ts', types: './dist/plugin.d.ts', default: './dist/plugin.js' },
      './package.json': './package.json',
    },
    hqml: { plugin: './plugin' },
    files: ['dist', 'src'],
    scripts: {
      build: 'tsc -b tsconfig.build.json',
      typecheck: 'tsc -p tsconfig.json --noEmit',
      test: `vitest run --project ${v.packageName}`,
      lint: 'eslint src',
    },
    dependencies: { '@hqml/core': '0.1.0' },
  };
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src'] }, null, 2)}\n`,
    'tsconfig.build.json': `${JSON.stringify(
      {
        extends: '../../tsconfig.base.json',
        compilerOptions: { composite: true, rootDir: 'src', outDir: 'dist', customConditions: [] },
        include: ['src'],
        exclude: ['src/**/*.test.ts'],
        references: [{ path: '../../packages/core/tsconfig.build.json' }],
      },
      null,
      2,
    )}\n`,
    'vitest.config.ts': `import { hqmlProject } from '../../vitest.shared.js';\n\nexport default hqmlProject('${v.packageName}');\n`,
    'README.md': `# ${v.packageName}\n\nA ${v.kind} plugin for hqml, id \`${v.id}\`.\n\n\`\`\`ts\nimport { register${v.className} } from '${v.packageName}';\nawait register${v.className}(container, {});\n\`\`\`\n`,
    [`src/${v.stem}.ts`]: implementationFile(v),
    [`src/${v.stem}.test.ts`]: testFile(v),
    'src/register.ts': registerFile(v),
    'src/plugin.ts': `import type { HqmlModule } from '@hqml/core';\nimport { ${v.stem}Plugin } from './register.js';\n\n/** What this package contributes to hqml (found by the CLI through package.json "hqml.plugin"). */\nexport const hqml: HqmlModule = { plugins: [${v.stem}Plugin] };\n`,
    'src/index.ts': `export { ${v.className} } from './${v.stem}.js';\nexport { register${v.className}, ${v.stem}Plugin } from './register.js';\n`,
  };
}

const TOKEN: Record<TemplateVars['kind'], string> = {
  annealer: 'Tokens.Annealer',
  backend: 'Tokens.QuantumBackend',
  dataset: 'Tokens.Dataset',
  mitigator: 'Tokens.Mitigator',
};

function registerFile(v: TemplateVars): string {
  const kind = v.kind === 'dataset' ? 'dataset' : v.kind;
  return `import { type DependencyContainer, Tokens, definePlugin } from '@hqml/core';
import { ${v.className} } from './${v.stem}.js';

/** The "${v.id}" plugin: builds a ${v.className} and registers it under ${TOKEN[v.kind]}. */
export const ${v.stem}Plugin = definePlugin({
  id: '${v.id}',
  kind: '${kind}',
  description: '${v.className} (describe it here)',
  capabilities: {},
  token: ${TOKEN[v.kind]},
  create: () => new ${v.className}(),
});

/** Registers the plugin into a container (explicitly; nothing registers on import). */
export function register${v.className}(container: DependencyContainer, options: Record<string, unknown> = {}): Promise<unknown> {
  return ${v.stem}Plugin.register(container, options);
}
`;
}

/** Nx generator: `nx g @hqml/tools:plugin <name> --kind=<annealer|backend|dataset|mitigator>`. */
export default async function pluginGenerator(tree: Tree, options: PluginGeneratorSchema): Promise<void> {
  const v = templateVars(options);
  const root = joinPathFragments(options.directory ?? 'plugins', options.name);
  if (tree.exists(joinPathFragments(root, 'package.json'))) {
    throw new Error(`${root} already exists: choose another name or remove it first`);
  }
  for (const [path, content] of Object.entries(pluginFiles(v))) tree.write(joinPathFragments(root, path), content);
  await formatFiles(tree);
}
