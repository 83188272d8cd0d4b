/**
 * An outside partner's view: a hub and a device written in Python from the partner docs alone
 * (test/support/outside/: hub.py, device.py, desk-fan.json; docs/protocol.md, docs/model-format.md,
 * docs/certification.md), certified through the real CLI as a partner's CI would run it.
 * The correct implementations must be certified (exit 0); each planted bug (`--bug NAME`) must
 * fail certification (exit 1) with exactly the rule it breaks as result.json's failed rules.
 * Bugs that fleetcert was found to miss or blame on another rule are `it.fails`, each naming
 * the finding: once fleetcert catches them, the test turns red and the marker comes off.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certifyWithDevice, stopChild, stoppableChild } from '../support/cli-with-device.js';
import type { RunningCli } from '../support/fleetcert-cli.js';
import { PYTHON, pythonMissing } from '../support/outside-python.js';
import { freePort, waitForPort } from '../support/ports.js';
import { runAhead } from '../support/run-ahead.js';

const OUTSIDE = fileURLToPath(new URL('../support/outside/', import.meta.url));
const HUB = join(OUTSIDE, 'hub.py');
const DEVICE = join(OUTSIDE, 'device.py');
const DESK_FAN = join(OUTSIDE, 'desk-fan.json');
const TOKEN = 'outside-device-token';
const DEVICE_ID = 'fan-0001';

const skipReason = pythonMissing(['paho.mqtt', 'websockets'], ['python3-paho-mqtt', 'python3-websockets']);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-outside-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Verdict {
  readonly code: number | null;
  readonly failed: readonly string[];
  /** Failed rules whose replay did not reproduce and that do not say "Seen, not reproduced". */
  readonly unmarked: readonly string[];
  readonly output: string;
}

/** A planted device bug's certifications, one per seed, with its own (not consequence) failures. */
type BugRuns = ReadonlyArray<Verdict & { seed: number; own: string[]; unmarked: string[] }>;

/**
 * Certifications side by side: the 11 device certifications (both correct transports, three
 * bugs × three seeds) together, then the 12 hub certifications together.
 */
const DEVICE_PARALLEL = 5;
const HUB_PARALLEL = 12;

function expectCertified(verdict: Verdict): void {
  expect(verdict.failed, verdict.output).toEqual([]);
  expect(verdict.code, verdict.output).toBe(0);
}

/** The rules result.json (docs/reports.md) lists as failed, and each one's counterexample summary. */
async function failedRules(
  outDir: string,
): Promise<{ rules: string[]; unmarked: string[]; summaries: string }> {
  const result = JSON.parse(await readFile(join(outDir, 'result.json'), 'utf8')) as {
    requirements: {
      rule: string;
      verdict: string;
      reproduced?: boolean;
      counterexample?: { summary?: string };
    }[];
  };
  const failed = result.requirements.filter((r) => r.verdict === 'failed');
  return {
    rules: failed.map((r) => r.rule),
    unmarked: failed
      .filter(
        (r) => r.reproduced === false && !(r.counterexample?.summary ?? '').includes('Seen, not reproduced'),
      )
      .map((r) => r.rule),
    summaries: failed.map((r) => `${r.rule}: ${r.counterexample?.summary ?? '(no summary)'}`).join('\n'),
  };
}

function startDevice(args: readonly string[]): ChildProcess {
  return spawn(PYTHON, [DEVICE, '--device-id', DEVICE_ID, '--token', TOKEN, '--model', DESK_FAN, ...args], {
    stdio: 'ignore',
  });
}

/** `fleetcert ARGS --out DIR`, killed if it outlives `limitMs` (a hung run fails, never hangs CI). */
async function certify(
  name: string,
  args: readonly string[],
  limitMs: number,
  device?: (cli: RunningCli) => Promise<ChildProcess>,
) {
  const out = join(dir, name);
  return certifyWithDevice({
    args: [...args, '--out', out, '--log-level', 'warn'],
    limitMs,
    startDevice: async (cli) => (device ? stoppableChild(await device(cli)) : undefined),
    collect: async (code, cli) => {
      const { rules, unmarked, summaries } =
        code === 0 || code === 1 ? await failedRules(out) : { rules: [], unmarked: [], summaries: '' };
      const output = `${cli.stdout()}\n${summaries}\n${cli.stderr().slice(-4000)}`;
      return { code, failed: rules, unmarked, output } satisfies Verdict;
    },
  });
}

/** The desk fan over MQTT: fleetcert runs the broker (`--listen`), the device logs in to it. */
async function certifyMqttDevice(name: string, bugs: readonly string[], extra: readonly string[] = []) {
  const port = await freePort();
  const args = ['certify', '--listen', String(port), '--host', '127.0.0.1', '--device-id', DEVICE_ID];
  return certify(name, [...args, '--token', TOKEN, '--model', DESK_FAN, ...extra], 240_000, async (cli) => {
    // Start the device once the embedded broker listens, so its first connection succeeds.
    await cli.waitForStderr(/waiting for/, 60_000);
    return startDevice(['--broker', `mqtt://127.0.0.1:${port}`, ...bugs.flatMap((b) => ['--bug', b])]);
  });
}

