/**
 * A hostile device must not crash certify (issue 12): a WebSocket device that says hello properly
 * and then answers every request with a result nested 15,000 deep, sends notifications as deep,
 * and frames of 2 MB. Certification completes with a verdict; the deep replies count as not sent
 * (EDP-RPC-6), so the device fails, and nothing overflows a stack in the harness.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { certifyDevice } from '../../conformance/certify/certify-device.js';
import { modelSha256 } from '../../src/model/hash.js';
import { referenceModel } from '../support/reference-simulator.js';
import { nestedText } from '../support/src/protocol/index.js';

const TOKEN = 'hostile-token';
// 30,000 bytes: deep, yet well within a message's 65,536 bytes, so it is judged by depth, not size.
const DEEP = nestedText(15_000, '1');

async function startHostileDevice(deviceId: string, model: { model: string }) {
  const server = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.send(JSON.stringify({ method: 'hello', params: { deviceId, model: model.model, fw: '1.0.0' } }));
      let count = 0;
      ws.on('message', (data) => {
        count += 1;
        const request = JSON.parse(String(data)) as { id: number; method: string; params?: unknown };
        if (count % 7 === 0) ws.send(`{"id":${request.id},"result":"${'x'.repeat(2 * 1024 * 1024)}"}`);
        if (count % 3 === 0)
          ws.send(`{"method":"properties_changed","params":[{"siid":2,"piid":1,"value":${DEEP}}]}`);
        // Replies of the right shape, with values nested 20,000 deep where the judge checks values.
        const items = Array.isArray(request.params)
          ? (request.params as { siid: number; piid: number }[])
          : [];
        const reply =
          request.method === 'get_properties'
            ? `[${items.map((item, index) => `{"siid":${item.siid},"piid":${item.piid},"code":0,"value":${index === 0 ? DEEP : 1}}`).join(',')}]`
            : request.method === 'action'
              ? `{"code":0,"out":[{"piid":1,"value":${DEEP}}]}`
              : DEEP;
        ws.send(`{"id":${request.id},"result":${reply}}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/edp/1`,
    async stop() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('certify against a hostile device', () => {
  it('completes with a verdict: replies nested 15,000 deep are not sent (EDP-RPC-6), nothing crashes', async () => {
    const model = referenceModel('tv');
    const device = await startHostileDevice('tv-0001', model);
    try {
      const result = await certifyDevice({
        target: { mode: 'ws', url: device.url },
        deviceId: 'tv-0001',
        token: TOKEN,
        model: { model, sha256: modelSha256(model) },
        seed: 5,
        runs: 5,
        toolVersion: 'test',
        shrinkTimeLimitMs: 2_000,
        timeLimitMs: 30_000,
      });
      expect(result.verdict).toBe('not-certified');
      const failed = result.requirements.filter((r) => r.verdict === 'failed').map((r) => r.rule);
      expect(failed).toEqual(expect.arrayContaining(['EDP-RPC-1']));
      const summaries = result.requirements
        .flatMap((r) => (r.verdict === 'failed' ? [r.counterexample.summary] : []))
        .join('\n');
      expect(summaries).toContain('deeper than 32 levels');
      expect(summaries).not.toMatch(/RangeError|Maximum call stack/);
      // The result can be written and read back: nothing in it is too deep to encode.
      expect(() => JSON.parse(JSON.stringify(result))).not.toThrow();
    } finally {
      await device.stop();
    }
  }, 180_000);
});
