/** Free TCP ports for tests: every test picks its own, never a fixed one (BRIEF: no fixed ports). */
import { Socket } from 'node:net';
import { freeLoopbackPort } from '../../runs/free-port.js';

/**
 * A port that was free a moment ago on `host`, outside the kernel's ephemeral range (see
 * runs/free-port.ts: another test's outgoing connection cannot take it before the process it is
 * meant for binds it).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return freeLoopbackPort(host);
}

/** Resolves once something accepts TCP connections on host:port, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(port, host)) return;
    if (Date.now() > deadline)
      throw new Error(`nothing accepts connections on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}
