/**
 * Legal device histories in which a single-fault mutator once made a mutation that read, most
 * charitably, as another rule's fault (or as none): found at FLEETCERT_JUDGE_MUTATION_RUNS=300
 * (issue 18), kept fixed so they stay fixed whatever the generator draws.
 */
import type { DeviceModel } from '../../../src/model/types.js';
import { answer, codes, INFO, items, legalCase, sent, set } from './history-builders.js';

/**
 * tv: `on` false, then set true (its item 600 ms later), a repeat of that id whose body writes
 * false, then a write of false. An item `on` = false right after the repeat reads two ways: the
 * value it held before the first write, re-announced (EDP-NOTIFY-1 alone), or the repeat executed
 * (EDP-RPC-5, and the first write's later item then runs backwards, EDP-NOTIFY-2).
 */
const onTrue = [
  { siid: 2, piid: 1, value: true },
  { siid: 2, piid: 5, value: 0 },
];
const onFalse = [{ siid: 2, piid: 1, value: false }];
export const tvRepeatOfTheOldValue = legalCase('tv', {
  initial: {
    ...INFO,
    '1.2': 'fleetcert.tv.v1',
    '2.1': false,
    '2.2': 0,
    '2.3': false,
    '2.4': 1,
    '2.5': 0,
    '2.6': '',
  },
  entries: [
    sent(14, 1000, set(onTrue)),
    answer(14, 0, { id: 1000, result: codes(onTrue) }),
    sent(26, 1000, set(onFalse), 0),
    answer(318, 1, { id: 1000, result: codes(onTrue) }),
    sent(342, 1001, set(onFalse)),
    items(629, 0, [{ siid: 2, piid: 1, value: true }]),
    answer(1432, 2, { id: 1001, result: codes(onFalse) }),
    items(1699, 2, onFalse),
  ],
});

/**
 * bulb: an unknown method, a repeat of its id whose body writes color 1 then 0 (it holds 0), then
 * a write of color 1. An item color = 0 before that write's: the held value (EDP-NOTIFY-1 alone),
 * or the repeat executed (EDP-RPC-5, and its first change, to 1, never notified: EDP-NOTIFY-1).
 */
const colorBackAndForth = [
  { siid: 2, piid: 4, value: 1 },
  { siid: 2, piid: 4, value: 0 },
  { siid: 2, piid: 1, value: false },
];
const colorOne = [{ siid: 2, piid: 4, value: 1 }];
const BULB = { ...INFO, '1.2': 'fleetcert.bulb.v1', '2.1': false, '2.2': 1, '2.3': 2700, '2.4': 0, '2.5': 0 };
const unknown = { id: 1000, error: { code: -32601, message: 'unknown method' } };
export const bulbRepeatWritesBack = legalCase('bulb', {
  initial: BULB,
  entries: [
    sent(14, 1000, { method: 'no_such_method', params: [] }),
    answer(14, 0, unknown),
    sent(26, 1000, set(colorBackAndForth), 0),
    answer(318, 1, unknown),
    sent(342, 1001, set(colorOne)),
    items(1295, 2, colorOne),
    answer(1432, 2, { id: 1001, result: codes(colorOne) }),
    sent(1463, 1002, { method: 'get_properties', params: [{ siid: 1, piid: 1 }] }),
    answer(2761, 3, { id: 1002, result: [{ siid: 1, piid: 1, code: 0, value: 'Independent Labs' }] }),
  ],
});

/**
 * bulb: an action refused (-4006; its effects' values unknown), then a repeat of its id whose body
 * writes brightness 2. An executed repeat's item brightness = 2 is the repeat's (EDP-RPC-5), not
 * the refused action applied after all (EDP-NOTIFY-1 as a consequence of EDP-ACT-2): only the
 * repeat's write accounts for the value 2.
 */
