import type { GradientProvider, QuantumBackend, StateProvider } from '@hqml/core/browser';
import { BrowserStatevectorBackend } from '@hqml/statevector/browser';
import { StatevectorGpu } from '@hqml/statevector-gpu/browser';

/** The two backends of the page: `cpu` is `statevector` (complex128), `gpu` is `statevector-gpu` (gpu.js, complex64). */
export type BackendKind = 'cpu' | 'gpu';

/** What the page needs of a backend: values, gradients and states. */
export type PageBackend = QuantumBackend & GradientProvider & StateProvider;

const backends = new Map<BackendKind, PageBackend>();

/** The page's backend of a kind, built once (gpu.js compiles its kernels on first use and keeps them). */
export function pageBackend(kind: BackendKind): PageBackend {
  let b = backends.get(kind);
  if (!b) {
    b = kind === 'cpu' ? new BrowserStatevectorBackend() : new StatevectorGpu();
    backends.set(kind, b);
  }
  return b;
}

/** The backend's id and what runs it: the engine (CPU) or gpu.js's mode (GPU), and the precision. */
export function describeBackend(b: PageBackend): { readonly id: string; readonly mode: string; readonly precision: string } {
  const caps = b.capabilities as unknown as Record<string, unknown>;
  return { id: b.id, mode: String(caps['mode'] ?? caps['engine'] ?? 'cpu'), precision: String(caps['precision'] ?? '') };
}

/** The WebGL renderer string (e.g. SwiftShader in headless Chromium), or why there is none. */
export function webglRenderer(): string {
  const canvas = document.createElement('canvas');
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return 'no WebGL in this browser';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}
