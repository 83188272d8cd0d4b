/**
 * What a session shows of rules it is not judged for is kept (seen-failures.ts), also when the
 * hub stops accepting app connections in the middle of it: the frames already received are
 * judged as they stand. A hub that sends a notification of a device no token is granted (as the
 * flooding bad hub of certify-hub-bad-hubs does) has broken EDP-HUB-5 whatever happens next.
 * A few lines of WebSocket server stand in for the hub, a fake fleet for the devices; no simulators.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { HubUnreachableError } from './app-link.js';
import { ListCommand } from './commands/list.command.js';
import { SettleCommand } from './commands/settle.command.js';
import { runFixedSession } from './fixed-session.js';
import type { FleetPort, SentMessage } from './fleet-port.js';
import { resolveHubTimeouts } from './hub-certify-config.js';
import type { HubFailureRecord } from './hub-property.js';
import type { HubRuleId } from './hub-rule-ids.js';
import type { HubSessionContext } from './hub-session.js';
import { SeenFailures, seenFailureVerdict } from './seen-failures.js';

const BULB = 'bulb-0001';
/** A device in no grant and not in the fleet: no notification of it may reach any app. */
const STRAY = 'stray-0001';

function fakeFleet(): FleetPort {
  const start = performance.now();
  const sent: SentMessage[] = [{ kind: 'presence', atMs: -60_000, online: true, cause: 'connect' }];
  return {
    devices: [{ deviceId: BULB, binding: 'mqtt', model: { model: 'acme.bulb' } as never, firmware: '1.0.0' }],
    now: () => performance.now() - start,
    records: () => ({ received: [], sent }),
    isOnline: () => true,
    goOffline: async () => {},
    comeBack: async () => {},
    setResponsiveness: () => {},
    notifyOnItsOwn: async () => [],
    reset: async () => {},
  };
}

