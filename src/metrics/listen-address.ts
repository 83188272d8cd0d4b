/**
 * `--metrics HOST:PORT` (or just `PORT`): where the Prometheus endpoint listens. Pure parsing:
 * a bare port binds loopback only, so a run never exposes its figures to the network unless
 * asked to (`0.0.0.0:9464`, `[::]:9464`). Port 0 takes a free port (the URL is printed).
 */
import { isIP } from 'node:net';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export type ParsedListenAddress =
  | { readonly ok: true; readonly address: ListenAddress }
  | { readonly ok: false; readonly problem: string };

/** Where a bare `PORT` binds. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function parseListenAddress(text: string): ParsedListenAddress {
  const fail = (why: string): ParsedListenAddress => ({
    ok: false,
    problem: `${JSON.stringify(text)} ${why}; give HOST:PORT or PORT, e.g. 9464, 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464`,
  });
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const port = portOf(trimmed);
    return port === undefined ? fail('is not a port from 0 to 65535') : ok(DEFAULT_METRICS_HOST, port);
  }
  let host: string;
  let portText: string;
  if (trimmed.startsWith('[')) {
    // [IPv6]:PORT, as in URLs.
    const close = trimmed.indexOf(']');
    if (close < 0 || trimmed[close + 1] !== ':') return fail('has an IPv6 address without "]:PORT"');
    host = trimmed.slice(1, close);
    portText = trimmed.slice(close + 2);
    if (isIP(host) !== 6) return fail(`has ${JSON.stringify(host)}, which is not an IPv6 address`);
  } else {
    const colon = trimmed.lastIndexOf(':');
    if (colon < 0) return fail('has no port');
    host = trimmed.slice(0, colon);
    portText = trimmed.slice(colon + 1);
    if (host.includes(':')) return fail('looks like an IPv6 address: write it in brackets');
    if (host === '') return fail('has no host before ":"');
    if (isIP(host) !== 4 && !HOSTNAME.test(host))
      return fail(`has ${JSON.stringify(host)}, which is not a host name or address`);
  }
  const port = /^\d+$/.test(portText) ? portOf(portText) : undefined;
  if (port === undefined) return fail('has no port from 0 to 65535 after the host');
  return ok(host, port);
}

/** The URL a scraper uses for an address (IPv6 in brackets). */
export function metricsUrl(address: ListenAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `http://${host}:${address.port}/metrics`;
}

function portOf(text: string): number | undefined {
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : undefined;
}

function ok(host: string, port: number): ParsedListenAddress {
  return { ok: true, address: { host, port } };
}
