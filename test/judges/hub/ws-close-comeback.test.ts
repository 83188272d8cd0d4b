/**
 * A WebSocket device whose connection closes and whose `hello` comes again 300 ms later, well
 * inside EDP-HUB-4's 2 s (issue 18, ws-close-not-offline with seed 4). Section 8: a WebSocket
 * device is online "from its hello until the connection closes", and `device.presence` goes out
 * "when the hub's view changes", within 2 s "of its hello or of the connection closing". The close
 * changed the hub's view whatever came after, so a subscriber is owed `false` then `true`; a quick
 * comeback is no transition that excuses the first. The reading a partner expects: an app that
 * mirrors presence must see the device was gone.
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { SyntheticRun } from '../../support/hub-judge/synthetic-run.js';

const T = resolveHubTimeouts();
const CLOSE_MS = 100;
const HELLO_MS = 400;

/** `"*"` subscribed, the TV's connection closes and comes back; the subscriber gets `delivered`. */
function closeAndHello(delivered: readonly { atMs: number; online: boolean }[]) {
  const run = new SyntheticRun(new Map([['app-b', '*']]), ['tv-0003']);
  run.subscribe('app-b#1', 50, '*');
  run.presence('tv-0003', CLOSE_MS, false);
  run.presence('tv-0003', HELLO_MS, true);
  for (const { atMs, online } of delivered)
    run.push('app-b#1', atMs, { method: 'device.presence', params: { deviceId: 'tv-0003', online } });
  return judgeHubRun(run.record(), T).violations;
}

describe('a WebSocket close followed by a quick hello (EDP-HUB-4)', () => {
  it('owes the subscriber the offline too: a hub that announces only the comeback breaks EDP-HUB-4 alone', () => {
    const violations = closeAndHello([{ atMs: HELLO_MS + 5, online: true }]);
    expect(violations.map((v) => v.rule)).toEqual(['EDP-HUB-4']);
    expect(violations[0]?.observed).toContain('never got false');
  });

  it('is kept by false then true, each within 2 s of its own change', () => {
    expect(
      closeAndHello([
        { atMs: CLOSE_MS + 3, online: false },
        { atMs: HELLO_MS + 5, online: true },
      ]),
    ).toEqual([]);
  });

  it('is kept when the offline goes out after the hello came, still in order and in time', () => {
    expect(
      closeAndHello([
        { atMs: HELLO_MS + 20, online: false },
        { atMs: HELLO_MS + 25, online: true },
      ]),
    ).toEqual([]);
  });

  it('is broken by the offline announced after the comeback (out of order)', () => {
    const rules = closeAndHello([
      { atMs: HELLO_MS + 5, online: true },
      { atMs: HELLO_MS + 10, online: false },
    ]).map((v) => v.rule);
    expect(new Set(rules)).toEqual(new Set(['EDP-HUB-4']));
  });
});
