/**
 * QoS 1 delivers at least once (MQTT 3.1.1 and 5: a message unacknowledged when a connection
 * drops is sent again): for every order of deliveries in which each message arrives one or
 * more times, the checkers count no loss, no duplicate and no error, and count each extra
 * copy as `redelivered`. At QoS 0 the same extra copies are duplicates (errors).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  notificationCheckerRig,
  POWER_PROPERTY,
  requestCheckerRig,
  telemetryDevice,
  telemetryText,
} from '../../test/support/load/checker-rig.js';
import { counterValue } from '../measure/counters.js';
import { intendedPublishMs } from '../plan/telemetry.js';

const device = telemetryDevice(POWER_PROPERTY);
const update = (sequence: number) => telemetryText(POWER_PROPERTY, sequence);
const reply = (id: number) => ({ id, result: [{ siid: 2, piid: 2, code: 0, value: id % 100 }] });

/** For each of `count` messages, how many times it arrives (1..3): the extra copies are redeliveries. */
const copies = (count: number) =>
  fc.array(fc.integer({ min: 1, max: 3 }), { minLength: count, maxLength: count });

describe('QoS 1 redeliveries are neither losses nor extra deliveries', () => {
  it('telemetry: every update once or more, redeliveries right after the first copy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain(copies), fc.boolean(), (times, atLeastOnce) => {
        const { recorder, checker } = notificationCheckerRig({ atLeastOnce });
        let extra = 0;
        for (const [j, n] of times.entries()) {
          recorder.notifyPublished(intendedPublishMs(250, 500, j));
          for (let k = 0; k < n; k++)
            checker.received(device, update(j), intendedPublishMs(250, 500, j) + 5 + k);
          extra += n - 1;
        }
        const notify = recorder.counters.notify;
        expect(notify.delivered).toBe(times.length);
        expect(counterValue(recorder.counters, 'notify', 'lost')).toBe(0);
        if (atLeastOnce) {
          expect(notify).toMatchObject({ duplicated: 0, redelivered: extra });
          expect(counterValue(recorder.counters, 'notify', 'errors')).toBe(0);
        } else expect(notify).toMatchObject({ duplicated: extra, redelivered: 0 });
      }),
    );
  });

  it('answers: every reply once or more, in any order', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) => fc.tuple(copies(n), fc.array(fc.nat(), { minLength: 3 * n, maxLength: 3 * n }))),
        fc.boolean(),
        ([times, order], atLeastOnce) => {
          const { recorder, checker } = requestCheckerRig({ atLeastOnce });
          const arrivals: number[] = [];
          for (const [i, n] of times.entries()) {
            const id = i + 1;
            checker.sent(id, 'bulb-0001', 0, i, 'get_properties');
            checker.deviceReplied(id, JSON.stringify(reply(id)));
            for (let k = 0; k < n; k++) arrivals.push(id);
          }
          // A seeded shuffle of the arrivals (redeliveries may come after later messages).
          const shuffled = arrivals
            .map((id, k) => ({ id, key: order[k] ?? 0 }))
            .sort((a, b) => a.key - b.key)
            .map((a) => a.id);
          for (const [k, id] of shuffled.entries())
            checker.received(0, 'bulb-0001', JSON.stringify(reply(id)), 100 + k);
          checker.expire(10_000);
          const extra = arrivals.length - times.length;
          const rpc = recorder.counters.rpc;
          expect(rpc).toMatchObject({ sent: times.length, answered: times.length, lost: 0, wrong: 0 });
          if (atLeastOnce) {
            expect(rpc).toMatchObject({ duplicated: 0, redelivered: extra });
            expect(counterValue(recorder.counters, 'rpc', 'errors')).toBe(0);
          } else expect(rpc).toMatchObject({ duplicated: extra, redelivered: 0 });
        },
      ),
    );
  });

  it('a real loss is still a loss at QoS 1', () => {
    const { recorder, checker } = requestCheckerRig({ atLeastOnce: true });
    checker.sent(1, 'bulb-0001', 0, 0, 'get_properties');
    checker.sent(2, 'bulb-0001', 0, 0, 'get_properties');
    checker.deviceReplied(1, JSON.stringify(reply(1)));
    checker.received(0, 'bulb-0001', JSON.stringify(reply(1)), 10);
    checker.received(0, 'bulb-0001', JSON.stringify(reply(1)), 11);
    checker.expire(5000);
    expect(recorder.counters.rpc).toMatchObject({ answered: 1, lost: 1, redelivered: 1, duplicated: 0 });
  });
});
