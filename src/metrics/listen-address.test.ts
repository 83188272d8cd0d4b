import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricsUrl, parseListenAddress } from './listen-address.js';

describe('--metrics HOST:PORT', () => {
  it('a bare port listens on loopback only', () => {
    expect(parseListenAddress('9464')).toEqual({ ok: true, address: { host: '127.0.0.1', port: 9464 } });
    expect(parseListenAddress('0')).toEqual({ ok: true, address: { host: '127.0.0.1', port: 0 } });
  });

  it('a host, an IPv4 address or a bracketed IPv6 address, then the port', () => {
    expect(parseListenAddress('0.0.0.0:9464')).toEqual({
      ok: true,
      address: { host: '0.0.0.0', port: 9464 },
    });
    expect(parseListenAddress('localhost:1')).toEqual({ ok: true, address: { host: 'localhost', port: 1 } });
    expect(parseListenAddress('[::1]:65535')).toEqual({ ok: true, address: { host: '::1', port: 65535 } });
    expect(parseListenAddress('metrics.lab-1.example:80')).toEqual({
      ok: true,
      address: { host: 'metrics.lab-1.example', port: 80 },
    });
  });

  it.each([
    ['', 'has no port'],
    ['abc', 'has no port'],
    ['65536', 'is not a port from 0 to 65535'],
    ['127.0.0.1:', 'has no port from 0 to 65535 after the host'],
    ['127.0.0.1:99999', 'has no port from 0 to 65535 after the host'],
    ['127.0.0.1:http', 'has no port from 0 to 65535 after the host'],
    [':9464', 'has no host before ":"'],
    ['::1:9464', 'looks like an IPv6 address: write it in brackets'],
    ['[::1]9464', 'has an IPv6 address without "]:PORT"'],
    ['[1.2.3.4]:80', 'has "1.2.3.4", which is not an IPv6 address'],
    ['bad_host:80', 'has "bad_host", which is not a host name or address'],
  ])('%j is refused: %s, and the fix shows the forms', (text, why) => {
    const parsed = parseListenAddress(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toBe(
      `${JSON.stringify(text)} ${why}; give HOST:PORT or PORT, e.g. 9464, 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464`,
    );
  });

  it('every host and port reads back from HOST:PORT, and makes a URL that names them', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain()),
        fc.integer({ min: 0, max: 65_535 }),
        (host, port) => {
          const written = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
          expect(parseListenAddress(written)).toEqual({ ok: true, address: { host, port } });
          const url = new URL(metricsUrl({ host, port }));
          expect(url.pathname).toBe('/metrics');
          expect(url.port).toBe(port === 80 ? '' : String(port));
        },
      ),
    );
  });
});
