/** EDP-NOTIFY-1 for volatile readings: two differing reads owe one item between them (issue 18). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { VolatileChangeWatch } from './volatile-change-watch.js';

const purifier = fixtureIndex('purifier');
/** The purifier's pm2.5: volatile, read and notify, 0..1000 step 1. */
const PM = [3, 1] as const;

function watch(): VolatileChangeWatch {
  return new VolatileChangeWatch(purifier, 1000);
}

const read = (value: unknown, sentAtMs: number, respondedAtMs: number) => ({
  value,
  sentAtMs,
  respondedAtMs,
});

describe('VolatileChangeWatch (EDP-NOTIFY-1, volatile readings)', () => {
  it('two differing reads with no item break EDP-NOTIFY-1 once the window after the later read has passed', () => {
    const w = watch();
    w.read(...PM, read(10, 0, 5));
    w.read(...PM, read(12, 100, 110));
    expect(w.outstanding()).toEqual({ count: 1, nextDeadlineMs: 1110 });
    expect(w.expire(1110)).toEqual([]);
    const [miss] = w.expire(1111).map((m) => m.violation);
    expect(miss?.rule).toBe('EDP-NOTIFY-1');
    expect(miss?.expected).toContain('environment.pm2.5');
    expect(miss?.expected).toContain('notify every change of a volatile reading');
    expect(miss?.observed).toContain('read 10 (request sent at t=0 ms), then 12 (answered at t=110 ms)');
    expect(miss?.observed).toContain('from t=0 ms to t=1110 ms');
    expect(w.outstanding().count).toBe(0);
  });

  it('any item for it from the earlier request to the window after the later response will do', () => {
    for (const atMs of [0, 50, 100, 1110]) {
      const w = watch();
      w.read(...PM, read(10, 0, 5));
      if (atMs <= 100) w.item(...PM, atMs);
      w.read(...PM, read(12, 100, 110));
      if (atMs > 100) w.item(...PM, atMs);
      expect(w.expire(5000), `item at ${atMs}`).toEqual([]);
    }
  });

  it('an item before the earlier request, after the window, or for another property answers nothing', () => {
    for (const [siid, piid, atMs] of [
      [3, 1, -1],
      [3, 1, 1111],
      [3, 2, 50],
    ] as const) {
      const w = watch();
      w.item(siid, piid, Math.min(atMs, -1));
      w.read(...PM, read(10, 0, 5));
      w.read(...PM, read(12, 100, 110));
      if (atMs >= 0) w.item(siid, piid, atMs);
      expect(w.expire(5000).length, `item (${siid}, ${piid}) at ${atMs}`).toBe(1);
    }
  });

  it('equal reads, invalid reads, non-volatile properties and forgotten reads owe nothing', () => {
    const w = watch();
    w.read(...PM, read(10, 0, 5));
    w.read(...PM, read(10, 100, 110));
    w.read(...PM, read(5000, 200, 210)); // out of range: EDP-PROP-1's, proves nothing here
    w.read(...PM, read(10, 300, 310));
    w.read(2, 1, read(true, 0, 5)); // purifier.on: not volatile
    w.read(2, 1, read(false, 100, 110));
    w.forget();
    w.read(...PM, read(20, 400, 410));
    expect(w.expire(10_000)).toEqual([]);
  });

  it('one violation per pair of consecutive differing reads without an item', () => {
    const w = watch();
    w.read(...PM, read(1, 0, 5));
    w.read(...PM, read(2, 100, 110));
    w.read(...PM, read(3, 200, 210));
    w.item(...PM, 1150); // after the first pair's window (1110), within the second's (1210)
    expect(w.expire(10_000).length).toBe(1);
  });

  it('property: reads of a reading whose every change is notified within 1 s of it owe nothing', () => {
    // A timeline of changes (each notified within the window of its change) and reads anywhere.
    const event = fc.record({
      kind: fc.constantFrom('change', 'read'),
      gapMs: fc.integer({ min: 0, max: 400 }),
      value: fc.integer({ min: 0, max: 1000 }),
      delayMs: fc.integer({ min: 0, max: 1000 }),
      latencyMs: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        const w = watch();
        let now = 0;
        let value = 0;
        const items: number[] = [];
        const reads: Array<{ value: number; sentAtMs: number; respondedAtMs: number }> = [];
        for (const e of events) {
          now += e.gapMs;
          if (e.kind === 'change') {
            if (e.value !== value) items.push(now + e.delayMs);
            value = e.value;
          } else {
            // Sampled when sent; answered later; the next step starts after the answer.
            reads.push({ value, sentAtMs: now, respondedAtMs: now + e.latencyMs });
            now += e.latencyMs;
          }
        }
        // Feed in time order, as frames arrive: items and responses by time.
        const feed = [
          ...items.map((t) => ({ t, item: true as const })),
          ...reads.map((r) => ({ t: r.respondedAtMs, read: r })),
        ].sort((a, b) => a.t - b.t || ('item' in a ? -1 : 1));
        for (const f of feed) {
          if ('item' in f) w.item(...PM, f.t);
          else w.read(...PM, f.read);
        }
        expect(w.expire(Number.POSITIVE_INFINITY)).toEqual([]);
      }),
      { numRuns: 500, seed: 18 },
    );
  });
});
