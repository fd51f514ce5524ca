import type { DoctorCheck, DoctorFinding } from '@hqml/core';
import { GL_MODES, GpuRuntime, supportedModes } from './gpuRuntime.js';

/** Why an optional package does not load: the first line of its import error. */
async function loadError(specifier: string): Promise<string | null> {
  try {
    await import(specifier);
    return null;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const line = String(err.message ?? e).split('\n')[0]!;
    return err.code === 'ERR_MODULE_NOT_FOUND' ? `the package "${specifier}" is not installed` : line;
  }
}

/**
 * Runs the checks of {@link statevectorGpuDoctor}; `load` resolves an optional package's import
 * error (injected by tests).
 */
export async function statevectorGpuFindings(load: (specifier: string) => Promise<string | null> = loadError): Promise<DoctorFinding[]> {
  const s = supportedModes();
  const out: DoctorFinding[] = [];
  let mode: string;
  try {
    const rt = new GpuRuntime('gpu');
    mode = rt.mode;
    rt.dispose();
  } catch (e) {
    return [{ check: 'statevector-gpu: gpu.js', status: 'missing', detail: `gpu.js cannot start: ${e instanceof Error ? e.message : String(e)}` }];
  }
  const onGpu = GL_MODES.includes(mode);
  out.push({
    check: 'statevector-gpu: mode',
    status: onGpu ? 'ok' : 'warn',
    detail: onGpu
      ? `gpu.js runs "${mode}": kernels run on the graphics processor`
      : `gpu.js runs "${mode}": kernels run on the CPU (${mode === 'webasm' ? 'WebAssembly' : 'JavaScript'}), not a GPU; the lines below say why each GPU mode is unavailable`,
  });
  if (s.headlessgl) {
    out.push({ check: 'statevector-gpu: headlessgl', status: 'ok', detail: 'the "gl" package (headless-gl) loads: Node kernels can run on OpenGL' });
  } else {
    const why = await load('gl');
    out.push({
      check: 'statevector-gpu: headlessgl',
      status: 'missing',
      detail: `${why ?? 'the "gl" package loads but gpu.js cannot create a context with it'}. gpu.js's GPU mode on Node needs the optional package "gl" (headless-gl), whose install downloads a prebuilt binary from GitHub or builds it with node-gyp against the X11 and OpenGL development libraries; it also needs a GL driver`,
    });
  }
  for (const m of ['webgl2', 'webgl'] as const) {
    out.push(s[m]
      ? { check: `statevector-gpu: ${m}`, status: 'ok', detail: `${m} is available` }
      : { check: `statevector-gpu: ${m}`, status: 'missing', detail: `${m} exists only in a browser (a canvas); Node has none` });
  }
  const gpuPkg = s.webgpu ? null : await load('webgpu');
  out.push({
    check: 'statevector-gpu: webgpu',
    status: 'warn',
    detail: `${s.webgpu ? 'navigator.gpu exists' : `navigator.gpu is absent${gpuPkg ? ` and the "webgpu" package (Dawn for Node) does not load: ${gpuPkg}` : ''}`}. statevector-gpu does not use WebGPU in any case: gpu.js's WebGPU kernels return Promises (their read-back is asynchronous) and the QuantumBackend contract is synchronous`,
  });
  out.push({
    check: 'statevector-gpu: webasm',
    status: s.webasm ? 'ok' : 'missing',
    detail: s.webasm ? 'WebAssembly kernels are available (the fallback when no GL mode runs)' : 'WebAssembly is unavailable: kernels fall back to gpu.js\'s JavaScript (cpu) mode',
  });
  return out;
}

/** `hqml doctor`: which gpu.js mode statevector-gpu runs in, and why each GPU mode is not available. */
export const statevectorGpuDoctor: DoctorCheck = {
  name: 'statevector-gpu',
  run: () => statevectorGpuFindings(),
};
