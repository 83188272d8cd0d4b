/**
 * Mosquitto's own command-line clients (mosquitto_pub, mosquitto_sub) as child processes, so
 * integration tests talk to fleetcert through clients no one here wrote.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const STDBUF = '/usr/bin/stdbuf';

export interface MosquittoClientLogin {
  readonly port: number;
  readonly host?: string;
  readonly username?: string;
  readonly password?: string;
  /** `-i`: the MQTT client id (a device's must be its device id). */
  readonly clientId?: string;
}

/** One line printed by `mosquitto_sub -v`: the topic, a space, the payload. */
export interface SubLine {
  readonly topic: string;
  readonly payload: string;
}

export interface RunningSub {
  /** Every line printed so far. */
  readonly lines: readonly SubLine[];
  /** Resolves with the first line (already printed or to come) that `match` accepts. */
  waitFor(match: (line: SubLine) => boolean, timeoutMs?: number, what?: string): Promise<SubLine>;
  /** Resolves once the broker acknowledged the subscriptions (mosquitto_sub -d prints SUBACK). */
  readonly subscribed: Promise<void>;
  stop(): Promise<void>;
}

function loginArgs(login: MosquittoClientLogin): string[] {
  const args = ['-h', login.host ?? '127.0.0.1', '-p', String(login.port), '-V', 'mqttv311'];
  if (login.username !== undefined) args.push('-u', login.username);
  if (login.password !== undefined) args.push('-P', login.password);
  if (login.clientId !== undefined) args.push('-i', login.clientId);
  return args;
}

/** `mosquitto_sub -v -q 1 -t TOPIC…`: a long-running subscriber. */
export function mosquittoSub(login: MosquittoClientLogin, topics: readonly string[]): RunningSub {
  const args = [...loginArgs(login), '-v', '-d', '-q', '1', ...topics.flatMap((topic) => ['-t', topic])];
  // mosquitto_sub flushes stdout only after a message; line buffering lets SUBACK through at once.
  const child = existsSync(STDBUF)
    ? spawn(STDBUF, ['-oL', 'mosquitto_sub', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('mosquitto_sub', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: SubLine[] = [];
  const waiters = new Set<() => void>();
  let pending = '';
  let stderr = '';
  let resolveSubscribed: () => void = () => {};
  const subscribed = new Promise<void>((resolve) => {
    resolveSubscribed = resolve;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      // -d prints protocol debug lines ("Client … received SUBACK") on stdout too.
      if (line.startsWith('Client ')) {
        if (line.includes('received SUBACK')) resolveSubscribed();
        continue;
      }
      if (line.startsWith('Subscribed (mid')) continue;
      const space = line.indexOf(' ');
      lines.push(
        space < 0
          ? { topic: line, payload: '' }
          : { topic: line.slice(0, space), payload: line.slice(space + 1) },
      );
    }
    for (const wake of waiters) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });

  const waitFor = (match: (line: SubLine) => boolean, timeoutMs = 5_000, what = 'a matching message') =>
    new Promise<SubLine>((resolve, reject) => {
      let seen = 0;
      const check = (): boolean => {
        for (; seen < lines.length; seen++) {
          const line = lines[seen] as SubLine;
          if (match(line)) {
            finish();
            resolve(line);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        const got = lines.map((l) => `  ${l.topic} ${l.payload}`).join('\n');
        reject(
          new Error(`mosquitto_sub: no ${what} within ${timeoutMs} ms; got:\n${got}\nstderr: ${stderr}`),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const wake = () => void check();
      waiters.add(wake);
      check();
    });

  return { lines, waitFor, subscribed, stop: () => stopChild(child) };
}

/** `mosquitto_pub -q 1 -t TOPIC -m MESSAGE`; rejects with its stderr when it exits non-zero. */
export function mosquittoPub(login: MosquittoClientLogin, topic: string, message: string): Promise<void> {
  const args = [...loginArgs(login), '-q', '1', '-t', topic, '-m', message];
  return new Promise((resolve, reject) => {
    const child = spawn('mosquitto_pub', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${stderr.trim()}`)),
    );
  });
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}
