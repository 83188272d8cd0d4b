/**
 * The Prometheus endpoint of one run: `GET /metrics` answers the run's registry in the text
 * exposition format (prom-client renders it); anything else is a 404 that names the path to
 * scrape. It listens before the run starts, so a bad address or a port in use is a setup
 * error (exit 2) rather than a run without its dashboard, and it closes when the run ends.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { FleetcertError } from '../errors.js';
import { type ListenAddress, metricsUrl } from './listen-address.js';

/** The endpoint could not listen where it was told (port in use, address not on this machine). */
export class MetricsListenError extends FleetcertError {
  constructor(address: ListenAddress, cause: NodeJS.ErrnoException) {
    super('METRICS_LISTEN', `--metrics ${where(address)}: ${why(cause)}`, { exitCode: 2, cause });
  }
}

export interface MetricsServer {
  /** `http://HOST:PORT/metrics`, with the port actually bound (for `:0`). */
  readonly url: string;
  readonly address: ListenAddress;
  /** Stops listening and drops open scrape connections; idempotent. */
  close(): Promise<void>;
}

export async function serveMetrics(registry: Registry, address: ListenAddress): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    void answer(registry, request, response);
  });
  // A scraper keeps its connection open between scrapes; the run's end must not wait for it.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new MetricsListenError(address, error)));
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address();
  const actual = {
    host: address.host,
    port: typeof bound === 'object' && bound !== null ? bound.port : address.port,
  };
  let closing: Promise<void> | undefined;
  return {
    url: metricsUrl(actual),
    address: actual,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function answer(registry: Registry, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== '/metrics') {
    response
      .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      .end('not found: scrape /metrics\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
    return;
  }
  try {
    const body = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    response
      .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      .end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function where(address: ListenAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

function why(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'the port is in use by another process; pick another port (or 0 for a free one)';
    case 'EACCES':
      return 'not allowed to listen there (ports below 1024 need privileges); pick a port above 1024';
    case 'EADDRNOTAVAIL':
      return "that address is not one of this machine's; use 127.0.0.1, 0.0.0.0 or an address of this host";
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve; use an address such as 127.0.0.1 or 0.0.0.0';
    default:
      return `cannot listen (${error.code ?? error.message}); check the host and port`;
  }
}
