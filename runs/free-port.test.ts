import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralLow, freeLoopbackPort } from './free-port.js';

describe('freeLoopbackPort', () => {
  it('gives a port below the ephemeral range that a server can then listen on', async () => {
    for (let i = 0; i < 20; i++) {
      const port = await freeLoopbackPort();
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(ephemeralLow());
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never gives a port that is already listening', async () => {
    const taken: ReturnType<typeof createServer>[] = [];
    const ports = new Set<number>();
    try {
      for (let i = 0; i < 50; i++) {
        const port = await freeLoopbackPort();
        expect(ports.has(port)).toBe(false);
        const server = createServer();
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', resolve);
        });
        taken.push(server);
        ports.add(port);
      }
    } finally {
      await Promise.all(taken.map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
});
