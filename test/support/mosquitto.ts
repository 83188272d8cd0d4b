/**
 * A real Mosquitto broker for integration tests: spawned from /usr/sbin/mosquitto with a temp
 * config, listening on 127.0.0.1 on free ports, stopped (and its temp dir removed) by `stop()`.
 * A broker no one here wrote keeps fleetcert's clients honest.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from './ports.js';

const execFileAsync = promisify(execFile);

export const MOSQUITTO_BINARY = existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto';

export interface MosquittoAuth {
  /** Accept clients without a known username/password. Default true when `passwords` is absent. */
  readonly allowAnonymous?: boolean;
  /**
   * Username → password, written with `mosquitto_passwd`. Mosquitto's password file cannot hold a
   * username with `:`, so `controller:NAME` users only work with `allowAnonymous: true`.
   */
  readonly passwords?: Readonly<Record<string, string>>;
  /** The text of an `acl_file` (e.g. `pattern readwrite edp/1/%u/#`). */
  readonly acl?: string;
}

export interface MosquittoTls {
  readonly cert: string;
  readonly key: string;
  /** Mutual TLS: clients must present a certificate signed by this CA (`require_certificate true`). */
  readonly clientCa?: string;
  /** With `clientCa`: the certificate's CN becomes the username (`use_identity_as_username true`). */
  readonly useIdentityAsUsername?: boolean;
}

export interface MosquittoOptions {
  /** MQTT (TCP) port; 0 (default) picks a free one. */
  readonly port?: number;
  readonly auth?: MosquittoAuth;
  /** Also listen for MQTT over WebSocket on a free port. */
  readonly websockets?: boolean;
  /** Also listen for MQTT over TLS on a free port with this certificate and key (PEM file paths). */
  readonly tls?: MosquittoTls;
  /** Milliseconds to wait for the broker to accept connections. Default 5000. */
  readonly startTimeoutMs?: number;
  /** `set_tcp_nodelay true`: no Nagle delay on the broker's sockets (Mosquitto's default is false). */
  readonly tcpNoDelay?: boolean;
}

export interface RunningMosquitto {
  /** `mqtt://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** `ws://127.0.0.1:PORT` when `websockets` was asked for. */
  readonly wsUrl?: string;
  readonly wsPort?: number;
  /** `mqtts://127.0.0.1:PORT` when `tls` was given. */
  readonly tlsUrl?: string;
  readonly tlsPort?: number;
  /** What the broker logged so far (for failure messages). */
  logs(): string;
  /** SIGTERM, then SIGKILL after 2 s; removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts Mosquitto; retries with new ports when a picked port was taken in the meantime. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningMosquitto> {
  const attempts = options.port ? 1 : 3;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(options: MosquittoOptions): Promise<RunningMosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetcert-mosquitto-'));
  // Mosquitto started as root drops to the `mosquitto` user, which must still read these files.
  await chmod(dir, 0o755);
  const port = options.port || (await freePort());
  const wsPort = options.websockets ? await freePort() : undefined;
  const tlsPort = options.tls ? await freePort() : undefined;
  const auth = options.auth ?? {};
  const lines = [
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
  ];
  lines.push('per_listener_settings false');
  if (options.tcpNoDelay === true) lines.push('set_tcp_nodelay true');
  lines.push(`allow_anonymous ${auth.allowAnonymous ?? auth.passwords === undefined}`);
  if (auth.passwords) {
    const file = join(dir, 'passwords');
    const text = Object.entries(auth.passwords).map(([user, password]) => `${user}:${password}\n`);
    await writeFile(file, text.join(''), { mode: 0o644 });
    await execFileAsync('mosquitto_passwd', ['-U', file]);
    await chmod(file, 0o644);
    lines.push(`password_file ${file}`);
  }
  if (auth.acl !== undefined) {
    const file = join(dir, 'acl');
    await writeFile(file, auth.acl, { mode: 0o644 });
    lines.push(`acl_file ${file}`);
  }
  lines.push(`listener ${port} 127.0.0.1`);
  if (wsPort !== undefined) lines.push(`listener ${wsPort} 127.0.0.1`, 'protocol websockets');
  if (tlsPort !== undefined && options.tls) {
    // Copies the broker can read after dropping root (the originals may sit in a 0700 temp dir).
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    await copyFile(options.tls.cert, cert);
    await copyFile(options.tls.key, key);
    await chmod(cert, 0o644);
    await chmod(key, 0o644);
    lines.push(`listener ${tlsPort} 127.0.0.1`, `certfile ${cert}`, `keyfile ${key}`);
    if (options.tls.clientCa !== undefined) {
      const clientCa = join(dir, 'client-ca.pem');
      await copyFile(options.tls.clientCa, clientCa);
      await chmod(clientCa, 0o644);
      lines.push(`cafile ${clientCa}`, 'require_certificate true');
      if (options.tls.useIdentityAsUsername) lines.push('use_identity_as_username true');
    }
  }
  return launch(dir, `${lines.join('\n')}\n`, { port, wsPort, tlsPort }, options.startTimeoutMs ?? 5_000);
}

/**
 * Starts Mosquitto with a configuration written elsewhere (a documented one, e.g.
 * docs/certification.md's): `write` gets a fresh directory (readable by the `mosquitto` user) and a
 * free port, puts any files the configuration names there, and returns the configuration's text,
 * which must listen on that port.
 */
export async function startMosquittoWithConfig(
  write: (dir: string, port: number) => Promise<string>,
): Promise<RunningMosquitto> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'fleetcert-mosquitto-'));
    await chmod(dir, 0o755);
    const port = await freePort();
    try {
      return await launch(dir, await write(dir, port), { port }, 5_000);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function launch(
  dir: string,
  config: string,
  ports: { readonly port: number; readonly wsPort?: number; readonly tlsPort?: number },
  timeoutMs: number,
): Promise<RunningMosquitto> {
  const { port, wsPort, tlsPort } = ports;
  const configFile = join(dir, 'mosquitto.conf');
  await writeFile(configFile, config, { mode: 0o644 });

  const child = spawn(MOSQUITTO_BINARY, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });

  const stop = once(async () => {
    await terminate(child, exited);
    await rm(dir, { recursive: true, force: true });
  });

  const ready = Promise.all([
    waitForPort(port, '127.0.0.1', timeoutMs),
    wsPort === undefined ? undefined : waitForPort(wsPort, '127.0.0.1', timeoutMs),
    tlsPort === undefined ? undefined : waitForPort(tlsPort, '127.0.0.1', timeoutMs),
  ]);
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
  ]).catch((error: unknown) => error);
  if (outcome !== 'ready') {
    await stop();
    const why = outcome === 'exited' ? 'exited early' : String(outcome);
    throw new Error(`mosquitto ${why} (port ${port}); its log:\n${output}`);
  }

  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    ...(wsPort === undefined ? {} : { wsUrl: `ws://127.0.0.1:${wsPort}`, wsPort }),
    ...(tlsPort === undefined ? {} : { tlsUrl: `mqtts://127.0.0.1:${tlsPort}`, tlsPort }),
    logs: () => output,
    stop,
  };
}

async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= action();
    return running;
  };
}
