import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { startWorker } from './workers.js';

describe('startWorker', () => {
  it('runs a TypeScript worker that imports workspace packages from source', async () => {
    const w = startWorker(new URL('./fixtures/echoWorker.ts', import.meta.url), { workerData: { seed: 5 }, argv: ['x'] });
    const msg = await new Promise<{ value: number; argv: string[] }>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    expect(msg.value).toBe(Rng.from(5).uint32());
    expect(msg.argv).toEqual(['x']);
  });

  it('reports a worker that cannot load through the error event', async () => {
    const w = startWorker(new URL('./fixtures/doesNotExist.ts', import.meta.url));
    await expect(new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    })).rejects.toThrow(/doesNotExist/);
    await w.terminate();
  });
});
