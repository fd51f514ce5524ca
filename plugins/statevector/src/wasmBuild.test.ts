import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The WebAssembly kernels are committed as generated base64 (no toolchain needed to run or test
// the package). Where clang is installed, this checks that every committed module is what its
// C source compiles to, so a kernel edit without a rebuild cannot land unnoticed.
const hasClang = spawnSync('clang', ['--version']).status === 0;
const script = fileURLToPath(new URL('../scripts/buildWasm.mjs', import.meta.url));

describe('generated WebAssembly modules', () => {
  it.skipIf(!hasClang)('match their C sources (clang installed)', () => {
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
