/**
 * A loopback port that was free a moment ago, for a process fleetcert starts (a hub's `listen`).
 * Another process binds it later, so the choice avoids the kernel's ephemeral range: a port the
 * OS hands out for listen(0) or as the local end of an outgoing connection could be taken by any
 * busy neighbour in between (a CI run once lost a WebSocket device's port that way). Ports below
 * the range are given out only on request, so a free one there stays free unless someone asks for
 * that very number. Which port is picked is not part of any session, so it is not drawn from the
 * run's seed.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Below Linux's default ephemeral range (32768–60999) and macOS/Windows' (49152–65535). */
const BAND_LOW = 20_000;
const DEFAULT_EPHEMERAL_LOW = 32_768;
const ATTEMPTS = 32;

export async function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  const high = ephemeralLow() - 1;
  if (high > BAND_LOW) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const port = randomInt(BAND_LOW, high + 1);
      if (await canListen(port, host)) return port;
    }
  }
  return osAssignedPort(host);
}

/** The low end of the kernel's ephemeral range where it can be read (Linux), else the usual default. */
export function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) && value > 1024 ? value : DEFAULT_EPHEMERAL_LOW;
  } catch {
    return DEFAULT_EPHEMERAL_LOW;
  }
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function osAssignedPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port was assigned'))));
    });
  });
}
