/**
 * docs/certification.md's Mosquitto set-up for `certify --broker`, as a partner copies it: the
 * documented mosquitto.conf and ACL are read from the doc (only the port and the ACL file's path
 * changed), Mosquitto runs with them, and a reference bulb is certified through it as
 * `controller:fleetcert` (docs/protocol.md section 5; EDP-MQTT-3's ACL by username).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process-cli.js';
import { type RunningMosquitto, startMosquittoWithConfig } from '../support/mosquitto.js';
import { type RunningSimulator, startMqttSimulator } from '../support/reference-simulator.js';

const DOC = new URL('../../docs/certification.md', import.meta.url);

/** The code block right after `<!-- fleetcert-tested: NAME -->`. */
function documentedBlock(markdown: string, name: string): string {
  const match = new RegExp(
    `<!-- fleetcert-tested: ${name.replace('.', '\\.')} -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``,
  ).exec(markdown);
  if (!match?.[1]) throw new Error(`docs/certification.md has no block marked fleetcert-tested: ${name}`);
  return match[1];
}

/** The documented configuration with only the listener's port and the ACL file's path replaced. */
function asTested(conf: string, port: number, aclPath: string): string {
  const lines = conf.split('\n');
  const listener = lines.findIndex((l) => /^listener 1883$/.test(l));
  const acl = lines.findIndex((l) => /^acl_file \S+$/.test(l));
  if (listener < 0 || acl < 0)
    throw new Error('the documented mosquitto.conf lost its listener 1883 or acl_file line');
  lines[listener] = `listener ${port}`;
  lines[acl] = `acl_file ${aclPath}`;
  return lines.join('\n');
}

let mosquitto: RunningMosquitto | undefined;
let device: RunningSimulator | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await device?.stop();
  await mosquitto?.stop();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('the documented Mosquitto set-up for certify --broker (docs/certification.md)', () => {
  it('keeps Nagle off and the ACL by username, and certifies a reference bulb through it', async () => {
    const markdown = await readFile(DOC, 'utf8');
    const conf = documentedBlock(markdown, 'mosquitto.conf');
    const acl = documentedBlock(markdown, 'edp.acl');
    expect(conf).toMatch(/^set_tcp_nodelay true$/m);
    expect(acl).toMatch(/^pattern readwrite edp\/1\/%u\/#$/m);
    expect(acl).toMatch(/^user controller:fleetcert$/m);
    mosquitto = await startMosquittoWithConfig(async (dir, port) => {
      const aclPath = join(dir, 'edp.acl');
      await writeFile(aclPath, acl, { mode: 0o644 });
      return asTested(conf, port, aclPath);
    });
    device = await startMqttSimulator(mosquitto.url, {
      type: 'bulb',
      deviceId: 'bulb-0001',
      token: 'bulb-token',
    });
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-own-mosquitto-'));
    dirs.push(out);
    const run = await runInProcess(
      'certify',
      '--broker',
      mosquitto.url,
      '--device-id',
      'bulb-0001',
      '--token',
      'controller-token',
      '--seed',
      '11',
      '--runs',
      '30',
      '--out',
      out,
      '--log-level',
      'silent',
    );
    expect(run.stdout, `${run.stdout}\n${run.stderr}\n${mosquitto.logs()}`).toMatch(/: CERTIFIED/);
    expect(run.code).toBe(0);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as {
      requirements: { rule: string; verdict: string }[];
    };
    expect(result.requirements.filter((r) => r.verdict === 'failed')).toEqual([]);
    expect(result.requirements.find((r) => r.rule === 'EDP-RPC-1')?.verdict).toBe('passed');
  }, 120_000);
});