/** The desk fan as a WebSocket server; fleetcert connects to it (`--ws`). */
async function certifyWsDevice(name: string, bugs: readonly string[], extra: readonly string[] = []) {
  const port = await freePort();
  const device = startDevice(['--ws-listen', `127.0.0.1:${port}`, ...bugs.flatMap((b) => ['--bug', b])]);
  try {
    await waitForPort(port, '127.0.0.1', 30_000);
    const url = `ws://127.0.0.1:${port}/edp/1`;
    return await certify(
      name,
      ['certify', '--ws', url, '--device-id', DEVICE_ID, '--token', TOKEN, '--model', DESK_FAN, ...extra],
      240_000,
    );
  } finally {
    await stopChild(device);
  }
}

/** `fleetcert certify hub` of hub.py (with planted bugs), fleet and budget as given. */
async function certifyHub(name: string, bugs: readonly string[], extra: readonly string[]) {
  const command = [PYTHON, HUB, ...bugs.flatMap((b) => ['--bug', b])].join(' ');
  return certify(name, ['certify', 'hub', '--hub-command', command, ...extra], 540_000);
}

interface HubBug {
  readonly rule: string;
  /** Fleet and budget: small, but enough for the rule's sessions to meet the bug. */
  readonly extra: readonly string[];
  /** Set when fleetcert was found to miss the bug or blame another rule (see the report). */
  readonly finding?: string;
}

const SMALL = ['--fleet', 'bulb=2,purifier=1,tv=1', '--ws-devices', '1'];
const HUB_BUGS: Record<string, HubBug> = {
  'subscribe-adds': { rule: 'EDP-HUB-3', extra: [...SMALL, '--runs', '50', '--seed', '1'] },
  'forward-offline': { rule: 'EDP-HUB-2', extra: [...SMALL, '--runs', '50', '--seed', '1'] },
  'star-leaks-ungranted': { rule: 'EDP-HUB-5', extra: [...SMALL, '--runs', '10', '--seed', '1'] },
  // A WebSocket device's close never reaches subscribers as offline presence (and its next
  // hello arrives as a second "online"): the EDP-HUB-4 rule scenarios close a WebSocket device
  // under a subscriber whatever the seed.
  'ws-close-silent': {
    rule: 'EDP-HUB-4',
    extra: ['--fleet', 'bulb=1', '--ws-devices', '3', '--runs', '30', '--seed', '3'],
  },
  // A "*" subscriber that gets nothing of a late device, neither presence nor notifications:
  // the device was left out of its set, one EDP-HUB-3 violation (docs/protocol.md's readings).
  'star-misses-later': { rule: 'EDP-HUB-3', extra: [...SMALL, '--runs', '10', '--seed', '1'] },
  'late-notifications': { rule: 'EDP-HUB-3', extra: [...SMALL, '--runs', '50', '--seed', '1'] },
  'notify-unsubscribed': { rule: 'EDP-HUB-3', extra: [...SMALL, '--runs', '50', '--seed', '1'] },
  // Closes a text frame that is not UTF-8 with 1007 instead of answering -32700: the section 3
  // envelope cases (invalid UTF-8 among them) are sent in every certification.
  'utf8-close': { rule: 'EDP-HUB-2', extra: [...SMALL, '--runs', '50', '--seed', '1'] },
};

const describeOutside = describe.skipIf(skipReason !== undefined);
const title = (what: string) => (skipReason ? `${what} (skipped: ${skipReason})` : what);

