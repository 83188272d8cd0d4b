import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InFlightWindows } from './in-flight-window.js';

describe('InFlightWindows: at most `limit` commands in flight per app connection', () => {
  it('never exceeds the limit, keeps each connection in planned order, and sends everything once answers come', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.record({ connection: fc.nat(3), answerAfter: fc.integer({ min: 0, max: 5 }) }), {
          maxLength: 60,
        }),
        (connections, limit, planned) => {
          const commands = planned.map((p) => ({ ...p, connection: p.connection % connections }));
          const sentAt: number[] = commands.map(() => -1);
          const done = (k: number, now: number) =>
            sentAt[k]! >= 0 && now >= sentAt[k]! + commands[k]!.answerAfter;
          const windows = new InFlightWindows(connections, limit, done);
          const order: number[][] = Array.from({ length: connections }, () => []);
          let now = 0;
          // One command due per tick; then ticks until everything has left.
          for (let tick = 0; tick < commands.length + 10 * commands.length + 10; tick++, now++) {
            if (tick < commands.length) windows.due(tick, commands[tick]!.connection);
            windows.flush(now, (k) => {
              sentAt[k] = now;
              order[commands[k]!.connection]!.push(k);
              return true;
            });
            for (let c = 0; c < connections; c++) {
              const open = commands.filter(
                (cmd, k) => cmd.connection === c && sentAt[k]! >= 0 && !done(k, now),
              );
              expect(open.length).toBeLessThanOrEqual(limit);
            }
          }
          expect(windows.waiting).toBe(0);
          expect(sentAt.every((t) => t >= 0)).toBe(true);
          for (const list of order) expect(list).toEqual([...list].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('a command that cannot leave (connection closed) takes no slot', () => {
    const windows = new InFlightWindows(1, 1, () => false);
    windows.due(0, 0);
    windows.due(1, 0);
    const sent: number[] = [];
    windows.flush(0, (k) => {
      if (k === 0) return false;
      sent.push(k);
      return true;
    });
    expect(sent).toEqual([1]);
    expect(windows.inFlight(0)).toBe(1);
    expect(windows.waiting).toBe(0);
  });

  it("an answer frees its slot at once: flushConnection sends that connection's next command and no other", () => {
    const answered = new Set<number>();
    const windows = new InFlightWindows(2, 1, (k) => answered.has(k));
    for (const [k, c] of [
      [0, 0],
      [1, 1],
      [2, 0],
      [3, 1],
    ] as const)
      windows.due(k, c);
    const sent: number[] = [];
    const send = (k: number) => {
      sent.push(k);
      return true;
    };
    windows.flush(0, send);
    expect(sent).toEqual([0, 1]);
    answered.add(0);
    answered.add(1);
    windows.flushConnection(0, 1, send);
    expect(sent).toEqual([0, 1, 2]);
    expect(windows.waiting).toBe(1);
  });
});
