/**
 * Tries a WebSocket upgrade and reports what the device did (EDP-WS-1): refused with an HTTP
 * status before the upgrade, or upgraded. An upgraded probe is closed at once.
 */
import WebSocket from 'ws';
import { PROBE_FRAME_BYTES } from './socket-limits.js';

export type UpgradeOutcome =
  | { readonly kind: 'refused'; readonly status: number }
  | { readonly kind: 'upgraded' }
  | { readonly kind: 'unreachable'; readonly reason: string };

export function probeUpgrade(
  url: string,
  authorization: string | undefined,
  timeoutMs = 5_000,
): Promise<UpgradeOutcome> {
  return new Promise((resolve) => {
    const headers = authorization === undefined ? {} : { authorization };
    const socket = new WebSocket(url, {
      headers,
      handshakeTimeout: timeoutMs,
      maxPayload: PROBE_FRAME_BYTES,
      perMessageDeflate: false,
    });
    socket.on('error', () => {});
    socket.once('unexpected-response', (_request, response) => {
      resolve({ kind: 'refused', status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('open', () => {
      resolve({ kind: 'upgraded' });
      socket.close();
    });
    socket.once('error', (error) => resolve({ kind: 'unreachable', reason: error.message }));
  });
}
