/**
 * The hub judge finds nothing in any legal history (PROTOCOL.md section 8): every history built
 * by legal-hub-history.ts, with all the freedom a correct hub has, is judged clean. The
 * generator is checked not to be vacuous: the situations where charity matters occur often
 * (among them deliveries of what devices sent just before the session, issue 18).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import type { HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { legalHubHistory } from './legal-hub-history.js';

const T = resolveHubTimeouts();
const LEGAL_RUNS = 6_000;

type Message = { id?: number; method?: string; params?: Record<string, unknown>; error?: { code: number } };

/** The situations a history shows, read from the record alone. */
function situations(record: HubRunRecord): Set<string> {
  const out = new Set<string>();
  const messages = record.frames.map((f) => ({ f, m: f.message as Message }));
  for (const { f, m } of messages) {
    if (m.method === 'device.presence') out.add('presence delivered');
    if (m.method === 'device.properties_changed' || m.method === 'device.event_occurred')
      out.add('notification delivered');
    const inFlight = inFlightAtStart(record, f.atMs, m);
    if (inFlight !== undefined) out.add(inFlight);
    const request = record.requests.find((r) => r.connection === f.connection && r.id === m.id);
    if (request?.intent.kind !== 'device-command') continue;
    const deviceId = request.intent.deviceId;
    const received = (record.devices.get(deviceId)?.received ?? []).some(
      (x) => x.atMs >= request.sentAtMs && x.atMs <= f.atMs,
    );
    if (m.error?.code === -4011) out.add('-4011');
    if (m.error?.code === -4010 && received) out.add('-4010 after forwarding (offline in flight)');
    if (m.error?.code === -4010 && !received) out.add('-4010 unforwarded');
    if (m.error?.code === -4010 && f.atMs - request.sentAtMs > 2_000) out.add('-4010 later than 2 s');
  }
  for (const r of record.requests)
    if (r.intent.kind === 'subscribe' && r.intent.deviceIds === '*') out.add('subscribe "*"');
  for (const d of record.devices.values()) {
    const presence = d.sent.filter((m) => m.kind === 'presence');
    if (presence[0]?.online === true && presence[0].atMs > record.startMs) out.add('late device');
    if (presence.some((m) => m.kind === 'presence' && m.cause === 'abrupt')) out.add('abrupt offline');
    if (presence.filter((m) => m.kind === 'presence' && !m.online).length >= 2) out.add('offline twice');
    const notified = d.sent.flatMap((m) => (m.kind === 'notification' ? [JSON.stringify(m.params)] : []));
    if (new Set(notified).size < notified.length) out.add('repeated notification values');
  }
  return out;
}

/**
 * A presence or notification frame only a device's message from before the session explains (no
 * message of the session with its content came before it): one in flight at the session's start.
 */
function inFlightAtStart(record: HubRunRecord, atMs: number, m: Message): string | undefined {
  const deviceId = m.params?.deviceId;
  if (typeof deviceId !== 'string') return undefined;
  const sent = record.devices.get(deviceId)?.sent ?? [];
  const inSession = sent.filter((x) => x.atMs >= record.startMs && x.atMs <= atMs);
  if (m.method === 'device.presence')
    return inSession.some((x) => x.kind === 'presence')
      ? undefined
      : 'presence change in flight at the start delivered';
  if (m.method !== 'device.properties_changed') return undefined;
  const items = JSON.stringify(m.params?.items);
  return inSession.some((x) => x.kind === 'notification' && JSON.stringify(x.params) === items)
    ? undefined
    : 'notification in flight at the start delivered';
}

describe('the hub judge on legal histories', () => {
  it(`finds no violation in ${LEGAL_RUNS} generated legal histories`, () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(legalHubHistory, ({ record }) => {
        for (const s of situations(record)) seen.set(s, (seen.get(s) ?? 0) + 1);
        const judged = judgeHubRun(record, T);
        expect(
          judged.violations.map((v) => `${v.rule} ${v.lane} @${v.atMs}: ${v.expected} / ${v.observed}`),
        ).toEqual([]);
        expect(judged.pendingUntilMs).toBeUndefined();
      }),
      { numRuns: LEGAL_RUNS, seed: Number(process.env.FLEETCERT_JUDGE_SEED ?? 18) },
    );
    console.info(Object.fromEntries(seen));
    // Every situation occurs in at least 1 % of the histories (fewer would make the proof thin).
    for (const s of [
      'presence delivered',
      'notification delivered',
      '-4011',
      '-4010 after forwarding (offline in flight)',
      '-4010 unforwarded',
      'subscribe "*"',
      'late device',
      'abrupt offline',
      'offline twice',
      'repeated notification values',
      'presence change in flight at the start delivered',
      'notification in flight at the start delivered',
    ])
      expect(seen.get(s) ?? 0, s).toBeGreaterThanOrEqual(LEGAL_RUNS / 100);
  });
});
