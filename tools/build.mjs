#!/usr/bin/env node
// Builds the workspace: `npm run build`, and the root `prepare` script that `npm ci` and
// `npm install` run (with --install). Every workspace package with a tsconfig.build.json is
// compiled by one `tsc -b`, dependencies first (ordered by the package.json files, so a missing
// project reference cannot break a clean build); then the manifest of every plugin package
// (dist/hqml.manifest.json) is generated from its compiled `hqml` module, so that the `hqml`
// command can list plugins without importing them. Nothing here is per package: a new package
// with a tsconfig.build.json and `"hqml": { "plugin": ... }` is picked up as it is.
//
// With --install a failure never fails the install: it is reported, and the `hqml` launcher
// runs the TypeScript sources until `npm run build` succeeds.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const install = process.argv.includes('--install');
const say = (line) => process.stderr.write(`hqml build: ${line}\n`);
const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

/** The workspace packages (the root package.json's `workspaces`: folders, or `folder/*`). */
function workspacePackages() {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = (rootPkg.workspaces ?? []).flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(parent, d.name)) : [];
  });
  return dirs.filter((dir) => existsSync(join(dir, 'package.json'))).map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));
}

/** `pkgs` with every package after the workspace packages it depends on. */
function dependenciesFirst(pkgs) {
  const byName = new Map(pkgs.map((p) => [p.json.name, p]));
  const out = [];
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p)) return;
    seen.add(p);
    const deps = { ...p.json.dependencies, ...p.json.peerDependencies, ...p.json.devDependencies };
    for (const name of Object.keys(deps)) if (byName.has(name)) visit(byName.get(name));
    out.push(p);
  };
  for (const p of pkgs) visit(p);
  return out;
}

function compile(pkgs) {
  let tsc;
  try {
    tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    say('typescript is not installed (a production install?): nothing compiled; `hqml` runs the TypeScript sources');
    return false;
  }
  for (const { dir } of pkgs) {
    // A build record without its output (dist deleted by hand) would make tsc skip the package.
    if (!existsSync(join(dir, 'dist')) && existsSync(join(dir, 'tsconfig.build.tsbuildinfo'))) rmSync(join(dir, 'tsconfig.build.tsbuildinfo'));
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [tsc, '-b', ...pkgs.map(({ dir }) => relative(root, join(dir, 'tsconfig.build.json')))], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    say(`tsc -b failed (exit ${r.status ?? r.signal}) after ${seconds(t0)} s: the errors are listed above`);
    return false;
  }
  say(`compiled ${pkgs.length} packages in ${seconds(t0)} s`);
  return true;
}

async function writeManifests(pkgs) {
  const plugins = pkgs.filter(({ json }) => typeof json.hqml?.plugin === 'string');
  const t0 = performance.now();
  let writeManifest;
  try {
    ({ writeManifest } = await import('@hqml/cli'));
  } catch (err) {
    say(`cannot load the built CLI to write manifests: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  let ok = true;
  for (const { dir, json } of plugins) {
    try {
      await writeManifest(dir);
    } catch (err) {
      ok = false;
      say(`no manifest for ${json.name} (the CLI imports it at every start instead): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  say(`wrote ${plugins.length} plugin manifests in ${seconds(t0)} s`);
  return ok;
}

const buildable = dependenciesFirst(workspacePackages().filter(({ dir }) => existsSync(join(dir, 'tsconfig.build.json'))));
const compiled = compile(buildable);
const described = compiled && (await writeManifests(buildable));
if (!compiled || !described) {
  if (install) say('the install goes on; `hqml` runs the TypeScript sources until `npm run build` succeeds');
  process.exit(install ? 0 : 1);
}
// Plugin modules may hold handles open (TF.js, worker pools); the build is done.
process.exit(0);