describeOutside(title('outside device (device.py, desk fan), certified from the partner docs'), () => {
  it('lists its planted bugs with the rule each breaks', () => {
    const listed = execFileSync(PYTHON, [DEVICE, '--list-bugs'], { encoding: 'utf8' });
    expect(
      listed
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 2)),
    ).toEqual([
      ['notify-every-write', 'EDP-NOTIFY-1'],
      ['accept-off-grid-in', 'EDP-ACT-2'],
      ['accept-not-in-values', 'EDP-PROP-4'],
    ]);
  });

  // Every certification of this half runs side by side (each its own device, port and output):
  // they mostly wait on response windows, and no assertion depends on how long one took.
  const ahead = runAhead<Verdict | BugRuns>(DEVICE_PARALLEL);

  ahead.it(
    'the correct device over MQTT (--listen, default settings): certified',
    () => certifyMqttDevice('mqtt-correct', [], ['--seed', '11']),
    (result) => expectCertified(result as Verdict),
    600_000,
  );

  ahead.it(
    'the correct device over WebSocket (--ws, default settings): certified',
    () => certifyWsDevice('ws-correct', [], ['--seed', '12']),
    (result) => expectCertified(result as Verdict),
    600_000,
  );

  /**
   * Each planted bug with several seeds, certified side by side (each its own device and port):
   * its own rule alone fails; rules failed only as its consequence in the same run (result.json's
   * consequenceOf: an event carrying the accepted off-grid `in`) are not blamed on their own.
   * Every printed replay re-ran and reproduced, or says "seen, not reproduced".
   */
  const BUGS: ReadonlyArray<{
    bug: string;
    rule: string;
    seeds: readonly number[];
    extra: readonly string[];
  }> = [
    // The issue's complaint: also EDP-NOTIFY-2 and EDP-RPC-5 ("the repeat was executed").
    { bug: 'notify-every-write', rule: 'EDP-NOTIFY-1', seeds: [13, 16, 19], extra: ['--runs', '10'] },
    // Default budget: the enumerated cases write an out-of-values value whatever the seed. Seed 20
    // once also failed EDP-NOTIFY-2: its item of the applied out-of-values write was explained by an
    // earlier refused boost (any speed), a rule that run never broke; now the write of that very value wins.
    { bug: 'accept-not-in-values', rule: 'EDP-PROP-4', seeds: [14, 17, 20], extra: [] },
    // boost's in is [5, 60, 5]: the enumerated cases send an off-grid value whatever the seed.
    { bug: 'accept-off-grid-in', rule: 'EDP-ACT-2', seeds: [15, 18, 21], extra: [] },
  ];

  async function ownFailures(name: string) {
    const result = JSON.parse(await readFile(join(dir, name, 'result.json'), 'utf8')) as {
      requirements: {
        rule: string;
        verdict: string;
        consequenceOf?: string;
        reproduced?: boolean;
        counterexample?: { summary?: string };
      }[];
    };
    const failed = result.requirements.filter((r) => r.verdict === 'failed');
    return {
      own: failed.filter((r) => r.consequenceOf === undefined).map((r) => r.rule),
      unmarked: failed
        .filter(
          (r) =>
            r.reproduced === false && !(r.counterexample?.summary ?? '').includes('Seen, not reproduced'),
        )
        .map((r) => r.rule),
    };
  }

  for (const { bug, rule, seeds, extra } of BUGS) {
    ahead.it(
      `${bug}: not certified, ${rule} alone, seeds ${seeds.join(', ')}`,
      () =>
        Promise.all(
          seeds.map(async (seed) => {
            const name = `dev-${bug}-${seed}`;
            const verdict = await certifyWsDevice(name, [bug], ['--seed', String(seed), ...extra]);
            const failures = verdict.code === 1 ? await ownFailures(name) : { own: [], unmarked: [] };
            return { seed, ...verdict, ...failures };
          }),
        ),
      (result) => {
        for (const run of result as BugRuns) {
          expect(run.code, `seed ${run.seed}: ${run.output}`).toBe(1);
          expect(run.unmarked, `seed ${run.seed}`).toEqual([]);
          expect(run.own, `seed ${run.seed}: ${run.output}`).toEqual([rule]);
        }
      },
      600_000,
    );
  }
});

describeOutside(title('outside hub (hub.py), certified from the partner docs'), () => {
  it('lists its planted bugs with the rule each breaks', () => {
    const listed = execFileSync(PYTHON, [HUB, '--list-bugs'], { encoding: 'utf8' });
    const rows = listed
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.every((r) => r.length === 3 && /^EDP-HUB-[1-5]$/.test(r[1] ?? ''))).toBe(true);
    expect(rows.map((r) => r[0])).toEqual(Object.keys(HUB_BUGS));
  });

  // Twelve certifications side by side (each its own hub process, fleet and broker): each is
  // idle-bound (sessions wait on the hub's deadline and presence timers), so together they take
  // about as long as the slowest; in series they took 738 s of CI's time.
  const ahead = runAhead<Verdict>(HUB_PARALLEL);

  // Ordinary seeds, not picked to pass: 22 once failed EDP-HUB-4 falsely (a presence delivered
  // 5.9 ms after the abrupt offline called "never got false"); the in-order alignment fixed it.
  for (const seed of [1, 7, 22])
    ahead.it(
      `the correct hub, default fleet and budget, seed ${seed}: certified`,
      () => certifyHub(`hub-correct-${seed}`, [], ['--seed', String(seed)]),
      expectCertified,
      600_000,
    );

  ahead.it(
    'the correct hub with WebSocket devices: certified',
    () =>
      certifyHub(
        'hub-correct-ws',
        [],
        [...['--fleet', 'bulb=2,purifier=1,tv=1', '--ws-devices', '2', '--runs', '20', '--seed', '23']],
      ),
    expectCertified,
    600_000,
  );

  for (const [bug, { rule, extra, finding }] of Object.entries(HUB_BUGS)) {
    // A finding's test is expected to fail (it.fails) until fleetcert catches the bug.
    ahead.it(
      `${bug}: not certified, ${rule} alone${finding ? ` (${finding})` : ''}`,
      () => certifyHub(`hub-${bug}`, [bug], extra),
      (verdict) => {
        const caught = verdict.code === 1 && verdict.failed.join() === rule;
        if (finding) expect(caught, `${bug} is still ${finding}? now caught: drop the finding`).toBe(false);
        else {
          expect(verdict.code, verdict.output).toBe(1);
          expect(verdict.failed, verdict.output).toEqual([rule]);
          expect(verdict.unmarked, 'an unreproduced replay says "Seen, not reproduced"').toEqual([]);
        }
      },
      600_000,
    );
  }
});
