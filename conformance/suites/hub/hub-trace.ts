/**
 * A run's record as a counterexample trace whose entries say which lane each message travelled:
 * `party` is the app connection (`app-b#2`, its counterpart the hub), a device id (what the
 * fleet recorded it receiving from or sending to the hub), or `hub` (notes). Times are from the
 * run's start. The entries where a violation shows carry what was expected and observed.
 * The shape is the result contract's TraceEntry with `party` (src/result/certification-result.ts).
 */
import type { SentMessage } from './fleet-port.js';
import type { HubRunRecord } from './hub-run-record.js';
import type { HubViolation } from './judge/hub-violation.js';
import { describeUpgradeOutcome } from './judge/upgrade-outcome.js';

export interface HubTraceEntry {
  readonly atMs: number;
  readonly direction: 'sent' | 'received' | 'note';
  readonly party: string;
  readonly channel: string;
  readonly message: unknown;
  readonly expected?: string;
  readonly observed?: string;
}

/** Most entries a trace keeps (a flooding hub must not make a counterexample unbounded). */
const MAX_ENTRIES = 400;

export function buildHubTrace(record: HubRunRecord, violations: readonly HubViolation[]): HubTraceEntry[] {
  const t0 = record.startMs;
  const at = (ms: number) => Math.round((ms - t0) * 10) / 10;
  const entries: HubTraceEntry[] = [];
  for (const r of record.requests)
    entries.push({
      atMs: at(r.sentAtMs),
      direction: 'sent',
      party: r.connection,
      channel: 'ws',
      message: r.frame,
    });
  for (const f of record.frames)
    entries.push({
      atMs: at(f.atMs),
      direction: 'received',
      party: f.connection,
      channel: 'ws',
      message: f.message ?? f.raw,
    });
  for (const u of record.upgrades)
    entries.push({
      atMs: at(u.atMs),
      direction: 'note',
      party: 'hub',
      channel: 'http',
      message: `${u.command}: ${describeUpgradeOutcome(u)}`,
    });
  for (const [deviceId, records] of record.devices) {
    for (const r of records.received)
      if (r.atMs >= record.startMs && r.atMs <= record.endMs)
        entries.push({
          atMs: at(r.atMs),
          direction: 'received',
          party: deviceId,
          channel: 'rpc',
          message: { id: r.id, method: r.method, params: r.params },
        });
    for (const m of records.sent)
      if (m.atMs >= record.startMs && m.atMs <= record.endMs)
        entries.push({
          atMs: at(m.atMs),
          direction: 'sent',
          party: deviceId,
          channel: channelOf(m),
          message: messageOf(m),
        });
  }
  entries.sort((a, b) => a.atMs - b.atMs);
  const marked = entries.map((e) => e);
  for (const v of violations) {
    const when = v.atMs === undefined ? undefined : at(v.atMs);
    const i = marked.findIndex(
      (e) =>
        e.party === v.lane &&
        when !== undefined &&
        Math.abs(e.atMs - when) < 0.05 &&
        e.expected === undefined,
    );
    if (i >= 0) marked[i] = { ...(marked[i] as HubTraceEntry), expected: v.expected, observed: v.observed };
    else
      marked.push({
        atMs: when ?? at(record.endMs),
        direction: 'note',
        party: v.lane ?? 'hub',
        channel: v.rule,
        message: v.observed,
        expected: v.expected,
        observed: v.observed,
      });
  }
  marked.sort((a, b) => a.atMs - b.atMs);
  return marked.length <= MAX_ENTRIES
    ? marked
    : [...marked.filter((e) => e.expected !== undefined), ...marked].slice(0, MAX_ENTRIES);
}

function channelOf(m: SentMessage): string {
  return m.kind === 'response' ? 'rpc/reply' : m.kind === 'notification' ? 'events' : 'state';
}

function messageOf(m: SentMessage): unknown {
  switch (m.kind) {
    case 'response':
      return m.message;
    case 'notification':
      return { method: m.method, params: m.params };
    case 'presence':
      return { online: m.online, cause: m.cause };
  }
}
