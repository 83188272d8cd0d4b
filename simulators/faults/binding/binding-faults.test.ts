import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { ManualClock } from '../../clock/manual-clock.js';
import type { FaultPlan } from '../types.js';
import { bindingFaults, DEFAULT_LATE_REPLY_MS, GARBAGE_FRAMES } from './binding-faults.js';

function faultsFor(plan: FaultPlan, clock = new ManualClock()) {
  const faults = bindingFaults({ plan, random: createRandom(1), clock, replyLatencyMs: 100 });
  if (!faults) throw new Error('expected binding faults');
  return { faults, clock };
}

function deliveries(plan: FaultPlan, advanceMs = 0): { sent: string[]; clock: ManualClock } {
  const { faults, clock } = faultsFor(plan);
  const sent: string[] = [];
  faults.reply('{"id":1,"result":[]}', (t) => sent.push(`${clock.now()}:${t}`));
  clock.advance(advanceMs);
  return { sent, clock };
}

describe('binding faults', () => {
  it('a plan without binding faults builds nothing (conformant devices pay nothing)', () => {
    expect(bindingFaults({ plan: [], random: createRandom(1), clock: new ManualClock() })).toBeUndefined();
    expect(
      bindingFaults({
        plan: [{ name: 'reorder-batch', rate: 1 }],
        random: createRandom(1),
        clock: new ManualClock(),
      }),
    ).toBeUndefined();
  });

  it('drop-replies sends nothing; duplicate-replies sends the reply twice', () => {
    expect(deliveries([{ name: 'drop-replies', rate: 1 }]).sent).toEqual([]);
    expect(deliveries([{ name: 'duplicate-replies', rate: 1 }]).sent).toEqual([
      '0:{"id":1,"result":[]}',
      '0:{"id":1,"result":[]}',
    ]);
  });

  it('reply-latency delays by the given latency; late-replies past the 2 s deadline', () => {
    const latency = deliveries([{ name: 'reply-latency', rate: 1 }], 99);
    expect(latency.sent).toEqual([]);
    latency.clock.advance(1);
    expect(latency.sent).toEqual(['100:{"id":1,"result":[]}']);
    const late = deliveries([{ name: 'late-replies', rate: 1 }], 5_000);
    expect(late.sent).toEqual([`${DEFAULT_LATE_REPLY_MS}:{"id":1,"result":[]}`]);
    expect(DEFAULT_LATE_REPLY_MS).toBeGreaterThan(2_000);
  });

  it('garbage-frames sends a frame that is not a message before the reply', () => {
    const { sent } = deliveries([{ name: 'garbage-frames', rate: 1 }]);
    expect(sent).toHaveLength(2);
    expect(GARBAGE_FRAMES).toContain(sent[0]!.slice(2));
    expect(sent[1]).toBe('0:{"id":1,"result":[]}');
  });

  it('a rate fires at about that share of opportunities, replayably from the seed', () => {
    const run = () => {
      const { faults } = faultsFor([{ name: 'drop-notifications', rate: 0.25 }]);
      return Array.from({ length: 2_000 }, () => faults.sendsNotification());
    };
    const first = run();
    expect(run()).toEqual(first);
    const dropped = first.filter((sent) => !sent).length;
    expect(dropped).toBeGreaterThan(400);
    expect(dropped).toBeLessThan(600);
  });

  it('disconnects and lost state fire as planned; on/off faults are simply on', () => {
    expect(faultsFor([{ name: 'disconnect-abrupt', rate: 1 }]).faults.disconnectNow()).toBe('abrupt');
    expect(faultsFor([{ name: 'disconnect-clean', rate: 1 }]).faults.disconnectNow()).toBe('clean');
    expect(faultsFor([{ name: 'state-lost-on-reconnect', rate: 1 }]).faults.losesStateOnReconnect()).toBe(
      true,
    );
    const { faults } = faultsFor([{ name: 'no-will', rate: 1 }]);
    expect([faults.has('no-will'), faults.has('no-presence'), faults.disconnectNow()]).toEqual([
      true,
      false,
      undefined,
    ]);
  });

  it('cancelPending drops delayed sends', () => {
    const { faults, clock } = faultsFor([{ name: 'late-replies', rate: 1 }]);
    const sent: string[] = [];
    faults.reply('x', (t) => sent.push(t));
    faults.cancelPending();
    clock.advance(10_000);
    expect(sent).toEqual([]);
  });
});
