import { createServer, type Server } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue, scrape } from '../../test/support/prometheus-text.js';
import { MetricsListenError, type MetricsServer, serveMetrics } from './metrics-server.js';

const open: MetricsServer[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(blockers.splice(0).map((b) => new Promise((resolve) => b.close(resolve))));
});

function registryWith(value: number): Registry {
  const registry = new Registry();
  new Counter({ name: 'things_total', help: 'things', registers: [registry] }).inc(value);
  return registry;
}

describe('the metrics endpoint', () => {
  it('serves the registry at /metrics in the Prometheus text format, and 404 elsewhere', async () => {
    const server = await serveMetrics(registryWith(7), { host: '127.0.0.1', port: 0 });
    open.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(server.url);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sampleValue(parsePrometheusText(await response.text()), 'things_total')).toBe(7);
    const other = await fetch(server.url.replace('/metrics', '/'));
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('not found: scrape /metrics\n');
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('closes at once though a scraper keeps its connection open; then nothing listens', async () => {
    const server = await serveMetrics(registryWith(1), { host: '127.0.0.1', port: 0 });
    expect(await scrape(server.url)).toHaveLength(1);
    await server.close();
    expect(await scrape(server.url)).toBeUndefined();
  });

  it('a port in use is a setup error (exit 2) that names the address and the fix', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const failure = await serveMetrics(registryWith(1), { host: '127.0.0.1', port }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MetricsListenError);
    expect(failure).toMatchObject({
      code: 'METRICS_LISTEN',
      exitCode: 2,
      message: `--metrics 127.0.0.1:${port}: the port is in use by another process; pick another port (or 0 for a free one)`,
    });
  });

  it("an address that is not this machine's is a setup error too", async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this host.
    const failure = await serveMetrics(registryWith(1), { host: '192.0.2.1', port: 0 }).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: 'METRICS_LISTEN', exitCode: 2 });
    expect((failure as Error).message).toContain(
      '--metrics 192.0.2.1:0: that address is not one of this machine',
    );
  });
});
