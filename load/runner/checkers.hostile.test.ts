/** The load runner reading hostile answers (issue 12): nested 20,000 deep, they are wrong or unknown, never a RangeError. */
import { describe, expect, it } from 'vitest';
import { notificationCheckerRig, requestCheckerRig } from '../../test/support/load/checker-rig.js';
import { nestedText } from '../../test/support/src/protocol/index.js';

const DEEP = nestedText(20_000, '1');

describe('load checkers against deep answers', () => {
  it('a reply nested 20,000 deep counts as wrong', () => {
    const { recorder, checker } = requestCheckerRig();
    checker.sent(7, 'bulb-0001', 0, 0, 'get_properties');
    checker.deviceReplied(7, JSON.stringify({ id: 7, result: [{ siid: 2, piid: 2, code: 0, value: 40 }] }));
    expect(() => checker.received(0, 'bulb-0001', `{"id":7,"result":${DEEP}}`, 10)).not.toThrow();
    checker.expire(5000);
    expect(recorder.counters.rpc).toMatchObject({ sent: 1, answered: 0, wrong: 1 });
  });

  it('a notification nested 20,000 deep is an unknown notification', () => {
    const { samples, checker } = notificationCheckerRig();
    const spec = {
      piid: 1,
      name: 'p',
      format: 'float',
      access: ['read', 'notify'],
      range: [0, 60, 0.1],
    } as const;
    const device = {
      slot: 0,
      deviceId: 'bulb-0001',
      property: { siid: 3, piid: 1, spec, modulus: 601 },
      phaseMs: 0,
    };
    expect(() =>
      checker.received(
        device,
        `{"method":"properties_changed","params":[{"siid":3,"piid":1,"value":${DEEP}}]}`,
        10,
      ),
    ).not.toThrow();
    expect(samples.samples.map((s) => s.kind)).toEqual(['notify-unknown']);
  });
});
