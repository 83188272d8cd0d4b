/** `fleetcert certify` options: one target, tokens from the flag or FLEETCERT_TOKEN, deadlines only longer, rules by ID. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { resolveCertifyOptions } from './certify-options.js';

const base = { deviceId: 'bulb-0001', token: 't' };

describe('resolveCertifyOptions', () => {
  it('resolves a listen target with defaults: all interfaces, 100 runs, protocol deadlines, a random printed seed', () => {
    const options = resolveCertifyOptions({ ...base, listen: 1883 }, undefined);
    expect(options.target).toEqual({ mode: 'listen', port: 1883, host: '0.0.0.0' });
    expect(options.runs).toBe(100);
    expect(options).toMatchObject({ responseDeadlineMs: 2000, notificationDeadlineMs: 1000 });
    expect(Number.isSafeInteger(options.seed)).toBe(true);
    expect(Object.isFrozen(options)).toBe(true);
  });
  it('takes the token from FLEETCERT_TOKEN when --token is absent, and never puts it in a replay command', () => {
    const options = resolveCertifyOptions(
      { deviceId: 'tv-0001', ws: 'ws://10.0.0.9:8080/edp/1', seed: 4 },
      's3cret',
    );
    expect(options.token).toBe('s3cret');
    const command = options.replayCommand?.({ seed: 4, path: '3:1' }, 'EDP-PROP-3') ?? '';
    expect(command).toBe(
      'FLEETCERT_TOKEN=… fleetcert certify --ws ws://10.0.0.9:8080/edp/1 --device-id tv-0001 --replay 4:3:1 --only EDP-PROP-3 --out fleetcert-report/replay-EDP-PROP-3',
    );
    expect(command).not.toContain('s3cret');
  });
  it('writes a replay beside the run’s report, never over it: --out OUT/replay-RULE, quoted when needed (partner 3)', () => {
    const options = resolveCertifyOptions(
      { deviceId: 'tv-0001', broker: 'mqtt://h:1883', out: 'my reports/run 1/', seed: 4 },
      's3cret',
    );
    expect(options.replayCommand?.({ seed: 4, path: '3:1' }, 'EDP-RPC-1')).toMatch(
      / --only EDP-RPC-1 --out 'my reports\/run 1\/replay-EDP-RPC-1'$/,
    );
    expect(options.replayCommand?.(undefined, 'EDP-MQTT-1')).toMatch(
      / --seed 4 --only EDP-MQTT-1 --out 'my reports\/run 1\/replay-EDP-MQTT-1'$/,
    );
  });
  it('takes the seed from --replay, and rules from --only in any case, comma lists included', () => {
    const options = resolveCertifyOptions(
      { ...base, broker: 'mqtt://h:1883', replay: '9:0:2@A:B', only: ['edp-prop-3,EDP-RPC-1', 'EDP-PROP-3'] },
      undefined,
    );
    expect(options.seed).toBe(9);
    expect(options.replay).toEqual({ seed: 9, path: '0:2', commandsReplayPath: 'A:B' });
    expect(options.only).toEqual(['EDP-PROP-3', 'EDP-RPC-1']);
  });
  it('lets deadlines grow but never shrink (section 7)', () => {
    expect(
      resolveCertifyOptions({ ...base, listen: 0, timeout: 5000, notifyTimeout: 1500 }, undefined),
    ).toMatchObject({ responseDeadlineMs: 5000, notificationDeadlineMs: 1500 });
    expect(() => resolveCertifyOptions({ ...base, listen: 0, notifyTimeout: 999 }, undefined)).toThrow(
      UsageError,
    );
  });
  it.each([
    [{ ...base }, 'name exactly one target'],
    [{ ...base, listen: 1, broker: 'mqtt://x' }, 'name exactly one target'],
    [{ deviceId: 'bulb-0001', listen: 1 }, 'give the token with --token or FLEETCERT_TOKEN'],
    [{ ...base, listen: 70000 }, 'is not a port'],
    [{ ...base, ws: 'http://x' }, 'use a ws:// or wss:// URL'],
    [{ ...base, listen: 1, runs: 0 }, '--runs must be a whole number of at least 1'],
  ])('refuses %j', (args, message) => {
    expect(() => resolveCertifyOptions(args, undefined)).toThrow(message);
  });
  it('--listen-tls: a listen target on a free loopback broker port, the TLS request checked (section 9)', () => {
    const options = resolveCertifyOptions({ ...base, listenTls: 8883, tlsHost: ' broker.lan ' }, undefined);
    expect(options.target).toMatchObject({ mode: 'listen', port: 0 });
    expect(options.tlsRequest).toEqual({ port: 8883, serverName: 'broker.lan', plainPort: 1883 });
    expect(() => resolveCertifyOptions({ ...base, listenTls: 8883 }, undefined)).toThrow(/--tls-host NAME/);
    expect(() =>
      resolveCertifyOptions({ ...base, listenTls: 8883, tlsHost: 'b', tlsCaCert: 'ca.pem' }, undefined),
    ).toThrow(/--tls-ca-cert and --tls-ca-key together/);
    expect(() => resolveCertifyOptions({ ...base, listen: 1883, tlsHost: 'b' }, undefined)).toThrow(
      UsageError,
    );
    expect(() => resolveCertifyOptions({ ...base, listenTls: 70_000, tlsHost: 'b' }, undefined)).toThrow(
      /--listen-tls 70000 is not a port/,
    );
    expect(() =>
      resolveCertifyOptions({ ...base, listenTls: 8883, tlsHost: 'b', broker: 'mqtt://x:1883' }, undefined),
    ).toThrow(/exactly one target/);
  });
  it('--listen-tls: the replay names the same trust anchor — the run’s CA kept in OUT/tls/, or the one given', () => {
    const made = resolveCertifyOptions(
      { ...base, listenTls: 8883, tlsHost: 'broker.lan', tlsPlainPort: 1884, out: 'reports/run1', seed: 9 },
      undefined,
    );
    expect(made.replayCommand?.(undefined, 'EDP-TLS-2')).toBe(
      'FLEETCERT_TOKEN=… fleetcert certify --listen-tls 8883 --tls-host broker.lan --tls-plain-port 1884 --tls-ca-cert reports/run1/tls/trust-anchor.pem --tls-ca-key reports/run1/tls/trust-anchor.key --device-id bulb-0001 --seed 9 --only EDP-TLS-2 --out reports/run1/replay-EDP-TLS-2',
    );
    const given = resolveCertifyOptions(
      { ...base, listenTls: 8883, tlsHost: 'b', tlsCaCert: 'ca.crt', tlsCaKey: 'ca.key', seed: 9 },
      undefined,
    );
    expect(given.replayCommand?.(undefined, 'EDP-TLS-1')).toContain(
      '--tls-ca-cert ca.crt --tls-ca-key ca.key',
    );
  });
  it('--tls-require-client-cert: mutual TLS, with the client CA given or the run’s; in the replay too', () => {
    const tls = { ...base, listenTls: 8883, tlsHost: 'b', seed: 3 };
    const runCa = resolveCertifyOptions({ ...tls, tlsRequireClientCert: true }, undefined);
    expect(runCa.tlsRequest?.clientCertificate).toEqual({});
    expect(runCa.replayCommand?.(undefined, 'EDP-TLS-1')).toContain('--tls-require-client-cert --device-id');
    const given = resolveCertifyOptions(
      { ...tls, tlsRequireClientCert: true, tlsClientCa: 'clients.pem' },
      undefined,
    );
    expect(given.tlsRequest?.clientCertificate).toEqual({ caPath: 'clients.pem' });
    expect(given.replayCommand?.(undefined, 'EDP-TLS-1')).toContain(
      '--tls-require-client-cert --tls-client-ca clients.pem',
    );
    expect(resolveCertifyOptions(tls, undefined).tlsRequest?.clientCertificate).toBeUndefined();
    expect(() => resolveCertifyOptions({ ...tls, tlsClientCa: 'clients.pem' }, undefined)).toThrow(
      /--tls-client-ca FILE goes with --tls-require-client-cert/,
    );
    expect(() =>
      resolveCertifyOptions({ ...base, listen: 1883, tlsRequireClientCert: true }, undefined),
    ).toThrow(/go with --listen-tls PORT/);
  });
  it('--tls-ws: MQTT over WebSocket on the TLS port, in the replay too', () => {
    const options = resolveCertifyOptions(
      { ...base, listenTls: 8443, tlsHost: 'b', tlsWs: true, seed: 2 },
      undefined,
    );
    expect(options.tlsRequest?.binding).toBe('ws');
    expect(options.replayCommand?.(undefined, 'EDP-TLS-1')).toContain('--tls-ws --device-id');
    expect(() => resolveCertifyOptions({ ...base, listen: 1883, tlsWs: true }, undefined)).toThrow(
      /go with --listen-tls PORT/,
    );
  });
});
