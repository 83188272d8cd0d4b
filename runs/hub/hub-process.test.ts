/**
 * The hub launcher with real processes: the configuration file it writes, the READY line, a
 * missing READY (setup error with the hub's last lines), an early exit, an exit mid-run,
 * SIGTERM and SIGKILL after the grace period.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { HubConfig } from '../../src/hub/index.js';
import { HubSetupError, launchHub } from './hub-process.js';
import { splitHubCommand } from './split-hub-command.js';

const FAKE = fileURLToPath(new URL('../../test/support/runs/hub/fake-hub.mjs', import.meta.url));
const CONFIG: HubConfig = {
  listen: '127.0.0.1:45678',
  deadline_ms: 2000,
  apps: [{ token: 'app-a', devices: '*' }],
};
const command = (mode: string) => [process.execPath, FAKE, mode];

describe('launchHub', () => {
  it('runs CMD ARGS --config FILE, resolves on the READY line and stops the hub with SIGTERM', async () => {
    const hub = await launchHub({ command: command('ready'), config: CONFIG });
    expect(hub.url).toBe('ws://127.0.0.1:45678/edp/1/hub');
    // The file was the configuration, readable by its owner only (it holds tokens).
    expect(hub.lastLines()).toContain('fake hub starting; listen 127.0.0.1:45678; apps 1; mode 600');
    expect(hub.lastLines()).toContain('some log line on stderr');
    expect(hub.hasExited).toBe(false);
    const exit = await hub.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(hub.lastLines().at(-1)).toBe('stopping on SIGTERM');
  });

  it('a hub that never prints READY is a setup error (exit 2) with its last lines, and is stopped', async () => {
    const error = await launchHub({
      command: command('never-ready'),
      config: CONFIG,
      readyTimeoutMs: 1_500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubSetupError);
    const setup = error as HubSetupError;
    expect(setup.exitCode).toBe(2);
    expect(setup.message).toContain('did not print a line containing "EDP-HUB READY" within 1.5 s');
    expect(setup.message).toContain('still starting 50');
    // Bounded: the last 40 lines, control characters written out.
    expect(setup.lastLines.length).toBe(40);
    expect(setup.message).not.toContain('still starting 5\n');
    expect(setup.message).toContain('\\u001b[31mred');
  });

  it('a hub that exits before READY is a setup error naming its exit code and what it said', async () => {
    const error = (await launchHub({ command: command('exit-early'), config: CONFIG }).catch(
      (e) => e,
    )) as HubSetupError;
    expect(error).toBeInstanceOf(HubSetupError);
    expect(error.message).toMatch(/exited \(exit code 3\) before printing "EDP-HUB READY"/);
    expect(error.message).toContain('| cannot bind: address in use');
  });

  it('a program that does not exist is a setup error that says the command runs without a shell', async () => {
    const error = (await launchHub({ command: ['no-such-hub-program-x'], config: CONFIG }).catch(
      (e) => e,
    )) as HubSetupError;
    expect(error).toBeInstanceOf(HubSetupError);
    expect(error.message).toMatch(/no-such-hub-program-x was not found: --hub-command runs without a shell/);
  });

  it('notices a hub that exits mid-run', async () => {
    const hub = await launchHub({ command: command('exit-mid-run'), config: CONFIG });
    expect(await hub.exited).toEqual({ code: 7, signal: null });
    expect(hub.hasExited).toBe(true);
    expect(hub.lastLines()).toContain('hub crashed');
    expect(await hub.stop()).toEqual({ code: 7, signal: null });
  });

  it('kills a hub that ignores SIGTERM after the grace period', async () => {
    const hub = await launchHub({ command: command('stubborn'), config: CONFIG, stopGraceMs: 500 });
    const exit = await hub.stop();
    expect(exit.signal).toBe('SIGKILL');
    expect(hub.lastLines()).toContain('ignoring SIGTERM');
  });

  it('stops the whole process group of a hub started through a wrapper', async () => {
    // sh starts the hub as its child; SIGTERM to sh alone would leave the hub running.
    const hub = await launchHub({
      command: ['/bin/sh', '-c', `"${process.execPath}" "${FAKE}" ready "$@"; echo wrapper done`, 'sh'],
      config: CONFIG,
    });
    await hub.stop();
    expect(hub.lastLines()).toContain('stopping on SIGTERM');
  });
});

/** Live (not zombie) processes whose command line contains `text`. */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '')[0];
      if (cmdline.includes(text) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe('launchHub teardown', () => {
  it('stops a hub that left the process group with setsid, not only its wrapper', async () => {
    // sh stays the group leader; the hub runs in a session of its own that SIGTERM to the group misses.
    const hub = await launchHub({
      command: ['/bin/sh', '-c', `setsid "${process.execPath}" "${FAKE}" ready "$@" & wait`, 'sh'],
      config: CONFIG,
    });
    const escaped = processesMentioning(hub.configPath);
    expect(escaped.length).toBeGreaterThan(0);
    await hub.stop();
    expect(processesMentioning(hub.configPath)).toEqual([]);
    expect(existsSync(hub.configPath)).toBe(false);
  });

  it('writes the configuration 0600 in a directory of its own, 0700', async () => {
    const hub = await launchHub({ command: command('ready'), config: CONFIG });
    try {
      const { statSync } = await import('node:fs');
      expect(statSync(hub.configPath).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(hub.configPath)).mode & 0o777).toBe(0o700);
    } finally {
      await hub.stop();
    }
  });

  it('when the process that launched it exits without stopping it, the hub (setsid or not) and its configuration go too', async () => {
    // A child node process launches a setsid hub, prints the config path, and exits at once.
    const script = `
      const { launchHub } = await import(${JSON.stringify(new URL('./hub-process.ts', import.meta.url).href)});
      const hub = await launchHub({
        command: ['/bin/sh', '-c', 'setsid "$0" "$1" ready "$2" "$3" & wait', ${JSON.stringify(process.execPath)}, ${JSON.stringify(FAKE)}],
        config: ${JSON.stringify(CONFIG)},
      });
      console.log(hub.configPath);
      process.exit(0);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await new Promise((resolve) => child.once('close', resolve));
    const configPath = out.trim();
    expect(configPath).toMatch(/hub-config\.json$/);
    expect(existsSync(configPath)).toBe(false);
    // SIGKILL is sent synchronously at exit; the kernel may take a moment to reap.
    for (let i = 0; i < 200 && processesMentioning(configPath).length > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(processesMentioning(configPath)).toEqual([]);
  });
});

describe('splitHubCommand', () => {
  it('groups quoted words and expands nothing', () => {
    expect(splitHubCommand(`node "my hub.js" --name 'a b' $HOME ~/x`)).toEqual([
      'node',
      'my hub.js',
      '--name',
      'a b',
      '$HOME',
      '~/x',
    ]);
  });

  it('refuses what would need a shell, saying to use a script', () => {
    for (const text of ['hub | tee log', 'hub > out', 'hub; rm -rf x', 'hub && other', 'hub *.json'])
      expect(() => splitHubCommand(text), text).toThrow(/runs without a shell.*script/);
    expect(() => splitHubCommand('   ')).toThrow(/empty/);
  });
});
