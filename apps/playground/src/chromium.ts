import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HqmlError } from '@hqml/core';
import type { Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); Playwright's own browser downloads do not work offline. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Chromium's flags: headless, no sandbox (root in CI), and nothing that reaches the network on
 * its own (QUIC, background networking, component updates, sync, first-run tasks). `--disable-gpu`
 * keeps it off any host GPU: WebGL then runs on SwiftShader, Chromium's software GPU.
 */
export const CHROMIUM_FLAGS: readonly string[] = Object.freeze(['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']);

/** A page in a fresh Chromium profile, and how to close both. */
export interface ChromiumSession {
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium headless through playwright-core with a fresh user-data directory
 * (removed again by `close`) and opens one page. playwright-core (a dependency: `hqml bench
 * playground` drives the browser too, not only the tests) is imported here only, on demand.
 */
export async function launchChromium(options: { readonly timeoutMs?: number } = {}): Promise<ChromiumSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new HqmlError({ what: `${CHROMIUM_PATH} is missing`, why: 'the browser runs are driven in Debian\'s Chromium', fix: 'Install it: apt-get update && apt-get install -y chromium' });
  }
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'hqml-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS],
      timeout: options.timeoutMs ?? 180_000,
      viewport: { width: 900, height: 1000 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(options.timeoutMs ?? 180_000);
    return {
      page,
      close: async () => {
        try {
          await context.close();
        } finally {
          rmSync(userDataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
}
