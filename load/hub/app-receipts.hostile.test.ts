/**
 * The app side of a hub load run against a hostile hub (issue 19): a notification nested
 * 100,000 deep threw an uncaught RangeError (exit 1, no report), and 800 notifications of
 * 512 KiB, each kept whole, took the load process to 642 MB. Now both are counted, what is kept
 * is bounded, and past the caps notifications are counted and named in a note.
 */
import { describe, expect, it } from 'vitest';
import { LoadRecorder } from '../measure/recorder.js';
import type { ErrorSample } from '../result/types.js';
import { AppReceipts } from './app-receipts.js';
import { countAgainstRecords } from './count-against-records.js';
import { KEPT_KEY_CHARS, keptCanonical } from './kept-key.js';
import { planConnections } from './plan.js';

const model = { services: [] } as never;
const devices = [{ deviceId: 'bulb-0001', type: 'bulb', model }];

function receiptsWith(caps?: { notifications: number; keyChars: number }) {
  const recorder = new LoadRecorder(1000);
  recorder.hubRun();
  const samples: ErrorSample[] = [];
  const connections = planConnections(
    [{ token: 'a', devices: { kind: 'all' }, connections: 1, subscribe: { kind: 'star' } }],
    devices,
  );
  const receipts = new AppReceipts(
    [],
    connections,
    recorder,
    (t) => t,
    (s) => samples.push(s),
    undefined,
    caps,
  );
  const count = () => {
    countAgainstRecords({
      receipts,
      records: () => ({ received: [], sent: [] }),
      deviceIds: ['bulb-0001'],
      notificationsFromMs: 0,
      relative: (t) => t,
      recorder,
      sample: (s) => samples.push(s),
    });
    return recorder.finish().counters;
  };
  return { receipts, samples, count };
}

const notification = (items: string) =>
  `{"jsonrpc":"2.0","method":"device.properties_changed","params":{"deviceId":"bulb-0001","items":${items}}}`;

describe('a hostile hub, as the app connections of `load` see it', () => {
  it('a notification nested 100,000 deep is counted as one the device never sent, without throwing', () => {
    const { receipts, samples, count } = receiptsWith();
    const depth = 100_000;
    expect(() =>
      receipts.frame(0, notification(`${'['.repeat(depth)}${']'.repeat(depth)}`), 5),
    ).not.toThrow();
    const counters = count();
    expect(counters.notify.duplicated).toBe(1);
    expect(samples.map((s) => s.detail)).toEqual([
      'connection 0 got a notification of bulb-0001 the device never sent',
    ]);
  });

  it('keeps each notification as a key of at most KEPT_KEY_CHARS, however large it was', () => {
    const { receipts } = receiptsWith();
    const big = `[{"siid":1,"piid":1,"value":"${'x'.repeat(512 * 1024)}"}]`;
    for (let k = 0; k < 50; k++) receipts.frame(0, notification(big), k);
    const kept = receipts.notifications[0]?.get('bulb-0001') ?? [];
    expect(kept).toHaveLength(50);
    for (const entry of kept) expect(entry.key.length).toBeLessThanOrEqual(KEPT_KEY_CHARS + 1);
    expect(receipts.unkept).toBe(0);
  });

  it('a large notification the device did send still matches what it sent', () => {
    const value = 'y'.repeat(10_000);
    const items = [{ siid: 1, piid: 1, value }];
    expect(keptCanonical(items)).toBe(keptCanonical(JSON.parse(JSON.stringify(items))));
    expect(keptCanonical(items)).not.toBe(keptCanonical([{ siid: 1, piid: 1, value: `${value}z` }]));
    expect(keptCanonical(items).endsWith(')')).toBe(true);
  });

  it('past the caps, notifications are counted and named in a note, not kept', () => {
    const { receipts } = receiptsWith({ notifications: 3, keyChars: 1_000_000 });
    for (let k = 0; k < 10; k++) receipts.frame(0, notification(`[{"siid":1,"piid":1,"value":${k}}]`), k);
    expect(receipts.notifications[0]?.get('bulb-0001')).toHaveLength(3);
    expect(receipts.unkept).toBe(7);
    expect(receipts.notes()).toEqual([
      expect.stringMatching(/^7 notification\(s\) from the hub past the cap of 3/),
    ]);
    const bytes = receiptsWith({ notifications: 100, keyChars: 60 });
    for (let k = 0; k < 3; k++)
      bytes.receipts.frame(0, notification(`[{"siid":1,"piid":1,"value":${k}}]`), k);
    expect(bytes.receipts.unkept).toBeGreaterThan(0);
    expect(bytes.receipts.notes()).toHaveLength(1);
  });

  it('a notification without items or event is one the device never sent, not a crash', () => {
    const { receipts, count } = receiptsWith();
    receipts.frame(
      0,
      '{"jsonrpc":"2.0","method":"device.properties_changed","params":{"deviceId":"bulb-0001"}}',
      1,
    );
    expect(count().notify.duplicated).toBe(1);
  });
});