const brightnessTwo = [
  { siid: 2, piid: 2, value: 2 },
  { siid: 2, piid: 1, value: false },
];
const refused = { id: 1000, result: { code: -4006, out: [] } };
export const bulbRepeatOfRefusedAction = legalCase('bulb', {
  initial: BULB,
  entries: [
    sent(14, 1000, { method: 'action', params: { siid: 2, aiid: 2, in: [1] } }),
    answer(14, 0, refused),
    sent(26, 1000, set(brightnessTwo), 0),
    answer(318, 1, refused),
    sent(342, 1001, { method: 'get_properties', params: [{ siid: 3, piid: 1 }] }),
    answer(1432, 2, { id: 1001, result: [{ siid: 3, piid: 1, code: 0, value: 0 }] }),
  ],
});

/**
 * purifier: child-lock set true (step 1), false (step 2), true again with another write (step 3);
 * the three items come together at 3282, in time. Step 1's item held back to 3318 (2 ms late)
 * then follows step 3's item of the same value: read as steps 1 and 2's items swapped in time and
 * the held-back one as step 3's (EDP-NOTIFY-2 alone), not late and out of order (two violations).
 */
export const lockOn = [{ siid: 5, piid: 1, value: true }];
export const lockOff = [{ siid: 5, piid: 1, value: false }];
const lockAndPower = [
  { siid: 5, piid: 1, value: true },
  { siid: 2, piid: 1, value: false },
];
const powerOn = [
  { siid: 2, piid: 1, value: true },
  { siid: 1, piid: 1, value: '' },
];
export const purifierLockThrice = legalCase('purifier', {
  initial: {
    ...INFO,
    '1.2': 'fleetcert.purifier.v1',
    '2.1': false,
    '2.2': 0,
    '2.3': 1,
    '5.1': false,
    '6.1': false,
    '7.1': 0,
  },
  entries: [
    sent(15, 1000, set(powerOn)),
    answer(1473, 0, {
      id: 1000,
      result: [
        { siid: 2, piid: 1, code: 0 },
        { siid: 1, piid: 1, code: -4002 },
      ],
    }),
    sent(1517, 1001, set(lockOn)),
    items(2235, 0, [{ siid: 2, piid: 1, value: true }]),
    answer(2316, 1, { id: 1001, result: codes(lockOn) }),
    sent(2353, 1002, set(lockOff)),
    answer(2398, 2, { id: 1002, result: codes(lockOff) }),
    sent(2420, 1003, set(lockAndPower)),
    answer(2743, 3, { id: 1003, result: codes(lockAndPower) }),
    items(3282, 3, [...lockOn, ...lockOff, ...lockOn], [1, 2, 3]),
    items(3739, 3, [{ siid: 2, piid: 1, value: false }]),
  ],
});

/**
 * A plug whose action emits an event without arguments; the device also sent that same event
 * spontaneously, in the action's window. Without the action's own, the spontaneous one reads as
 * it: nothing is missing, so dropping the action's is no fault the judge could see.
 */
const plug = {
  edp: 1,
  type: 'plug',
  model: 'gen.plug.v811',
  services: [
    {
      siid: 2,
      name: 'control',
      properties: [
        {
          piid: 8,
          name: 'level',
          format: 'int32',
          access: ['write', 'read'],
          values: [{ value: 3, description: 'three' }],
        },
      ],
      actions: [
        {
          aiid: 16,
          name: 'set-level',
          in: [8],
          out: [8],
          effects: [
            { op: 'set', piid: 8, from: 'in', index: 0 },
            { op: 'emit', eiid: 2 },
          ],
        },
      ],
      events: [{ eiid: 2, name: 'levelled', arguments: [] }],
    },
  ],
} as unknown as DeviceModel;
const levelled = JSON.stringify({ method: 'event_occurred', params: { siid: 2, eiid: 2, arguments: [] } });
const setLevel = { method: 'action', params: { siid: 2, aiid: 16, in: [{ piid: 8, value: 3 }] } };
export const plugEventTwice = legalCase(plug, {
  initial: { '2.8': 3 },
  entries: [
    sent(1, 1000, setLevel),
    { kind: 'received', atMs: 1, frame: levelled, role: 'spontaneous' },
    { kind: 'received', atMs: 1203, frame: levelled, of: 0, role: 'event' },
    answer(1624, 0, { id: 1000, result: { code: 0, out: [{ piid: 8, value: 3 }] } }),
  ],
});
