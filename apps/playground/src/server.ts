import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ValidationError, describeValue, writeFileAtomic } from '@hqml/core';
import { type SiteOptions, buildSite, type SiteFile } from './site.js';

/** Options of {@link startPlayground}. */
export interface PlaygroundOptions extends SiteOptions {
  /** Port (default 5180; 0 picks a free one). */
  readonly port?: number;
  /** Interface to listen on (default 127.0.0.1: this machine only). */
  readonly host?: string;
}

/** A running playground server. */
export interface PlaygroundServer {
  /** The page's address, e.g. http://127.0.0.1:5180/. */
  readonly url: string;
  close(): Promise<void>;
}

/** Default port of `hqml playground`. */
export const DEFAULT_PORT = 5180;

function checkPort(port: unknown): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ValidationError({ what: `port is ${describeValue(port)}`, why: 'a TCP port is an integer from 0 to 65535 (0: any free port)', fix: `Pass e.g. --port ${DEFAULT_PORT}` });
  }
  return port;
}

/**
 * Builds the site (see {@link buildSite}) and serves it over HTTP on localhost: GET and HEAD of
 * its files, nothing else; the page and its data are built once, at start.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<PlaygroundServer> {
  const port = checkPort(options.port ?? DEFAULT_PORT);
  const host = options.host ?? '127.0.0.1';
  const files = new Map<string, SiteFile>((await buildSite(options)).map((f) => [`/${f.path}`, f]));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = files.get(path === '/' ? '/index.html' : path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(file.body) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new ValidationError({ what: `port ${port} on ${host} is in use`, why: 'another program listens there', fix: 'Pass another --port, or --port 0 for any free one', cause: err })
          : err,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Writes the site into `outDir` (each file atomically), for any static web server. */
export async function writePlayground(outDir: string, options: SiteOptions): Promise<readonly string[]> {
  const files = await buildSite(options);
  const written: string[] = [];
  for (const f of files) {
    const target = join(outDir, f.path);
    await writeFileAtomic(target, f.body);
    written.push(target);
  }
  return written;
}
