/**
 * vitest globalSetup: `npm test` does its own set-up on a fresh machine. The suite tests real
 * parts (Mosquitto, Chromium, openssl for mqtts certificates); when one is missing and this
 * runs as root where apt-get exists (a fresh Debian container or CI), it installs them as
 * `.ci/run` does; otherwise it stops with one line saying exactly what to run.
 * FLEETCERT_TEST_NO_INSTALL=1 turns the installing off (the check stays).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

interface Tool {
  /** The Debian package that provides it. */
  readonly pkg: string;
  /** Where tests look for it, besides PATH. */
  readonly paths: readonly string[];
  readonly command: string;
  /** Present by another test than a file on PATH (a Python module). */
  readonly present?: () => boolean;
  /** Installed when missing if we can, but its absence only skips the tests that use it. */
  readonly optional?: boolean;
}

/** test/device-certification/certify-outside.test.ts runs a Python hub and device on Debian's paho-mqtt and websockets. */
function pythonImports(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import paho.mqtt, websockets'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const TOOLS: readonly Tool[] = [
  { pkg: 'mosquitto', command: 'mosquitto', paths: ['/usr/sbin/mosquitto'] },
  { pkg: 'mosquitto-clients', command: 'mosquitto_pub', paths: ['/usr/bin/mosquitto_pub'] },
  // test/reports/report-browser.test.ts launches /usr/bin/chromium.
  { pkg: 'chromium', command: 'chromium', paths: ['/usr/bin/chromium'] },
  { pkg: 'openssl', command: 'openssl', paths: ['/usr/bin/openssl'] },
  {
    pkg: 'python3-paho-mqtt',
    command: 'python3 paho.mqtt',
    paths: [],
    present: pythonImports,
    optional: true,
  },
  {
    pkg: 'python3-websockets',
    command: 'python3 websockets',
    paths: [],
    present: pythonImports,
    optional: true,
  },
];

function found(tool: Tool): boolean {
  if (tool.present) return tool.present();
  const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, tool.command));
  return [...tool.paths, ...onPath].some((path) => existsSync(path));
}

function missing(): Tool[] {
  return TOOLS.filter((tool) => !found(tool));
}

export default function setup(): void {
  let absent = missing();
  if (absent.length === 0) return;
  const packages = absent.map((t) => t.pkg);
  const root = process.getuid?.() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (root && apt && process.env.FLEETCERT_TEST_NO_INSTALL !== '1') {
    process.stderr.write(`npm test: installing ${packages.join(', ')} (apt-get), as .ci/run does\n`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    // Tests start their own brokers on free ports; the system service is not wanted.
    for (const stop of [
      ['systemctl', 'stop', 'mosquitto'],
      ['service', 'mosquitto', 'stop'],
    ]) {
      try {
        execFileSync(stop[0] as string, stop.slice(1), { stdio: 'ignore' });
        break;
      } catch {
        // No init system here (a container): nothing runs.
      }
    }
    absent = missing();
  }
  absent = absent.filter((tool) => !tool.optional);
  if (absent.length === 0) return;
  throw new Error(
    `npm test needs ${absent.map((t) => t.command).join(', ')}: run \`sudo apt-get install -y ${absent.map((t) => t.pkg).join(' ')}\` (or .ci/run as root), then npm test again`,
  );
}