interface HubBehaviour {
  /** Each upgraded connection first gets a notification of STRAY. */
  readonly stray: boolean;
  /** Upgrades from this many on (1-based) are cut before the answer (the hub stopped serving). */
  readonly refuseFrom: number;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** Answers `devices.list` right (app-a is granted BULB, app-b "*"); a refused upgrade is a reset socket. */
async function startHub(behaviour: HubBehaviour): Promise<string> {
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer();
  server = http;
  let upgrades = 0;
  http.on('upgrade', (req, socket, head) => {
    if (++upgrades >= behaviour.refuseFrom) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (app) => {
      if (behaviour.stray)
        app.send(
          JSON.stringify({
            method: 'device.properties_changed',
            params: { deviceId: STRAY, items: [{ siid: 1, piid: 1, value: 'x' }] },
          }),
        );
      app.on('message', (data) => {
        const { id } = JSON.parse(String(data)) as { id: number };
        app.send(JSON.stringify({ id, result: [{ deviceId: BULB, model: 'acme.bulb', online: true }] }));
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/edp/1/hub`;
}

/** app-a#1 lists and waits, then app-b#1 lists: judged for EDP-HUB-1 alone. */
async function session(behaviour: HubBehaviour) {
  const ctx: HubSessionContext = {
    hubUrl: await startHub(behaviour),
    apps: [
      { name: 'app-a', token: 'a', devices: [BULB] },
      { name: 'app-b', token: 'b', devices: '*' },
    ],
    unknownToken: 'unknown',
    deadlineMs: 2_000,
    fleet: fakeFleet(),
    timeouts: resolveHubTimeouts(),
    stats: { requests: 0, latenciesMs: [], incompleteSessions: 0 },
  };
  const seen: { rules: readonly HubRuleId[]; record: HubFailureRecord; cut: boolean }[] = [];
  const commands = [new ListCommand('app-a#1'), new SettleCommand('app-a#1'), new ListCommand('app-b#1')];
  const outcome = await runFixedSession(
    ctx,
    commands,
    new Set<HubRuleId>(['EDP-HUB-1']),
    'EDP-HUB-1 scenario 0',
    (rules, record, cut) => seen.push({ rules, record, cut }),
  ).catch((error: unknown) => error);
  return { outcome, seen };
}

describe('violations of rules a session is not judged for', () => {
  it('a complete session that shows EDP-HUB-5 first is skipped for EDP-HUB-1, and EDP-HUB-5 is kept', async () => {
    const { outcome, seen } = await session({ stray: true, refuseFrom: Number.POSITIVE_INFINITY });
    expect(outcome).toEqual({ passed: false });
    expect(seen.map((s) => [s.rules, s.cut])).toEqual([[['EDP-HUB-5'], false]]);
    // One stray notification per connection, each its own EDP-HUB-5 violation, and nothing else.
    const violations = seen[0]?.record.violations ?? [];
    expect(violations.map((v) => [v.rule, v.lane])).toEqual([
      ['EDP-HUB-5', 'app-a#1'],
      ['EDP-HUB-5', 'app-b#1'],
    ]);
    expect(violations[0]?.observed).toContain(STRAY);
  });

  it('a session the hub cuts by refusing its next connection is judged as it stood: EDP-HUB-5 kept', async () => {
    const { outcome, seen } = await session({ stray: true, refuseFrom: 2 });
    expect(outcome).toBeInstanceOf(HubUnreachableError);
    // The socket error names its code (a partner reads it in the run's error).
    expect((outcome as Error).message).toMatch(/socket hang up \(ECONNRESET\) during the upgrade/);
    expect(seen.map((s) => [s.rules, s.cut])).toEqual([[['EDP-HUB-5'], true]]);
    expect(seen[0]?.record.violations.map((v) => [v.rule, v.lane])).toEqual([['EDP-HUB-5', 'app-a#1']]);
    // The command whose connection the hub refused is the record's last.
    expect(seen[0]?.record.commands).toEqual([
      'app-a#1 devices.list',
      'app-a#1 waits for its answers',
      'app-b#1 devices.list',
    ]);
  });

  it('a hub that broke nothing before it stopped serving leaves nothing seen', async () => {
    const { outcome, seen } = await session({ stray: false, refuseFrom: 2 });
    expect(outcome).toBeInstanceOf(HubUnreachableError);
    expect(seen).toEqual([]);
  });

  it('a complete session that breaks nothing passes and leaves nothing seen', async () => {
    const { outcome, seen } = await session({ stray: false, refuseFrom: Number.POSITIVE_INFINITY });
    expect(outcome).toEqual({ passed: true });
    expect(seen).toEqual([]);
  });
});

describe('SeenFailures', () => {
  const record = (observed: string): HubFailureRecord => ({
    commands: ['app-a#1 devices.list'],
    appRequests: 1,
    trace: [],
    violations: [{ rule: 'EDP-HUB-5', expected: 'no notification of stray-0001', observed }],
  });

  it('keeps the first session that showed a rule, and says where it was seen in the verdict', () => {
    const seen = new SeenFailures();
    seen.hook('EDP-HUB-1 scenario 0')(['EDP-HUB-5'], record('first'), false);
    seen.hook('EDP-HUB-2 scenario 1')(['EDP-HUB-5', 'EDP-HUB-3'], record('second'), true);
    expect(seen.get('EDP-HUB-5')?.where).toBe('EDP-HUB-1 scenario 0');
    expect(seen.get('EDP-HUB-3')?.cut).toBe(true);
    expect(seen.get('EDP-HUB-4')).toBeUndefined();
    const evidence = seen.get('EDP-HUB-5');
    if (evidence === undefined) throw new Error('EDP-HUB-5 was seen');
    const verdict = seenFailureVerdict('EDP-HUB-5', evidence, { runs: 0, durationMs: 5 }, 'socket hang up');
    expect(verdict).toMatchObject({ rule: 'EDP-HUB-5', verdict: 'failed', runs: 1, shrunk: false });
    // No replay token: the session replays as EDP-HUB-1's, which does not judge EDP-HUB-5.
    expect(verdict.replay).toBeUndefined();
    expect(verdict.summary).toBe(
      'Expected no notification of stray-0001; the hub gave first. Seen in EDP-HUB-1 scenario 0, a session judged for another rule; the hub then stopped accepting app connections (socket hang up).',
    );
  });
});
